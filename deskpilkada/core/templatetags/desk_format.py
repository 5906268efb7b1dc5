"""Formatting filters for pages: dates, times with their zone, percentages, H-n labels, masked contacts.

Every filter formats through Django's localization (``deskpilkada/formats/<lang>/formats.py``), so the same
template reads "Rabu, 27 November 2024" and "14.30 WIT" in Indonesian and "Wednesday, 27 November 2024" and
"14:30 WIT" in English.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats

from deskpilkada.core import clock, masking

register = template.Library()


def _zone_name(zone: str | None) -> str:
    name = (zone or "WIB").strip().upper()
    return name if name in clock.ZONES else "WIB"


@register.filter
def long_date(value, zone: str | None = None) -> str:
    """ "Rabu, 27 November 2024". An instant is first placed in its zone (WIB unless told)."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):  # an ISO date kept in JSON (the media analysis)
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(clock.zone(_zone_name(zone)))
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value)
    return formats.date_format(value, "DATE_FORMAT")


@register.filter
def local_time(value, zone: str | None = "WIB") -> str:
    """ "14.30 WIT": the instant's time of day in WIB, WITA or WIT, with the zone's name."""
    if value in (None, ""):
        return ""
    name = _zone_name(zone)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(clock.zone(name))
        value = value.time()
    if not isinstance(value, dt.time):
        return str(value)
    return f"{formats.time_format(value, 'TIME_FORMAT')} {name}"


@register.filter
def percent(value, decimals: int | str = 2) -> str:
    """ "57,15%" from 57.15 (a number that already is a percentage), rounded half up."""
    if value in (None, ""):
        return ""
    try:
        places = int(decimals)
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    return f"{formats.number_format(number, decimal_pos=places, use_l10n=True)}%"


def day_label(offset: int) -> str:
    """The desks' label of a day against voting day: -7 → "H-7", 0 → "H", 1 → "H+1"."""
    return "H" if offset == 0 else f"H{offset:+d}"


@register.filter
def h_label(value, election=None) -> str:
    """ "H-7". The value is a day offset from voting day, or a date with the election as argument."""
    if isinstance(value, bool) or value in (None, ""):
        return ""
    if isinstance(value, int):
        return day_label(value)
    if isinstance(value, dt.datetime):
        value = value.astimezone(clock.WIB).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date) and election is not None:
        return day_label((value - election.voting_day).days)
    return ""


@register.filter
def mask_phone(value) -> str:
    """ "0812******90": enough to recognise a number, not to call it."""
    return masking.mask_phone(value)


@register.filter
def mask_email(value) -> str:
    """ "b***@example.go.id": the first letter and the domain stay."""
    return masking.mask_email(value)
