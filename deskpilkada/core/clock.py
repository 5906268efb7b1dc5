"""The one place every "now" and "today" in Desk Pilkada comes from.

Desks rehearse before the real days, so the app can run on a simulated date (the exercise clock,
``DESK_EXERCISE_DATE=2024-11-20``): the date is fixed and the time of day runs with the real clock, so
deadlines during the day still pass. Tests pin the instant with :func:`frozen`.
Instants are aware and in UTC; a region's local day comes from its time zone (WIB/WITA/WIT).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
ZONES = {"WIB": WIB, "WITA": WITA, "WIT": WIT}

_frozen_at: dt.datetime | None = None


def exercise_date() -> dt.date | None:
    """The simulated date when the exercise clock is on, else None."""
    value = settings.DESK_EXERCISE_DATE
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def is_simulated() -> bool:
    return _frozen_at is None and exercise_date() is not None


def now() -> dt.datetime:
    """The current instant (aware, UTC), shifted onto the exercise date when one is set."""
    if _frozen_at is not None:
        return _frozen_at
    real = timezone.now()
    simulated_day = exercise_date()
    if simulated_day is None:
        return real
    local = real.astimezone(WIB)
    shifted = dt.datetime.combine(simulated_day, local.timetz())
    return shifted.astimezone(dt.UTC)


def zone(name: str) -> ZoneInfo:
    """The zone of WIB, WITA or WIT."""
    return ZONES[name]


def today(zone_name: str = "WIB") -> dt.date:
    """Today's local date in a region's time zone (WIB unless told)."""
    return now().astimezone(ZONES[zone_name]).date()


def local_day_of(instant: dt.datetime, zone_name: str) -> dt.date:
    """The local calendar day an instant falls on in WIB, WITA or WIT."""
    return instant.astimezone(ZONES[zone_name]).date()


@contextmanager
def frozen(instant: dt.datetime) -> Iterator[dt.datetime]:
    """Pin :func:`now` to one aware instant (tests, and commands that replay a past day)."""
    global _frozen_at
    if timezone.is_naive(instant):
        raise ValueError("frozen() needs an aware datetime")
    previous, _frozen_at = _frozen_at, instant.astimezone(dt.UTC)
    try:
        yield _frozen_at
    finally:
        _frozen_at = previous
