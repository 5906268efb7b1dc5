"""The calendar of a report set as plain data (no database): reporting days, periods, posko mode, deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from deskpilkada.core import clock
from deskpilkada.reports.rules import Rules, local_day_bounds

VOTING_DAY = dt.date(2024, 11, 27)
DAILY = Rules(
    kind="daily",
    active_from=dt.date(2024, 10, 31),
    active_to=dt.date(2024, 12, 16),
    deadlines={1: dt.time(20), 2: dt.time(18), 3: dt.time(15)},
    voting_day=VOTING_DAY,
    posko_per_day=3,
)
WEEKLY = Rules(kind="weekly", active_from=dt.date(2024, 10, 31), deadlines={2: dt.time(12)})
SPECIAL = Rules(kind="special", active_from=dt.date(2024, 10, 31))


@pytest.mark.parametrize(
    ("rules", "start", "end", "expected"),
    [
        (DAILY, dt.date(2024, 10, 29), dt.date(2024, 11, 2), 3),  # from 31 Oct
        (DAILY, dt.date(2024, 12, 15), dt.date(2024, 12, 20), 2),  # until 16 Dec
        (WEEKLY, dt.date(2024, 11, 1), dt.date(2024, 11, 30), 4),  # the Mondays 4, 11, 18, 25 Nov
        (SPECIAL, dt.date(2024, 11, 1), dt.date(2024, 11, 30), 0),  # never expected
        (DAILY, dt.date(2024, 11, 5), dt.date(2024, 11, 4), 0),
    ],
)
def test_reporting_days(rules, start, end, expected):
    assert len(rules.reporting_days(start, end)) == expected


@pytest.mark.parametrize(
    ("day", "count"),
    [
        (dt.date(2024, 11, 23), 1),  # H-4
        (dt.date(2024, 11, 24), 3),  # H-3
        (VOTING_DAY, 3),
        (dt.date(2024, 11, 30), 3),  # H+3
        (dt.date(2024, 12, 1), 1),  # H+4
        (dt.date(2024, 12, 17), 0),  # after the set
    ],
)
def test_posko_mode_asks_for_several_reports_from_h_minus_3_to_h_plus_3(day, count):
    assert DAILY.sequences_on(day) == count


@pytest.mark.parametrize(
    ("level", "zone", "day", "sequence", "expected_local"),
    [
        (2, "WIB", dt.date(2024, 11, 20), 1, dt.datetime(2024, 11, 20, 18, 0)),
        (1, "WITA", dt.date(2024, 11, 20), 1, dt.datetime(2024, 11, 20, 20, 0)),
        (3, "WIT", dt.date(2024, 11, 20), 1, dt.datetime(2024, 11, 20, 15, 0)),
        (2, "WIB", VOTING_DAY, 1, dt.datetime(2024, 11, 27, 6, 0)),  # posko: 06.00, 12.00, 18.00
        (2, "WIB", VOTING_DAY, 2, dt.datetime(2024, 11, 27, 12, 0)),
        (2, "WIT", VOTING_DAY, 3, dt.datetime(2024, 11, 27, 18, 0)),
    ],
)
def test_deadlines_are_local_times(level, zone, day, sequence, expected_local):
    expected = expected_local.replace(tzinfo=clock.zone(zone)).astimezone(dt.UTC)
    assert DAILY.deadline(level, day, zone, sequence) == expected


def test_the_same_local_deadline_is_two_hours_earlier_in_wit_than_in_wib():
    day = dt.date(2024, 11, 20)
    assert DAILY.deadline(2, day, "WIB") - DAILY.deadline(2, day, "WIT") == dt.timedelta(hours=2)


def test_a_level_that_does_not_report_has_no_deadline():
    assert DAILY.deadline(4, dt.date(2024, 11, 20), "WIB") is None
    assert SPECIAL.deadline(2, dt.date(2024, 11, 20), "WIB") is None


@pytest.mark.parametrize(
    ("level", "child"),
    [(None, 1), (1, 2), (2, 3), (3, None)],
)
def test_the_children_a_parent_waits_for_are_the_next_level_that_reports(level, child):
    assert DAILY.child_level(level) == child


def test_a_province_with_only_districts_reporting_waits_for_its_districts():
    rules = Rules(kind="daily", active_from=dt.date(2024, 10, 31), deadlines={1: dt.time(20), 3: dt.time(15)})
    assert rules.child_level(1) == 3


def test_weekly_period_is_monday_to_sunday_before():
    assert WEEKLY.period_of(dt.date(2024, 11, 18)) == (dt.date(2024, 11, 11), dt.date(2024, 11, 17))
    assert DAILY.period_of(dt.date(2024, 11, 18)) == (dt.date(2024, 11, 18), dt.date(2024, 11, 18))


def test_local_day_bounds_start_at_local_midnight():
    first, after = local_day_bounds(dt.date(2024, 11, 20), dt.date(2024, 11, 20), "WIT")
    assert first == dt.datetime(2024, 11, 19, 15, 0, tzinfo=dt.UTC)
    assert after == dt.datetime(2024, 11, 20, 15, 0, tzinfo=dt.UTC)
