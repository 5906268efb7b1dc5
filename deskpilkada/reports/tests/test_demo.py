"""The demo's report history tells a story: 19 regencies and the province reporting daily from the desks' formation,
with on-time, late, nihil, missing and excused days, and the province's chair overriding on the days a regency was
missing. Nothing is sent yet for the simulated day."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from deskpilkada.reports import completeness as engine
from deskpilkada.reports import demo
from deskpilkada.reports.models import Report, ReportSet

pytestmark = pytest.mark.django_db


def test_the_province_matrix_has_every_kind_of_day(sumbar):
    daily = ReportSet.objects.get(code="daily")
    result = engine.completeness(daily, sumbar, demo.DESK_FORMATION, demo.LAST_DAY)
    assert len(result.rows) == 19 and len(result.days) == 20
    statuses = Counter(cell.status for row in result.rows for cell in row.cells)
    assert {"on_time", "late", "nihil", "missing", "excused"} <= set(statuses)
    assert statuses["on_time"] > statuses["late"] > statuses["excused"] > 0
    assert 0.85 < result.total.reporting_rate / 100 < 0.99
    assert result.levels[0].tally == result.total


def test_the_province_reported_every_day_with_the_chairs_reason_when_a_regency_was_missing(sumbar):
    reports = list(Report.objects.filter(region=sumbar, report_set__code="daily").order_by("day"))
    assert [r.day for r in reports] == [
        demo.DESK_FORMATION + dt.timedelta(days=n) for n in range((demo.LAST_DAY - demo.DESK_FORMATION).days + 1)
    ]
    for report in reports:
        missing = report.figures["children"]["missing"]
        assert bool(missing) == bool(report.override_reason), report.number
        assert all(m["name"] in report.override_reason for m in missing)
    assert {r.status for r in reports} == {"approved"}


def test_nothing_is_sent_yet_on_the_simulated_day_and_bukittinggi_can_draft_it(bukittinggi):
    assert not Report.objects.filter(day=dt.date(2024, 11, 20)).exists()
    assert Report.objects.filter(region=bukittinggi, report_set__code="daily").count() == 20


def test_every_desk_has_a_secretariat_and_a_chair_account(django_user_model):
    assert django_user_model.objects.filter(username__startswith="sekretariat-13").count() == 18
    assert django_user_model.objects.filter(username__startswith="ketua-13").count() == 18


def test_the_desks_send_weekly_reports_on_mondays_for_the_week_before(sumbar):
    weekly = ReportSet.objects.get(code="weekly")
    reports = Report.objects.filter(report_set=weekly)
    mondays = [dt.date(2024, 11, 4), dt.date(2024, 11, 11), dt.date(2024, 11, 18)]
    assert sorted(set(reports.values_list("day", flat=True))) == mondays
    for report in reports.filter(region=sumbar):
        assert (report.period_start, report.period_end) == (
            report.day - dt.timedelta(days=7),
            report.day - dt.timedelta(days=1),
        )
    assert [r.day for r in reports.filter(region=sumbar).order_by("day")] == mondays
    result = engine.completeness(weekly, sumbar, demo.DESK_FORMATION, demo.LAST_DAY)
    assert result.days == mondays and len(result.rows) == 19
    statuses = Counter(cell.status for row in result.rows for cell in row.cells)
    assert statuses["on_time"] > statuses["late"] > 0
    assert 0.9 < result.total.reporting_rate / 100 <= 1


def test_the_late_and_missing_desks_were_reminded_and_mentawai_still_is(sumbar):
    from deskpilkada.reports.models import Reminder

    reminded = Reminder.objects.filter(region__code__startswith="13", report_set__code="daily", day=demo.LAST_DAY)
    overdue = set(reminded.filter(kind=Reminder.Kind.OVERDUE).values_list("region__code", flat=True))
    late = set(
        Report.objects.filter(report_set__code="daily", day=demo.LAST_DAY, region__level=2)
        .exclude(submitted_at__lte=dt.datetime(2024, 11, 19, 18, 5, tzinfo=dt.timezone(dt.timedelta(hours=7))))
        .values_list("region__code", flat=True)
    )
    assert "13.09" in overdue and late <= overdue
    assert reminded.filter(kind=Reminder.Kind.BEFORE_DEADLINE).count() >= len(overdue)
    still_open = Reminder.objects.open().current().filter(region__code__startswith="13")
    assert list(still_open.values_list("region__code", "day", "kind")) == [
        ("13.09", demo.LAST_DAY, Reminder.Kind.OVERDUE)
    ]
    assert Reminder.objects.filter(report_set__code="weekly", day=dt.date(2024, 11, 18)).exists()
