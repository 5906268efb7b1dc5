"""Media pages: a desk's inbox of signals, a story with its outlets and evidence, pasting news, feed settings.

Views are thin: they read through the access path (``visible_to``; out of scope is a 404) and call
``deskpilkada.media.services``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deskpilkada.accounts import access
from deskpilkada.cases.models import Category
from deskpilkada.core import clock
from deskpilkada.core.models import Channel
from deskpilkada.desks.models import Desk
from deskpilkada.elections.models import Stage
from deskpilkada.regions.models import Region

from . import files, services, tasks
from .engine.classify import ROUTINE
from .forms import MAX_UPLOAD_BYTES, CaseFromSignalForm, DismissForm, FeedForm, ItemForm
from .models import Feed, Item, Signal, Story, StoryRegion

PAGE_SIZE = 25


def _category_names() -> dict[str, str]:
    names = {c.code: c.name for c in Category.objects.all()}
    names[ROUTINE] = _("Coordination meeting / routine")
    return names


def _stage_name(code: str) -> str:
    """The stage's name in the reader's language (the story stores the KPU calendar's code)."""
    if not code:
        return "-"
    stage = Stage.objects.filter(code=code).order_by("-election__voting_day").first()
    return stage.name if stage else code


def _may_handle(user, desk: Desk) -> bool:
    return access.has_role(user, desk.region.code, *services.HANDLE_ROLES)


@login_required
def inbox(request):
    """The signals of one desk: today's stories first, with sources, category, regions and the triage buttons."""
    user = request.user
    desks = list(Desk.objects.visible_to(user).select_related("region"))
    code = request.GET.get("desk", "")
    desk = next((d for d in desks if d.region.code == code), None) if code else None
    if desk is None and desks:
        desk = desks[0]
    status = request.GET.get("status", Signal.Status.NEW)
    if status not in Signal.Status.values and status != "all":
        status = Signal.Status.NEW
    day = _inbox_day(request.GET.get("day", ""), desk)
    signals = Signal.objects.none()
    counts: dict[str, int] = {}
    if desk is not None:
        base = Signal.objects.visible_to(user).for_desk(desk)
        if day is not None:
            base = base.arrived_on(day, desk.region.timezone)
        counts = dict(base.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
        signals = base if status == "all" else base.filter(status=status)
        signals = signals.select_related("story__main_region", "case").prefetch_related(
            Prefetch("story__regions", queryset=StoryRegion.objects.select_related("region").order_by("role"))
        )
    page = Paginator(signals.order_by("-story__day", "-story__first_seen_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    names = _category_names()
    for signal in page:
        signal.story.category_label = names.get(signal.story.category, signal.story.category or "-")
    return render(
        request,
        "media/inbox.html",
        {
            "desk": desk,
            "desks": desks,
            "page": page,
            "status": status,
            "day": day,
            "today": clock.today(desk.region.timezone) if desk else None,
            "day_query": f"&day={day.isoformat()}" if day else "",
            "previous_day": day - dt.timedelta(days=1) if day else None,
            "next_day": day + dt.timedelta(days=1) if day else None,
            "status_counts": [(v, label, counts.get(v, 0)) for v, label in Signal.Status.choices],
            "may_handle": desk is not None and _may_handle(user, desk),
            "may_post": services.can_post(user),
        },
    )


def _inbox_day(value: str, desk: Desk | None) -> dt.date | None:
    """The day the inbox is narrowed to: "today" (the desk's local day), an ISO date, or none (every day)."""
    if desk is None or not value:
        return None
    if value == "today":
        return clock.today(desk.region.timezone)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _story_or_404(request, pk: int) -> Story:
    stories = Story.objects.visible_to(request.user).select_related("main_region")
    return get_object_or_404(stories, pk=pk)


@login_required
def story(request, pk: int):
    """A story: its outlets (items), the extracted fields with their evidence, and the desks' signals."""
    found = _story_or_404(request, pk)
    items = list(found.items.select_related("main_region", "feed").order_by("received_at"))
    regions = list(found.regions.select_related("region").order_by("role", "region__code"))
    signals = list(Signal.objects.visible_to(request.user).filter(story=found).select_related("desk__region", "case"))
    handling = []
    for signal in signals:
        form = None
        if signal.status == Signal.Status.NEW and _may_handle(request.user, signal.desk):
            draft = services.case_draft(signal)
            form = CaseFromSignalForm(
                initial={
                    "title": draft.title,
                    "category": draft.category.code,
                    "severity": draft.severity,
                    "kind": draft.kind,
                    "description": draft.description,
                },
                prefix=f"s{signal.pk}",
            )
        handling.append({"signal": signal, "form": form, "dismiss": DismissForm(prefix=f"d{signal.pk}")})
    first = items[0] if items else None
    found.category_label = _category_names().get(found.category, found.category or "-")
    found.stage_label = _stage_name(found.stage)
    return render(
        request,
        "media/story.html",
        {
            "story": found,
            "items": items,
            "regions": regions,
            "handling": handling,
            "analysis": first.analysis if first else {},
            "may_post": services.can_post(request.user),
        },
    )


def _signal_for_handling(request, pk: int) -> Signal:
    signal = get_object_or_404(Signal.objects.visible_to(request.user).select_related("desk__region", "story"), pk=pk)
    if not _may_handle(request.user, signal.desk):
        raise PermissionDenied
    return signal


@require_POST
@login_required
def dismiss(request, pk: int):
    signal = _signal_for_handling(request, pk)
    form = DismissForm(request.POST, prefix=f"d{signal.pk}")
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.dismiss_signal(signal, by=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The signal was dismissed."))
    return redirect(f"{reverse('media:inbox')}?desk={signal.desk.region.code}")


@require_POST
@login_required
def make_case(request, pk: int):
    signal = _signal_for_handling(request, pk)
    form = CaseFromSignalForm(request.POST, prefix=f"s{signal.pk}")
    if not form.is_valid():
        messages.error(request, _("The case could not be made: check the fields."))
        return redirect(signal.story.get_absolute_url())
    draft = services.case_draft(signal)
    draft.title = form.cleaned_data["title"]
    draft.category = form.cleaned_data["category"]
    draft.severity = form.cleaned_data["severity"]
    draft.kind = form.cleaned_data["kind"]
    draft.description = form.cleaned_data["description"]
    try:
        case = services.make_case(signal, by=request.user, draft=draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(signal.story.get_absolute_url())
    messages.success(request, _("Case %(number)s was made from the story.") % {"number": case.number})
    return redirect(case.get_absolute_url())


def _uploaded_contents(uploads) -> list[tuple[str, bytes]]:
    """(name, bytes) of each uploaded text/HTML file, a zip opened into its members."""
    return files.expand_archives((upload.name, upload.read(MAX_UPLOAD_BYTES)) for upload in uploads)


@login_required
def new_item(request):
    """Paste an article or upload files; each becomes an item, analysed and placed in a story."""
    if not services.can_post(request.user):
        raise PermissionDenied
    form = ItemForm(request.POST or None, request.FILES or None)
    results: list[tuple[str, Item, bool]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        batch: list[tuple[str, str | bytes]] = []
        if (data.get("text") or "").strip():
            batch.append((data.get("source") or _("pasted text"), data["text"]))
        batch.extend(_uploaded_contents(data.get("files") or []))
        if not batch:  # only an address: fetch the page
            result = services.ingest_url(
                data["url"], by=request.user, channel=Channel.WEB, source=data.get("source") or ""
            )
            results.append((data["url"], result.item, result.created))
        for name, content in batch:
            result = services.ingest(
                content,
                by=request.user,
                channel=Channel.WEB,
                source=data.get("source") or name,
                url=(data.get("url") or "") if len(batch) == 1 else "",
            )
            results.append((name, result.item, result.created))
        if (
            len(results) == 1
            and results[0][1].story_id
            and Story.objects.visible_to(request.user).filter(pk=results[0][1].story_id).exists()
        ):
            return redirect(results[0][1].story.get_absolute_url())
    return render(request, "media/new.html", {"form": form, "results": results})


def _feed_regions(user) -> list[Region]:
    """The desk regions where the user may configure feeds."""
    desks = Desk.objects.visible_to(user).select_related("region")
    return [d.region for d in desks if access.has_role(user, d.region.code, *services.HANDLE_ROLES)]


@login_required
def feed_list(request):
    regions = _feed_regions(request.user)
    form = FeedForm(request.POST or None, regions=regions)
    if request.method == "POST":
        if not regions:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_feed(
                    by=request.user,
                    name=form.cleaned_data["name"],
                    url=form.cleaned_data["url"],
                    region=form.regions[form.cleaned_data["region"]],
                    poll_interval=form.cleaned_data.get("poll_interval"),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("The feed was added; the worker polls it."))
                return redirect("media:feeds")
    feeds = Feed.objects.visible_to(request.user).select_related("region")
    context = {"feeds": feeds, "form": form, "may_edit": bool(regions), "may_post": services.can_post(request.user)}
    return render(request, "media/feeds.html", context)


def _feed_for_editing(request, pk: int) -> Feed:
    feed = get_object_or_404(Feed.objects.visible_to(request.user).select_related("region"), pk=pk)
    if not access.has_role(request.user, feed.region.code, *services.HANDLE_ROLES):
        raise PermissionDenied
    return feed


@require_POST
@login_required
def feed_toggle(request, pk: int):
    feed = _feed_for_editing(request, pk)
    services.set_feed_active(feed, by=request.user, active=not feed.is_active)
    return redirect("media:feeds")


@require_POST
@login_required
def feed_poll(request, pk: int):
    feed = _feed_for_editing(request, pk)
    tasks.poll_feed.enqueue(feed.pk)
    messages.success(request, _("The feed will be polled by the worker shortly."))
    return redirect("media:feeds")
