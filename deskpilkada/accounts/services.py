"""Writes to user accounts and their region assignments. Transactional and audited."""

from __future__ import annotations

from django.db import transaction

from deskpilkada.core import audit
from deskpilkada.core.models import Channel
from deskpilkada.regions.models import Region

from . import access
from .models import Assignment, Role, User

PROFILE_FIELDS = ("first_name", "last_name", "email", "phone", "position")


@transaction.atomic
def create_user(
    username: str,
    *,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    position: str = "",
    is_staff: bool = False,
    by=None,
    channel: str = Channel.WEB,
) -> User:
    """A new account. Without a password the account cannot log in until one is set."""
    if User.objects.filter(username=username).exists():
        raise ValueError(f"A user named {username!r} already exists")
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        position=position,
        is_staff=is_staff,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        actor=by,
        action="user.create",
        obj=user,
        channel=channel,
        changes={f: [None, getattr(user, f)] for f in ("username", *PROFILE_FIELDS) if getattr(user, f)},
    )
    return user


@transaction.atomic
def ensure_user(username: str, *, password: str | None = None, by=None, channel: str = Channel.WEB, **profile):
    """The user with this name, created if missing (the password is set only then); the profile fields
    (names, e-mail, phone, position) are brought up to date. Returns ``(user, created)``."""
    user = User.objects.filter(username=username).first()
    if user is None:
        return create_user(username, password=password, by=by, channel=channel, **profile), True
    return update_profile(user, by=by, channel=channel, **profile), False


@transaction.atomic
def update_profile(user: User, *, by=None, channel: str = Channel.WEB, **profile) -> User:
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile field(s): {', '.join(sorted(unknown))}")
    changes = {f: [getattr(user, f), v] for f, v in profile.items() if getattr(user, f) != v}
    if changes:
        for field, (_before, after) in changes.items():
            setattr(user, field, after)
        user.save(update_fields=list(changes))
        audit.record(actor=by, action="user.update", obj=user, channel=channel, changes=changes)
    return user


@transaction.atomic
def assign_region(
    user: User, region: Region, role: str, *, institution=None, by=None, channel: str = Channel.WEB
) -> tuple[Assignment, bool]:
    """Give the user a role at a region (and so everything below it). Idempotent: returns the existing assignment,
    updating its institution if it changed. A partner liaison must name the institution they act for."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    if role == Role.LIAISON and institution is None:
        raise ValueError("A partner liaison needs an institution")
    assignment = Assignment.objects.filter(user=user, region=region, role=role).first()
    if assignment is None:
        assignment = Assignment.objects.create(user=user, region=region, role=role, institution=institution)
        audit.record(
            actor=by,
            action="assignment.create",
            obj=assignment,
            channel=channel,
            region_code=region.code,
            changes={
                "user": [None, user.username],
                "role": [None, role],
                "institution": [None, getattr(institution, "code", None)],
            },
        )
        access.forget(user)
        return assignment, True
    if assignment.institution_id != getattr(institution, "pk", None):
        audit.record(
            actor=by,
            action="assignment.update",
            obj=assignment,
            channel=channel,
            region_code=region.code,
            changes={
                "institution": [getattr(assignment.institution, "code", None), getattr(institution, "code", None)]
            },
        )
        assignment.institution = institution
        assignment.save(update_fields=["institution"])
    return assignment, False


@transaction.atomic
def unassign_region(assignment: Assignment, *, by=None, channel: str = Channel.WEB) -> None:
    user, region_code = assignment.user, assignment.region.code
    audit.record(
        actor=by,
        action="assignment.delete",
        obj=assignment,
        channel=channel,
        region_code=region_code,
        changes={"user": [user.username, None], "role": [assignment.role, None]},
    )
    assignment.delete()
    access.forget(user)
