"""The calendar of a report set as plain data: which days are reporting days, which period a report covers,
how many reports a posko day asks for and when each is due in a region's local time.

:class:`Rules` is built once from a ``ReportSet`` and its levels (:meth:`Rules.of`); everything else is plain Python
on dates and times, table-tested in ``tests/test_rules.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from deskpilkada.core import clock

DAILY, WEEKLY, SPECIAL = "daily", "weekly", "special"
MONDAY = 0


@dataclasses.dataclass(frozen=True)
class Rules:
    kind: str
    active_from: dt.date
    active_to: dt.date | None = None
    deadlines: dict[int, dt.time] = dataclasses.field(default_factory=dict)  # level -> local deadline
    voting_day: dt.date | None = None
    posko_per_day: int = 1
    posko_from: int = -3
    posko_to: int = 3
    posko_interval_hours: int = 6
    reminder_lead_minutes: int = 120

    @classmethod
    def of(cls, report_set) -> Rules:
        """The rules of a report set (its levels are read once; prefetch them to read none)."""
        election = report_set.election if report_set.election_id else None
        return cls(
            kind=report_set.kind,
            active_from=report_set.active_from,
            active_to=report_set.active_to,
            deadlines={level.level: level.deadline for level in report_set.levels.all()},
            voting_day=election.voting_day if election is not None else None,
            posko_per_day=report_set.posko_reports_per_day,
            posko_from=report_set.posko_from_offset,
            posko_to=report_set.posko_to_offset,
            posko_interval_hours=report_set.posko_interval_hours,
            reminder_lead_minutes=report_set.reminder_lead_minutes,
        )

    # --- who reports ---------------------------------------------------------------------------------------

    @property
    def levels(self) -> list[int]:
        """The levels that must report, from the province down."""
        return sorted(self.deadlines)

    def must_report(self, level: int) -> bool:
        return self.kind != SPECIAL and level in self.deadlines

    def child_level(self, level: int | None) -> int | None:
        """The next level below ``level`` (None: the country) that must report: the children a parent waits for."""
        below = [lv for lv in self.levels if level is None or lv > level]
        return below[0] if below and self.kind != SPECIAL else None

    def levels_below(self, level: int | None) -> list[int]:
        return [lv for lv in self.levels if level is None or lv > level] if self.kind != SPECIAL else []

    # --- which days ----------------------------------------------------------------------------------------

    def is_active_on(self, day: dt.date) -> bool:
        return day >= self.active_from and (self.active_to is None or day <= self.active_to)

    def is_reporting_day(self, day: dt.date) -> bool:
        """A day a report of this set can be made for: within the set's dates, and a Monday for weekly sets."""
        if not self.is_active_on(day):
            return False
        return self.kind != WEEKLY or day.weekday() == MONDAY

    def reporting_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The days between ``start`` and ``end`` (inclusive) on which reports are expected (none for special)."""
        if self.kind == SPECIAL or end < start:
            return []
        days = []
        day = max(start, self.active_from)
        last = end if self.active_to is None else min(end, self.active_to)
        while day <= last:
            if self.is_reporting_day(day):
                days.append(day)
            day += dt.timedelta(days=1)
        return days

    def period_of(self, day: dt.date) -> tuple[dt.date, dt.date]:
        """The days a report made for ``day`` covers: the day itself, or Monday to Sunday before for a weekly one."""
        if self.kind == WEEKLY:
            return day - dt.timedelta(days=7), day - dt.timedelta(days=1)
        return day, day

    # --- posko mode and deadlines --------------------------------------------------------------------------

    def is_posko_day(self, day: dt.date) -> bool:
        if self.kind != DAILY or self.posko_per_day <= 1 or self.voting_day is None:
            return False
        return self.posko_from <= (day - self.voting_day).days <= self.posko_to

    def sequences_on(self, day: dt.date) -> int:
        """How many reports a region owes on a day (several on posko days, none on a day off)."""
        if not self.is_reporting_day(day) or self.kind == SPECIAL:
            return 0
        return self.posko_per_day if self.is_posko_day(day) else 1

    def deadline(self, level: int, day: dt.date, zone_name: str, sequence: int = 1) -> dt.datetime | None:
        """When the ``sequence``-th report of ``day`` is due, in UTC, for a region of ``level`` in ``zone_name``.

        The last report of a posko day is due at the level's deadline, each earlier one ``posko_interval_hours``
        before it. None when the level does not report in this set.
        """
        at = self.deadlines.get(level)
        if at is None or self.kind == SPECIAL:
            return None
        count = max(1, self.sequences_on(day))
        local = dt.datetime.combine(day, at, tzinfo=clock.zone(zone_name))
        local -= dt.timedelta(hours=self.posko_interval_hours * (count - min(sequence, count)))
        return local.astimezone(dt.UTC)


def local_day_bounds(start: dt.date, end: dt.date, zone_name: str) -> tuple[dt.datetime, dt.datetime]:
    """The instants (UTC) from the local midnight starting ``start`` to the one ending ``end`` in a zone."""
    zone = clock.zone(zone_name)
    first = dt.datetime.combine(start, dt.time(0, 0), tzinfo=zone)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=zone)
    return first.astimezone(dt.UTC), after.astimezone(dt.UTC)
