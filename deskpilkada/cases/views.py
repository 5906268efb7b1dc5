"""Case pages: the desk's inbox, the report form, the case page with its handling forms, institutions, the map
and the file import.

Views are thin: every case is looked up through ``Case.objects.visible_to(user)`` (out of scope = 404), every
change goes through a named service in ``services.py`` (a visible case the user may not act on = 403), and the
handling forms are only shown to the people the services would accept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, Subquery
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from deskpilkada.accounts import access
from deskpilkada.core import clock, masking
from deskpilkada.core.models import Channel
from deskpilkada.desks.models import Desk, Institution
from deskpilkada.elections.models import Election, Stage
from deskpilkada.regions.models import Region

from . import exports, services
from .forms import (
    BaseRouteFormSet,
    CaseReportForm,
    FollowUpForm,
    ImportForm,
    InboxFilterForm,
    MergeForm,
    ReasonForm,
    ResolveForm,
    RouteFormSet,
    RouteNoteForm,
    VerifyForm,
    apply_service_errors,
    route_initial,
    routing_institutions,
)
from .models import Attachment, Case, Category, FollowUp, IntakeKey, RoutedAction, Severity
from .querysets import DESK_ROLES

PAGE_SIZE = 25
MAP_LIMIT = 1000
LIST_LIMIT = 100

# Steps on a case's timeline (a context of their own: "Verified" as a step reads differently from the status).
TIMELINE_LABELS = {
    "case.submit": pgettext_lazy("case timeline", "Reported"),
    "case.evidence": pgettext_lazy("case timeline", "Evidence added"),
    "case.verify": pgettext_lazy("case timeline", "Verified"),
    "case.reject": pgettext_lazy("case timeline", "Rejected"),
    "case.route": pgettext_lazy("case timeline", "Routed to institutions"),
    "case.follow_up": pgettext_lazy("case timeline", "Follow-up recorded"),
    "case.resolve": pgettext_lazy("case timeline", "Resolved"),
    "case.merge": pgettext_lazy("case timeline", "Merged as a duplicate"),
    "case.merged_in": pgettext_lazy("case timeline", "A duplicate was merged into this case"),
    "case.escalate": pgettext_lazy("case timeline", "Escalated to the desk above"),
}


# --- Who may do what ---------------------------------------------------------------------------------------------


def _may_report(user) -> bool:
    codes = access.scope_codes(user, roles=services.REPORT_ROLES)
    return codes is None or bool(codes)


def _may_import(user) -> bool:
    codes = access.scope_codes(user, roles=services.HANDLE_ROLES)
    return codes is None or bool(codes)


def _may_handle(user, case: Case) -> bool:
    """The chair or secretariat of the desk that handles the case (the rule of ``services._require_handler``)."""
    return access.has_role(user, case.desk.region.code, *services.HANDLE_ROLES)


def _is_desk_viewer(user, case: Case) -> bool:
    """Desk people see the whole case; a partner liaison only what concerns their own institution."""
    return access.has_role(user, case.region.code, *DESK_ROLES)


def _render(request, template: str, context: dict, status: int = 200):
    """Render a case page with what its sub-navigation needs."""
    user = request.user
    context = {"may_report": _may_report(user), "may_import": _may_import(user), **context}
    return render(request, template, context, status=status)


# --- Inbox -------------------------------------------------------------------------------------------------------


def _current_stages():
    current = Election.objects.active().order_by("-voting_day").values("pk")[:1]
    return list(Stage.objects.filter(election=Subquery(current)).order_by("order"))


def _filter_regions(desk: Desk | None, user) -> list[Region]:
    """The regions the inbox can be narrowed to: below the desk (districts and villages of a regency/city, the
    regencies/cities of a province), or below the user's one region when they have no desk."""
    if desk is not None:
        base = desk.region
    else:
        codes = access.scope_codes(user) or []
        if len(codes) != 1:
            return []
        base = Region(code=codes[0], level=codes[0].count(".") + 1)
    if base.level >= 4:
        return []
    max_level = 2 if base.level == 1 else 4
    return list(Region.objects.filter(code__below=base.code, level__lte=max_level).order_by("code"))


def _apply_filters(cases, filters: dict, skip: str = ""):
    if filters.get("status") and skip != "status":
        cases = cases.filter(status=filters["status"])
    if filters.get("severity") and skip != "severity":
        cases = cases.filter(severity=filters["severity"])
    if filters.get("category") and skip != "category":
        cases = cases.filter(category_id=filters["category"])
    if filters.get("region"):
        cases = cases.within(filters["region"])
    if filters.get("stage"):
        cases = cases.filter(Q(stage_id=filters["stage"]) | Q(stage__parent_id=filters["stage"]))
    if filters.get("date_from"):
        cases = cases.filter(occurred_on__gte=filters["date_from"])
    if filters.get("date_to"):
        cases = cases.filter(occurred_on__lte=filters["date_to"])
    return cases


def _inbox_selection(request) -> dict:
    """What the inbox shows, for the page and its export alike: the desk (``?desk=<region code>``, the user's
    first desk by default; out of scope is a 404), the filter form and its values, and the cases in scope
    before the filters (``_apply_filters`` narrows them).

    People without a desk in their scope (a village operator) get the cases of their own regions.
    """
    user = request.user
    desks = list(Desk.objects.visible_to(user).with_region().order_by("region__code"))
    wanted = request.GET.get("desk", "").strip()
    if wanted:
        desk = next((d for d in desks if d.region.code == wanted), None)
        if desk is None:
            raise Http404
    else:
        desk = desks[0] if desks else None

    categories = list(Category.objects.all())
    regions = _filter_regions(desk, user)
    stages = _current_stages()
    form = InboxFilterForm(request.GET or None, categories=categories, regions=regions, stages=stages)
    filters = form.filters()
    scope = filters.get("scope") or InboxFilterForm.SCOPE_DESK

    cases = Case.objects.visible_to(user)
    if desk is not None:
        cases = cases.within(desk.region.code) if scope == InboxFilterForm.SCOPE_REGION else cases.of_desk(desk)
    return {"desk": desk, "desks": desks, "categories": categories, "form": form, "filters": filters, "cases": cases}


@require_GET
@login_required
def inbox(request):
    """The cases of a desk with filters and counts (see ``_inbox_selection``)."""
    user = request.user
    selection = _inbox_selection(request)
    desk, desks, categories = selection["desk"], selection["desks"], selection["categories"]
    form, filters, cases = selection["form"], selection["filters"], selection["cases"]

    # Counts per facet, each with the other filters applied: one grouped query each.
    by_status = _apply_filters(cases, filters, skip="status").counts_by("status")
    by_severity = _apply_filters(cases, filters, skip="severity").counts_by("severity")
    by_category = _apply_filters(cases, filters, skip="category").counts_by("category")
    category_names = {c.pk: c.name for c in categories}

    overdue = RoutedAction.objects.filter(
        case=OuterRef("pk"), status__in=RoutedAction.OPEN_STATUSES, due_at__lt=clock.now()
    )
    rows = _apply_filters(cases, filters).for_list().annotate(has_overdue=Exists(overdue))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))

    if desk is not None:
        heading = desk.name
    else:
        codes = access.scope_codes(user) or []
        area = Region.objects.filter(code=codes[0]).first() if len(codes) == 1 else None
        heading = _("Cases in %(region)s") % {"region": area.display_name} if area else _("Cases in my area")
    return _render(
        request,
        "cases/inbox.html",
        {
            "desk": desk,
            "desks": desks,
            "heading": heading,
            "form": form,
            "filters": filters,
            "page": page,
            "status_counts": [(value, label, by_status.get(value, 0)) for value, label in Case.Status.choices],
            "severity_counts": [(value, label, by_severity.get(value, 0)) for value, label in Severity.choices],
            "category_counts": sorted(
                ((str(pk), category_names.get(pk, "?"), n) for pk, n in by_category.items()), key=lambda row: -row[2]
            ),
        },
    )


@require_GET
@login_required
def export(request, fmt: str):
    """The inbox's cases, with its filters, as CSV or XLSX. Reporters' data masked outside the handling desk's
    secretariat. A selection over ``exports.MAX_EXPORT_ROWS`` is refused with a message on the inbox."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    selection = _inbox_selection(request)
    cases = _apply_filters(selection["cases"], selection["filters"]).for_export().order_by("-created_at", "-pk")
    selected = list(cases[: exports.MAX_EXPORT_ROWS + 1])
    if len(selected) > exports.MAX_EXPORT_ROWS:
        messages.error(
            request,
            _("More than %(limit)s cases are selected: narrow the filters (dates, region, status) and export again.")
            % {"limit": number_format(exports.MAX_EXPORT_ROWS, force_grouping=True)},
        )
        query = request.GET.urlencode()
        return redirect(reverse("cases:inbox") + (f"?{query}" if query else ""))
    desk = selection["desk"]
    place = desk.region.code if desk is not None else "wilayah"
    filename = f"laporan-{place}-{clock.today():%Y%m%d}.{fmt}"
    table = exports.rows(selected, request.user)
    if fmt == "xlsx":
        content = exports.to_xlsx(exports.header(), table, title=_("Cases"))
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.to_csv(exports.header(), table)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Report form -------------------------------------------------------------------------------------------------


def _visible_similar(user, data: services.CaseInput, key: str) -> list[Case]:
    """Open cases that look like this one, among those the user may see (never another submission of this key)."""
    from . import duplicates

    found = duplicates.find_similar(data, user=user)
    if not found:
        return []
    same_key = IntakeKey.objects.filter(case=OuterRef("pk"), user=user, key=key)
    return list(
        Case.objects.visible_to(user)
        .filter(pk__in=[c.pk for c in found])
        .exclude(Exists(same_key))
        .select_related("region", "category")
        .order_by("-occurred_at")
    )


@require_http_methods(["GET", "POST"])
@login_required
def new(request):
    """The report form. A retried or double-tapped submission (same hidden key) stores one case."""
    user = request.user
    if not _may_report(user):
        raise PermissionDenied
    similar: list[Case] = []
    status = 200
    if request.method == "POST":
        form = CaseReportForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.case_input()
            key = str(form.cleaned_data["intake_key"])
            retry = IntakeKey.objects.filter(user=user, key=key).exists()
            if not retry and not form.cleaned_data["not_duplicate"]:
                similar = _visible_similar(user, data, key)
            if not similar:
                try:
                    case, _created = services.submit_case(
                        data, by=user, channel=Channel.WEB, intake_key=key, files=form.cleaned_data["files"]
                    )
                except services.IntakeKeyConflict as conflict:
                    messages.warning(
                        request,
                        _("This form was already sent as case %(number)s. Open a new form to report another case.")
                        % {"number": conflict.case.number},
                    )
                    return redirect(conflict.case)
                except ValidationError as error:
                    apply_service_errors(form, error, default_field="files")
                else:
                    messages.success(
                        request, _("Report received. Receipt number: %(number)s") % {"number": case.number}
                    )
                    return redirect(case)
        if form.errors:
            status = 400
    else:
        form = CaseReportForm(user=user)
    return _render(
        request,
        "cases/new.html",
        {"form": form, "similar": similar, "files_dropped": bool(similar and request.FILES)},
        status=status,
    )


# --- Case page ---------------------------------------------------------------------------------------------------


def _get_case(request, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "region__parent", "category", "desk__region", "stage", "polling_station", "reported_by", "merged_into"
        ),
        pk=pk,
    )


def _reporter(user, case: Case) -> dict:
    if services.reporter_visible_to(user, case):
        return {
            "visible": True,
            "name": case.reporter_name,
            "phone": case.reporter_phone,
            "nik": case.reporter_nik,
        }
    return {
        "visible": False,
        "name": masking.mask_name(case.reporter_name),
        "phone": masking.mask_phone(case.reporter_phone),
        "nik": masking.mask_nik(case.reporter_nik),
    }


def _actions(user, case: Case, desk_viewer: bool) -> list[RoutedAction]:
    actions = RoutedAction.objects.filter(case=case)
    if not desk_viewer:
        actions = RoutedAction.objects.visible_to(user).filter(case=case)
    follow_ups = FollowUp.objects.select_related("author").prefetch_related("attachments")
    rows = list(
        actions.select_related("institution", "created_by").prefetch_related(
            Prefetch("follow_ups", queryset=follow_ups)
        )
    )
    for action in rows:
        action.case = case  # the case already read, with its region and desk (no query per action)
    return rows


def _timeline(case: Case, action_ids: set[int], desk_viewer: bool) -> list[dict]:
    entries = []
    for event in services.timeline(case):
        changes = event.changes or {}
        details: list[str] = []
        if event.action == "case.follow_up":
            action_id = (changes.get("action") or [None, None])[1]
            if not desk_viewer and action_id not in action_ids:
                continue  # another institution's work
            institution = (changes.get("institution") or [None, ""])[1]
            if institution:
                details.append(str(institution))
            if "status" in changes:
                before, after = changes["status"]
                details.append(
                    _("status: %(before)s → %(after)s")
                    % {"before": _action_status_label(before), "after": _action_status_label(after)}
                )
        elif event.action == "case.route" and desk_viewer:
            for _before, after in changes.get("actions", []):
                if isinstance(after, dict) and after.get("institution"):
                    details.append(str(after["institution"]))
        elif event.action == "case.verify":
            corrected = [
                str(Case._meta.get_field(name).verbose_name)
                for name in changes
                if name in {"category", "severity", "kind", "title"}
            ]
            if corrected:
                details.append(_("corrected: %(fields)s") % {"fields": ", ".join(corrected)})
        entries.append(
            {
                "event": event,
                "label": TIMELINE_LABELS.get(event.action, event.action),
                "details": details,
            }
        )
    return entries


def _channel_label(value: str) -> str:
    try:
        return str(Channel(value).label)
    except ValueError:
        return value


def _action_status_label(value) -> str:
    try:
        return str(RoutedAction.Status(value).label)
    except ValueError:
        return str(value or "")


def _detail_context(request, case: Case, **bound) -> dict:
    user = request.user
    desk_viewer = _is_desk_viewer(user, case)
    actions = _actions(user, case, desk_viewer)
    action_ids = {a.pk for a in actions}
    attachments = case.attachments.select_related("follow_up")
    if not desk_viewer:
        attachments = attachments.filter(Q(follow_up__isnull=True) | Q(follow_up__action_id__in=action_ids))
    may_handle = _may_handle(user, case)
    status = case.status
    S = Case.Status
    forms: dict = {}
    if may_handle:
        if status == S.NEW:
            forms["verify_form"] = bound.get("verify_form") or VerifyForm(case=case)
        if status in (S.NEW, S.VERIFIED):
            forms["reject_form"] = bound.get("reject_form") or ReasonForm(prefix="reject")
        if status in (S.VERIFIED, S.IN_HANDLING):
            institutions = routing_institutions(case)
            forms["route_formset"] = bound.get("route_formset") or RouteFormSet(
                prefix="route", initial=route_initial(case, services.propose_routing(case)), institutions=institutions
            )
            forms["route_note_form"] = bound.get("route_note_form") or RouteNoteForm(prefix="route-note")
            forms["resolve_form"] = bound.get("resolve_form") or ResolveForm(prefix="resolve")
        if case.is_open:
            forms["merge_form"] = bound.get("merge_form") or MergeForm(
                prefix="merge", visible_cases=Case.objects.none()
            )
            if "." in case.desk.region.code:
                forms["escalate_form"] = bound.get("escalate_form") or ReasonForm(prefix="escalate")
    follow_up_forms = {}
    for action in actions:
        if action.status in RoutedAction.OPEN_STATUSES and case.is_open and services.can_update_action(user, action):
            bound_form = bound.get("follow_up_form")
            follow_up_forms[action.pk] = (
                bound_form
                if bound_form is not None and bound_form.action.pk == action.pk
                else FollowUpForm(action=action)
            )
    now = clock.now()
    action_rows = [
        {
            "action": action,
            "overdue": action.status in RoutedAction.OPEN_STATUSES and action.due_at < now,
            "form": follow_up_forms.get(action.pk),
        }
        for action in actions
    ]
    duplicates = list(Case.objects.visible_to(user).filter(merged_into=case).only("pk", "number", "title"))
    merged_into = None
    if case.merged_into_id:
        merged_into = Case.objects.visible_to(user).filter(pk=case.merged_into_id).first()
    return {
        "case": case,
        "zone": case.region.timezone,
        "desk_zone": case.desk.region.timezone,
        "reporter": _reporter(user, case),
        "attachments": list(attachments),
        "action_rows": action_rows,
        "timeline": _timeline(case, action_ids, desk_viewer),
        "may_handle": may_handle,
        "duplicates": duplicates,
        "merged_into": merged_into,
        "channel_label": _channel_label(case.channel),
        "open_form": next(iter(bound), ""),
        **forms,
    }


@require_GET
@login_required
def detail(request, pk: int):
    case = _get_case(request, pk)
    return _render(request, "cases/detail.html", _detail_context(request, case))


def _handling_case(request, pk: int) -> Case:
    case = _get_case(request, pk)
    if not _may_handle(request.user, case):
        raise PermissionDenied
    return case


def _done(request, case: Case, message: str):
    messages.success(request, message)
    return redirect(case)


def _failed(request, pk: int, **bound):
    """Show the case page again (read afresh: nothing changed) with the form and its errors."""
    case = _get_case(request, pk)
    return _render(request, "cases/detail.html", _detail_context(request, case, **bound), status=400)


@require_POST
@login_required
def verify(request, pk: int):
    case = _handling_case(request, pk)
    form = VerifyForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.verify_case(case, by=request.user, note=form.cleaned_data["note"], **form.corrections())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(request, case, _("The case is verified."))
    return _failed(request, pk, verify_form=form)


@require_POST
@login_required
def reject(request, pk: int):
    case = _handling_case(request, pk)
    form = ReasonForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            services.reject_case(case, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(request, case, _("The report is rejected."))
    return _failed(request, pk, reject_form=form)


@require_POST
@login_required
def route(request, pk: int):
    case = _handling_case(request, pk)
    formset: BaseRouteFormSet = RouteFormSet(request.POST, prefix="route", institutions=routing_institutions(case))
    note_form = RouteNoteForm(request.POST, prefix="route-note")
    if formset.is_valid() and note_form.is_valid():
        try:
            services.route_case(
                case,
                formset.action_inputs(case.desk.region.timezone),
                by=request.user,
                note=note_form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(note_form, error)
        else:
            return _done(request, case, _("The case is routed."))
    return _failed(request, pk, route_formset=formset, route_note_form=note_form)


@require_POST
@login_required
def follow_up(request, pk: int, action_id: int):
    case = _get_case(request, pk)
    action = get_object_or_404(
        RoutedAction.objects.visible_to(request.user)
        .filter(case=case)
        .select_related("institution", "case__desk__region", "case__region"),
        pk=action_id,
    )
    if not services.can_update_action(request.user, action):
        raise PermissionDenied
    form = FollowUpForm(request.POST, request.FILES, action=action)
    if form.is_valid():
        try:
            services.add_follow_up(
                action,
                by=request.user,
                note=form.cleaned_data["note"],
                status=form.cleaned_data["status"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            apply_service_errors(form, error, default_field="files")
        else:
            return _done(request, case, _("The follow-up is recorded."))
    return _failed(request, pk, follow_up_form=form)


@require_POST
@login_required
def resolve(request, pk: int):
    case = _handling_case(request, pk)
    form = ResolveForm(request.POST, request.FILES, prefix="resolve")
    if form.is_valid():
        try:
            services.resolve_case(
                case, by=request.user, note=form.cleaned_data["note"], files=form.cleaned_data["files"]
            )
        except ValidationError as error:
            apply_service_errors(form, error, default_field="files")
        else:
            return _done(request, case, _("The case is resolved."))
    return _failed(request, pk, resolve_form=form)


@require_POST
@login_required
def merge(request, pk: int):
    case = _handling_case(request, pk)
    form = MergeForm(request.POST, prefix="merge", visible_cases=Case.objects.visible_to(request.user))
    if form.is_valid():
        try:
            services.merge_case(case, into=form.cleaned_data["into"], by=request.user)
        except PermissionDenied:
            form.add_error("into", _("You may not merge into a case another desk handles."))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(
                request, case, _("The case is merged into %(number)s.") % {"number": form.cleaned_data["into"].number}
            )
    return _failed(request, pk, merge_form=form)


@require_POST
@login_required
def escalate(request, pk: int):
    case = _handling_case(request, pk)
    form = ReasonForm(request.POST, prefix="escalate")
    if form.is_valid():
        try:
            services.escalate_case(case, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _done(request, case, _("The case is escalated to %(desk)s.") % {"desk": case.desk.name})
    return _failed(request, pk, escalate_form=form)


@require_GET
@login_required
def attachment(request, pk: int, attachment_id: int):
    """An evidence file, only through the access path; PDFs download, photos show, nothing is sniffed."""
    user = request.user
    case = get_object_or_404(Case.objects.visible_to(user).select_related("region"), pk=pk)
    attachments = Attachment.objects.filter(case=case)
    if not _is_desk_viewer(user, case):
        own = RoutedAction.objects.visible_to(user).filter(case=case).values("pk")
        attachments = attachments.filter(Q(follow_up__isnull=True) | Q(follow_up__action__in=own))
    item = get_object_or_404(attachments, pk=attachment_id)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    is_pdf = item.content_type == "application/pdf"
    response = FileResponse(handle, content_type=item.content_type, as_attachment=is_pdf, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, max-age=0"
    return response


# --- Institutions ------------------------------------------------------------------------------------------------


@require_GET
@login_required
def institution(request, code: str):
    """An institution's open and overdue routed actions, for its liaisons and the desks."""
    user = request.user
    item = get_object_or_404(Institution.objects.visible_to(user).select_related("region"), code=code)
    now = clock.now()
    actions = RoutedAction.objects.visible_to(user).for_institution(item).open()
    totals = actions.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
    return _render(
        request,
        "cases/institution.html",
        {
            "institution": item,
            "totals": totals,
            "overdue_actions": list(actions.filter(due_at__lt=now).for_list().order_by("due_at")[:LIST_LIMIT]),
            "open_actions": list(actions.filter(due_at__gte=now).for_list().order_by("due_at")[:LIST_LIMIT]),
            "limit": LIST_LIMIT,
        },
    )


@require_GET
@login_required
def overdue(request):
    """Overdue routed actions per institution, counted by the database."""
    user = request.user
    rows = list(
        RoutedAction.objects.visible_to(user)
        .overdue(clock.now())
        .values("institution__code", "institution__name")
        .annotate(count=Count("pk"), oldest=Min("due_at"))
        .order_by("-count", "institution__name")
    )
    linkable = set(
        Institution.objects.visible_to(user)
        .filter(code__in=[row["institution__code"] for row in rows])
        .values_list("code", flat=True)
    )
    for row in rows:
        row["linked"] = row["institution__code"] in linkable
    return _render(request, "cases/overdue.html", {"rows": rows, "total": sum(row["count"] for row in rows)})


# --- Map ---------------------------------------------------------------------------------------------------------


@require_GET
@login_required
def case_map(request):
    """Visible cases on a map: at their coordinates, or at their region's centre where the region has one."""
    user = request.user
    include_closed = request.GET.get("closed") == "1"
    cases = Case.objects.visible_to(user)
    if not include_closed:
        cases = cases.open()
    has_own = Q(latitude__isnull=False, longitude__isnull=False)
    has_region = Q(region__latitude__isnull=False, region__longitude__isnull=False)
    placed = cases.filter(has_own | has_region).select_related("region", "category").order_by("-created_at")
    markers = []
    for case in placed[:MAP_LIMIT]:
        own = case.latitude is not None and case.longitude is not None
        markers.append(
            {
                "number": case.number or "",
                "title": case.title,
                "url": case.get_absolute_url(),
                "lat": float(case.latitude if own else case.region.latitude),
                "lng": float(case.longitude if own else case.region.longitude),
                "approximate": not own,
                "severity": case.severity,
                "severity_label": str(case.get_severity_display()),
                "status_label": str(case.get_status_display()),
                "region": case.region.display_name,
                "category": case.category.name,
            }
        )
    unplaced = cases.exclude(has_own | has_region).select_related("region", "category").order_by("-created_at")
    unplaced_count = unplaced.count()
    return _render(
        request,
        "cases/map.html",
        {
            "markers": markers,
            "unplaced": list(unplaced[:LIST_LIMIT]),
            "unplaced_count": unplaced_count,
            "include_closed": include_closed,
            "limit": LIST_LIMIT,
            "labels": {
                "approximate": _("Position: centre of the region"),
                "open": _("Open the case"),
            },
        },
    )


# --- Import ------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def import_cases(request):
    """A CSV or XLSX of cases collected on paper: all rows stored, or none and every error with its line."""
    from . import imports

    user = request.user
    if not _may_import(user):
        raise PermissionDenied
    result = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.import_cases(upload, by=user, filename=upload.name)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                if result.errors:
                    status = 400
                else:
                    count = len(result.created)
                    messages.success(
                        request,
                        ngettext("%(count)s case imported.", "%(count)s cases imported.", count) % {"count": count},
                    )
        if form.errors:
            status = 400
    else:
        form = ImportForm()
    return _render(request, "cases/import.html", {"form": form, "result": result}, status=status)
