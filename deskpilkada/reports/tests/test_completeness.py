"""Completeness and timeliness: the arithmetic of a slot (table-tested), then whole trees with on-time, late,
missing, excused, nihil and pending reports, in WIB and WIT, across a local midnight, and the per-level totals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from deskpilkada.core import clock
from deskpilkada.factories import ExcusalFactory, ReportFactory, ReportSetFactory
from deskpilkada.reports import completeness as engine
from deskpilkada.reports.completeness import Tally, cell_status, slot_tally

from .conftest import DAY, build_tree

# --- The arithmetic ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "status", "counts"),
    [
        ({"expected": 1, "due": 1, "reported": 1, "on_time": 1}, "on_time", {"on_time": 1, "late": 0, "missing": 0}),
        ({"expected": 1, "due": 1, "reported": 1, "on_time": 0}, "late", {"on_time": 0, "late": 1, "missing": 0}),
        ({"expected": 1, "due": 1, "reported": 0, "on_time": 0}, "missing", {"missing": 1, "pending": 0}),
        ({"expected": 1, "due": 0, "reported": 0, "on_time": 0}, "pending", {"missing": 0, "pending": 1}),
        ({"expected": 1, "due": 0, "reported": 1, "on_time": 1}, "on_time", {"pending": 0}),  # early is on time
        ({"expected": 1, "due": 1, "reported": 0, "on_time": 0, "excused": 1}, "excused", {"excused": 1, "missing": 0}),
        (
            {"expected": 1, "due": 1, "reported": 1, "on_time": 1, "excused": 1},
            "on_time",
            {"excused": 0},
        ),  # a report wins
        ({"expected": 1, "due": 1, "reported": 1, "on_time": 0, "nihil": 1}, "nihil", {"nihil": 1, "late": 1}),
        ({"expected": 3, "due": 2, "reported": 1, "on_time": 1}, "late", {"missing": 1, "pending": 1}),  # posko day
        ({"expected": 3, "due": 3, "reported": 3, "on_time": 3, "nihil": 3}, "nihil", {"nihil": 3}),
        ({"expected": 0, "due": 0, "reported": 0, "on_time": 0}, "not_expected", {"expected": 0}),
    ],
)
def test_slot_outcomes(slot, status, counts):
    tally = slot_tally(**slot)
    assert cell_status(tally) == status
    for name, value in counts.items():
        assert getattr(tally, name) == value
    assert tally.expected == tally.reported + tally.excused + tally.missing + tally.pending
    assert tally.reported == tally.on_time + tally.late


def test_rates_leave_out_excused_and_pending_slots():
    tally = Tally(expected=10, reported=6, on_time=4, late=2, missing=1, excused=2, pending=1)
    assert tally.judged == 7
    assert tally.reporting_rate == Decimal("85.71")
    assert tally.on_time_rate == Decimal("57.14")
    assert Tally().reporting_rate is None


# --- Trees -------------------------------------------------------------------------------------------------------


@pytest.fixture
def midnight_set(db):
    """Cities report by 23:59 local time: an instant near midnight is on time in WIB and late in WIT."""
    return ReportSetFactory(deadlines={1: dt.time(23, 59), 2: dt.time(23, 59)})


def test_one_instant_is_on_time_in_wib_and_late_in_wit_across_local_midnight(midnight_set):
    west, east = build_tree(), build_tree("88")
    assert (west.province.timezone, east.province.timezone) == ("WIB", "WIT")
    instant = dt.datetime(2024, 11, 19, 15, 30, tzinfo=dt.UTC)  # 22.30 WIB on the 19th, 00.30 WIT on the 20th
    for tree in (west, east):
        ReportFactory(report_set=midnight_set, region=tree.cities[0], day=DAY, submitted_at=instant)
        ExcusalFactory(report_set=midnight_set, region=tree.cities[2], day=DAY, reason="Listrik padam.")

    statuses = {}
    for tree in (west, east):
        result = engine.completeness(midnight_set, tree.province, DAY, DAY)
        statuses[tree.province.timezone] = [row.cells[0].status for row in result.rows]
        assert result.total.expected == 3 and result.total.reported == 1 and result.total.excused == 1
        assert result.rows[2].cells[0].excuse_reason == "Listrik padam."
    assert statuses == {"WIB": ["on_time", "missing", "excused"], "WIT": ["late", "missing", "excused"]}


def test_before_the_deadline_a_missing_report_is_pending_and_the_zone_decides(db):
    eleven = ReportSetFactory(deadlines={2: dt.time(11, 0)})
    west, east = build_tree(), build_tree("88")
    today = dt.date(2024, 11, 20)  # 10.00 WIB = 12.00 WIT: 11.00 has passed in Jayapura, not in Jakarta
    west_result = engine.completeness(eleven, west.province, today, today)
    east_result = engine.completeness(eleven, east.province, today, today)
    assert {c.cells[0].status for c in west_result.rows} == {"pending"}
    assert {c.cells[0].status for c in east_result.rows} == {"missing"}
    assert (west_result.total.pending, west_result.total.missing) == (3, 0)
    assert (east_result.total.pending, east_result.total.missing) == (0, 3)
    assert west_result.total.reporting_rate is None, "nothing is due yet"


def test_a_matrix_of_days_with_nihil_drafts_and_a_late_desk(report_set):
    tree = build_tree()
    days = [dt.date(2024, 11, 17), dt.date(2024, 11, 18), DAY]
    first, second, third = tree.cities
    for day in days:
        ReportFactory(report_set=report_set, region=first, day=day)  # on time every day
    ReportFactory(
        report_set=report_set,
        region=second,
        day=days[0],
        submitted_at=dt.datetime(2024, 11, 18, 8, 0, tzinfo=clock.WIB),  # the morning after
    )
    ReportFactory(report_set=report_set, region=second, day=days[1], is_nihil=True)
    ReportFactory(report_set=report_set, region=second, day=DAY, status="draft")  # drafted, never sent
    ReportFactory(report_set=report_set, region=third, day=DAY, status="approved")

    result = engine.completeness(report_set, tree.province, days[0], DAY)

    assert result.days == days
    matrix = {row.code: [cell.status for cell in row.cells] for row in result.rows}
    assert matrix == {
        first.code: ["on_time", "on_time", "on_time"],
        second.code: ["late", "nihil", "missing"],
        third.code: ["missing", "missing", "on_time"],
    }
    second_row = result.row(second.code)
    assert second_row.cells[2].drafts == 1
    assert (second_row.tally.reported, second_row.tally.on_time, second_row.tally.reporting_rate) == (
        2,
        1,
        Decimal("66.67"),
    )
    assert result.row(third.code).cells[2].locked == 1
    assert result.total.as_dict() == {
        "expected": 9,
        "reported": 6,
        "on_time": 5,
        "late": 1,
        "missing": 3,
        "excused": 0,
        "pending": 0,
        "nihil": 1,
        "reporting_rate": Decimal("66.67"),
        "on_time_rate": Decimal("55.56"),
    }
    cities = next(level for level in result.levels if level.level == 2)
    assert cities.units == 3 and cities.tally == result.total, "the per-level totals agree with the rows"
    assert result.on(DAY).reported == 2


def test_levels_below_are_totalled_down_to_the_lowest_that_reports(db):
    with_districts = ReportSetFactory(deadlines={1: dt.time(20), 2: dt.time(18), 3: dt.time(15)})
    tree = build_tree()
    ReportFactory(report_set=with_districts, region=tree.district, day=DAY)
    ReportFactory(report_set=with_districts, region=tree.cities[0], day=DAY)

    result = engine.completeness(with_districts, tree.province, DAY, DAY)

    levels = {level.level: level for level in result.levels}
    assert levels[2].tally.expected == 3 and levels[2].tally.reported == 1
    assert levels[3].units == 1 and levels[3].tally.on_time == 1
    city = engine.completeness(with_districts, tree.cities[0], DAY, DAY)
    assert [row.code for row in city.rows] == [tree.district.code]
    assert city.rows[0].cells[0].status == "on_time"


def test_a_desk_is_expected_from_its_formation(report_set):
    tree = build_tree(formed_on=DAY)
    result = engine.completeness(report_set, tree.province, DAY - dt.timedelta(days=1), DAY)
    assert [cell.status for cell in result.rows[0].cells] == ["not_expected", "missing"]
    assert result.total.expected == 3
    assert result.levels[0].tally.expected == 3


def test_the_national_view_counts_the_provinces_with_a_desk(report_set):
    tree = build_tree()
    ReportFactory(report_set=report_set, region=tree.province, day=DAY, submitted_at=None, status="draft")
    result = engine.completeness(report_set, None, DAY, DAY)
    codes = [row.code for row in result.rows]
    assert tree.province.code in codes and "13" in codes and "14" in codes
    assert result.row(tree.province.code).cells[0].status == "missing"


def test_completeness_takes_the_same_queries_whatever_the_number_of_reports(report_set, django_assert_num_queries):
    tree = build_tree()
    days = (dt.date(2024, 11, 10), DAY)
    with django_assert_num_queries(7):
        engine.completeness(report_set, tree.province, *days)
    for offset in range(10):
        for city in tree.cities:
            ReportFactory(report_set=report_set, region=city, day=dt.date(2024, 11, 10) + dt.timedelta(days=offset))
    with django_assert_num_queries(7):
        result = engine.completeness(report_set, tree.province, *days)
    assert result.total.reported == 30
