"""Every write of media monitoring: ingest (analyse, group, signal), dismiss, make a case, feeds.

The engine (``deskpilkada.media.engine``) does the reading; these functions load its inputs, store its results
and record who did what. Analysis runs before the transaction (it is CPU work on the text alone); storing the
item, joining or opening its story and creating the signals is one transaction with its audit events, so a
failure leaves no half-written story. Grouping reads the candidate rows of one region and a few days from the
database and rebuilds the LSH from them (:meth:`StoryIndex.from_rows`): no process keeps grouping state, and
the region row is locked while a story is chosen so two copies of one release arriving together on two
workers do not open two stories.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from deskpilkada.accounts import access
from deskpilkada.accounts.models import Role
from deskpilkada.cases import services as case_services
from deskpilkada.cases.models import Case, Category
from deskpilkada.core import audit, clock
from deskpilkada.core.models import Channel
from deskpilkada.desks.models import Desk
from deskpilkada.elections.models import Election
from deskpilkada.regions.models import Region

from . import inputs
from .engine import pipeline, stories
from .engine.classify import ROUTINE
from .models import Feed, Item, ItemStatus, Signal, Story, StoryRegion

POST_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OPERATOR)
HANDLE_ROLES = (Role.CHAIR, Role.SECRETARIAT)
ROLE_RANK = {StoryRegion.Role.SUBJECT: 0, StoryRegion.Role.VENUE: 1, StoryRegion.Role.MENTIONED: 2}


@dataclasses.dataclass
class Ingested:
    item: Item
    created: bool  # False when the same item was received before (a retry)
    in_scope: bool  # whether the item's main region lies in the sender's regions


def fingerprint(content: str | bytes, url: str = "") -> str:
    raw = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.sha256(raw + b"\x00" + (url or "").strip().encode()).hexdigest()


def can_post(user) -> bool:
    """Members of a desk (any region) may send news items; liaisons and outsiders without a role may not."""
    if user is None:
        return True  # the worker
    if getattr(user, "is_superuser", False):
        return True
    codes = access.scope_codes(user, POST_ROLES)
    return bool(codes)


def _election_context() -> dict:
    """The current election's first day (older news is "old") and year (for dates written without one)."""
    election = Election.objects.current()
    if election is None:
        return {"old_before": None, "context_years": ()}
    first = election.stages.exclude(start=None).order_by("start").values_list("start", flat=True).first()
    old_before = dt.date(election.voting_day.year, 1, 1) if first is None else min(first, election.voting_day)
    return {"old_before": old_before, "context_years": (election.voting_day.year,)}


def ingest(
    content: str | bytes,
    *,
    by=None,
    channel: str = Channel.WEB,
    source: str = "",
    url: str = "",
    feed: Feed | None = None,
    published: dt.date | None = None,
    is_html: bool | None = None,
) -> Ingested:
    """Keep one news item as received, analyse it, and place it in a story. A retry (same content and address)
    returns the first item. Never raises on bad content: the item gets its status."""
    if not can_post(by):
        raise PermissionDenied(_("You may not send news items."))
    key = fingerprint(content, url)
    # No look-up first: a retry is rare, and the unique fingerprint turns it into the IntegrityError below,
    # after which the first item is returned (the analysis ran again; nothing was written twice).
    context = inputs.cached_config("election", _election_context)
    result = pipeline.analyse(
        content,
        gazetteer=inputs.region_gazetteer(),
        url=url or None,
        published=published,
        calendar=inputs.stage_calendar(),
        lexicon=inputs.shipped_lexicon(),
        is_html=is_html,
        **context,
    )
    raw = content if isinstance(content, str) else content.decode("utf-8", "replace")
    if "\x00" in raw:
        raw = raw.replace("\x00", "\ufffd")  # databases refuse NUL; the status already says "binary"
    try:
        with transaction.atomic():
            item = _store(raw, result, by=by, channel=channel, source=source, url=url, feed=feed, key=key)
    except IntegrityError:
        item = Item.objects.filter(fingerprint=key).select_related("main_region", "story").first()
        if item is None:
            raise
        return Ingested(item, False, _in_scope(by, item))
    return Ingested(item, True, _in_scope(by, item))


URL_CONTENT_TYPES = ("text/", "application/xhtml+xml")
_FETCH_STATUS = {
    "timeout": ItemStatus.FETCH_TIMEOUT,
    "redirects": ItemStatus.FETCH_REDIRECTS,
    "too_large": ItemStatus.FETCH_TOO_LARGE,
    "content_type": ItemStatus.FETCH_TYPE,
}


def ingest_url(url: str, *, by=None, channel: str = Channel.WEB, source: str = "", fetcher=None) -> Ingested:
    """Fetch one address (http/https, at most 2 MB, a few seconds, a few redirects, HTML or text only) and
    ingest the body as received, with the address as its source, through :func:`ingest`. An address that
    cannot be read becomes an item with that status and no story. ``fetcher`` (tests) stands for
    :func:`feeds.fetch_page`."""
    from . import feeds

    if not can_post(by):
        raise PermissionDenied(_("You may not send news items."))
    url = (url or "").strip()
    fetch = fetcher or feeds.fetch_page
    try:
        page = fetch(url, timeout=URL_TIMEOUT_SECONDS, limit=pipeline.MAX_BYTES, content_types=URL_CONTENT_TYPES)
    except feeds.FetchError as exc:
        return _fetch_failed(url, exc, by=by, channel=channel, source=source)
    body = page.body.decode(page.charset or "utf-8", "replace") if page.charset else page.body
    is_html = "html" in page.content_type
    return ingest(body, by=by, channel=channel, source=source or _host(url), url=url, is_html=is_html)


URL_TIMEOUT_SECONDS = 10


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").removeprefix("www.")


@transaction.atomic
def _fetch_failed(url: str, exc, *, by, channel, source) -> Ingested:
    now = clock.now()
    status = _FETCH_STATUS.get(exc.reason, ItemStatus.FETCH_FAILED)
    item = Item.objects.create(
        raw="",
        format=Item.Format.HTML,
        source=(source or _host(url))[:200],
        url=url[:1000],
        channel=channel,
        received_at=now,
        received_by=by if getattr(by, "is_authenticated", False) else None,
        # Nothing was received: a later attempt at the same address must fetch again, not return this item.
        fingerprint=fingerprint(f"fetch failed {now.isoformat()} {exc.message}", url),
        status=status,
        status_message=exc.message[:300],
        analysis={},
    )
    audit.record(
        actor=by,
        action="media.item.ingest",
        obj=item,
        channel=channel,
        changes=audit.created({"status": item.status, "source": item.source, "url": item.url}),
        note=exc.message[:300],
    )
    return Ingested(item, True, _in_scope(by, item))


def _in_scope(user, item: Item) -> bool:
    if user is None or not item.main_region_id:
        return user is None or getattr(user, "is_superuser", False)
    return access.covers(user, item.main_region.code)


def _store(raw: str, result: pipeline.Analysis, *, by, channel, source, url, feed, key) -> Item:
    """Store the item, its story, the story's regions and signals, and their audit events.

    The hot path of every channel, so it counts its queries: region and desk keys come from per-process caches
    (:func:`inputs.region_ids`, :func:`inputs.desk_ids`), the story is chosen before the item is written (so
    the item is inserted once, with its story), regions and signals are bulk-inserted, and the audit events
    (one per item, story and signal) go in one statement at the end of the transaction."""
    ids = inputs.region_ids() if result.ok else {}
    main = _lock_region(ids[result.main_region]) if result.ok and result.main_region in ids else None
    now = clock.now()
    received_by = by if getattr(by, "is_authenticated", False) else None
    item = Item(
        raw=raw,
        format=Item.Format.HTML if result.source_kind == "html" else Item.Format.TEXT,
        source=source[:200],
        url=url[:1000],
        feed=feed,
        channel=channel,
        received_at=now,
        received_by=received_by,
        fingerprint=key,
        status=result.status,
        status_message=result.message[:300],
        title=result.title[:300],
        published=result.published,
        event_date=result.event_date,
        main_region=main,
        category=result.category,
        kind=result.kind,
        is_old=result.is_old,
        analysis=result.as_dict(),
        signature=stories.signature_bytes(result.signature) if result.signature is not None else None,
        anchors=sorted(result.anchors),
        figures=[list(f.key) for f in result.figures],
        event_date_written=result.event_date_written,
    )
    events = []
    if not result.ok:
        item.save(force_insert=True)
    else:
        events = _group(item, result, ids, by=by, channel=channel, now=now)
    events.insert(
        0,
        audit.unsaved(
            actor=by,
            action="media.item.ingest",
            obj=item,
            channel=channel,
            changes=audit.created({"status": item.status, "source": item.source, "url": item.url}),
        ),
    )
    audit.record_all(events)
    return item


def _lock_region(pk: int) -> Region | None:
    """Lock the main region's row until the transaction ends (PostgreSQL; SQLite's IMMEDIATE transactions
    already write one at a time): one grouping at a time per region, so two copies of one release arriving
    together on two workers do not open two stories. Returns the region with its code (the rest loads on
    access); hand-written like :func:`_candidate_rows`, for the same reason."""
    sql = "SELECT id, code FROM regions_region WHERE id = %s"
    if connection.features.has_select_for_update:
        sql += " FOR UPDATE"
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return Region.from_db(connection.alias, ["id", "code"], row) if row else None


def _candidate_rows(region_id: int | None, day: dt.date | None) -> list[tuple]:
    """The stored items grouping compares an article with: those in a story, of its main region (or of none)
    and, for a dated article, with a story date within ``stories.MAX_DAYS`` of its day. One statement, a dozen
    columns of each (not the raw text nor the analysis), with the columns of its story that a join updates.

    Hand-written SQL, as are :func:`_lock_region` and :func:`_placed_and_signalled` (the project's only three
    such statements): they run for every article of every channel, and building them through the ORM cost
    more than the database took to answer them. They use only what SQLite and PostgreSQL share.
    Two ranges of the ``(main_region, event_date)`` index in one UNION ALL: an OR of them made SQLite read
    every item of the region (9 ms instead of 0.7 ms with 100,000 items stored)."""
    where = "i.main_region_id = %s" if region_id else "i.main_region_id IS NULL"
    params: list = [ItemStatus.OK.value] + ([region_id] if region_id else [])
    if day is None:
        sql = f"{_CANDIDATES} WHERE i.status = %s AND {where}"  # noqa: S608 (constant parts, values as parameters)
    else:
        window = dt.timedelta(days=stories.MAX_DAYS)
        sql = (
            f"{_CANDIDATES} WHERE i.status = %s AND {where} AND i.event_date BETWEEN %s AND %s UNION ALL "  # noqa: S608
            f"{_CANDIDATES} WHERE i.status = %s AND {where} AND i.event_date IS NULL AND i.published BETWEEN %s AND %s"
        )
        params = [*params, day - window, day + window, *params, day - window, day + window]
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY 1", params)  # in the order the items were assigned
        return cursor.fetchall()


# The tables are named here as Django names them (a test checks them against the models).
_CANDIDATES = (
    "SELECT i.id, i.story_id, i.event_date, i.published, i.signature, i.source, f.name, i.category, i.anchors,"
    " i.figures, i.event_date_written, s.item_count, s.outlets, s.day"
    " FROM media_item i JOIN media_story s ON s.id = i.story_id LEFT JOIN media_feed f ON f.id = i.feed_id"
)
_PLACED_AND_SIGNALLED = (
    "SELECT sr.id, r.code, sr.role, NULL FROM media_storyregion sr JOIN regions_region r ON r.id = sr.region_id"
    " WHERE sr.story_id = %s UNION ALL SELECT NULL, NULL, NULL, desk_id FROM media_signal WHERE story_id = %s"
)


def _json(value):
    """A JSON column read by hand: text on both databases (Django's PostgreSQL loader keeps jsonb as text)."""
    if value == "[]":  # most rows: no figures, no quotation (json.loads costs a microsecond per call)
        return []
    return json.loads(value) if isinstance(value, str | bytes) else value


def _candidate_features(row: tuple, region: str | None) -> stories.Features:
    pk, _story, event_date, published, signature, source, feed_name, category, anchors, figures, written = row[:11]
    event_date, published = _date(event_date), _date(published)
    return stories.Features(
        key=pk,
        region=region,
        day=event_date or published,
        figures=frozenset((unit, float(value)) for unit, value in _json(figures) or ()),
        signature=stories.signature_from_bytes(bytes(signature)),
        outlet=source or feed_name or "",
        category=category,
        anchors=frozenset(_json(anchors) or ()),
        event_day=event_date if written else None,
    )


def _group(item: Item, result: pipeline.Analysis, ids: dict, *, by, channel, now) -> list:
    """Choose the item's story (join or open one), save the item in it, place and signal the story. Returns the
    unsaved audit events of what it wrote.

    The caller holds the lock of the main region's row, and a story is only ever written here, by an item of
    its main region: the story columns read with the candidates are therefore current, and a join updates the
    story without reading it again."""
    day = result.story_date
    region_code = result.main_region if item.main_region_id else None
    rows = _candidate_rows(item.main_region_id, day)
    # A dated article's candidates are exactly the rows read (its region, story dates within MAX_DAYS): no LSH.
    index = stories.StoryIndex.from_rows(
        ((_candidate_features(row, region_code), row[1]) for row in rows), use_lsh=day is None
    )
    assignment = index.assign(result.features(None, outlet=item.outlet), new_story_key=0)
    events = []
    if assignment.joined:
        item_count, outlets, story_day = next(r[11:] for r in rows if r[1] == assignment.story)
        outlets = _json(outlets) or []
        story_day = _date(story_day)
        changes = {"item_count": [item_count, item_count + 1]}
        update = {"item_count": item_count + 1, "updated_at": now}
        if item.outlet and item.outlet not in outlets:
            update["outlets"] = [*outlets, item.outlet]
            changes["outlets"] = [outlets, update["outlets"]]
        if day is not None and (story_day is None or day < story_day):
            update["day"] = day
            changes["day"] = [audit.jsonable(story_day), audit.jsonable(day)]
        Story.objects.filter(pk=assignment.story).update(**update)
        item.story_id = assignment.story
        item.save(force_insert=True)
        story = Story(pk=assignment.story)  # the key only, for the audit event and the rows written below
        events.append(
            audit.unsaved(
                actor=by,
                action="media.story.join",
                obj=story,
                channel=channel,
                region_code=region_code or "",  # the story's main region is the item's (one partition)
                changes=changes,
                note=f"item {item.pk}: {assignment.reason} ({assignment.similarity:.2f})",
            )
        )
    else:
        story = Story.objects.create(
            title=(result.title or item.source or "-")[:300],
            main_region_id=item.main_region_id,
            day=day,
            category=result.category,
            kind=result.kind,
            stage=result.stage,
            is_old=result.is_old,
            first_seen_at=now,
            outlets=[item.outlet] if item.outlet else [],
            item_count=1,
            created_at=now,
            updated_at=now,
        )
        item.story = story
        item.save(force_insert=True)
        events.append(
            audit.unsaved(
                actor=by,
                action="media.story.create",
                obj=story,
                channel=channel,
                region_code=region_code or "",
                changes=audit.created({"title": story.title, "category": story.category, "day": story.day}),
                note=f"item {item.pk}",
            )
        )
    regions, signalled = _placed_and_signalled(story.pk) if assignment.joined else ({}, set())
    subjects = _place(story, result, ids, regions)
    events.extend(_signal(story, subjects, signalled, by=by, channel=channel, now=now))
    return events


def _date(value) -> dt.date | None:
    """A date column read by hand: SQLite gives its text where it cannot tell the column's type (a UNION)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _placed_and_signalled(story_id: int) -> tuple[dict[str, StoryRegion], set[int]]:
    """A joined story's regions (code -> row) and the desks it was signalled to, in one statement."""
    regions, desks = {}, set()
    with connection.cursor() as cursor:
        cursor.execute(_PLACED_AND_SIGNALLED, [story_id, story_id])
        for pk, code, role, desk_id in cursor.fetchall():
            if desk_id is None:
                regions[code] = StoryRegion(pk=pk, story_id=story_id, role=role)
            else:
                desks.add(desk_id)
    return regions, desks


def _place(story: Story, result: pipeline.Analysis, ids: dict, current: dict[str, StoryRegion]) -> list[str]:
    """Add the item's regions to the story's (``current``: code -> row), keeping the strongest role of each;
    the story's subject codes."""
    added = []
    for ref in result.regions:
        pk = ids.get(ref.code)
        if pk is None:
            continue
        role = ref.role if ref.role in ROLE_RANK else StoryRegion.Role.MENTIONED
        existing = current.get(ref.code)
        if existing is None:
            current[ref.code] = StoryRegion(story_id=story.pk, region_id=pk, role=role)
            added.append(current[ref.code])
        elif ROLE_RANK[role] < ROLE_RANK[existing.role]:
            existing.role = role
            StoryRegion.objects.filter(pk=existing.pk).update(role=role)
    if added:
        StoryRegion.objects.bulk_create(added)
    return [code for code, sr in current.items() if sr.role == StoryRegion.Role.SUBJECT]


def _desk_ids_for(subject_codes) -> dict[str, int]:
    """Desk region code -> desk key for the subject regions: the regency/city desk of each (the province desk
    for a province-level region or a regency without a desk)."""
    desks = inputs.desk_ids()
    chosen: dict[str, int] = {}
    for code in subject_codes:
        desk_code = code[:5] if len(code) >= 5 and code[:5] in desks else code[:2]
        if desk_code in desks:
            chosen[desk_code] = desks[desk_code]
    return chosen


def desks_for(story: Story) -> list[Desk]:
    """The desks whose inbox gets the story: the regency/city desk of each subject region (the province desk
    for a province-level story or a regency without a desk)."""
    codes = story.regions.filter(role=StoryRegion.Role.SUBJECT).values_list("region__code", flat=True)
    chosen = _desk_ids_for(codes)
    return list(Desk.objects.filter(pk__in=chosen.values()).select_related("region"))


def _signal(story: Story, subject_codes, signalled: set[int], *, by, channel, now) -> list:
    """Signal the story to the desks of its subject regions that have no signal of it yet (``signalled``)."""
    made = [
        Signal(story_id=story.pk, desk_id=desk_id, created_at=now)
        for desk_id in _desk_ids_for(subject_codes).values()
        if desk_id not in signalled
    ]
    if not made:
        return []
    desk_codes = {pk: code for code, pk in inputs.desk_ids().items()}
    return [
        audit.unsaved(
            actor=by,
            action="media.signal.create",
            obj=signal,
            channel=channel,
            region_code=desk_codes[signal.desk_id],
            changes=audit.created({"story": story.pk, "desk": desk_codes[signal.desk_id]}),
        )
        for signal in Signal.objects.bulk_create(made)
    ]


# --- Triage -------------------------------------------------------------------------------------------------


def _check_handler(signal: Signal, by) -> None:
    code = signal.desk.region.code
    if not (access.covers(by, code) and access.has_role(by, code, *HANDLE_ROLES)):
        raise PermissionDenied(_("Only the desk's secretariat or chair may handle its media signals."))
    if signal.status != Signal.Status.NEW:
        raise ValidationError(_("This signal has already been handled."))


@transaction.atomic
def dismiss_signal(signal: Signal, *, by, note: str = "", channel: str = Channel.WEB) -> Signal:
    signal = Signal.objects.select_for_update().select_related("desk__region").get(pk=signal.pk)
    _check_handler(signal, by)
    signal.status, signal.handled_by, signal.handled_at = Signal.Status.DISMISSED, by, clock.now()
    signal.note = note.strip()[:500]
    signal.save(update_fields=["status", "handled_by", "handled_at", "note"])
    audit.record(
        actor=by,
        action="media.signal.dismiss",
        obj=signal,
        channel=channel,
        changes={"status": [Signal.Status.NEW, signal.status]},
        note=signal.note,
    )
    return signal


@dataclasses.dataclass
class CaseDraft:
    """A case pre-filled from a story; the form lets the secretariat change it before saving."""

    region: Region
    category: Category
    severity: str
    kind: str
    title: str
    description: str
    occurred_at: dt.datetime


def case_draft(signal: Signal) -> CaseDraft:
    story = signal.story
    desk_code = signal.desk.region.code
    subject = [
        sr.region
        for sr in story.regions.filter(role=StoryRegion.Role.SUBJECT).select_related("region")
        if sr.region.code == desk_code or sr.region.code.startswith(desk_code + ".")
    ]
    region = max(subject, key=lambda r: r.level) if subject else signal.desk.region
    code = story.category if story.category and story.category != ROUTINE else "lainnya"
    category = Category.objects.filter(code=code, is_active=True).first() or Category.objects.get(code="lainnya")
    kind = Case.Kind.INCIDENT if story.kind == "problem" else Case.Kind.POTENTIAL
    items = list(story.items.order_by("received_at")[:5])
    lines = []  # the title has its own field: the description starts with what the news says
    if items:
        lines.append(_first_paragraph(items[0]))
        lines.append("")
    lines.append(_("Sources: %(outlets)s") % {"outlets": ", ".join(story.outlets) or "-"})
    lines.extend(f"- {i.url}" for i in items if i.url)
    evidence = items[0].analysis.get("evidence", []) if items else []
    if evidence:
        phrases = ", ".join(dict.fromkeys(e["phrase"] for e in evidence[:8]))
        lines.append(_("Evidence: %(phrases)s") % {"phrases": phrases})
    zone = clock.zone(region.timezone)
    if story.day is not None:
        occurred = dt.datetime.combine(story.day, dt.time(12, 0), tzinfo=zone)
        occurred = min(occurred, clock.now())
    else:
        occurred = story.first_seen_at
    return CaseDraft(
        region=region,
        category=category,
        severity=category.default_severity,
        kind=kind,
        title=story.title[:200],
        description="\n".join(lines).strip(),
        occurred_at=occurred,
    )


def _first_paragraph(item: Item) -> str:
    text = item.analysis.get("text") or ""
    if not text:
        from .engine.clean import clean_text

        text = clean_text(item.raw).text if item.format == Item.Format.TEXT else ""
    return text.split("\n\n")[0][:1500]


def make_case(signal: Signal, *, by, draft: CaseDraft | None = None, channel: str = Channel.WEB) -> Case:
    """Turn a signal into a case through the one intake (``submit_case``), pre-filled from its story. Retrying
    returns the same case (the signal is the intake key)."""
    with transaction.atomic():
        signal = Signal.objects.select_for_update().select_related("desk__region", "story").get(pk=signal.pk)
        if signal.status == Signal.Status.CASE and signal.case_id:
            return signal.case
        _check_handler(signal, by)
        draft = draft or case_draft(signal)
        data = case_services.CaseInput(
            region=draft.region,
            category=draft.category,
            severity=draft.severity,
            title=draft.title,
            description=draft.description,
            occurred_at=draft.occurred_at,
            kind=draft.kind,
        )
        case, _created = case_services.submit_case(data, by=by, channel=channel, intake_key=f"media-signal-{signal.pk}")
        signal.status, signal.case = Signal.Status.CASE, case
        signal.handled_by, signal.handled_at = by, clock.now()
        signal.save(update_fields=["status", "case", "handled_by", "handled_at"])
        audit.record(
            actor=by,
            action="media.signal.case",
            obj=signal,
            channel=channel,
            changes={"status": [Signal.Status.NEW, signal.status], "case": [None, case.number]},
        )
    return case


# --- Feeds --------------------------------------------------------------------------------------------------


def _check_feed_admin(by, region: Region) -> None:
    if not (access.covers(by, region.code) and access.has_role(by, region.code, *HANDLE_ROLES)):
        raise PermissionDenied(_("Only a desk's secretariat or chair may configure its feeds."))


@transaction.atomic
def add_feed(
    *, by, name: str, url: str, region: Region, poll_interval: int | None = None, channel: str = Channel.WEB
) -> Feed:
    _check_feed_admin(by, region)
    if not name.strip():
        raise ValidationError({"name": _("The name is required.")})
    if not url.lower().startswith(("http://", "https://")):
        raise ValidationError({"url": _("A feed address starts with http:// or https://.")})
    if Feed.objects.filter(url=url.strip()).exists():
        raise ValidationError({"url": _("This feed is already configured.")})
    interval = poll_interval or Feed._meta.get_field("poll_interval").default
    if not 5 <= interval <= 1440:
        raise ValidationError({"poll_interval": _("Poll every 5 to 1440 minutes.")})
    feed = Feed.objects.create(name=name.strip()[:120], url=url.strip(), region=region, poll_interval=interval)
    audit.record(
        actor=by,
        action="media.feed.create",
        obj=feed,
        channel=channel,
        changes=audit.created({"url": feed.url, "poll_interval": feed.poll_interval}),
    )
    return feed


@transaction.atomic
def set_feed_active(feed: Feed, *, by, active: bool, channel: str = Channel.WEB) -> Feed:
    _check_feed_admin(by, feed.region)
    changes = audit.apply(feed, {"is_active": active})
    if changes:
        feed.save(update_fields=["is_active"])
        audit.record(actor=by, action="media.feed.update", obj=feed, channel=channel, changes=changes)
    return feed


@transaction.atomic
def record_poll(feed: Feed, *, status: str, message: str = "", found: int = 0) -> Feed:
    """The outcome of one poll of a feed (written by the worker)."""
    feed = Feed.objects.select_for_update().get(pk=feed.pk)
    before = {"status": feed.status}
    feed.status, feed.status_message = status, message[:300]
    feed.last_polled_at, feed.items_found = clock.now(), found
    feed.save(update_fields=["status", "status_message", "last_polled_at", "items_found"])
    audit.record(
        actor=None,
        action="media.feed.poll",
        obj=feed,
        channel=Channel.SYSTEM,
        changes={"status": [before["status"], status], "items_found": [None, found]},
        note=message[:300],
    )
    return feed
