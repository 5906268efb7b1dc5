"""The life of a case through its services: who may take each step, which steps apply in which status, the
timeline they leave, routing with due dates, liaisons' follow-ups, escalation, merging and reporters' privacy."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from deskpilkada.cases import services
from deskpilkada.cases.models import Attachment, Case, Category, FollowUp, ResponseTime, RoutedAction
from deskpilkada.cases.services import ActionInput, CaseInput, InvalidTransition
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.demo.loader import tiny_png
from deskpilkada.desks.models import Desk, Institution
from deskpilkada.regions.models import Region


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(name="bukti.png"):
    return SimpleUploadedFile(name, tiny_png(), content_type="image/png")


def report(region, by, *, category="logistik", severity="sedang", **fields):
    from deskpilkada.core import clock

    data = CaseInput(
        region=region,
        category=Category.objects.get(code=category),
        severity=severity,
        title=fields.pop("title", "Kotak suara rusak"),
        description=fields.pop("description", "Dua kotak suara di gudang PPS rusak."),
        occurred_at=fields.pop("occurred_at", clock.now() - dt.timedelta(hours=2)),
        **fields,
    )
    return services.submit_case(data, by=by, channel=Channel.WEB)[0]


@pytest.fixture
def case(tarok_dipo, village_operator):
    return report(tarok_dipo, village_operator, reporter_name="Siti", reporter_phone="081234567890")


@pytest.fixture
def verified(case, regency_secretariat):
    return services.verify_case(case, by=regency_secretariat)


def bawaslu():
    return Institution.objects.get(code="bawaslu-13-75")


def kpu():
    return Institution.objects.get(code="kpu-13-75")


@pytest.fixture
def routed(verified, regency_secretariat):
    services.route_case(
        verified,
        [ActionInput(bawaslu(), "Kaji laporan."), ActionInput(kpu(), "Ganti kotak suara.")],
        by=regency_secretariat,
    )
    return verified


# --- Intake -------------------------------------------------------------------------------------------------------


def test_a_village_operator_reports_in_their_village_to_the_city_desk(case, village_operator):
    assert (case.status, case.desk.region.code, case.reported_by) == (Case.Status.NEW, "13.75", village_operator)
    assert case.number == f"1375-24-{case.pk:06d}"
    assert case.occurred_on == dt.date(2024, 11, 20) and case.stage is not None


@pytest.mark.parametrize("persona", ["village_operator", "liaison", "outsider"])
def test_reporting_outside_ones_own_regions_is_refused(request, persona, payakumbuh):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        report(Region.objects.get(code="13.76.01.1007"), user)


def test_a_liaison_cannot_report_even_in_its_city(liaison, tarok_dipo):
    with pytest.raises(PermissionDenied):
        report(tarok_dipo, liaison)


def test_the_same_intake_key_stores_one_case_and_another_body_is_a_conflict(tarok_dipo, village_operator):
    from deskpilkada.core import clock

    data = CaseInput(
        region=tarok_dipo,
        category=Category.objects.get(code="logistik"),
        severity="sedang",
        title="Tinta kurang",
        description="Tinta kurang di TPS 1.",
        occurred_at=clock.now(),
    )
    first, created = services.submit_case(data, by=village_operator, intake_key="k-1")
    again, created_again = services.submit_case(data, by=village_operator, intake_key="k-1")
    assert (created, created_again, again) == (True, False, first)
    data.title = "Tinta habis"
    with pytest.raises(services.IntakeKeyConflict) as conflict:
        services.submit_case(data, by=village_operator, intake_key="k-1")
    assert conflict.value.case == first


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("severity", "gawat", "severity"),
        ("title", "  ", "title"),
        ("description", "", "description"),
        ("occurred_at", dt.datetime(2024, 11, 21, 10, 0, tzinfo=dt.UTC), "occurred_at"),
        ("occurred_at", dt.datetime(2024, 11, 20, 8, 0), "occurred_at"),
        ("reporter_nik", "12345", "reporter_nik"),
        ("latitude", 45, "latitude"),
    ],
)
def test_a_bad_report_is_refused_field_by_field(tarok_dipo, village_operator, field, value, error):
    with pytest.raises(ValidationError) as refused:
        report(tarok_dipo, village_operator, **{field: value})
    assert error in refused.value.message_dict


# --- Verification and rejection -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["regency_secretariat", "regency_chair", "province_secretariat"])
def test_the_handling_desk_or_the_desk_above_verifies(request, case, persona):
    user = request.getfixturevalue(persona)
    services.verify_case(case, by=user, severity="tinggi")
    case.refresh_from_db()
    assert (case.status, case.severity) == (Case.Status.VERIFIED, "tinggi") and case.verified_at


@pytest.mark.parametrize("persona", ["village_operator", "liaison", "outsider"])
def test_others_may_not_verify(request, case, persona):
    with pytest.raises(PermissionDenied):
        services.verify_case(case, by=request.getfixturevalue(persona))
    case.refresh_from_db()
    assert case.status == Case.Status.NEW


def test_a_case_is_verified_once(verified, regency_secretariat):
    with pytest.raises(InvalidTransition):
        services.verify_case(verified, by=regency_secretariat)


def test_rejecting_needs_a_reason_and_closes_the_case(case, regency_secretariat):
    with pytest.raises(ValidationError):
        services.reject_case(case, by=regency_secretariat, reason=" ")
    services.reject_case(case, by=regency_secretariat, reason="Bukan kewenangan desk.")
    assert case.status == Case.Status.REJECTED and case.closed_at
    with pytest.raises(InvalidTransition):
        services.verify_case(case, by=regency_secretariat)


# --- Routing and follow-up ------------------------------------------------------------------------------------


def test_a_new_case_cannot_be_routed_before_verification(case, regency_secretariat):
    with pytest.raises(InvalidTransition):
        services.route_case(case, [ActionInput(bawaslu(), "Kaji.")], by=regency_secretariat)


@pytest.mark.parametrize(("severity", "hours"), [("kritis", 6), ("tinggi", 24), ("sedang", 72), ("rendah", 168)])
def test_routing_sets_the_due_date_from_the_severity(
    tarok_dipo, village_operator, regency_secretariat, demo_clock, severity, hours
):
    case = services.verify_case(report(tarok_dipo, village_operator, severity=severity), by=regency_secretariat)
    services.route_case(case, [ActionInput(bawaslu(), "Kaji laporan.")], by=regency_secretariat)
    assert case.status == Case.Status.IN_HANDLING
    assert case.actions.get().due_at == demo_clock + dt.timedelta(hours=hours)


def test_a_configured_response_time_overrides_the_default(verified, regency_secretariat, demo_clock):
    ResponseTime.objects.update_or_create(severity="sedang", defaults={"hours": 10})
    services.route_case(verified, [ActionInput(bawaslu(), "Kaji.")], by=regency_secretariat)
    assert verified.actions.get().due_at == demo_clock + dt.timedelta(hours=10)


def test_routing_refuses_a_past_due_date_or_an_empty_action(verified, regency_secretariat, demo_clock):
    with pytest.raises(ValidationError):
        services.route_case(
            verified,
            [ActionInput(bawaslu(), "Kaji.", due_at=demo_clock - dt.timedelta(hours=1))],
            by=regency_secretariat,
        )
    with pytest.raises(ValidationError):
        services.route_case(verified, [ActionInput(bawaslu(), "  ")], by=regency_secretariat)
    with pytest.raises(ValidationError):
        services.route_case(verified, [], by=regency_secretariat)
    assert not verified.actions.exists()


def test_the_operator_may_not_route(verified, village_operator):
    with pytest.raises(PermissionDenied):
        services.route_case(verified, [ActionInput(bawaslu(), "Kaji.")], by=village_operator)


def test_the_liaison_sees_the_case_only_once_routed_to_bawaslu(verified, regency_secretariat, liaison):
    assert not Case.objects.visible_to(liaison).filter(pk=verified.pk).exists()
    services.route_case(verified, [ActionInput(kpu(), "Ganti kotak suara.")], by=regency_secretariat)
    assert not Case.objects.visible_to(liaison).filter(pk=verified.pk).exists()
    services.route_case(verified, [ActionInput(bawaslu(), "Kaji.")], by=regency_secretariat)
    assert Case.objects.visible_to(liaison).filter(pk=verified.pk).exists()
    assert list(RoutedAction.objects.visible_to(liaison).filter(case=verified)) == [
        verified.actions.get(institution__code="bawaslu-13-75")
    ]


def test_the_liaison_follows_up_its_own_action_with_evidence(routed, liaison):
    action = routed.actions.get(institution__code="bawaslu-13-75")
    follow_up = services.add_follow_up(
        action, by=liaison, note="Klarifikasi dijadwalkan.", status=RoutedAction.Status.IN_PROGRESS, files=[png()]
    )
    action.refresh_from_db()
    assert action.status == RoutedAction.Status.IN_PROGRESS
    assert follow_up.attachments.get().purpose == Attachment.Purpose.FOLLOW_UP
    event = AuditEvent.objects.filter(action="case.follow_up", object_id=str(routed.pk)).get()
    assert event.actor == liaison and event.changes["institution"] == [None, "Bawaslu Kota Bukittinggi"]


def test_the_liaison_may_not_update_another_institutions_action(routed, liaison):
    action = routed.actions.get(institution__code="kpu-13-75")
    assert not services.can_update_action(liaison, action)
    with pytest.raises(PermissionDenied):
        services.add_follow_up(action, by=liaison, note="Bukan urusan kami.")
    assert not FollowUp.objects.filter(action=action).exists()


def test_a_closed_action_takes_no_more_follow_ups(routed, liaison):
    action = routed.actions.get(institution__code="bawaslu-13-75")
    services.add_follow_up(action, by=liaison, note="Selesai dikaji.", status=RoutedAction.Status.DONE)
    assert action.completed_at is not None
    with pytest.raises(InvalidTransition):
        services.add_follow_up(action, by=liaison, note="Lagi.")


def test_overdue_actions_are_listed_per_institution(routed, demo_clock):
    overdue = RoutedAction.objects.overdue(at=demo_clock + dt.timedelta(hours=73)).filter(case=routed)
    assert set(overdue.values_list("institution__code", flat=True)) == {"bawaslu-13-75", "kpu-13-75"}
    assert not RoutedAction.objects.overdue(at=demo_clock).filter(case=routed).exists()
    demo_overdue = RoutedAction.objects.overdue().for_institution(bawaslu()).filter(case__title__startswith="[Demo]")
    assert demo_overdue.count() == 1


# --- Resolution ---------------------------------------------------------------------------------------------------


def test_resolving_without_closing_evidence_is_refused(routed, regency_secretariat):
    with pytest.raises(ValidationError) as refused:
        services.resolve_case(routed, by=regency_secretariat, note="Sudah diganti.")
    assert "files" in refused.value.message_dict
    routed.refresh_from_db()
    assert routed.status == Case.Status.IN_HANDLING


def test_resolving_with_evidence_closes_the_case_and_its_actions(routed, regency_secretariat):
    services.resolve_case(routed, by=regency_secretariat, note="Kotak suara diganti.", files=[png("ba.png")])
    routed.refresh_from_db()
    assert routed.status == Case.Status.RESOLVED and routed.closing_note == "Kotak suara diganti."
    assert routed.attachments.get().purpose == Attachment.Purpose.CLOSING
    assert set(routed.actions.values_list("status", flat=True)) == {RoutedAction.Status.DONE}


def test_follow_up_evidence_counts_as_closing_evidence(routed, liaison, regency_secretariat):
    action = routed.actions.get(institution__code="bawaslu-13-75")
    services.add_follow_up(action, by=liaison, note="Berita acara klarifikasi.", files=[png()])
    services.resolve_case(routed, by=regency_secretariat, note="Selesai.")
    assert routed.status == Case.Status.RESOLVED


def test_a_new_case_cannot_be_resolved_and_a_resolved_one_not_rejected(case, regency_secretariat):
    with pytest.raises(InvalidTransition):
        services.resolve_case(case, by=regency_secretariat, note="x", files=[png()])
    services.verify_case(case, by=regency_secretariat)
    services.resolve_case(case, by=regency_secretariat, note="Beres.", files=[png()])
    with pytest.raises(InvalidTransition):
        services.reject_case(case, by=regency_secretariat, reason="Terlambat.")


def test_the_liaison_cannot_resolve(routed, liaison):
    with pytest.raises(PermissionDenied):
        services.resolve_case(routed, by=liaison, note="Selesai.", files=[png()])


# --- Escalation and merging ------------------------------------------------------------------------------------


def test_escalation_hands_the_case_to_the_province_desk_and_keeps_its_history(
    routed, regency_chair, province_secretariat
):
    events_before = list(services.timeline(routed).values_list("action", flat=True))
    with pytest.raises(ValidationError):
        services.escalate_case(routed, by=regency_chair, reason="")
    services.escalate_case(routed, by=regency_chair, reason="Melibatkan pendukung paslon gubernur.")
    routed.refresh_from_db()
    assert routed.desk == Desk.objects.get(region__code="13")
    assert routed.status == Case.Status.IN_HANDLING and routed.actions.count() == 2
    assert list(services.timeline(routed).values_list("action", flat=True)) == [*events_before, "case.escalate"]
    assert Case.objects.visible_to(province_secretariat).filter(pk=routed.pk).exists()
    with pytest.raises(ValidationError):
        services.escalate_case(routed, by=province_secretariat, reason="Ke pusat.")


def test_after_escalation_the_city_desk_no_longer_handles_it(verified, regency_chair, regency_secretariat):
    services.escalate_case(verified, by=regency_chair, reason="Perlu provinsi.")
    with pytest.raises(PermissionDenied):
        services.route_case(verified, [ActionInput(bawaslu(), "Kaji.")], by=regency_secretariat)


def test_a_duplicate_is_merged_into_the_open_case(case, tarok_dipo, village_operator, regency_secretariat):
    duplicate = report(tarok_dipo, village_operator, title="Kotak suara rusak lagi")
    services.merge_case(duplicate, into=case, by=regency_secretariat)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Case.Status.MERGED, case)
    assert AuditEvent.objects.filter(action="case.merged_in", object_id=str(case.pk)).get().changes == {
        "duplicate": [None, duplicate.number]
    }


def test_merging_into_itself_or_a_closed_case_is_refused(case, tarok_dipo, village_operator, regency_secretariat):
    with pytest.raises(ValidationError):
        services.merge_case(case, into=case, by=regency_secretariat)
    closed = report(tarok_dipo, village_operator, title="Lama")
    services.reject_case(closed, by=regency_secretariat, reason="Ganda.")
    with pytest.raises(ValidationError):
        services.merge_case(case, into=closed, by=regency_secretariat)
    with pytest.raises(PermissionDenied):
        services.merge_case(closed, into=case, by=village_operator)


# --- Timeline and privacy -------------------------------------------------------------------------------------


def test_the_timeline_shows_each_step_with_actor_and_channel(routed, liaison, regency_secretariat, village_operator):
    action = routed.actions.get(institution__code="bawaslu-13-75")
    services.add_follow_up(action, by=liaison, note="Dikaji.", files=[png()], channel=Channel.API)
    services.resolve_case(routed, by=regency_secretariat, note="Selesai.")
    steps = [(e.action, e.actor, e.channel) for e in services.timeline(routed)]
    assert steps == [
        ("case.submit", village_operator, Channel.WEB),
        ("case.verify", regency_secretariat, Channel.WEB),
        ("case.route", regency_secretariat, Channel.WEB),
        ("case.follow_up", liaison, Channel.API),
        ("case.resolve", regency_secretariat, Channel.WEB),
    ]
    route = services.timeline(routed).get(action="case.route")
    assert route.changes["status"] == [Case.Status.VERIFIED, Case.Status.IN_HANDLING]


def test_the_timeline_is_one_query(routed, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        list(services.timeline(routed))


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("regency_secretariat", True),
        ("regency_chair", False),
        ("village_operator", False),
        ("province_secretariat", False),
        ("liaison", False),
        ("outsider", False),
        ("superuser", True),
    ],
)
def test_only_the_handling_desks_secretariat_sees_the_reporter(request, case, persona, sees):
    assert services.reporter_visible_to(request.getfixturevalue(persona), case) is sees


def test_after_escalation_the_reporter_is_the_province_secretariats_to_see(
    verified, regency_chair, regency_secretariat, province_secretariat
):
    services.escalate_case(verified, by=regency_chair, reason="Perlu provinsi.")
    assert services.reporter_visible_to(province_secretariat, verified)
    assert not services.reporter_visible_to(regency_secretariat, verified)


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("village_operator", True),
        ("regency_secretariat", True),
        ("province_chair", True),
        ("liaison", False),
        ("outsider", False),
    ],
)
def test_who_sees_a_new_tarok_dipo_case(request, case, persona, sees):
    assert Case.objects.visible_to(request.getfixturevalue(persona)).filter(pk=case.pk).exists() is sees


def test_a_village_operator_does_not_see_a_case_in_the_next_village(village_operator, regency_secretariat):
    elsewhere = report(Region.objects.get(code="13.75.01.1003"), regency_secretariat)
    assert not Case.objects.visible_to(village_operator).filter(pk=elsewhere.pk).exists()


# --- The demo cases ---------------------------------------------------------------------------------------------


def test_the_demo_cases_stand_at_every_point_of_the_lifecycle(db):
    demo = Case.objects.filter(title__startswith="[Demo]")
    statuses = demo.counts_by("status")
    assert statuses == {
        Case.Status.NEW: 2,
        Case.Status.VERIFIED: 3,
        Case.Status.IN_HANDLING: 2,
        Case.Status.RESOLVED: 1,
    }
    resolved = demo.get(status=Case.Status.RESOLVED)
    assert resolved.attachments.get(purpose=Attachment.Purpose.CLOSING).content_type == "image/png"
    escalated = demo.get(desk__region__code="13")
    assert escalated.region.code.startswith("13.75") and escalated.severity == "kritis"
    assert {code[:5] for code in demo.values_list("region__code", flat=True)} == {"13.75", "13.76"}
    assert demo.filter(region__code__startswith="13.76").count() == 2
