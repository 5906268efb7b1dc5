"""The life of a report through its services: drafting from the day's data, editing, nihil, submission with the
children's rule and the chair's override, approval by the chair only, return and receipt by the desk above,
excusals, the campaign log; every refusal changes nothing, every step leaves an audit event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from deskpilkada.core import clock
from deskpilkada.core.models import AuditEvent
from deskpilkada.factories import (
    CandidatePairFactory,
    CaseFactory,
    ContestFactory,
    ReportSetFactory,
    RoutedActionFactory,
)
from deskpilkada.reports import services
from deskpilkada.reports.models import Excusal, Report
from deskpilkada.reports.services import ActivityInput, StepRefused

from .conftest import DAY

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int, minute: int = 0, zone=clock.WIB) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def draft(tree, report_set, region=None, day=DAY, by=None):
    return services.draft_report(region or tree.cities[0], report_set=report_set, day=day, by=by or tree.secretariat)


def events(report) -> list[str]:
    return list(AuditEvent.objects.for_object(report).order_by("pk").values_list("action", flat=True))


# --- Drafting ----------------------------------------------------------------------------------------------------


def test_a_draft_signs_where_the_region_last_signed(tree, report_set):
    first = draft(tree, report_set, day=DAY - dt.timedelta(days=1))
    assert first.place == services.default_place(tree.cities[0])
    services.update_report(first, by=tree.secretariat, place="Gulai Bancah")
    assert draft(tree, report_set).place == "Gulai Bancah"
    other = draft(tree, report_set, region=tree.cities[1], by=tree.other_chair)
    assert other.place == services.default_place(tree.cities[1])


def test_a_draft_counts_the_days_cases_by_category_status_and_severity(tree, report_set):
    village = tree.village
    on_day = at(DAY, 9)
    CaseFactory(region=village, category__code="politik_uang", severity="kritis", occurred_at=on_day, title="Amplop")
    CaseFactory(region=village, category__code="politik_uang", severity="sedang", occurred_at=on_day, status="selesai")
    CaseFactory(region=village, category__code="logistik", severity="tinggi", occurred_at=on_day, kind="potensi")
    CaseFactory(region=village, category__code="logistik", occurred_at=on_day, status="digabung")  # a duplicate
    CaseFactory(region=village, category__code="logistik", occurred_at=at(DAY, 23, 59) + dt.timedelta(minutes=2))
    CaseFactory(region=tree.cities[1], category__code="logistik", occurred_at=on_day)  # another city

    report = draft(tree, report_set)

    cases = report.figures["cases"]
    assert cases["total"] == 3
    assert cases["incidents"] == 2 and cases["potential"] == 1
    assert {c["code"]: c["count"] for c in cases["by_category"]} == {"politik_uang": 2, "logistik": 1}
    assert cases["by_category"][0]["code"] == "politik_uang"
    assert {s["code"]: s["count"] for s in cases["by_status"]} == {"baru": 2, "selesai": 1}
    assert {s["code"]: s["count"] for s in cases["by_severity"]} == {"kritis": 1, "tinggi": 1, "sedang": 1}
    assert cases["notable_count"] == 2
    assert [c["title"] for c in cases["notable"]][0] == "Amplop", "critical cases come first"
    assert report.status == Report.Status.DRAFT
    assert report.number == f"{report_set.number_prefix}/{tree.cities[0].code.replace('.', '')}/19/XI/2024"
    assert report.deadline_at == at(DAY, 18)
    assert report.signatory_name == f"Ketua {tree.cities[0].name}"
    assert report.place == tree.cities[0].name.removeprefix("Kota ")
    assert report.figures["header"]["h_label"] == "H-8"
    assert events(report) == ["report.draft"]


def test_a_draft_counts_actions_done_pending_and_overdue(tree, report_set):
    case = CaseFactory(region=tree.village, occurred_at=at(DAY, 8), status="ditangani")
    RoutedActionFactory(case=case, created_at=at(DAY, 9), due_at=at(DAY, 12))  # overdue at the end of the day
    RoutedActionFactory(case=case, created_at=at(DAY, 9), due_at=at(DAY, 12) + dt.timedelta(days=3))
    RoutedActionFactory(
        case=case, created_at=at(DAY, 9), due_at=at(DAY, 12), status="selesai", completed_at=at(DAY, 11)
    )
    RoutedActionFactory(case=case, created_at=at(DAY, 9) + dt.timedelta(days=1), due_at=at(DAY, 10))  # next day

    actions = draft(tree, report_set).figures["actions"]

    assert (actions["routed"], actions["done"], actions["pending"], actions["overdue"]) == (3, 1, 2, 1)
    assert actions["overdue_list"][0]["case_number"] == case.number


def test_a_report_for_a_future_day_is_refused(tree, report_set):
    with pytest.raises(StepRefused) as refused, translation.override("en"):
        draft(tree, report_set, day=dt.date(2024, 11, 21))
    assert "future day" in str(refused.value)
    assert not Report.objects.filter(report_set=report_set).exists()


def test_the_local_day_decides_what_is_the_future(report_set):
    from .conftest import build_tree

    papua = build_tree("88")  # WIT: at 10:00 WIB it is already 12:00 on 20 Nov in Jayapura
    assert papua.cities[0].timezone == "WIT"
    with clock.frozen(dt.datetime(2024, 11, 19, 23, 30, tzinfo=clock.WIB)):
        report = services.draft_report(
            papua.cities[0], report_set=report_set, day=dt.date(2024, 11, 20), by=papua.secretariat
        )
    assert report.day == dt.date(2024, 11, 20)
    assert report.deadline_at == dt.datetime(2024, 11, 20, 18, 0, tzinfo=clock.WIT)


def test_a_second_report_for_the_same_region_day_and_set_is_refused(tree, report_set):
    first = draft(tree, report_set)
    with pytest.raises(StepRefused) as refused, translation.override("en"):
        draft(tree, report_set)
    assert first.number in str(refused.value)
    assert Report.objects.filter(report_set=report_set).count() == 1
    assert draft(tree, ReportSetFactory()).pk, "another set is another report"


def test_only_the_regions_own_people_prepare_its_report(tree, report_set, outsider):
    for person in (tree.province_secretariat, tree.other_chair, outsider):
        with pytest.raises(PermissionDenied):
            draft(tree, report_set, by=person)
    assert not Report.objects.exists() or not Report.objects.filter(report_set=report_set).exists()


def test_days_before_the_set_or_the_desk_and_levels_that_do_not_report_are_refused(tree, report_set):
    report_set.active_from = dt.date(2024, 11, 1)
    report_set.save()
    with pytest.raises(StepRefused):
        draft(tree, report_set, day=dt.date(2024, 10, 31))
    desk = tree.cities[1].desk
    desk.formed_on = dt.date(2024, 11, 15)
    desk.save()
    with pytest.raises(StepRefused):
        services.draft_report(tree.cities[1], report_set=report_set, day=dt.date(2024, 11, 14), by=tree.other_chair)
    district_secretariat = tree.secretariat  # may act for the district, but districts do not report in this set
    with pytest.raises(StepRefused):
        draft(tree, report_set, region=tree.district, by=district_secretariat)
    assert not Report.objects.filter(report_set=report_set).exists()


def test_weekly_reports_are_made_on_mondays_for_the_week_before(tree):
    weekly = ReportSetFactory(kind="weekly")
    with pytest.raises(StepRefused):
        draft(tree, weekly, day=dt.date(2024, 11, 19))  # a Tuesday
    report = draft(tree, weekly, day=dt.date(2024, 11, 18))
    assert (report.period_start, report.period_end) == (dt.date(2024, 11, 11), dt.date(2024, 11, 17))
    CaseFactory(region=tree.village, occurred_at=at(dt.date(2024, 11, 12), 10))
    CaseFactory(region=tree.village, occurred_at=at(dt.date(2024, 11, 18), 8))  # the Monday itself: next week
    services.refresh_figures(report, by=tree.secretariat)
    assert report.figures["cases"]["total"] == 1


def test_posko_days_take_several_reports_with_earlier_deadlines(tree):
    posko = ReportSetFactory(posko_reports_per_day=2)  # H-3..H+3 around 27 Nov 2024
    day = dt.date(2024, 11, 24)
    with clock.frozen(at(day, 20)):
        first = draft(tree, posko, day=day)
        second = draft(tree, posko, day=day)
        with pytest.raises(StepRefused):
            draft(tree, posko, day=day)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.deadline_at == at(day, 12) and second.deadline_at == at(day, 18)
    assert second.number.endswith("/24.2/XI/2024")


# --- Editing, nihil, submission ----------------------------------------------------------------------------------


def test_the_secretariat_edits_the_text_and_the_edit_is_audited(tree, report_set):
    report = draft(tree, report_set)
    services.update_report(report, by=tree.secretariat, situation="waspada", narrative="  Situasi waspada.  ")
    report.refresh_from_db()
    assert (report.situation, report.narrative) == ("waspada", "Situasi waspada.")
    event = AuditEvent.objects.for_object(report).get(action="report.update")
    assert event.changes["situation"] == ["", "waspada"]
    with pytest.raises(ValidationError):
        services.update_report(report, by=tree.secretariat, situation="genting")


def test_submission_freezes_the_figures_later_cases_do_not_change_them(tree, report_set):
    CaseFactory(region=tree.village, occurred_at=at(DAY, 9))
    report = draft(tree, report_set)
    services.submit_report(report, by=tree.secretariat)
    CaseFactory(region=tree.village, occurred_at=at(DAY, 10))  # filed late for that day
    report.refresh_from_db()
    assert report.figures["cases"]["total"] == 1
    assert report.status == Report.Status.SUBMITTED and report.submitted_by == tree.secretariat
    with pytest.raises(StepRefused):
        services.refresh_figures(report, by=tree.secretariat)
    report.refresh_from_db()
    assert report.figures["cases"]["total"] == 1


def test_a_draft_is_refreshed_with_the_data_as_it_is_now(tree, report_set):
    report = draft(tree, report_set)
    CaseFactory(region=tree.village, occurred_at=at(DAY, 10))
    services.refresh_figures(report, by=tree.secretariat)
    assert report.figures["cases"]["total"] == 1
    assert AuditEvent.objects.for_object(report).get(action="report.refresh").changes["cases"] == [0, 1]


def test_nihil_is_one_step_that_counts_as_reported(tree, report_set):
    report = draft(tree, report_set)
    with clock.frozen(at(DAY, 17)):
        services.mark_nihil(report, by=tree.secretariat)
    report.refresh_from_db()
    assert report.is_nihil and report.status == Report.Status.SUBMITTED and report.situation == "aman"
    assert report.on_time is True
    assert events(report) == ["report.draft", "report.nihil", "report.submit"]


def test_nihil_is_refused_when_cases_happened_that_day(tree, report_set):
    CaseFactory(region=tree.village, occurred_at=at(DAY, 9))
    report = draft(tree, report_set)
    with pytest.raises(StepRefused):
        services.mark_nihil(report, by=tree.secretariat)
    report.refresh_from_db()
    assert not report.is_nihil and report.status == Report.Status.DRAFT


def test_one_click_nihil_drafts_and_submits(tree, report_set):
    report = services.report_nihil(tree.cities[0], report_set=report_set, day=DAY, by=tree.secretariat)
    assert report.is_nihil and report.is_sent


def test_a_late_submission_is_late(tree, report_set):
    report = draft(tree, report_set)
    with clock.frozen(at(DAY, 18, 1)):
        services.submit_report(report, by=tree.secretariat)
    assert report.on_time is False
    assert AuditEvent.objects.for_object(report).get(action="report.submit").changes["on_time"] == [None, False]


# --- Approval, return, receipt -----------------------------------------------------------------------------------


def test_only_the_desks_chair_approves_and_approval_locks_the_report(tree, report_set, superuser):
    report = draft(tree, report_set)
    services.submit_report(report, by=tree.secretariat)
    for person in (tree.secretariat, tree.other_chair, tree.province_chair, superuser):
        with pytest.raises(PermissionDenied):
            services.approve_report(report, by=person)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    services.approve_report(report, by=tree.chair)
    assert report.status == Report.Status.APPROVED and report.approved_by == tree.chair
    with pytest.raises(StepRefused) as refused, translation.override("en"):
        services.update_report(report, by=tree.secretariat, narrative="Diubah setelah disetujui.")
    assert "locked" in str(refused.value)
    report.refresh_from_db()
    assert report.narrative != "Diubah setelah disetujui."
    with pytest.raises(StepRefused):
        services.add_activity(report, ActivityInput(dt.time(9), "Lapangan", "Kampanye"), by=tree.secretariat)


def test_a_draft_cannot_be_approved(tree, report_set):
    report = draft(tree, report_set)
    with pytest.raises(StepRefused):
        services.approve_report(report, by=tree.chair)


def test_the_desk_above_receives_or_returns_and_a_correction_keeps_the_first_submission(tree, report_set):
    report = draft(tree, report_set)
    with clock.frozen(at(DAY, 17)):
        services.submit_report(report, by=tree.secretariat)
    first_submission = report.submitted_at
    services.approve_report(report, by=tree.chair)
    with pytest.raises(PermissionDenied):
        services.receive_report(report, by=tree.chair)  # its own desk is not the desk above
    with pytest.raises(ValidationError):
        services.return_report(report, by=tree.province_secretariat, note=" ")
    services.return_report(report, by=tree.province_secretariat, note="Angka kasus belum sesuai.")
    assert report.status == Report.Status.RETURNED
    services.update_report(report, by=tree.secretariat, narrative="Diperbaiki.")
    with clock.frozen(at(DAY, 21)):
        services.submit_report(report, by=tree.secretariat)
        services.approve_report(report, by=tree.chair)
        services.receive_report(report, by=tree.province_secretariat)
    report.refresh_from_db()
    assert report.status == Report.Status.RECEIVED
    assert report.submitted_at == first_submission and report.on_time is True
    assert report.last_submitted_at == at(DAY, 21)
    assert events(report) == [
        "report.draft",
        "report.submit",
        "report.approve",
        "report.return",
        "report.update",
        "report.submit",
        "report.approve",
        "report.receive",
    ]
    returned = AuditEvent.objects.for_object(report).get(action="report.return")
    assert returned.note == "Angka kasus belum sesuai." and returned.actor == tree.province_secretariat


def test_the_chair_returns_a_submitted_report_to_the_secretariat(tree, report_set):
    report = draft(tree, report_set)
    services.submit_report(report, by=tree.secretariat)
    with pytest.raises(PermissionDenied):
        services.return_report(report, by=tree.province_secretariat, note="Belum disetujui ketua.")
    services.return_report(report, by=tree.chair, note="Lengkapi rekomendasi.")
    assert report.status == Report.Status.RETURNED


# --- A parent and its children -----------------------------------------------------------------------------------


def province_draft(tree, report_set, day=DAY):
    return services.draft_report(tree.province, report_set=report_set, day=day, by=tree.province_secretariat)


def submitted_child(tree, report_set, city, *, situation="kondusif", when=None, nihil=False):
    from deskpilkada.factories import UserFactory

    secretariat = UserFactory(assignments=[(city, "secretariat")])
    report = services.draft_report(city, report_set=report_set, day=DAY, by=secretariat)
    if not nihil:
        services.update_report(report, by=secretariat, situation=situation, recommendations="Patroli ditingkatkan.")
    with clock.frozen(when or at(DAY, 17)):
        if nihil:
            services.mark_nihil(report, by=secretariat)
        else:
            services.submit_report(report, by=secretariat)
    return report


def test_a_parent_consolidates_its_children_and_lists_the_missing(tree, report_set):
    CaseFactory(region=tree.village, occurred_at=at(DAY, 9), severity="tinggi", title="Kericuhan kampanye")
    submitted_child(tree, report_set, tree.cities[0], situation="waspada")
    submitted_child(tree, report_set, tree.cities[1], nihil=True, when=at(DAY, 19))
    report = province_draft(tree, report_set)

    children = report.figures["children"]
    assert (children["expected"], children["reported"], children["on_time"], children["late"]) == (3, 2, 1, 1)
    assert children["nihil"] == 1
    assert children["totals"]["cases"] == 1
    assert [m["code"] for m in children["missing"]] == [tree.cities[2].code]
    assert {s["code"]: s["situation"] for s in children["situations"]} == {
        tree.cities[0].code: "waspada",
        tree.cities[1].code: "aman",
    }
    assert children["worst_situation"] == "waspada"
    assert any(h.get("title") == "Kericuhan kampanye" for h in children["highlights"])
    assert report.figures["cases"]["total"] == 1, "the province's own figures cover the whole subtree"


def test_a_parent_cannot_submit_before_its_children_report(tree, report_set):
    submitted_child(tree, report_set, tree.cities[0])
    report = province_draft(tree, report_set)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.submit_report(report, by=tree.province_secretariat)
    assert "override_reason" in refused.value.message_dict
    assert "2 of 3" in refused.value.message_dict["override_reason"][0]
    with pytest.raises(PermissionDenied):
        services.submit_report(report, by=tree.province_secretariat, override_reason="Sudah lewat pukul 20.00.")
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT and not report.override_reason


def test_excused_children_no_longer_hold_up_the_parent(tree, report_set):
    submitted_child(tree, report_set, tree.cities[0])
    submitted_child(tree, report_set, tree.cities[1])
    excusal = services.excuse_child(
        tree.province,
        tree.cities[2],
        report_set=report_set,
        day=DAY,
        reason="Jaringan terputus akibat banjir.",
        by=tree.province_secretariat,
    )
    report = province_draft(tree, report_set)
    services.submit_report(report, by=tree.province_secretariat)
    assert report.status == Report.Status.SUBMITTED
    assert report.figures["children"]["excused"] == [
        {"code": tree.cities[2].code, "name": tree.cities[2].display_name, "reason": "Jaringan terputus akibat banjir."}
    ]
    assert AuditEvent.objects.for_object(excusal).get().action == "report.excuse"


def test_the_chair_overrides_with_a_stated_reason(tree, report_set):
    submitted_child(tree, report_set, tree.cities[0])
    report = province_draft(tree, report_set)
    services.submit_report(report, by=tree.province_chair, override_reason="Batas waktu pukul 20.00 terlewati.")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.override_reason == "Batas waktu pukul 20.00 terlewati." and report.override_by == tree.province_chair
    event = AuditEvent.objects.for_object(report).get(action="report.submit")
    assert event.note == "Batas waktu pukul 20.00 terlewati."
    assert sorted(event.changes["missing"][1]) == sorted(c.code for c in tree.cities[1:])


def test_excusals_are_refused_for_reported_children_other_regions_and_other_desks(tree, report_set):
    submitted_child(tree, report_set, tree.cities[0])
    with pytest.raises(StepRefused):
        services.excuse_child(
            tree.province, tree.cities[0], report_set=report_set, day=DAY, reason="x", by=tree.province_secretariat
        )
    with pytest.raises(ValidationError):
        services.excuse_child(
            tree.province, tree.district, report_set=report_set, day=DAY, reason="x", by=tree.province_secretariat
        )
    with pytest.raises(PermissionDenied):
        services.excuse_child(tree.province, tree.cities[1], report_set=report_set, day=DAY, reason="x", by=tree.chair)
    with pytest.raises(ValidationError):
        services.excuse_child(
            tree.province, tree.cities[1], report_set=report_set, day=DAY, reason=" ", by=tree.province_secretariat
        )
    services.excuse_child(
        tree.province, tree.cities[1], report_set=report_set, day=DAY, reason="Banjir.", by=tree.province_secretariat
    )
    with pytest.raises(StepRefused):
        services.excuse_child(
            tree.province, tree.cities[1], report_set=report_set, day=DAY, reason="Lagi.", by=tree.province_secretariat
        )
    assert Excusal.objects.filter(report_set=report_set).count() == 1


# --- Campaign log --------------------------------------------------------------------------------------------------


def test_campaign_activities_are_logged_with_a_pair_of_the_region(tree, report_set):
    contest = ContestFactory(region=tree.cities[0], election=report_set.election)
    pair = CandidatePairFactory(contest=contest)
    elsewhere = CandidatePairFactory(contest=ContestFactory(region=tree.cities[1], election=report_set.election))
    report = draft(tree, report_set)
    activity = services.add_activity(
        report,
        ActivityInput(dt.time(14, 0), "Lapangan Kantin", "Kampanye terbuka", "Ketua DPRD", pair, participants=1500),
        by=tree.secretariat,
    )
    assert activity.candidate_pair == pair and activity.participants == 1500
    with pytest.raises(ValidationError) as refused:
        services.add_activity(
            report, ActivityInput(dt.time(15, 0), "Pasar", "Kampanye", candidate_pair=elsewhere), by=tree.secretariat
        )
    assert "candidate_pair" in refused.value.message_dict
    assert report.activities.count() == 1
    services.remove_activity(activity, by=tree.secretariat)
    assert events(report)[-2:] == ["report.activity", "report.activity_remove"]


def test_default_sets_are_created_once_with_their_deadlines(election):
    from deskpilkada.reports.models import ReportSet

    sets = services.ensure_default_sets(election, active_from=dt.date(2024, 10, 31), active_to=dt.date(2024, 12, 16))
    assert [s.code for s in sets] == ["daily", "weekly", "special"]
    daily = ReportSet.objects.get(code="daily")
    assert {lv.level: lv.deadline for lv in daily.levels.all()} == {1: dt.time(20), 2: dt.time(18)}
    assert daily.posko_reports_per_day == 2
    assert ReportSet.objects.filter(code__in=["daily", "weekly", "special"]).count() == 3
