"""Report pages: a desk's reports, one report with its workflow, and the completeness matrix (children × days).

Views are thin: reports are looked up through ``Report.objects.visible_to(user)`` and regions and desks through the
same access path (out of scope = 404); every change is a named service in ``services.py`` (a visible report the user
may not act on = 403, a step that does not apply = the page again with the reason); the workflow's forms are only
shown to the people the services would accept.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from deskpilkada.accounts import access
from deskpilkada.cases.models import Case, Severity
from deskpilkada.core import clock
from deskpilkada.desks.models import Desk
from deskpilkada.regions.models import Region

from . import completeness as engine
from . import exports, services
from .forms import (
    ActivityForm,
    DayForm,
    ExcuseForm,
    MatrixForm,
    NoteForm,
    ReportEditForm,
    SubmitForm,
    apply_service_errors,
)
from .models import ActivityPhoto, CampaignActivity, Reminder, Report, ReportSet, Situation
from .querysets import VIEW_ROLES, scope_q

LIST_LIMIT = 31
REMINDER_LIMIT = 200

HISTORY_LABELS = {
    "report.draft": pgettext_lazy("report history", "Drafted"),
    "report.refresh": pgettext_lazy("report history", "Figures computed again"),
    "report.update": pgettext_lazy("report history", "Text edited"),
    "report.nihil": pgettext_lazy("report history", "Marked nihil"),
    "report.submit": pgettext_lazy("report history", "Submitted"),
    "report.approve": pgettext_lazy("report history", "Approved by the chair"),
    "report.return": pgettext_lazy("report history", "Returned for correction"),
    "report.receive": pgettext_lazy("report history", "Received by the desk above"),
    "report.activity": pgettext_lazy("report history", "Campaign activity added"),
    "report.activity_remove": pgettext_lazy("report history", "Campaign activity removed"),
}

STATUS_LABELS = {
    engine.ON_TIME: pgettext_lazy("completeness", "On time"),
    engine.LATE: pgettext_lazy("completeness", "Late"),
    engine.NIHIL: pgettext_lazy("completeness", "Nihil"),
    engine.EXCUSED: pgettext_lazy("completeness", "Excused"),
    engine.MISSING: pgettext_lazy("completeness", "Missing"),
    engine.PENDING: pgettext_lazy("completeness", "Not yet due"),
    engine.NOT_EXPECTED: pgettext_lazy("completeness", "Not expected"),
}
STATUS_SYMBOLS = {
    engine.ON_TIME: "✓",
    engine.LATE: "T",
    engine.NIHIL: "N",
    engine.EXCUSED: "I",
    engine.MISSING: "✗",
    engine.PENDING: "…",
    engine.NOT_EXPECTED: "",
}


def _report_desks(user):
    """Desks in the user's scope as the reports' access path has it (desk roles only)."""
    return list(Desk.objects.filter(scope_q(user, "region__code")).with_region().order_by("region__code"))


def _report_set(request, default=True) -> ReportSet:
    code = request.GET.get("set", "").strip()
    sets = ReportSet.objects.active().prefetch_related("levels").select_related("election")
    report_set = sets.filter(code=code).first() if code else (sets.default() if default else None)
    if report_set is None:
        raise Http404
    return report_set


def _failed(request, error: ValidationError | PermissionDenied, target: str):
    if isinstance(error, PermissionDenied):
        raise error
    for message in error.messages:
        messages.error(request, message)
    return redirect(target)


# --- A desk's reports --------------------------------------------------------------------------------------------


@require_GET
@login_required
def index(request):
    """The reports of one desk (``?desk=<region code>``, the user's first desk by default) and today's work."""
    user = request.user
    desks = _report_desks(user)
    wanted = request.GET.get("desk", "").strip()
    desk = next((d for d in desks if d.region.code == wanted), None) if wanted else (desks[0] if desks else None)
    if wanted and desk is None:
        raise Http404
    report_set = _report_set(request)
    context = {"desks": desks, "desk": desk, "report_set": report_set, "sets": list(ReportSet.objects.active())}
    if desk is not None:
        region = desk.region
        today = clock.today(region.timezone)
        rules = services.rules_of(report_set)
        reports = list(
            Report.objects.visible_to(user)
            .filter(region=region, report_set=report_set)
            .for_list()
            .order_by("-day", "-sequence")[:LIST_LIMIT]
        )
        todays = [r for r in reports if r.day == today]
        may_prepare = services.may_prepare(user, region)
        owed = rules.sequences_on(today) if rules.must_report(region.level) else 0
        children = None
        if rules.child_level(region.level) is not None:
            children = engine.completeness(report_set, region, today, today, rules=rules)
        context.update(
            region=region,
            today=today,
            reports=reports,
            todays=todays,
            may_prepare=may_prepare,
            may_draft_today=may_prepare and len(todays) < owed,
            day_form=DayForm(initial={"region": region.code, "set": report_set.code, "day": today}),
            deadline=rules.deadline(region.level, today, region.timezone, min(len(todays) + 1, max(owed, 1))),
            children=children,
            children_rows=_rows(children) if children else [],
        )
    return render(request, "reports/index.html", context)


def _day_form_target(form: DayForm) -> str:
    return reverse("reports:index") + f"?desk={form.data.get('region', '')}&set={form.data.get('set', '')}"


def _prepared_region(request, form: DayForm) -> tuple[Region, ReportSet]:
    region = get_object_or_404(Region.objects.filter(scope_q(request.user, "code")), code=form.cleaned_data["region"])
    report_set = get_object_or_404(ReportSet.objects.active(), code=form.cleaned_data["set"])
    return region, report_set


@require_POST
@login_required
def new(request):
    """Draft the report of a day (``region``, ``set``, ``day``)."""
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid day."))
        return redirect(_day_form_target(form))
    region, report_set = _prepared_region(request, form)
    try:
        report = services.draft_report(region, report_set=report_set, day=form.cleaned_data["day"], by=request.user)
    except (ValidationError, PermissionDenied) as error:
        return _failed(request, error, _day_form_target(form))
    messages.success(
        request, _("Draft %(number)s is ready: check the figures and write the text.") % {"number": report.number}
    )
    return redirect(report)


@require_POST
@login_required
def nihil_day(request):
    """Nothing to report today, in one click: the day's report drafted, marked nihil and submitted."""
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid day."))
        return redirect(_day_form_target(form))
    region, report_set = _prepared_region(request, form)
    try:
        report = services.report_nihil(region, report_set=report_set, day=form.cleaned_data["day"], by=request.user)
    except (ValidationError, PermissionDenied) as error:
        return _failed(request, error, _day_form_target(form))
    messages.success(request, _("Report %(number)s is submitted as nihil.") % {"number": report.number})
    return redirect(report)


# --- One report --------------------------------------------------------------------------------------------------


def _get_report(request, pk: int) -> Report:
    return get_object_or_404(Report.objects.visible_to(request.user).for_page(), pk=pk)


def _labelled(figures: dict) -> dict:
    """The stored figures with labels in the page's language (codes are stored, names in both languages)."""
    english = (get_language() or "id").startswith("en")
    cases = dict(figures.get("cases") or {})

    def name(entry, prefix):
        return entry.get(f"{prefix}_en" if english else f"{prefix}_id") or entry.get("code", "")

    def label(choices, value):
        try:
            return choices(value).label
        except ValueError:
            return value

    cases["by_category"] = [{**c, "name": name(c, "name")} for c in cases.get("by_category", [])]
    cases["by_status"] = [{**s, "label": label(Case.Status, s["code"])} for s in cases.get("by_status", [])]
    cases["by_severity"] = [{**s, "label": label(Severity, s["code"])} for s in cases.get("by_severity", [])]
    cases["notable"] = [
        {
            **c,
            "category": name(c, "category"),
            "severity_label": label(Severity, c["severity"]),
            "status_label": label(Case.Status, c["status"]),
        }
        for c in cases.get("notable", [])
    ]
    children = figures.get("children")
    if children:
        children = dict(children)
        children["situations"] = [
            {**s, "situation_label": label(Situation, s["situation"]) if s["situation"] else ""}
            for s in children.get("situations", [])
        ]
        children["highlights"] = [
            {**h, "severity_label": label(Severity, h["severity"])} if "severity" in h else h
            for h in children.get("highlights", [])
        ]
    actions = dict(figures.get("actions") or {})
    actions["overdue_list"] = [
        {**a, "due": dt.datetime.fromisoformat(a["due_at"])} for a in actions.get("overdue_list", [])
    ]
    header = figures.get("header") or {}
    return {
        "header": {**header, "stage": header.get("stage_en" if english else "stage_id", "")},
        "cases": cases,
        "actions": actions,
        "children": children,
    }


def _history(report: Report) -> list[dict]:
    return [
        {"event": event, "label": HISTORY_LABELS.get(event.action, event.action)} for event in services.timeline(report)
    ]


def _detail_context(request, report: Report, **bound) -> dict:
    user = request.user
    region = report.region
    may_prepare = services.may_prepare(user, region)
    is_chair = services.is_chair(user, region)
    may_receive = services.may_receive(user, region)
    figures = _labelled(report.figures)
    children = figures["children"]
    missing = (children or {}).get("missing", [])
    activities = list(
        CampaignActivity.objects.filter(report=report)
        .select_related("candidate_pair")
        .prefetch_related(Prefetch("photos", queryset=ActivityPhoto.objects.order_by("uploaded_at", "pk")))
    )
    forms = {}
    if may_prepare and report.is_editable:
        forms["edit_form"] = bound.get("edit_form") or ReportEditForm.for_report(report)
        forms["activity_form"] = bound.get("activity_form") or ActivityForm(pairs=services.pairs_for(region))
    if may_prepare and report.status in Report.SUBMITTABLE_STATUSES:
        forms["submit_form"] = bound.get("submit_form") or SubmitForm(prefix="submit")
    if (report.status == Report.Status.SUBMITTED and is_chair) or (report.is_locked and may_receive):
        forms["return_form"] = bound.get("return_form") or NoteForm(prefix="return")
    may_excuse = bool(children) and services.may_excuse(user, region) and report.status in Report.SUBMITTABLE_STATUSES
    return {
        "report": report,
        "region": region,
        "zone": region.timezone,
        "figures": figures,
        "activities": activities,
        "history": _history(report),
        "may_prepare": may_prepare,
        "is_chair": is_chair,
        "may_approve": is_chair and report.status == Report.Status.SUBMITTED,
        "may_receive": may_receive and report.status == Report.Status.APPROVED,
        "may_refresh": may_prepare and report.status in Report.SUBMITTABLE_STATUSES,
        "may_nihil": may_prepare
        and report.status in Report.SUBMITTABLE_STATUSES
        and not (figures["cases"] or {}).get("total"),
        "may_excuse": may_excuse,
        "excuse_forms": [(m, ExcuseForm(initial={"region": m["code"]}, prefix=f"excuse-{m['code']}")) for m in missing]
        if may_excuse
        else [],
        "missing": missing,
        "override_needed": bool(missing),
        "formats": list(exports.CONTENT_TYPES),
        **forms,
    }


@require_GET
@login_required
def detail(request, pk: int):
    report = _get_report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


def _again(request, pk: int, **bound):
    """The report page again (read afresh: nothing changed), with the form and its errors."""
    report = _get_report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report, **bound), status=400)


def _done(request, report: Report, message: str):
    messages.success(request, message)
    return redirect(report)


def _refused(request, report: Report, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(report)


@require_POST
@login_required
def edit(request, pk: int):
    report = _get_report(request, pk)
    form = ReportEditForm.for_report(report, request.POST)
    if form.is_valid():
        try:
            services.update_report(report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(request, report, _("The report is saved."))
    return _again(request, pk, edit_form=form)


def _step_view(service, message):
    """A workflow step without a form: the service on the visible report, then the page with its outcome."""

    @require_POST
    @login_required
    def view(request, pk: int):
        report = _get_report(request, pk)
        try:
            service(report, by=request.user)
        except ValidationError as error:
            return _refused(request, report, error)
        return _done(request, report, str(message))

    return view


def _form_step_view(form_class, prefix: str, service, message):
    """A workflow step with a form: field errors go back on the form (``<prefix>_form`` on the page), others to
    the page as messages."""

    @require_POST
    @login_required
    def view(request, pk: int):
        report = _get_report(request, pk)
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                service(report, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    apply_service_errors(form, error)
                else:
                    return _refused(request, report, error)
            else:
                return _done(request, report, str(message))
        return _again(request, pk, **{f"{prefix}_form": form})

    return view


refresh = _step_view(services.refresh_figures, gettext_lazy("The figures are computed again from today's data."))
nihil = _step_view(services.mark_nihil, gettext_lazy("The report is submitted as nihil."))
submit = _form_step_view(
    SubmitForm, "submit", services.submit_report, gettext_lazy("The report is submitted to the chair.")
)
approve = _step_view(services.approve_report, gettext_lazy("The report is approved and sent to the desk above."))
return_report = _form_step_view(
    NoteForm, "return", services.return_report, gettext_lazy("The report is returned for correction.")
)
receive = _step_view(services.receive_report, gettext_lazy("Receipt of the report is recorded."))


@require_POST
@login_required
def excuse(request, pk: int):
    """Excuse a child that has not reported on the report's day (from the parent's report page)."""
    report = _get_report(request, pk)
    code = request.POST.get("region", "").strip()
    child = get_object_or_404(Region.objects.filter(scope_q(request.user, "code")), code=code)
    form = ExcuseForm(request.POST, prefix=f"excuse-{code}")
    reason = request.POST.get(f"excuse-{code}-reason", "")
    form.is_valid()
    try:
        services.excuse_child(
            report.region, child, report_set=report.report_set, day=report.day, reason=reason, by=request.user
        )
    except ValidationError as error:
        return _refused(request, report, error)
    if report.status in Report.SUBMITTABLE_STATUSES and services.may_prepare(request.user, report.region):
        services.refresh_figures(report, by=request.user)
    return _done(request, report, _("%(region)s is excused for this day.") % {"region": child.display_name})


@require_POST
@login_required
def add_activity(request, pk: int):
    report = _get_report(request, pk)
    form = ActivityForm(request.POST, request.FILES, pairs=services.pairs_for(report.region))
    if form.is_valid():
        try:
            services.add_activity(report, form.activity_input(), by=request.user, files=form.cleaned_data["files"])
        except ValidationError as error:
            apply_service_errors(form, error, default_field="files")
        else:
            return _done(request, report, _("The campaign activity is added."))
    return _again(request, pk, activity_form=form)


@require_POST
@login_required
def remove_activity(request, pk: int, activity_id: int):
    report = _get_report(request, pk)
    activity = get_object_or_404(CampaignActivity.objects.filter(report=report), pk=activity_id)
    try:
        services.remove_activity(activity, by=request.user)
    except ValidationError as error:
        return _refused(request, report, error)
    return _done(request, report, _("The campaign activity is removed."))


@require_GET
@login_required
def photo(request, pk: int, activity_id: int, photo_id: int):
    """A campaign photo, only through the report's access path; nothing is sniffed."""
    report = _get_report(request, pk)
    item = get_object_or_404(
        ActivityPhoto.objects.filter(activity__report=report, activity_id=activity_id), pk=photo_id
    )
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=item.content_type, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "private, max-age=0"
    return response


@require_GET
@login_required
def export(request, pk: int, fmt: str):
    if fmt not in exports.CONTENT_TYPES:
        raise Http404
    report = _get_report(request, pk)
    response = HttpResponse(exports.render(report, fmt), content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Completeness matrix -----------------------------------------------------------------------------------------


REMINDED_LABELS = {
    Reminder.Kind.BEFORE_DEADLINE: pgettext_lazy("completeness", "reminded before the deadline"),
    Reminder.Kind.OVERDUE: pgettext_lazy("completeness", "reminded when overdue"),
}


def _reminded(result: engine.Completeness) -> dict[tuple[str, dt.date], str]:
    """The latest reminder kind of each child and day of the matrix (one query)."""
    if not result.rows or result.child_level is None:
        return {}
    reminders = Reminder.objects.filter(
        report_set=result.report_set, region__level=result.child_level, day__gte=result.start, day__lte=result.end
    )
    if result.region is not None:
        reminders = reminders.filter(region__code__below=result.region.code)
    kinds: dict[tuple[str, dt.date], str] = {}
    for code, day, kind in reminders.order_by().values_list("region__code", "day", "kind"):
        if kinds.get((code, day)) != Reminder.Kind.OVERDUE:
            kinds[(code, day)] = kind
    return kinds


def _rows(result: engine.Completeness, reminded: dict | None = None) -> list[dict]:
    reminded = reminded or {}
    return [
        {
            "row": row,
            "cells": [
                {
                    "cell": cell,
                    "label": STATUS_LABELS[cell.status],
                    "symbol": STATUS_SYMBOLS[cell.status],
                    "reminded": REMINDED_LABELS.get(reminded.get((row.code, cell.day)), ""),
                }
                for cell in row.cells
            ],
        }
        for row in result.rows
    ]


@require_GET
@login_required
def matrix(request):
    """Children × days of a region (``?region=``, the user's first desk region by default), coloured by status."""
    user = request.user
    form = MatrixForm(request.GET or None)
    code = form.cleaned_data.get("region") if form.is_valid() else ""
    scope = access.scope_codes(user, roles=VIEW_ROLES)
    if code:
        region = get_object_or_404(Region.objects.filter(scope_q(user, "code")), code=code)
    elif scope:
        region = get_object_or_404(Region.objects.filter(scope_q(user, "code")), code=scope[0])
    elif scope is None:
        region = None  # a superuser: the whole country
    else:
        raise Http404
    report_set = _report_set(request)
    today = clock.today(region.timezone if region else "WIB")
    start, end = form.period(today) if form.is_bound else (today - dt.timedelta(days=13), today)
    result = engine.completeness(report_set, region, start, end, rules=services.rules_of(report_set))
    parent_code = region.ancestor_codes[-1] if region and region.ancestor_codes else None
    return render(
        request,
        "reports/matrix.html",
        {
            "form": form,
            "region": region,
            "parent_code": parent_code if parent_code and access.covers(user, parent_code) else None,
            "report_set": report_set,
            "sets": list(ReportSet.objects.active().periodic()),
            "result": result,
            "rows": _rows(result, _reminded(result)),
            "day_totals": [result.on(day) for day in result.days],
            "legend": [(status, STATUS_LABELS[status], STATUS_SYMBOLS[status]) for status in engine.STATUSES[:-1]],
            "start": start,
            "end": end,
            "zone": region.timezone if region else "WIB",
        },
    )


# --- Reminders ---------------------------------------------------------------------------------------------------


def _open_reminders(request):
    """The open reminders of the user's regions (one per slot), or of one region in scope (``?region=``)."""
    reminders = Reminder.objects.visible_to(request.user).open().current()
    code = request.GET.get("region", "").strip()
    if code:
        region = get_object_or_404(Region.objects.filter(scope_q(request.user, "code")), code=code)
        reminders = reminders.filter(region__code__subtree=region.code)
    return reminders


@require_GET
@login_required
def reminders(request):
    """What the user's regions still owe: each open reminder with a link to its draft, or the form to draft it."""
    drafts = Report.objects.filter(
        report_set=OuterRef("report_set"), region=OuterRef("region"), day=OuterRef("day"), sequence=OuterRef("sequence")
    ).values("pk")[:1]
    items = list(_open_reminders(request).for_list().annotate(draft_id=Subquery(drafts))[:REMINDER_LIMIT])
    for item in items:
        item.deadline_label = services.format_deadline(item.deadline_at, item.region.timezone)
        item.may_prepare = services.may_prepare(request.user, item.region)
    return render(request, "reports/reminders.html", {"reminders": items, "limit": REMINDER_LIMIT})


@require_GET
@login_required
def reminder_badge(request):
    """The count next to "Reporting" in the navigation, loaded by htmx so pages do not pay for it."""
    return render(request, "reports/_reminder_badge.html", {"count": _open_reminders(request).count()})
