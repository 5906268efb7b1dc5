"""Writes to desks, their members and the partner institutions. Transactional and audited."""

from __future__ import annotations

from django.db import transaction

from deskpilkada.core import audit
from deskpilkada.core.models import Channel
from deskpilkada.regions.models import Region

from .models import Desk, DeskMember, Institution

DESK_FIELDS = ("name", "formed_on", "decree_number", "address", "phone", "email")
MEMBER_FIELDS = (
    "name",
    "position",
    "institution_name",
    "role",
    "nip",
    "phone",
    "email",
    "order",
    "is_demo",
)


# --- Desks ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def create_desk(region: Region, *, name: str, by=None, channel: str = Channel.WEB, **fields) -> Desk:
    """The desk of a province or regency/city (Permendagri 9/2005 art. 6(1)); one per region."""
    if region.level not in (Region.Level.PROVINCE, Region.Level.REGENCY):
        raise ValueError(f"Desks are formed for provinces and regencies/cities, not for {region.code}")
    if Desk.objects.filter(region=region).exists():
        raise ValueError(f"Region {region.code} already has a desk")
    desk = Desk.objects.create(region=region, name=name, **fields)
    audit.record(
        actor=by,
        action="desk.create",
        obj=desk,
        channel=channel,
        changes=audit.created({f: getattr(desk, f) for f in DESK_FIELDS if getattr(desk, f)}),
    )
    return desk


@transaction.atomic
def update_desk(desk: Desk, *, by=None, channel: str = Channel.WEB, **fields) -> Desk:
    unknown = set(fields) - set(DESK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown desk field(s): {', '.join(sorted(unknown))}")
    changes = audit.apply(desk, fields)
    if changes:
        desk.save(update_fields=list(changes))
        audit.record(actor=by, action="desk.update", obj=desk, channel=channel, changes=changes)
    return desk


@transaction.atomic
def save_desk(region: Region, *, name: str, by=None, channel: str = Channel.WEB, **fields) -> tuple[Desk, bool]:
    """Create the region's desk or bring it up to date. Idempotent. Returns ``(desk, created)``."""
    desk = Desk.objects.filter(region=region).first()
    if desk is None:
        return create_desk(region, name=name, by=by, channel=channel, **fields), True
    return update_desk(desk, name=name, by=by, channel=channel, **fields), False


# --- Members -------------------------------------------------------------------------------------------------------


@transaction.atomic
def add_member(
    desk: Desk,
    *,
    name: str,
    position: str,
    institution_name: str,
    role: str,
    by=None,
    channel: str = Channel.WEB,
    **fields,
) -> DeskMember:
    """Add a person to the desk in a role (chair, vice-chair, secretariat, member, operator, liaison)."""
    member = DeskMember.objects.create(
        desk=desk, name=name, position=position, institution_name=institution_name, role=role, **fields
    )
    audit.record(
        actor=by,
        action="desk_member.create",
        obj=member,
        channel=channel,
        region_code=desk.region.code,
        changes=audit.created({f: getattr(member, f) for f in (*MEMBER_FIELDS, "user") if getattr(member, f)}),
    )
    return member


@transaction.atomic
def update_member(member: DeskMember, *, by=None, channel: str = Channel.WEB, **fields) -> DeskMember:
    unknown = set(fields) - set(MEMBER_FIELDS) - {"user"}
    if unknown:
        raise TypeError(f"Unknown member field(s): {', '.join(sorted(unknown))}")
    changes = audit.apply(member, fields)
    if changes:
        member.save(update_fields=list(changes))
        audit.record(
            actor=by,
            action="desk_member.update",
            obj=member,
            channel=channel,
            region_code=member.desk.region.code,
            changes=changes,
        )
    return member


@transaction.atomic
def save_member(desk: Desk, *, order: int, by=None, channel: str = Channel.WEB, **fields) -> tuple[DeskMember, bool]:
    """Create or update the member at this place (``order``) in the desk's list. Idempotent."""
    member = desk.members.filter(order=order).first()
    if member is None:
        return add_member(desk, order=order, by=by, channel=channel, **fields), True
    return update_member(member, by=by, channel=channel, **fields), False


@transaction.atomic
def remove_member(member: DeskMember, *, by=None, channel: str = Channel.WEB) -> None:
    audit.record(
        actor=by,
        action="desk_member.delete",
        obj=member,
        channel=channel,
        region_code=member.desk.region.code,
        changes={"name": [member.name, None], "role": [member.role, None]},
    )
    member.delete()


@transaction.atomic
def link_member_user(member: DeskMember, user, *, by=None, channel: str = Channel.WEB) -> DeskMember:
    """Tie a desk member to the user account they log in with."""
    return update_member(member, user=user, by=by, channel=channel)


# --- Institutions --------------------------------------------------------------------------------------------------


@transaction.atomic
def save_institution(
    code: str, *, name: str, kind: str, region: Region, by=None, channel: str = Channel.WEB
) -> tuple[Institution, bool]:
    """Create or update the partner institution with this code (e.g. ``bawaslu-13-75``). Idempotent."""
    if kind not in Institution.Kind.values:
        raise ValueError(f"Unknown institution kind {kind!r}")
    institution = Institution.objects.filter(code=code).first()
    if institution is None:
        institution = Institution.objects.create(code=code, name=name, kind=kind, region=region)
        audit.record(
            actor=by,
            action="institution.create",
            obj=institution,
            channel=channel,
            changes={"code": [None, code], "name": [None, name], "kind": [None, kind], "region": [None, region.code]},
        )
        return institution, True
    changes = audit.apply(institution, {"name": name, "kind": kind, "region_id": region.pk})
    if changes:
        institution.save()
        audit.record(actor=by, action="institution.update", obj=institution, channel=channel, changes=changes)
    return institution, False
