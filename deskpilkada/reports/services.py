"""Every write to reports: drafting, editing, nihil, submission, approval, return, receipt, excusals, the campaign
log, and the default report sets.

Each function is one named step: transactional, checked against the actor's role, and audited on the report (the
audit events of a report are its history). A refused step raises and changes nothing: ``PermissionDenied`` when the
actor may not take it, ``StepRefused`` when it does not apply to the report as it stands, ``ValidationError`` for
bad values. Who does what:

- the desk's secretariat (or chair; for a district, its own people or the regency's secretariat) prepares the
  report: drafts, edits, marks it nihil, submits it;
- only the desk's chair approves it (which locks it);
- the desk above receives it, may return it with a note (unlocking it for a correction), and excuses a child
  that cannot report on a day, with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from deskpilkada.accounts import access
from deskpilkada.accounts.models import Role
from deskpilkada.core import audit, clock
from deskpilkada.core.models import Channel
from deskpilkada.core.templatetags.desk_format import long_date
from deskpilkada.desks.models import Desk, DeskMember
from deskpilkada.elections.models import CandidatePair
from deskpilkada.regions.models import Region

from . import drafting
from .models import ActivityPhoto, CampaignActivity, Excusal, Report, ReportingLevel, ReportSet, Situation
from .rules import SPECIAL, WEEKLY, Rules

PREPARE_ROLES = frozenset({Role.CHAIR, Role.SECRETARIAT, Role.OPERATOR})
DESK_PREPARE_ROLES = frozenset({Role.CHAIR, Role.SECRETARIAT})
RECEIVE_ROLES = frozenset({Role.CHAIR, Role.SECRETARIAT})
TEXT_FIELDS = ("situation", "narrative", "recommendations", "place", "signatory_name", "signatory_position")
EDITABLE_FIELDS = (*TEXT_FIELDS, "signatory_nip")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class StepRefused(ValidationError):
    """The step does not apply to the report as it stands (its status, its day, its children)."""


# --- Who may do what ---------------------------------------------------------------------------------------------


def desk_code_for(region: Region) -> str:
    """The region whose desk signs for ``region``: itself at province and regency/city level, else its regency."""
    return region.code if region.level <= Region.Level.REGENCY else region.code[:5]


def parent_code_of(region: Region) -> str | None:
    """The region above, whose desk receives the report (None for a province: the centre)."""
    return region.code.rsplit(".", 1)[0] if "." in region.code else None


def may_prepare(user, region: Region) -> bool:
    """The region's own secretariat, chair or operator (roles held at the region itself, not above it); for a
    district or village, also the secretariat and chair of its regency's desk."""
    if PREPARE_ROLES & access.roles_at(user, region.code, exact=True):
        return True
    if region.level > Region.Level.REGENCY:
        return bool(DESK_PREPARE_ROLES & access.roles_at(user, desk_code_for(region), exact=True))
    return False


def is_chair(user, region: Region) -> bool:
    """Whether the user chairs the desk that signs for the region. Superusers are not chairs."""
    if Role.CHAIR in access.roles_at(user, region.code, exact=True):
        return True
    return region.level > Region.Level.REGENCY and Role.CHAIR in access.roles_at(
        user, desk_code_for(region), exact=True
    )


def may_receive(user, region: Region) -> bool:
    """The chair or secretariat of the desk above (superusers stand for the centre above the provinces)."""
    parent = parent_code_of(region)
    if parent is None:
        return bool(user is not None and user.is_authenticated and user.is_superuser)
    codes = {parent, desk_code_for(Region(code=parent, level=parent.count(".") + 1))}
    return any(RECEIVE_ROLES & access.roles_at(user, code, exact=True) for code in codes)


def may_excuse(user, parent: Region) -> bool:
    """The chair or secretariat of the parent's own desk excuse its children."""
    return bool(RECEIVE_ROLES & access.roles_at(user, desk_code_for(parent), exact=True)) or bool(
        RECEIVE_ROLES & access.roles_at(user, parent.code, exact=True)
    )


# --- Reading the rules -------------------------------------------------------------------------------------------


def rules_of(report_set: ReportSet) -> Rules:
    """The set's rules, read once per set object."""
    cached = getattr(report_set, "_rules", None)
    if cached is None:
        cached = Rules.of(report_set)
        report_set._rules = cached
    return cached


def report_number(report_set: ReportSet, region: Region, day: dt.date, sequence: int = 1) -> str:
    """ "LH/1375/20/XI/2024": the set's prefix, the region's digits, the day, the month in Roman numerals, the
    year; a second report of the day (posko mode, special reports) adds its sequence: "LH/1375/20.2/XI/2024"."""
    digits = region.code.replace(".", "")
    day_part = f"{day.day:02d}" if sequence == 1 else f"{day.day:02d}.{sequence}"
    return f"{report_set.number_prefix}/{digits}/{day_part}/{ROMAN_MONTHS[day.month - 1]}/{day.year}"


def default_place(region: Region) -> str:
    """Where the desk signs: the city or regency name without its kind ("Bukittinggi", "Agam")."""
    name = region.name
    for prefix in ("Kota Administrasi ", "Kota ", "Kabupaten Administrasi ", "Kabupaten "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _last_place(region: Region) -> str:
    """The place of the region's latest report: what the secretariat wrote once ("Padang" for the province)."""
    latest = Report.objects.filter(region=region).exclude(place="").order_by("-day", "-pk").values("place").first()
    return latest["place"] if latest else ""


def _signatory(region: Region) -> dict[str, str]:
    """The chair of the desk that signs for the region, as the desk's member list has them."""
    chair = (
        DeskMember.objects.filter(desk__region__code=desk_code_for(region), role=Role.CHAIR)
        .order_by("order", "pk")
        .first()
    )
    if chair is None:
        return {"signatory_name": "", "signatory_position": "", "signatory_nip": ""}
    return {"signatory_name": chair.name, "signatory_position": chair.position, "signatory_nip": chair.nip}


def _desk_of(region: Region) -> Desk | None:
    try:
        return region.desk
    except Desk.DoesNotExist:
        return None


def _format_day(day: dt.date) -> str:
    return long_date(day)


# --- Drafting ----------------------------------------------------------------------------------------------------


def _check_day(report_set: ReportSet, rules: Rules, region: Region, day: dt.date) -> None:
    today = clock.today(region.timezone)
    if day > today:
        raise StepRefused(
            {
                "day": _("%(day)s has not come yet in %(region)s: a report cannot be made for a future day.")
                % {"day": _format_day(day), "region": region.display_name}
            }
        )
    if not rules.is_active_on(day):
        if rules.active_to is None:
            message = _("The %(set)s starts on %(start)s.") % {
                "set": report_set.name,
                "start": _format_day(rules.active_from),
            }
        else:
            message = _("The %(set)s runs from %(start)s to %(end)s.") % {
                "set": report_set.name,
                "start": _format_day(rules.active_from),
                "end": _format_day(rules.active_to),
            }
        raise StepRefused({"day": message})
    if rules.kind == WEEKLY and not rules.is_reporting_day(day):
        raise StepRefused({"day": _("A weekly report is made on a Monday, for the week before it.")})


def _check_region(report_set: ReportSet, rules: Rules, region: Region, day: dt.date) -> None:
    if rules.kind != SPECIAL and not rules.must_report(region.level):
        raise StepRefused(
            {
                "region": _("%(level)s regions do not report in the %(set)s.")
                % {"level": Region.Level(region.level).label, "set": report_set.name}
            }
        )
    if region.level <= Region.Level.REGENCY:
        desk = _desk_of(region)
        if desk is None:
            raise StepRefused({"region": _("%(region)s has no desk yet.") % {"region": region.display_name}})
        if desk.formed_on and day < desk.formed_on:
            raise StepRefused(
                {
                    "day": _("The desk of %(region)s was formed on %(date)s: it has no report before that day.")
                    % {"region": region.display_name, "date": _format_day(desk.formed_on)}
                }
            )


def _next_sequence(report_set: ReportSet, rules: Rules, region: Region, day: dt.date) -> int:
    taken = list(
        Report.objects.filter(report_set=report_set, region=region, day=day)
        .order_by("sequence")
        .values_list("sequence", "number")
    )
    used = {sequence for sequence, _number in taken}
    if rules.kind == SPECIAL:
        return max(used, default=0) + 1
    allowed = rules.sequences_on(day)
    for sequence in range(1, allowed + 1):
        if sequence not in used:
            return sequence
    if allowed > 1:
        message = _("%(region)s already has all %(count)s posko reports of %(day)s.") % {
            "region": region.display_name,
            "count": allowed,
            "day": _format_day(day),
        }
    else:
        message = _("%(region)s already has its %(set)s for %(day)s: %(number)s.") % {
            "region": region.display_name,
            "set": report_set.name.lower(),
            "day": _format_day(day),
            "number": taken[0][1],
        }
    raise StepRefused({"day": message})


@transaction.atomic
def draft_report(
    region: Region,
    *,
    report_set: ReportSet,
    day: dt.date,
    by,
    case=None,
    channel: str = Channel.WEB,
) -> Report:
    """A new draft for the region and local day, its figures computed from that day's data, signed (to be) by
    the desk's chair. Refused for a future day, a day the set does not ask for, and a second report of a day."""
    if not may_prepare(by, region):
        raise PermissionDenied(_("You may not prepare the reports of %(region)s.") % {"region": region.display_name})
    rules = rules_of(report_set)
    _check_day(report_set, rules, region, day)
    _check_region(report_set, rules, region, day)
    if case is not None and not (case.region.code == region.code or case.region.code.startswith(region.code + ".")):
        raise ValidationError({"case": _("The case is not in %(region)s.") % {"region": region.display_name}})
    sequence = _next_sequence(report_set, rules, region, day)
    now = clock.now()
    period = rules.period_of(day)
    report = Report(
        report_set=report_set,
        region=region,
        number=report_number(report_set, region, day, sequence),
        day=day,
        period_start=period[0],
        period_end=period[1],
        sequence=sequence,
        case=case,
        place=_last_place(region) or default_place(region),
        deadline_at=rules.deadline(region.level, day, region.timezone, sequence),
        figures=drafting.compute_figures(
            report_set, region, day=day, period=period, sequence=sequence, now=now, rules=rules
        ),
        figures_at=now,
        created_by=by,
        created_at=now,
        updated_at=now,
        **_signatory(region),
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # another draft of the same day won the race
        raise StepRefused(
            {
                "day": _("%(region)s already has its %(set)s for %(day)s.")
                % {"region": region.display_name, "set": report_set.name.lower(), "day": _format_day(day)}
            }
        ) from None
    audit.record(
        actor=by,
        action="report.draft",
        obj=report,
        channel=channel,
        changes=audit.created({"number": report.number, "status": report.status, "day": day, "set": report_set.code}),
    )
    return report


def _require_preparer(report: Report, by) -> None:
    if not may_prepare(by, report.region):
        raise PermissionDenied(
            _("Only the secretariat of %(region)s prepares its reports.") % {"region": report.region.display_name}
        )


def _require_status(report: Report, allowed: Iterable[str], message: str) -> None:
    if report.status not in tuple(allowed):
        raise StepRefused(message % {"status": report.get_status_display().lower(), "number": report.number})


def _locked_message() -> str:
    return _("Report %(number)s is %(status)s and locked: only the desk above can return it for a correction.")


def _figures_now(report: Report, now: dt.datetime) -> dict:
    rules = rules_of(report.report_set)
    return drafting.compute_figures(
        report.report_set,
        report.region,
        day=report.day,
        period=(report.period_start, report.period_end),
        sequence=report.sequence,
        now=now,
        rules=rules,
    )


def _summary(figures: dict) -> dict:
    cases = figures.get("cases") or {}
    children = figures.get("children") or {}
    return {
        "cases": cases.get("total", 0),
        "notable": cases.get("notable_count", 0),
        "children_reported": children.get("reported"),
    }


@transaction.atomic
def refresh_figures(report: Report, *, by, channel: str = Channel.WEB) -> Report:
    """Compute a draft's figures again from the data as it is now (a submitted report keeps its own)."""
    _require_preparer(report, by)
    _require_status(
        report,
        Report.SUBMITTABLE_STATUSES,
        _("Report %(number)s is %(status)s: its figures are the ones it was submitted with."),
    )
    now = clock.now()
    before = _summary(report.figures)
    report.figures, report.figures_at, report.updated_at = _figures_now(report, now), now, now
    report.save(update_fields=["figures", "figures_at", "updated_at"])
    after = _summary(report.figures)
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    audit.record(actor=by, action="report.refresh", obj=report, channel=channel, changes=changes)
    return report


@transaction.atomic
def update_report(report: Report, *, by, channel: str = Channel.WEB, **fields) -> Report:
    """Edit the text of a report that is not locked: situation, narrative, recommendations, place, signatory."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"update_report cannot change {', '.join(sorted(unknown))}")
    _require_preparer(report, by)
    _require_status(report, Report.EDITABLE_STATUSES, _locked_message())
    values = {name: (value or "").strip() for name, value in fields.items()}
    errors = {}
    if "situation" in values and values["situation"] not in ("", *Situation.values):
        errors["situation"] = _("Choose aman, kondusif, waspada or rawan.")
    for name, value in values.items():
        limit = Report._meta.get_field(name).max_length
        if limit and len(value) > limit:
            errors[name] = _("At most %(count)s characters.") % {"count": limit}
    if errors:
        raise ValidationError(errors)
    changes = audit.apply(report, values)
    if changes:
        report.updated_at = clock.now()
        report.save(update_fields=[*changes, "updated_at"])
        audit.record(actor=by, action="report.update", obj=report, channel=channel, changes=changes)
    return report


def _missing_children(figures: dict) -> list[dict]:
    return list((figures.get("children") or {}).get("missing") or [])


def _submit(report: Report, *, by, override_reason: str, channel: str, now: dt.datetime, figures: dict) -> Report:
    missing = _missing_children(figures)
    override = override_reason.strip()
    changes = {}
    if missing:
        if not override:
            expected = (figures.get("children") or {}).get("expected", len(missing))
            raise ValidationError(
                {
                    "override_reason": _(
                        "%(count)s of %(expected)s regions below have not reported yet: %(names)s. Excuse them with "
                        "a reason, or the chair submits with a stated reason."
                    )
                    % {"count": len(missing), "expected": expected, "names": ", ".join(m["name"] for m in missing)}
                }
            )
        if not is_chair(by, report.region):
            raise PermissionDenied(_("Only the chair may submit before every region below has reported."))
        changes.update(audit.apply(report, {"override_reason": override, "override_by": by}))
        changes["missing"] = [None, [m["code"] for m in missing]]
    elif report.override_reason:
        changes.update(audit.apply(report, {"override_reason": "", "override_by": None}))
    first = report.submitted_at is None
    changes.update(
        audit.apply(
            report,
            {
                "status": Report.Status.SUBMITTED,
                "submitted_at": report.submitted_at or now,
                "last_submitted_at": now,
                "submitted_by": by,
            },
        )
    )
    report.figures, report.figures_at, report.updated_at = figures, now, now
    report.save()
    if first and report.deadline_at is not None:
        changes["on_time"] = [None, report.submitted_at <= report.deadline_at]
    audit.record(
        actor=by,
        action="report.submit",
        obj=report,
        channel=channel,
        changes={k: v for k, v in changes.items() if k not in ("submitted_at", "last_submitted_at")},
        note=override if missing else "",
    )
    return report


@transaction.atomic
def submit_report(report: Report, *, by, override_reason: str = "", channel: str = Channel.WEB) -> Report:
    """Send the report to the chair: its figures are computed a last time and frozen. A parent waits until every
    child has reported or is excused, unless its chair submits with a stated reason."""
    _require_preparer(report, by)
    _require_status(
        report, Report.SUBMITTABLE_STATUSES, _("Report %(number)s is %(status)s: it cannot be submitted again.")
    )
    now = clock.now()
    return _submit(
        report, by=by, override_reason=override_reason, channel=channel, now=now, figures=_figures_now(report, now)
    )


@transaction.atomic
def mark_nihil(report: Report, *, by, override_reason: str = "", channel: str = Channel.WEB) -> Report:
    """Nothing to report: one step that marks the report nihil and submits it (it counts as reported). Refused
    when cases happened in the region on the day, which a nihil report would hide."""
    _require_preparer(report, by)
    _require_status(
        report, Report.SUBMITTABLE_STATUSES, _("Report %(number)s is %(status)s: it cannot be made nihil now.")
    )
    now = clock.now()
    figures = _figures_now(report, now)
    count = (figures.get("cases") or {}).get("total", 0)
    if count:
        raise StepRefused(
            _("%(count)s cases happened in %(region)s in this period: a nihil report would hide them.")
            % {"count": count, "region": report.region.display_name}
        )
    values = {"is_nihil": True, "situation": report.situation or Situation.AMAN}
    if not report.narrative.strip():
        values["narrative"] = _("Nihil: nothing to report.")
    changes = audit.apply(report, values)
    audit.record(actor=by, action="report.nihil", obj=report, channel=channel, changes=changes)
    return _submit(report, by=by, override_reason=override_reason, channel=channel, now=now, figures=figures)


@transaction.atomic
def report_nihil(region: Region, *, report_set: ReportSet, day: dt.date, by, channel: str = Channel.WEB) -> Report:
    """The one-click nihil of a day: its draft (made now when there is none yet) marked nihil and submitted."""
    existing = (
        Report.objects.filter(report_set=report_set, region=region, day=day, status__in=Report.SUBMITTABLE_STATUSES)
        .order_by("sequence")
        .first()
    )
    report = existing or draft_report(region, report_set=report_set, day=day, by=by, channel=channel)
    return mark_nihil(report, by=by, channel=channel)


@transaction.atomic
def approve_report(report: Report, *, by, channel: str = Channel.WEB) -> Report:
    """The chair signs the report: it is sent to the desk above and locked."""
    if not is_chair(by, report.region):
        raise PermissionDenied(
            _("Only the chair of the desk of %(region)s may approve its report.")
            % {"region": report.region.display_name}
        )
    _require_status(
        report, (Report.Status.SUBMITTED,), _("Report %(number)s is %(status)s: only a submitted report is approved.")
    )
    now = clock.now()
    changes = audit.apply(report, {"status": Report.Status.APPROVED, "approved_at": now, "approved_by": by})
    report.updated_at = now
    report.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    audit.record(
        actor=by,
        action="report.approve",
        obj=report,
        channel=channel,
        changes={k: v for k, v in changes.items() if k != "approved_at"},
    )
    return report


@transaction.atomic
def return_report(report: Report, *, by, note: str, channel: str = Channel.WEB) -> Report:
    """Send a report back for a correction, with what to correct: the desk above returns one it was sent (approved
    or received); the chair returns a submitted one to the secretariat. The history stays on the report."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what needs correcting.")})
    if report.status == Report.Status.SUBMITTED:
        if not is_chair(by, report.region):
            raise PermissionDenied(_("Only the chair returns a submitted report to the secretariat."))
    elif report.status in Report.LOCKED_STATUSES:
        if not may_receive(by, report.region):
            raise PermissionDenied(_("Only the desk above may return an approved report."))
    else:
        raise StepRefused(
            _("Report %(number)s is %(status)s: there is nothing to return.")
            % {"number": report.number, "status": report.get_status_display().lower()}
        )
    now = clock.now()
    changes = audit.apply(report, {"status": Report.Status.RETURNED, "returned_at": now, "return_note": note.strip()})
    report.updated_at = now
    report.save(update_fields=["status", "returned_at", "return_note", "updated_at"])
    audit.record(
        actor=by,
        action="report.return",
        obj=report,
        channel=channel,
        changes={"status": changes["status"]},
        note=note.strip(),
    )
    return report


@transaction.atomic
def receive_report(report: Report, *, by, channel: str = Channel.WEB) -> Report:
    """The desk above acknowledges an approved report."""
    if not may_receive(by, report.region):
        raise PermissionDenied(_("Only the desk above acknowledges receipt of a report."))
    _require_status(
        report, (Report.Status.APPROVED,), _("Report %(number)s is %(status)s: only an approved report is received.")
    )
    now = clock.now()
    changes = audit.apply(report, {"status": Report.Status.RECEIVED, "received_at": now, "received_by": by})
    report.updated_at = now
    report.save(update_fields=["status", "received_at", "received_by", "updated_at"])
    audit.record(
        actor=by,
        action="report.receive",
        obj=report,
        channel=channel,
        changes={k: v for k, v in changes.items() if k != "received_at"},
    )
    return report


# --- Excusals ----------------------------------------------------------------------------------------------------


@transaction.atomic
def excuse_child(
    parent: Region,
    child: Region,
    *,
    report_set: ReportSet,
    day: dt.date,
    reason: str,
    by,
    channel: str = Channel.WEB,
) -> Excusal:
    """The desk above excuses a child from one day's report, with the reason; it then counts as excused, not
    missing, and no longer holds up the parent's own report."""
    if not may_excuse(by, parent):
        raise PermissionDenied(
            _("Only the chair or the secretariat of the desk of %(region)s excuse the regions below it.")
            % {"region": parent.display_name}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the region is excused.")})
    rules = rules_of(report_set)
    child_level = rules.child_level(parent.level)
    if child_level is None or child.level != child_level or not child.code.startswith(parent.code + "."):
        raise ValidationError(
            {
                "region": _("%(child)s is not a region that reports to %(parent)s.")
                % {"child": child.display_name, "parent": parent.display_name}
            }
        )
    if day > clock.today(child.timezone):
        raise StepRefused({"day": _("A region is excused for a day that has begun, not in advance.")})
    if not rules.is_reporting_day(day):
        raise StepRefused({"day": _("%(day)s is not a reporting day of this set.") % {"day": _format_day(day)}})
    if Report.objects.filter(report_set=report_set, region=child, day=day).sent().exists():
        raise StepRefused(
            _("%(region)s has already reported for %(day)s.") % {"region": child.display_name, "day": _format_day(day)}
        )
    if Excusal.objects.filter(report_set=report_set, region=child, day=day).exists():
        raise StepRefused(
            _("%(region)s is already excused for %(day)s.") % {"region": child.display_name, "day": _format_day(day)}
        )
    excusal = Excusal.objects.create(
        report_set=report_set, region=child, day=day, reason=reason.strip(), excused_by=by, created_at=clock.now()
    )
    audit.record(
        actor=by,
        action="report.excuse",
        obj=excusal,
        channel=channel,
        changes=audit.created({"set": report_set.code, "region": child.code, "day": day}),
        note=reason.strip(),
    )
    return excusal


# --- Campaign activity log ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class ActivityInput:
    starts_at: dt.time
    place: str
    description: str
    figures_present: str = ""
    candidate_pair: CandidatePair | None = None
    participants: int | None = None
    remarks: str = ""


def pairs_for(region: Region):
    """The candidate pairs a report of the region may name: its own contest and those above and below it."""
    from django.db.models import Q

    return CandidatePair.objects.filter(
        Q(contest__region__code__in=[region.code, *region.ancestor_codes]) | Q(contest__region__code__below=region.code)
    ).select_related("contest__region")


@transaction.atomic
def add_activity(
    report: Report, data: ActivityInput, *, by, files: Iterable = (), channel: str = Channel.WEB
) -> CampaignActivity:
    """A campaign activity in the report's log (time, place, what, who, pair, participants, photos)."""
    from deskpilkada.cases.uploads import check_upload

    _require_preparer(report, by)
    _require_status(report, Report.EDITABLE_STATUSES, _locked_message())
    errors = {}
    if not data.place.strip():
        errors["place"] = _("Say where it took place.")
    if not data.description.strip():
        errors["description"] = _("Describe the activity.")
    if data.participants is not None and data.participants < 0:
        errors["participants"] = _("The number of participants cannot be negative.")
    if data.candidate_pair is not None and not pairs_for(report.region).filter(pk=data.candidate_pair.pk).exists():
        errors["candidate_pair"] = _("This pair does not run in %(region)s.") % {"region": report.region.display_name}
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    activity = CampaignActivity.objects.create(
        report=report,
        starts_at=data.starts_at,
        place=data.place.strip(),
        description=data.description.strip(),
        figures_present=data.figures_present.strip(),
        candidate_pair=data.candidate_pair,
        participants=data.participants,
        remarks=data.remarks.strip(),
        created_by=by,
        created_at=now,
    )
    names = []
    for upload in files:
        checked = check_upload(upload)
        if not checked.content_type.startswith("image/"):
            raise ValidationError({"files": _("%(name)s is not a photo.") % {"name": checked.name}})
        photo = ActivityPhoto(
            activity=activity,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
            uploaded_at=now,
        )
        photo.file.save(checked.storage_name, checked.content, save=False)
        photo.save()
        names.append(checked.name)
    report.updated_at = now
    report.save(update_fields=["updated_at"])
    audit.record(
        actor=by,
        action="report.activity",
        obj=report,
        channel=channel,
        changes={
            "activity": [None, {"id": activity.pk, "time": data.starts_at.strftime("%H:%M"), "place": activity.place}],
            **({"photos": [None, names]} if names else {}),
        },
    )
    return activity


@transaction.atomic
def remove_activity(activity: CampaignActivity, *, by, channel: str = Channel.WEB) -> None:
    report = activity.report
    _require_preparer(report, by)
    _require_status(report, Report.EDITABLE_STATUSES, _locked_message())
    removed = {"id": activity.pk, "time": activity.starts_at.strftime("%H:%M"), "place": activity.place}
    for photo in activity.photos.all():
        photo.file.delete(save=False)
    activity.delete()
    report.updated_at = clock.now()
    report.save(update_fields=["updated_at"])
    audit.record(
        actor=by, action="report.activity_remove", obj=report, channel=channel, changes={"activity": [removed, None]}
    )


# --- History -----------------------------------------------------------------------------------------------------


def timeline(report: Report):
    """The report's history, oldest first: every audited step with its actor and channel."""
    from deskpilkada.core.models import AuditEvent

    return AuditEvent.objects.for_object(report).select_related("actor").order_by("at", "pk")


# --- Report sets -------------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SetDefinition:
    code: str
    name_id: str
    name_en: str
    kind: str
    number_prefix: str
    deadlines: dict[int, dt.time]
    posko_reports_per_day: int = 1
    order: int = 0


# Districts by 15:00, regencies/cities by 18:00, provinces by 20:00 (local time): districts are off until a
# province asks for them (add the level in the admin).
DEFAULT_SETS = (
    SetDefinition(
        "daily",
        "Laporan harian",
        "Daily report",
        ReportSet.Kind.DAILY,
        "LH",
        {Region.Level.PROVINCE: dt.time(20, 0), Region.Level.REGENCY: dt.time(18, 0)},
        posko_reports_per_day=2,
        order=1,
    ),
    SetDefinition(
        "weekly",
        "Laporan mingguan",
        "Weekly report",
        ReportSet.Kind.WEEKLY,
        "LM",
        {Region.Level.PROVINCE: dt.time(16, 0), Region.Level.REGENCY: dt.time(12, 0)},
        order=2,
    ),
    SetDefinition("special", "Laporan khusus", "Special report", ReportSet.Kind.SPECIAL, "LK", {}, order=3),
)


@transaction.atomic
def ensure_default_sets(
    election, *, active_from: dt.date, active_to: dt.date | None, by=None, channel: str = Channel.COMMAND
) -> list[ReportSet]:
    """The daily, weekly and special sets of an election, created when missing (an existing set is left as its
    administrators changed it)."""
    sets = []
    for definition in DEFAULT_SETS:
        report_set = ReportSet.objects.filter(code=definition.code).first()
        if report_set is None:
            report_set = ReportSet.objects.create(
                code=definition.code,
                name_id=definition.name_id,
                name_en=definition.name_en,
                kind=definition.kind,
                number_prefix=definition.number_prefix,
                election=election,
                active_from=active_from,
                active_to=active_to,
                posko_reports_per_day=definition.posko_reports_per_day,
                order=definition.order,
            )
            for level, deadline in definition.deadlines.items():
                ReportingLevel.objects.create(report_set=report_set, level=level, deadline=deadline)
            audit.record(
                actor=by,
                action="report_set.create",
                obj=report_set,
                channel=channel,
                changes=audit.created(
                    {
                        "code": definition.code,
                        "kind": definition.kind,
                        "active_from": active_from,
                        "active_to": active_to,
                        "levels": {str(k): v.strftime("%H:%M") for k, v in definition.deadlines.items()},
                    }
                ),
            )
        sets.append(report_set)
    return sets


# --- Reminders ---------------------------------------------------------------------------------------------------

REMIND_ROLES = (Role.CHAIR, Role.SECRETARIAT)
ZONE_NAMES = ("WIB", "WITA", "WIT")
# How long after a deadline a region is still chased (a deadline late in the evening past local midnight, a job that
# was down for a while); older days are simply missing in the matrix.
OVERDUE_WINDOW = dt.timedelta(hours=12)


@dataclasses.dataclass(frozen=True)
class _DueSlot:
    report_set: ReportSet
    level: int
    zone: str
    day: dt.date
    sequence: int
    kind: str
    deadline_at: dt.datetime


def _due_slots(report_set: ReportSet, rules: Rules, now: dt.datetime) -> list[_DueSlot]:
    """The (level, zone, local day, slot) groups whose reminder moment has passed: before the deadline from
    ``reminder_lead_minutes`` ahead of it until it passes, overdue for ``OVERDUE_WINDOW`` after it (so the day
    before is still chased after local midnight). Plain arithmetic, no query."""
    from .models import Reminder

    lead = dt.timedelta(minutes=rules.reminder_lead_minutes)
    slots = []
    for zone in ZONE_NAMES:
        today = clock.local_day_of(now, zone)
        for day in (today - dt.timedelta(days=1), today):
            for sequence in range(1, rules.sequences_on(day) + 1):
                for level in rules.levels:
                    deadline = rules.deadline(level, day, zone, sequence)
                    if deadline is None or now < deadline - lead or now >= deadline + OVERDUE_WINDOW:
                        continue
                    kind = Reminder.Kind.OVERDUE if now >= deadline else Reminder.Kind.BEFORE_DEADLINE
                    slots.append(_DueSlot(report_set, level, zone, day, sequence, kind, deadline))
    return slots


def _unreported_units(slot: _DueSlot):
    """The regions of a due slot that owe its report, have not sent it, are not excused and were not yet reminded
    of this kind: one query whatever the number of regions."""
    from django.db.models import Exists, OuterRef, Q

    from .completeness import expected_units
    from .models import Reminder

    units = expected_units(None, slot.level).filter(timezone=slot.zone)
    if slot.level <= Region.Level.REGENCY:
        units = units.filter(Q(desk__formed_on__isnull=True) | Q(desk__formed_on__lte=slot.day))
    same = {"report_set": slot.report_set, "region": OuterRef("pk"), "day": slot.day}
    return (
        units.exclude(Exists(Report.objects.filter(**same, sequence=slot.sequence, submitted_at__isnull=False)))
        .exclude(Exists(Excusal.objects.filter(**same)))
        .exclude(Exists(Reminder.objects.filter(**same, sequence=slot.sequence, kind=slot.kind)))
        .order_by()
        .values_list("pk", flat=True)
    )


def format_deadline(instant: dt.datetime, zone: str) -> str:
    """ "Rabu, 20 November 2024 pukul 18.00 WIB": a deadline in the region's own time, in Indonesian."""
    from django.utils import translation

    local = instant.astimezone(clock.zone(zone))
    with translation.override("id"):
        return _("%(day)s at %(time)s %(zone)s") % {
            "day": long_date(local.date()),
            "time": f"{local:%H.%M}",
            "zone": zone,
        }


def _reminder_emails(reminders) -> list[tuple[str, str, str, list[str]]]:
    """One message per reminder to the chair and secretariat of the desk that reports for its region (with an
    address), in Indonesian. Recipients are read in one query."""
    from django.conf import settings
    from django.utils import translation

    from deskpilkada.accounts.models import Assignment

    from .models import Reminder

    codes = {code for r in reminders for code in (r.region.code, desk_code_for(r.region))}
    people: dict[str, set[str]] = {}
    for code, email in (
        Assignment.objects.filter(region__code__in=codes, role__in=REMIND_ROLES, user__is_active=True)
        .exclude(user__email="")
        .values_list("region__code", "user__email")
    ):
        people.setdefault(code, set()).add(email)
    messages = []
    with translation.override("id"):
        for reminder in reminders:
            region = reminder.region
            to = sorted(people.get(region.code, set()) | people.get(desk_code_for(region), set()))
            if not to:
                continue
            values = {
                "set": reminder.report_set.name_id,
                "region": region.display_name,
                "day": long_date(reminder.day),
                "deadline": format_deadline(reminder.deadline_at, region.timezone),
            }
            if reminder.kind == Reminder.Kind.OVERDUE:
                subject = _("Overdue: %(set)s of %(region)s for %(day)s") % values
                body = (
                    _(
                        "The %(set)s of %(region)s for %(day)s has not been submitted, and its deadline passed on "
                        "%(deadline)s. Submit it (or nihil, if there is nothing to report) on Desk Pilkada."
                    )
                    % values
                )
            else:
                subject = _("Reminder: %(set)s of %(region)s for %(day)s") % values
                body = (
                    _(
                        "The %(set)s of %(region)s for %(day)s has not been submitted yet. It is due by %(deadline)s. "
                        "Submit it (or nihil, if there is nothing to report) on Desk Pilkada."
                    )
                    % values
                )
            if reminder.sequence > 1:
                body += "\n" + _("This is report %(n)s of the day (posko mode).") % {"n": reminder.sequence}
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, to))
    return messages


@transaction.atomic
def send_due_reminders(now: dt.datetime | None = None, *, report_sets=None) -> int:
    """Remind every region that owes a report and has not sent it, before its deadline and once it passed.

    For each active periodic set, the due groups (level × zone × local day × slot, a handful) are computed from
    its rules; each group's unreported, unexcused, not yet reminded regions come from one query, and are inserted
    in one statement tagged with this run's batch, so a second run (or a concurrent worker: the unique constraint
    ignores its duplicates) creates nothing twice. The audit trail gets one event per reminder (system channel,
    bulk-inserted); with ``DESK_REMINDER_EMAIL`` on, the chair and secretariat of each region's desk are e-mailed.
    Returns the number of reminders created."""
    import uuid

    from django.conf import settings
    from django.core.mail import send_mass_mail

    from deskpilkada.core.models import AuditEvent

    from .models import Reminder

    now = now or clock.now()
    sets = (
        report_sets
        if report_sets is not None
        else ReportSet.objects.active().periodic().select_related("election").prefetch_related("levels")
    )
    batch = uuid.uuid4()
    rows = []
    for report_set in sets:
        for slot in _due_slots(report_set, rules_of(report_set), now):
            rows.extend(
                Reminder(
                    report_set=report_set,
                    region_id=region_id,
                    day=slot.day,
                    sequence=slot.sequence,
                    kind=slot.kind,
                    deadline_at=slot.deadline_at,
                    created_at=now,
                    batch=batch,
                )
                for region_id in _unreported_units(slot)
            )
    if not rows:
        return 0
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    created = list(Reminder.objects.filter(batch=batch).select_related("report_set", "region"))
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                at=now,
                actor=None,
                action=f"report.remind.{r.kind}",
                object_type=Reminder._meta.label_lower,
                object_id=str(r.pk),
                region_code=r.region.code,
                channel=Channel.SYSTEM,
                changes=audit.created({"set": r.report_set.code, "day": r.day, "sequence": r.sequence}),
            )
            for r in created
        ],
        batch_size=1000,
    )
    if getattr(settings, "DESK_REMINDER_EMAIL", False):
        messages = _reminder_emails(created)
        if messages:
            send_mass_mail(messages, fail_silently=False)
    return len(created)
