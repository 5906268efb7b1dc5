"""Every write to cases: intake, verification, routing, follow-up, escalation, merging and closing.

Each function is one named step of a case's life: transactional, checked against the actor's role, and audited
on the case (the audit events of a case are its timeline). Intake from every channel (web form, API, file import,
chat/SMS) goes through :func:`submit_case`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from deskpilkada.accounts import access
from deskpilkada.accounts.models import Role
from deskpilkada.core import audit, clock
from deskpilkada.core.models import Channel
from deskpilkada.desks.models import Desk, Institution
from deskpilkada.elections.models import Election, PollingStation
from deskpilkada.regions.models import Region

from .models import (
    DEFAULT_RESPONSE_HOURS,
    Attachment,
    Case,
    Category,
    FollowUp,
    IntakeKey,
    ResponseTime,
    RoutedAction,
)

# Who may do what. Roles count at the case's region or above (a province secretariat may act on a regency case).
REPORT_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OPERATOR)
HANDLE_ROLES = (Role.CHAIR, Role.SECRETARIAT)


class InvalidTransition(ValidationError):
    """The step does not apply to a case in its current status."""


class IntakeKeyConflict(Exception):
    """The same intake key was used before with a different submission."""

    def __init__(self, case: Case):
        super().__init__(case.number)
        self.case = case


@dataclasses.dataclass
class CaseInput:
    """What a reporter submits, whatever the channel. Validated by :func:`submit_case`."""

    region: Region
    category: Category
    severity: str
    title: str
    description: str
    occurred_at: dt.datetime
    kind: str = Case.Kind.INCIDENT
    polling_station: PollingStation | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_nik: str = ""

    @classmethod
    def from_cleaned(cls, data: dict, **renamed) -> CaseInput:
        """From a form's or serializer's cleaned data; ``renamed`` maps a field to the key it has there
        (the API calls the polling station ``tps``). Optional fields left out take their defaults."""
        values = {}
        for field in dataclasses.fields(cls):
            key = renamed.get(field.name, field.name)
            if key in data:
                values[field.name] = data[key]
        return cls(**values)

    def fingerprint(self) -> str:
        """A digest of the submission, to tell a retry (same body) from a reused key (another body)."""
        body = {
            "region": self.region.code,
            "category": self.category.code,
            "severity": self.severity,
            "title": self.title.strip(),
            "description": self.description.strip(),
            "occurred_at": self.occurred_at.astimezone(dt.UTC).isoformat(),
            "kind": self.kind,
            "tps": self.polling_station_id,
            "latitude": str(self.latitude) if self.latitude is not None else None,
            "longitude": str(self.longitude) if self.longitude is not None else None,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

    @property
    def polling_station_id(self) -> int | None:
        return self.polling_station.pk if self.polling_station else None


# --- Intake -----------------------------------------------------------------------------------------------------


def handling_desk_for(region: Region) -> Desk | None:
    """The desk that handles a case in this region: the regency/city desk, else the province desk."""
    codes = [c for c in (region.code[:5], region.code[:2]) if len(c) <= len(region.code)]
    desks = {d.region.code: d for d in Desk.objects.filter(region__code__in=codes).select_related("region")}
    return next((desks[c] for c in codes if c in desks), None)


def stage_on(day: dt.date):
    """The most specific stage under way on a day in the current election, or None."""
    election = Election.objects.current()
    if election is None:
        return None
    stages = list(election.stages_on(day))
    with_parent = [s for s in stages if s.parent_id]
    return (with_parent or stages or [None])[0]


# A case is about this election: a time more than a year away either side is a typing mistake (2042 for 2024).
PLAUSIBLE_SPAN = dt.timedelta(days=366)


def _validate(data: CaseInput, by) -> None:
    errors: dict[str, str] = {}
    if not access.has_role(by, data.region.code, *REPORT_ROLES) or not access.covers(by, data.region.code):
        raise PermissionDenied(_("You may not report cases in this region."))
    if data.severity not in dict(Case._meta.get_field("severity").choices):
        errors["severity"] = _("Unknown severity: use rendah, sedang, tinggi or kritis.")
    if not data.category.is_active:
        errors["category"] = _("This category is no longer in use.")
    if not data.title.strip():
        errors["title"] = _("The title is required.")
    if not data.description.strip():
        errors["description"] = _("The description is required.")
    if data.occurred_at.tzinfo is None:
        errors["occurred_at"] = _("The time needs a time zone (WIB, WITA or WIT).")
    elif data.occurred_at > clock.now() + dt.timedelta(minutes=10) and data.kind == Case.Kind.INCIDENT:
        errors["occurred_at"] = _("An incident cannot have happened in the future.")
    elif data.occurred_at < clock.now() - PLAUSIBLE_SPAN:
        errors["occurred_at"] = _("This time is more than a year ago: check the year.")
    elif data.occurred_at > clock.now() + PLAUSIBLE_SPAN:
        errors["occurred_at"] = _("This time is more than a year ahead: check the year.")
    if data.polling_station and not data.polling_station.village.code.startswith(data.region.code):
        errors["polling_station"] = _("The TPS is not in the chosen region.")
    for field, low, high in (("latitude", -11, 6), ("longitude", 94, 142)):
        value = getattr(data, field)
        if value is not None and not (low <= value <= high):
            errors[field] = _("The coordinates are outside Indonesia.")
    if data.reporter_nik and (len(data.reporter_nik) != 16 or not data.reporter_nik.isdigit()):
        errors["reporter_nik"] = _("A NIK has 16 digits.")
    if errors:
        raise ValidationError(errors)


def submit_case(
    data: CaseInput,
    *,
    by,
    channel: str = Channel.WEB,
    intake_key: str | None = None,
    files: Iterable = (),
) -> tuple[Case, bool]:
    """Store a reported case once. Returns ``(case, created)``.

    With an ``intake_key`` (web form key, API Idempotency-Key, chat message id) a retry of the same submission
    returns the first case; the same key with another submission raises :class:`IntakeKeyConflict`. Two
    concurrent submissions with one key store one case: the unique key row decides which one wins.
    """
    fingerprint = data.fingerprint()
    if intake_key:
        earlier = _earlier_submission(by, intake_key, fingerprint)
        if earlier is not None:
            return earlier, False
    _validate(data, by)
    desk = handling_desk_for(data.region)
    if desk is None:
        raise ValidationError({"region": _("No desk handles this region yet.")})
    try:
        with transaction.atomic():
            case = _create_case(data, desk=desk, by=by, channel=channel, files=files)
            if intake_key:
                IntakeKey.objects.create(
                    user=by, key=intake_key, fingerprint=fingerprint, case=case, created_at=clock.now()
                )
    except IntegrityError:
        if not intake_key:
            raise
        earlier = _earlier_submission(by, intake_key, fingerprint)
        if earlier is None:
            raise
        return earlier, False
    return case, True


def _earlier_submission(by, key: str, fingerprint: str) -> Case | None:
    record = IntakeKey.objects.filter(user=by, key=key).select_related("case").first()
    if record is None:
        return None
    if record.fingerprint != fingerprint:
        raise IntakeKeyConflict(record.case)
    return record.case


def _create_case(data: CaseInput, *, desk: Desk, by, channel: str, files: Iterable) -> Case:
    now = clock.now()
    occurred_on = clock.local_day_of(data.occurred_at, data.region.timezone)
    case = Case.objects.create(
        kind=data.kind,
        region=data.region,
        desk=desk,
        polling_station=data.polling_station,
        latitude=data.latitude,
        longitude=data.longitude,
        occurred_at=data.occurred_at,
        occurred_on=occurred_on,
        stage=stage_on(occurred_on),
        category=data.category,
        severity=data.severity,
        title=data.title.strip(),
        description=data.description.strip(),
        channel=channel,
        reported_by=by,
        reporter_name=data.reporter_name.strip(),
        reporter_phone=data.reporter_phone.strip(),
        reporter_nik=data.reporter_nik.strip(),
        created_at=now,
        updated_at=now,
    )
    case.number = case_number(case)
    case.save(update_fields=["number"])
    for upload in files:
        _attach(case, upload, by=by, purpose=Attachment.Purpose.EVIDENCE)
    audit.record(
        actor=by,
        action="case.submit",
        obj=case,
        channel=channel,
        changes=audit.created(
            {"number": case.number, "status": case.status, "category": data.category, "severity": data.severity}
        ),
    )
    return case


def case_number(case: Case) -> str:
    """The receipt number: the handling desk's region digits, the year and a serial, e.g. "1375-24-000042"."""
    return f"{case.desk.region.code.replace('.', '')}-{case.created_at:%y}-{case.pk:06d}"


def _attach(case: Case, upload, *, by, purpose: str, follow_up: FollowUp | None = None) -> Attachment:
    from .uploads import check_upload

    checked = check_upload(upload)
    attachment = Attachment(
        case=case,
        follow_up=follow_up,
        purpose=purpose,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
        uploaded_at=clock.now(),
    )
    attachment.file.save(checked.storage_name, checked.content, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def add_evidence(case: Case, files: Iterable, *, by, channel: str = Channel.WEB) -> list[Attachment]:
    if not access.has_role(by, case.region.code, *REPORT_ROLES):
        raise PermissionDenied
    added = [_attach(case, f, by=by, purpose=Attachment.Purpose.EVIDENCE) for f in files]
    audit.record(
        actor=by, action="case.evidence", obj=case, channel=channel, changes={"files": [a.original_name for a in added]}
    )
    return added


# --- Handling ---------------------------------------------------------------------------------------------------


def _require_handler(case: Case, by) -> None:
    if not access.has_role(by, case.desk.region.code, *HANDLE_ROLES):
        raise PermissionDenied(_("Only the chair or the secretariat of the handling desk may do this."))


def _require_status(case: Case, *allowed: str, to: str) -> None:
    if case.status not in allowed:
        raise InvalidTransition(
            _("A case that is %(status)s cannot be %(action)s.")
            % {"status": case.get_status_display().lower(), "action": to}
        )


def _set_status(case: Case, status: str, *, by, action: str, channel: str, note: str = "", **fields) -> Case:
    values = {"status": status, **fields}
    changes = audit.apply(case, values)
    case.updated_at = clock.now()
    case.save(update_fields=[*values, "updated_at"])
    audit.record(actor=by, action=action, obj=case, channel=channel, changes=changes, note=note)
    return case


@transaction.atomic
def verify_case(case: Case, *, by, note: str = "", channel: str = Channel.WEB, **corrections) -> Case:
    """The secretariat confirms the report (and may correct its category, severity or kind)."""
    _require_handler(case, by)
    _require_status(case, Case.Status.NEW, to=_("verified"))
    allowed = {"category", "severity", "kind", "title"}
    unknown = set(corrections) - allowed
    if unknown:
        raise TypeError(f"verify_case cannot change {', '.join(sorted(unknown))}")
    return _set_status(
        case,
        Case.Status.VERIFIED,
        by=by,
        action="case.verify",
        channel=channel,
        note=note,
        verified_at=clock.now(),
        **corrections,
    )


@transaction.atomic
def reject_case(case: Case, *, by, reason: str, channel: str = Channel.WEB) -> Case:
    _require_handler(case, by)
    _require_status(case, Case.Status.NEW, Case.Status.VERIFIED, to=_("rejected"))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the report is rejected.")})
    return _set_status(
        case,
        Case.Status.REJECTED,
        by=by,
        action="case.reject",
        channel=channel,
        note=reason,
        closed_at=clock.now(),
        closing_note=reason.strip(),
    )


def response_hours(severity: str) -> int:
    configured = ResponseTime.objects.filter(severity=severity).values_list("hours", flat=True).first()
    return configured if configured is not None else DEFAULT_RESPONSE_HOURS[severity]


def due_for(severity: str, start: dt.datetime | None = None) -> dt.datetime:
    return (start or clock.now()) + dt.timedelta(hours=response_hours(severity))


@dataclasses.dataclass
class ProposedAction:
    institution: Institution | None
    institution_kind: str
    description: str
    due_at: dt.datetime


def propose_routing(case: Case) -> list[ProposedAction]:
    """The playbook's actions for the case's category, with the institutions of the case's regency/city (or
    province) and due dates from the severity. The secretariat confirms or edits them in :func:`route_case`."""
    steps = list(case.category.playbook_steps.all())
    kinds = {s.institution_kind for s in steps}
    region_codes = [case.desk.region.code, case.desk.region.code[:2]]
    institutions: dict[str, Institution] = {}
    for institution in Institution.objects.filter(kind__in=kinds, region__code__in=region_codes).select_related(
        "region"
    ):
        current = institutions.get(institution.kind)
        if current is None or len(institution.region.code) > len(current.region.code):
            institutions[institution.kind] = institution
    due_at = due_for(case.severity)
    return [ProposedAction(institutions.get(s.institution_kind), s.institution_kind, s.action, due_at) for s in steps]


@dataclasses.dataclass
class ActionInput:
    institution: Institution
    description: str
    due_at: dt.datetime | None = None
    owner_name: str = ""


@transaction.atomic
def route_case(case: Case, actions: list[ActionInput], *, by, note: str = "", channel: str = Channel.WEB) -> Case:
    """Send the case to institutions, each with a requested action, an owner and a due date."""
    _require_handler(case, by)
    _require_status(case, Case.Status.VERIFIED, Case.Status.IN_HANDLING, to=_("routed"))
    if not actions:
        raise ValidationError({"actions": _("Choose at least one institution.")})
    now = clock.now()
    created = []
    for item in actions:
        if not item.description.strip():
            raise ValidationError({"actions": _("Every routed action needs a description.")})
        due_at = item.due_at or due_for(case.severity, now)
        if due_at <= now:
            raise ValidationError({"actions": _("The due date must be in the future.")})
        created.append(
            RoutedAction.objects.create(
                case=case,
                institution=item.institution,
                owner_name=item.owner_name.strip(),
                description=item.description.strip(),
                due_at=due_at,
                created_by=by,
                created_at=now,
            )
        )
    changes = audit.apply(case, {"status": Case.Status.IN_HANDLING})
    changes["actions"] = [
        [None, {"id": a.pk, "institution": a.institution.name, "due_at": a.due_at.isoformat()}] for a in created
    ]
    case.updated_at = now
    case.save(update_fields=["status", "updated_at"])
    audit.record(actor=by, action="case.route", obj=case, channel=channel, changes=changes, note=note)
    return case


def can_update_action(user, action: RoutedAction) -> bool:
    """The handling desk's chair/secretariat, or a liaison of the action's institution."""
    if access.has_role(user, action.case.desk.region.code, *HANDLE_ROLES):
        return True
    return action.institution_id in access.liaison_institution_ids(user) and access.covers(
        user, action.case.region.code
    )


@transaction.atomic
def add_follow_up(
    action: RoutedAction, *, by, note: str, status: str | None = None, files: Iterable = (), channel: str = Channel.WEB
) -> FollowUp:
    """Record what was done on a routed action (with evidence), optionally moving its status."""
    if not can_update_action(by, action):
        raise PermissionDenied(_("Only the institution it was routed to, or the desk, may update this action."))
    if action.status not in RoutedAction.OPEN_STATUSES:
        raise InvalidTransition(_("This action is closed."))
    if not note.strip():
        raise ValidationError({"note": _("Write what was done.")})
    new_status = status or action.status
    if new_status not in RoutedAction.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    now = clock.now()
    follow_up = FollowUp.objects.create(
        action=action, author=by, note=note.strip(), status_after=new_status, created_at=now
    )
    for upload in files:
        _attach(action.case, upload, by=by, purpose=Attachment.Purpose.FOLLOW_UP, follow_up=follow_up)
    values = {"status": new_status}
    if new_status in (RoutedAction.Status.DONE, RoutedAction.Status.CANCELLED):
        values["completed_at"] = now
    changes = audit.apply(action, values)
    action.save(update_fields=list(values))
    audit.record(
        actor=by,
        action="case.follow_up",
        obj=action.case,
        channel=channel,
        note=note.strip(),
        changes={"action": [None, action.pk], "institution": [None, action.institution.name], **changes},
    )
    return follow_up


@transaction.atomic
def resolve_case(case: Case, *, by, note: str, files: Iterable = (), channel: str = Channel.WEB) -> Case:
    """Close a handled case with what was done and closing evidence; open actions are closed with it."""
    _require_handler(case, by)
    _require_status(case, Case.Status.VERIFIED, Case.Status.IN_HANDLING, to=_("resolved"))
    files = list(files)
    if not note.strip():
        raise ValidationError({"note": _("Say how the case was resolved.")})
    if not files and not case.attachments.filter(purpose=Attachment.Purpose.FOLLOW_UP).exists():
        raise ValidationError({"files": _("Attach closing evidence (a photo, minutes or letter).")})
    for upload in files:
        _attach(case, upload, by=by, purpose=Attachment.Purpose.CLOSING)
    now = clock.now()
    case.actions.filter(status__in=RoutedAction.OPEN_STATUSES).update(status=RoutedAction.Status.DONE, completed_at=now)
    return _set_status(
        case,
        Case.Status.RESOLVED,
        by=by,
        action="case.resolve",
        channel=channel,
        note=note,
        closed_at=now,
        closing_note=note.strip(),
    )


@transaction.atomic
def merge_case(case: Case, *, into: Case, by, channel: str = Channel.WEB) -> Case:
    """Mark a case as a duplicate of another open case; its evidence and history stay with it."""
    _require_handler(case, by)
    _require_status(case, *Case.OPEN_STATUSES, to=_("merged"))
    if into.pk == case.pk or not into.is_open or into.merged_into_id:
        raise ValidationError({"into": _("Merge into another open case.")})
    if not access.has_role(by, into.desk.region.code, *HANDLE_ROLES):
        raise PermissionDenied
    case.actions.filter(status__in=RoutedAction.OPEN_STATUSES).update(
        status=RoutedAction.Status.CANCELLED, completed_at=clock.now()
    )
    merged = _set_status(
        case,
        Case.Status.MERGED,
        by=by,
        action="case.merge",
        channel=channel,
        note=into.number or "",
        merged_into=into,
        closed_at=clock.now(),
    )
    audit.record(
        actor=by, action="case.merged_in", obj=into, channel=channel, changes={"duplicate": [None, case.number]}
    )
    return merged


@transaction.atomic
def escalate_case(case: Case, *, by, reason: str, channel: str = Channel.WEB) -> Case:
    """Hand the case to the desk of the parent region (regency/city → province), keeping its history."""
    _require_handler(case, by)
    _require_status(case, *Case.OPEN_STATUSES, to=_("escalated"))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case goes to the desk above.")})
    parent_code = case.desk.region.code.rsplit(".", 1)[0] if "." in case.desk.region.code else None
    parent_desk = Desk.objects.filter(region__code=parent_code).first() if parent_code else None
    if parent_desk is None:
        raise ValidationError({"desk": _("There is no desk above this one.")})
    changes = audit.apply(case, {"desk": parent_desk})
    case.updated_at = clock.now()
    case.save(update_fields=["desk", "updated_at"])
    audit.record(actor=by, action="case.escalate", obj=case, channel=channel, changes=changes, note=reason.strip())
    return case


def timeline(case: Case):
    """The case's history, oldest first: every audited step with its actor and channel."""
    from deskpilkada.core.models import AuditEvent

    return AuditEvent.objects.for_object(case).select_related("actor").order_by("at", "pk")


def reporter_visible_to(user, case: Case) -> bool:
    """Reporters' personal data is for the secretariat of the desk that handles the case (UU PDP 27/2022)."""
    return access.has_role(user, case.desk.region.code, Role.SECRETARIAT, exact=True) or bool(
        user.is_authenticated and user.is_superuser
    )
