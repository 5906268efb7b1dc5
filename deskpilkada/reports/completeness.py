"""Completeness and timeliness: who had to report, who did, on time or late, who was excused, who is missing.

For a region (or the whole country) and a period, :func:`completeness` answers with

- one row per child that must report (the regions at the next level that reports in the set), with a cell per
  reporting day: on time, late, missing, excused, nihil, or pending while its deadline has not passed;
- the totals of those children, and the totals of every reporting level below the region (per level).

Counts come from grouped queries whatever the size of the tree — one for the children, one for their reports, one
for their excusals, and three for the levels below (units, reports and excusals grouped by level, time zone and
day) — and Python only adds up their rows. A slot is one report a region owes on a day (several on posko days).
Deadlines are each region's local time (WIB/WITA/WIT), so one instant can be on time in Padang and late in Jayapura.

Rates leave out what cannot be judged yet or was excused: the reporting rate is reported / (expected − excused −
pending), the on-time rate on time / the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q

from deskpilkada.core import clock
from deskpilkada.regions.models import Region

from .models import Excusal, Report, ReportSet
from .rules import Rules

ON_TIME, LATE, MISSING, EXCUSED, NIHIL, PENDING, NOT_EXPECTED = (
    "on_time",
    "late",
    "missing",
    "excused",
    "nihil",
    "pending",
    "not_expected",
)
STATUSES = (ON_TIME, LATE, NIHIL, EXCUSED, MISSING, PENDING, NOT_EXPECTED)


@dataclasses.dataclass
class Tally:
    """Slots counted by outcome. ``expected`` = reported + excused + missing + pending; reported = on time + late;
    nihil reports are counted among the reported (and among on time or late) as well."""

    expected: int = 0
    reported: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    excused: int = 0
    pending: int = 0
    nihil: int = 0

    def add(self, other: Tally) -> Tally:
        for field in dataclasses.fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self

    @property
    def judged(self) -> int:
        """The slots a rate is taken over: neither excused nor still before their deadline."""
        return self.expected - self.excused - self.pending

    @property
    def reporting_rate(self) -> Decimal | None:
        return _percent(self.reported, self.judged)

    @property
    def on_time_rate(self) -> Decimal | None:
        return _percent(self.on_time, self.judged)

    def as_dict(self) -> dict:
        values = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        values["reporting_rate"] = self.reporting_rate
        values["on_time_rate"] = self.on_time_rate
        return values


def _percent(part: int, whole: int) -> Decimal | None:
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def slot_tally(*, expected: int, due: int, reported: int, on_time: int, nihil: int = 0, excused: int = 0) -> Tally:
    """The outcome of ``expected`` slots of which ``due`` are past their deadline, given how many were reported
    (on time, nihil) and how many of the unreported ones are excused. Pure arithmetic, table-tested."""
    reported = min(reported, expected) if expected else 0
    on_time = min(on_time, reported)
    excused = max(0, min(excused, expected - reported))
    remaining = max(0, expected - reported - excused)
    missing = min(remaining, max(0, due - reported - excused))
    return Tally(
        expected=expected,
        reported=reported,
        on_time=on_time,
        late=reported - on_time,
        missing=missing,
        excused=excused,
        pending=remaining - missing,
        nihil=min(nihil, reported),
    )


def cell_status(tally: Tally) -> str:
    """The one word a matrix cell shows for a region's day."""
    if tally.expected == 0:
        return NOT_EXPECTED
    if tally.reported == 0:
        if tally.excused:
            return EXCUSED
        return MISSING if tally.missing else PENDING
    if tally.missing:
        return LATE  # a posko day with some reports missing after their deadline
    if tally.nihil == tally.reported:
        return NIHIL
    return ON_TIME if tally.on_time == tally.reported else LATE


@dataclasses.dataclass
class Cell:
    day: dt.date
    status: str
    tally: Tally
    report_id: int | None = None
    drafts: int = 0
    locked: int = 0
    excuse_reason: str = ""
    deadline_at: dt.datetime | None = None

    @property
    def is_late(self) -> bool:
        return self.tally.late > 0


@dataclasses.dataclass
class Row:
    code: str
    name: str
    level: int
    timezone: str
    cells: list[Cell]
    tally: Tally


@dataclasses.dataclass
class LevelTally:
    level: int
    units: int
    tally: Tally

    @property
    def label(self) -> str:
        return str(Region.Level(self.level).label)


@dataclasses.dataclass
class Completeness:
    report_set: ReportSet
    region: Region | None
    start: dt.date
    end: dt.date
    days: list[dt.date]
    child_level: int | None
    rows: list[Row]
    total: Tally
    levels: list[LevelTally]
    computed_at: dt.datetime

    def row(self, code: str) -> Row | None:
        return next((row for row in self.rows if row.code == code), None)

    def on(self, day: dt.date) -> Tally:
        """The children's totals on one day."""
        total = Tally()
        for row in self.rows:
            for cell in row.cells:
                if cell.day == day:
                    total.add(cell.tally)
        return total


def expected_units(parent_code: str | None, level: int):
    """The regions at ``level`` below ``parent_code`` (the country when None) that owe reports: at province and
    regency/city level those with a desk (from its formation, when the desk's date is known); below, every
    district (and village) of the level."""
    units = Region.objects.filter(level=level)
    if parent_code:
        units = units.filter(code__below=parent_code)
    if level <= Region.Level.REGENCY:
        units = units.filter(desk__isnull=False)
    return units


def _subtree(queryset, parent_code: str | None, field: str = "region__code"):
    return queryset.filter(**{f"{field}__below": parent_code}) if parent_code else queryset


def completeness(
    report_set: ReportSet,
    region: Region | None,
    start: dt.date,
    end: dt.date,
    *,
    now: dt.datetime | None = None,
    rules: Rules | None = None,
) -> Completeness:
    """The children × days matrix and the per-level totals of ``region`` (None: the country) for a period."""
    now = now or clock.now()
    rules = rules or Rules.of(report_set)
    parent_code = region.code if region is not None else None
    parent_level = region.level if region is not None else None
    days = rules.reporting_days(start, end)
    child_level = rules.child_level(parent_level)
    rows: list[Row] = []
    total = Tally()
    if child_level is not None and days:
        rows = _children(report_set, rules, parent_code, child_level, days, now)
        for row in rows:
            total.add(row.tally)
    levels = _levels(report_set, rules, parent_code, parent_level, days, now) if days else []
    return Completeness(
        report_set=report_set,
        region=region,
        start=start,
        end=end,
        days=days,
        child_level=child_level,
        rows=rows,
        total=total,
        levels=levels,
        computed_at=now,
    )


def _children(report_set, rules: Rules, parent_code, level: int, days: list[dt.date], now) -> list[Row]:
    units = list(
        expected_units(parent_code, level)
        .order_by("code")
        .values("code", "name", "kind", "level", "timezone", "desk__formed_on")
    )
    if not units:
        return []
    first, last = days[0], days[-1]
    reports = (
        _subtree(Report.objects.filter(report_set=report_set, region__level=level), parent_code)
        .filter(day__gte=first, day__lte=last)
        .order_by()
        .values("region__code", "day")
        .annotate(
            reported=Count("pk", filter=Q(submitted_at__isnull=False)),
            on_time=Count("pk", filter=Q(submitted_at__isnull=False, submitted_at__lte=F("deadline_at"))),
            nihil=Count("pk", filter=Q(submitted_at__isnull=False, is_nihil=True)),
            drafts=Count("pk", filter=Q(submitted_at__isnull=True)),
            locked=Count("pk", filter=Q(status__in=Report.LOCKED_STATUSES)),
            last=Max("pk"),
        )
    )
    by_cell = {(r["region__code"], r["day"]): r for r in reports}
    excusals = (
        _subtree(Excusal.objects.filter(report_set=report_set, region__level=level), parent_code)
        .filter(day__gte=first, day__lte=last)
        .values_list("region__code", "day", "reason")
    )
    excused = {(code, day): reason for code, day, reason in excusals}

    rows = []
    for unit in units:
        formed_on = unit["desk__formed_on"]
        cells = []
        row_tally = Tally()
        for day in days:
            expected = rules.sequences_on(day) if formed_on is None or day >= formed_on else 0
            found = by_cell.get((unit["code"], day), {})
            deadlines = [rules.deadline(level, day, unit["timezone"], s) for s in range(1, expected + 1)]
            reported = found.get("reported", 0)
            reason = excused.get((unit["code"], day), "")
            tally = slot_tally(
                expected=expected,
                due=sum(1 for d in deadlines if d is not None and d <= now),
                reported=reported,
                on_time=found.get("on_time", 0),
                nihil=found.get("nihil", 0),
                excused=(expected - reported) if reason else 0,
            )
            row_tally.add(tally)
            cells.append(
                Cell(
                    day=day,
                    status=cell_status(tally),
                    tally=tally,
                    report_id=found.get("last"),
                    drafts=found.get("drafts", 0),
                    locked=found.get("locked", 0),
                    excuse_reason=reason if tally.excused else "",
                    deadline_at=deadlines[-1] if deadlines else None,
                )
            )
        name = Region(code=unit["code"], name=unit["name"], kind=unit["kind"], level=unit["level"]).display_name
        rows.append(Row(unit["code"], name, unit["level"], unit["timezone"], cells, row_tally))
    return rows


def _levels(report_set, rules: Rules, parent_code, parent_level, days: list[dt.date], now) -> list[LevelTally]:
    """Totals of every reporting level below the region, from three grouped queries."""
    levels = rules.levels_below(parent_level)
    if not levels:
        return []
    first, last = days[0], days[-1]
    units = Region.objects.filter(level__in=levels).filter(Q(level__gte=Region.Level.DISTRICT) | Q(desk__isnull=False))
    if parent_code:
        units = units.filter(code__below=parent_code)
    units = units.order_by().values("level", "timezone", "desk__formed_on").annotate(n=Count("pk"))
    unit_groups: dict[tuple[int, str], list[tuple[dt.date | None, int]]] = defaultdict(list)
    for row in units:
        unit_groups[(row["level"], row["timezone"])].append((row["desk__formed_on"], row["n"]))

    sent = Q(submitted_at__isnull=False)
    reports = (
        _subtree(Report.objects.filter(report_set=report_set, region__level__in=levels), parent_code)
        .filter(sent, day__gte=first, day__lte=last)
        .order_by()
        .values("region__level", "region__timezone", "day", "sequence")
        .annotate(
            reported=Count("pk"),
            on_time=Count("pk", filter=Q(submitted_at__lte=F("deadline_at"))),
            nihil=Count("pk", filter=Q(is_nihil=True)),
        )
    )
    reported = {(r["region__level"], r["region__timezone"], r["day"], r["sequence"]): r for r in reports}

    has_report = Report.objects.filter(
        sent, report_set=report_set, region=OuterRef("region"), day=OuterRef("day")
    ).values("pk")
    excusals = (
        _subtree(Excusal.objects.filter(report_set=report_set, region__level__in=levels), parent_code)
        .filter(day__gte=first, day__lte=last)
        .exclude(Exists(has_report))
        .order_by()
        .values("region__level", "region__timezone", "day")
        .annotate(n=Count("pk"))
    )
    excused = {(r["region__level"], r["region__timezone"], r["day"]): r["n"] for r in excusals}

    out = []
    for level in levels:
        tally = Tally()
        unit_count = 0
        for (group_level, zone), groups in unit_groups.items():
            if group_level != level:
                continue
            unit_count += sum(n for _formed, n in groups)
            for day in days:
                active = sum(n for formed_on, n in groups if formed_on is None or day >= formed_on)
                if not active:
                    continue
                for sequence in range(1, rules.sequences_on(day) + 1):
                    found = reported.get((level, zone, day, sequence), {})
                    deadline = rules.deadline(level, day, zone, sequence)
                    count = found.get("reported", 0)
                    tally.add(
                        slot_tally(
                            expected=active,
                            due=active if deadline is not None and deadline <= now else 0,
                            reported=count,
                            on_time=found.get("on_time", 0),
                            nihil=found.get("nihil", 0),
                            excused=excused.get((level, zone, day), 0),
                        )
                    )
        out.append(LevelTally(level=level, units=unit_count, tally=tally))
    return out
