"""Signing in to the API: a username and password give the user's token.

The password goes through ``django.contrib.auth.authenticate`` like the web login, so django-axes counts
failures and locks the username out from that address after five of them; a scoped throttle ("token",
10 a minute per address) slows guessing further.
"""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from . import services


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=gettext_lazy("Username"), max_length=150)
    password = serializers.CharField(
        label=gettext_lazy("Password"), max_length=128, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text="Send it as `Authorization: Token <token>`.")


_ERROR = inline_serializer("SignInError", fields={"detail": serializers.CharField()})


class ObtainTokenView(APIView):
    """Exchange a username and password for the user's API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        operation_id="auth_token_create",
        tags=["auth"],
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(_ERROR, description="Missing fields, or a wrong username or password."),
            429: OpenApiResponse(_ERROR, description="Too many attempts: locked out for a while, or throttled."),
        },
        auth=[],
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(
            request=request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if user is None:
            # django-axes flags the request once the failures reach the limit (and on every try after).
            if getattr(request, "axes_locked_out", False):
                return Response({"detail": _lockout_message(request)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            return Response(
                {"detail": _("Unable to sign in with the username and password given.")},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token = services.issue_token(user, request=request)
        return Response(TokenSerializer({"token": token.key}).data)


def _lockout_message(request) -> str:
    cool_off = get_cool_off(request)
    if cool_off:
        return _(
            "Too many failed sign-in attempts. This account is locked for %(minutes)s minutes "
            "from this address; try again later."
        ) % {"minutes": int(cool_off.total_seconds() // 60)}
    return _("Too many failed sign-in attempts. This account is locked; ask an administrator to unlock it.")
