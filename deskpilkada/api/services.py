"""Writes made by the API: issuing sign-in tokens (transactional and audited, like every service)."""

from __future__ import annotations

from django.contrib.auth import user_logged_in
from django.db import transaction
from rest_framework.authtoken.models import Token

from deskpilkada.core import audit
from deskpilkada.core.models import Channel


@transaction.atomic
def issue_token(user, *, request=None) -> Token:
    """The user's API token after a successful sign-in, created on first use.

    The sign-in is announced like a web login (``user_logged_in``): django-axes clears the earlier failures
    and Django records the last login. The audit row names the user, never the token, whose primary key
    is the secret itself.
    """
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit.record(actor=user, action="api.token.create", obj=user, channel=Channel.API)
    if request is not None:
        user_logged_in.send(sender=user.__class__, request=request, user=user)
    return token
