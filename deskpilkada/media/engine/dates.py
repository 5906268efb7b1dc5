"""Publication date and event dates of an Indonesian news article.

The forms that occur: "Selasa 5 November 2024", "Selasa, 5 Nov 2024", "Senin (7/10)", "Sabtu (23/11/2024)",
"Kamis (27/2)", "Nov 5, 2024 - 22:13", "2024-11-05", "27 November mendatang", "25 September hingga
23 November 2024", "24 hingga 26 November".

Why our own regular expressions rather than dateparser (measured with dateparser 1.5.0, ``DATE_ORDER='DMY'``,
``RELATIVE_BASE`` set): it parses one date string, it does not find dates inside an article (``search_dates``
is slow and matches ordinary words); it returns None as soon as a trailing word follows ("27 November
mendatang", "Rabu 27 November malam"); it ignores the written weekday, so "Kamis (27/2)" became Tuesday
27 February 2024 although Thursday 27 February is 2020; its first call took 116 ms and each later one about
0.7 ms, too slow for 150 articles a second with a dozen dates each. The expressions below find every form
with its position (the evidence shown to the desk), in microseconds, and leave the year to
:func:`infer_year`, which is where the weekday matters.

A date written without a year takes the year whose weekday matches the written day, near the publication
date; without a publication date, near the years the text itself names ("Pilkada Serentak 2020"). The
machine's clock is never read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

MONTHS = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "agus": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
WEEKDAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "jum’at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_M = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = "(?:" + "|".join(sorted((re.escape(w) for w in WEEKDAYS), key=len, reverse=True)) + ")"
_Y = r"(?:19[89]\d|20[0-4]\d)"
_WD_PREFIX = rf"(?:(?P<wd>{_WD})\s*(?:,|\(|/)?\s*(?:\b(?:tanggal|tgl\.?)\s+)?)?"

# "25 September hingga 23 November 2024", "24 hingga 26 November", "27-28 November 2024".
_RANGE = re.compile(
    rf"\b(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_M}))?(?:\s+(?P<y1>{_Y}))?\s*(?:hingga|sampai(?:\s+dengan)?|s\.?\s?d\.?|-|–|—)\s*"
    rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_M})(?:\s*,?\s*(?P<y2>{_Y}))?\b",
    re.I,
)
# "Selasa 5 November 2024", "Selasa, 5 Nov 2024", "5 November", "Rabu (27 November 2024)".
_DAY_MONTH = re.compile(rf"{_WD_PREFIX}\b(?P<d>\d{{1,2}})\s+(?P<m>{_M})(?:\s*,?\s*(?P<y>{_Y}))?\b\)?", re.I)
# "Nov 5, 2024 - 22:13", "November 5, 2024".
_MONTH_DAY = re.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}}),?\s+(?P<y>{_Y})\b", re.I)
# "Senin (7/10)", "Sabtu (23/11/2024)", "(27/2)", "Senin, 7/10/2024", "23-11-2024".
_NUMERIC = re.compile(
    rf"{_WD_PREFIX}(?P<open>\()?\s*\b(?P<d>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<m>\d{{1,2}})"
    rf"(?:\s*(?P=sep)\s*(?P<y>{_Y}|\d{{2}}))?\b\s*(?P<close>\))?",
    re.I,
)
_ISO = re.compile(rf"\b(?P<y>{_Y})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?!\d)")
_YEAR = re.compile(rf"\b({_Y})\b")
# Years inside a law's number ("UU Nomor 10 Tahun 2016", "PKPU 8/2024") say nothing about when the news is.
_LAW_YEAR = re.compile(rf"\b(?:nomor|no\.?)\s*\d+[a-z]?\s+tahun\s+{_Y}\b|\b\d{{1,3}}\s*/\s*{_Y}\b", re.I)
_FUTURE = re.compile(r"^\W{0,3}(?:mendatang|yang\s+akan\s+datang|nanti|depan|esok|besok)\b", re.I)
_PAST = re.compile(r"^\W{0,3}(?:lalu|kemarin|silam|yang\s+lalu)\b", re.I)
_FUTURE_BEFORE = re.compile(
    r"\b(?:akan|direncanakan|dijadwalkan|rencananya|nanti|hingga|sampai|dijanjikan|ditargetkan|diperkirakan"
    r"|paling\s+lambat|selambat-lambatnya)\s+(?:\w+\s+){0,3}$",
    re.I,
)


@dataclasses.dataclass(frozen=True)
class FoundDate:
    """A date written in the text. ``year`` is None until :func:`resolve` infers it."""

    start: int
    end: int
    text: str
    day: int
    month: int
    year: int | None
    weekday: int | None  # 0 = Monday (Senin)
    tense: str = ""  # "future" ("27 November mendatang"), "past" ("Senin lalu") or ""

    @property
    def has_year(self) -> bool:
        return self.year is not None


@dataclasses.dataclass(frozen=True)
class EventDate:
    date: dt.date
    text: str  # as written
    start: int
    how: str  # "written" (year in the text), "weekday" (year from the weekday), "nearest" (year from context)
    tense: str = ""
    weekday_mismatch: bool = False

    def as_dict(self) -> dict:
        return {"date": self.date.isoformat(), "text": self.text, "how": self.how, "tense": self.tense}


def _month(token: str) -> int | None:
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return MONTHS.get(token.lower().rstrip("."))


def _year(token: str | None) -> int | None:
    if not token:
        return None
    value = int(token)
    return 2000 + value if value < 100 else value


def _tense(text: str, end: int, start: int) -> str:
    after = text[end : end + 30]
    if _FUTURE.match(after):
        return "future"
    if _PAST.match(after):
        return "past"
    if _FUTURE_BEFORE.search(text[max(0, start - 40) : start]):
        return "future"
    return ""


def _valid(day: int, month: int | None, year: int | None) -> bool:
    if month is None or not 1 <= day <= 31:
        return False
    try:
        dt.date(year or 2024, month, day)  # 2024 is a leap year: 29/2 stays possible until the year is known
    except ValueError:
        return False
    return True


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in the text, in order, without overlaps. Years are left None when not written."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(start, end, day, month, year, weekday_token):
        if not _valid(day, month, year) or not free(start, end):
            return
        weekday = WEEKDAYS.get(weekday_token.lower()) if weekday_token else None
        found.append(
            FoundDate(start, end, text[start:end].strip(), day, month, year, weekday, _tense(text, end, start))
        )
        taken.append((start, end))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), int(m["d"]), int(m["m"]), int(m["y"]), None)
    for m in _MONTH_DAY.finditer(text):
        add(m.start(), m.end(), int(m["d"]), _month(m["m"]), int(m["y"]), None)
    for m in _RANGE.finditer(text):
        m2 = _month(m["m2"])
        m1 = _month(m["m1"]) if m["m1"] else m2
        y2 = _year(m["y2"])
        y1 = _year(m["y1"]) or (y2 if y2 is None or (m1 or 0) <= (m2 or 0) else y2 - 1)
        d1, d2 = int(m["d1"]), int(m["d2"])
        if not (free(m.start(), m.end()) and _valid(d1, m1, y1) and _valid(d2, m2, y2)):
            continue
        first_end = m.end("y1") if m["y1"] else (m.end("m1") if m["m1"] else m.end("d1"))
        found.append(FoundDate(m.start(), first_end, text[m.start() : first_end], d1, m1, y1, None, ""))
        tense = _tense(text, m.end(), m.start())
        found.append(FoundDate(m.start("d2"), m.end(), text[m.start("d2") : m.end()], d2, m2, y2, None, tense))
        taken.append((m.start(), m.end()))
    for m in _DAY_MONTH.finditer(text):
        start = m.start("wd") if m["wd"] else m.start("d")
        add(start, m.end(), int(m["d"]), _month(m["m"]), _year(m["y"]), m["wd"])
    for m in _NUMERIC.finditer(text):
        # Bare "7/10" is too often a fraction, a score or a regulation number: a numeric date needs a weekday,
        # parentheses (the newsroom's "(7/10)") or a year.
        if not (m["wd"] or (m["open"] and m["close"]) or m["y"]):
            continue
        if m["sep"] == "." and not m["y"]:
            continue  # "(7.10)" is a time or a decimal
        start = m.start("wd") if m["wd"] else m.start()
        add(start, m.end(), int(m["d"]), _month(m["m"]), _year(m["y"]), m["wd"])
    found.sort(key=lambda f: f.start)
    return found


def named_years(text: str) -> Counter:
    """How often each plausible year is written ("Pilkada Serentak 2020" counts for 2020); the years of law
    numbers ("UU Nomor 10 Tahun 2016") do not count."""
    return Counter(int(y) for y in _YEAR.findall(_LAW_YEAR.sub(" ", text)))


def infer_year(
    found: FoundDate,
    *,
    reference: dt.date | None,
    years: Counter | None = None,
    context_years: tuple[int, ...] = (),
) -> tuple[int | None, str, bool]:
    """(year, how, weekday_mismatch) for a date written without a year.

    With a reference (the publication date): among its year, the one before and the one after, the year whose
    calendar puts the written weekday on that day, nearest to the reference; without a weekday, the year that
    puts the date nearest the reference (after it for "mendatang", before it for "lalu").

    Without a reference: the years the text names (most often named first, then the latest), then the
    caller's ``context_years`` (the current election's year: configuration, not the clock), then the years
    next to the named ones; with a weekday, the first of them that matches it.
    """
    years = years or Counter()
    if reference is not None:
        candidates = [reference.year - 1, reference.year, reference.year + 1]
    else:
        named = [y for y, _ in sorted(years.items(), key=lambda kv: (-kv[1], -kv[0]))]
        candidates = list(dict.fromkeys(named + list(context_years) + [y + d for y in named for d in (1, -1)]))
    candidates = [y for y in candidates if _exists(y, found.month, found.day)]
    if not candidates:
        return None, "", False

    def distance(year: int) -> int:
        when = dt.date(year, found.month, found.day)
        delta = (when - reference).days
        if found.tense == "future" and delta < 0:
            return 10_000 - delta
        if found.tense == "past" and delta > 0:
            return 10_000 + delta
        return abs(delta)

    if found.weekday is not None:
        matching = [y for y in candidates if dt.date(y, found.month, found.day).weekday() == found.weekday]
        if matching:
            return (min(matching, key=distance) if reference else matching[0]), "weekday", False
        return (min(candidates, key=distance) if reference else candidates[0]), "nearest", True
    return (min(candidates, key=distance) if reference else candidates[0]), "nearest", False


def _exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def resolve(
    found: Iterable[FoundDate],
    *,
    reference: dt.date | None,
    years: Counter | None = None,
    context_years: tuple[int, ...] = (),
) -> list[EventDate]:
    """Dates with their years: written ones as written, the others inferred (:func:`infer_year`).

    Without a reference, the dates whose year is certain (written, or fixed by the weekday) are resolved first;
    the earliest-placed of them then serves as the reference for the dates that have neither.
    """
    found = list(found)
    out: dict[int, EventDate] = {}
    for f in found:
        if f.year is not None:
            mismatch = f.weekday is not None and dt.date(f.year, f.month, f.day).weekday() != f.weekday
            out[f.start] = EventDate(dt.date(f.year, f.month, f.day), f.text, f.start, "written", f.tense, mismatch)
    anchor = reference
    if anchor is None:
        for f in found:
            if f.year is None and f.weekday is not None:
                year, how, mismatch = infer_year(f, reference=None, years=years, context_years=context_years)
                if year is not None and not mismatch:
                    out[f.start] = EventDate(dt.date(year, f.month, f.day), f.text, f.start, how, f.tense)
        certain = sorted(out.values(), key=lambda e: e.start)
        anchor = next((e.date for e in certain if e.tense != "future"), None)
    for f in found:
        if f.start in out:
            continue
        year, how, mismatch = infer_year(f, reference=anchor, years=years, context_years=context_years)
        if year is not None and not (mismatch and anchor is None):
            out[f.start] = EventDate(dt.date(year, f.month, f.day), f.text, f.start, how, f.tense, mismatch)
    return sorted(out.values(), key=lambda e: e.start)


def parse_header_date(lines: Iterable[str]) -> dt.date | None:
    """The publication date from the page header's date line ("Nov 5, 2024 - 22:13")."""
    for line in lines:
        for f in find_dates(line):
            if f.year is not None:
                return dt.date(f.year, f.month, f.day)
    return None


def parse_iso(value: str | None) -> dt.date | None:
    """'2024-11-05' or '2024-11-05T22:13:00+07:00' from metadata; None when it is not a date."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def main_event_date(dates: list[EventDate], *, lead_end: int) -> EventDate | None:
    """The date of the reported event. Indonesian newsrooms write the event's day as "Senin (7/10)", so that
    form comes first, in the opening paragraphs, then anywhere; then any date with its weekday ("Selasa
    5 November 2024"), in the opening paragraphs, then anywhere; then the first date of the opening paragraphs;
    then the first date. Dates said to be ahead ("27 November mendatang") come last."""
    if not dates:
        return None
    present = [d for d in dates if d.tense != "future" and not d.weekday_mismatch]
    weekday_dated = [d for d in present if _has_weekday(d.text)]
    newsroom = [d for d in present if _NEWSROOM.search(d.text)]
    for pool in (
        [d for d in newsroom if d.start < lead_end],
        [d for d in weekday_dated if d.start < lead_end],
        newsroom,
        weekday_dated,
        [d for d in present if d.start < lead_end],
        present,
        dates,
    ):
        if pool:
            return pool[0]
    return None


_NEWSROOM = re.compile(r"\(\s*\d{1,2}\s*/\s*\d{1,2}")


def _has_weekday(text: str) -> bool:
    return bool(re.match(rf"\s*{_WD}\b", text, re.I))
