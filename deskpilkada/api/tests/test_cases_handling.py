"""Handling cases over the API: verify, reject, route, escalate, resolve; routed actions and their follow-ups.

A step on a case the user cannot see is a 404; on a case they see but may not handle, a 403; a step that does
not apply to the case's status, a 400 with the reason.
"""

from __future__ import annotations

import datetime as dt

import pytest

from deskpilkada.cases import services
from deskpilkada.cases.models import Attachment, Case, RoutedAction
from deskpilkada.core import clock
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.desks.models import Institution

from .test_cases import file_case, png, route_to_bawaslu

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(village_operator):
    """A new case in Tarok Dipo, handled by the Bukittinggi desk."""
    return file_case(village_operator, title="Amplop di Tarok Dipo")


@pytest.fixture
def routed(case, regency_secretariat):
    return route_to_bawaslu(case, regency_secretariat)


def _post(client, url, data=None, **kwargs):
    kwargs.setdefault("format", "json")
    return client.post(url, data or {}, **kwargs)


def _last_event(case) -> AuditEvent:
    return AuditEvent.objects.for_object(case).order_by("-at", "-pk").first()


# ---------------------------------------------------------------------------------------------- verify


def test_regency_secretariat_verifies_a_new_case(api_as, regency_secretariat, case):
    response = _post(api_as(regency_secretariat), f"/api/v1/cases/{case.pk}/verify/", {"note": "Dicek ke lokasi"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "terverifikasi"
    case.refresh_from_db()
    assert case.status == Case.Status.VERIFIED
    event = _last_event(case)
    assert (event.action, event.channel, event.actor, event.note) == (
        "case.verify",
        Channel.API,
        regency_secretariat,
        "Dicek ke lokasi",
    )


def test_verification_can_correct_the_severity_and_category(api_as, regency_secretariat, case):
    from .test_cases import category

    category("netralitas_asn")
    response = _post(
        api_as(regency_secretariat),
        f"/api/v1/cases/{case.pk}/verify/",
        {"severity": "kritis", "category": "netralitas_asn"},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["severity"], response.json()["category"]["code"]) == ("kritis", "netralitas_asn")


def test_verifying_twice_answers_400_with_the_reason(api_as, regency_secretariat, case):
    client = api_as(regency_secretariat)
    _post(client, f"/api/v1/cases/{case.pk}/verify/")
    response = _post(client, f"/api/v1/cases/{case.pk}/verify/")
    assert response.status_code == 400
    assert "cannot be verified" in response.json()["detail"]


def test_village_operator_sees_the_case_but_may_not_verify_it(api_as, village_operator, case):
    response = _post(api_as(village_operator), f"/api/v1/cases/{case.pk}/verify/")
    assert response.status_code == 403
    assert "secretariat" in response.json()["detail"]
    case.refresh_from_db()
    assert case.status == Case.Status.NEW


@pytest.mark.parametrize("step", ["verify", "reject", "route", "escalate", "resolve"])
def test_outsider_gets_404_for_every_step(api_as, outsider, case, step):
    response = _post(api_as(outsider), f"/api/v1/cases/{case.pk}/{step}/", {"reason": "x", "note": "x"})
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Case.Status.NEW


@pytest.mark.parametrize("step", ["verify", "reject", "escalate"])
def test_liaison_gets_404_for_a_case_not_routed_to_them(api_as, liaison, case, step):
    assert _post(api_as(liaison), f"/api/v1/cases/{case.pk}/{step}/", {"reason": "x"}).status_code == 404


def test_liaison_sees_a_routed_case_but_may_not_escalate_it(api_as, liaison, routed):
    response = _post(api_as(liaison), f"/api/v1/cases/{routed.pk}/escalate/", {"reason": "x"})
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------- reject


def test_reject_needs_a_reason(api_as, regency_secretariat, case):
    client = api_as(regency_secretariat)
    assert "reason" in _post(client, f"/api/v1/cases/{case.pk}/reject/").json()
    response = _post(client, f"/api/v1/cases/{case.pk}/reject/", {"reason": "Bukan pelanggaran pilkada"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["closing_note"]) == ("ditolak", "Bukan pelanggaran pilkada")


# ---------------------------------------------------------------------------------------------- route


def test_route_a_verified_case_to_bawaslu_with_a_due_time(api_as, regency_secretariat, case):
    client = api_as(regency_secretariat)
    _post(client, f"/api/v1/cases/{case.pk}/verify/")
    body = {
        "actions": [
            {
                "institution": "bawaslu-13-75",
                "description": "Klarifikasi pelapor dan saksi",
                "due_at": "2024-11-21T10:00:00+07:00",
                "owner_name": "Koordinator Divisi Penanganan Pelanggaran",
            },
            {"institution": "polres-13-75", "description": "Pengamanan lokasi"},
        ],
        "note": "Diteruskan sesuai playbook",
    }
    response = _post(client, f"/api/v1/cases/{case.pk}/route/", body)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "ditangani"
    by_code = {a["institution"]["code"]: a for a in data["actions"]}
    assert by_code["bawaslu-13-75"]["due_at"] == "2024-11-21T10:00:00+07:00"
    assert by_code["bawaslu-13-75"]["owner_name"] == "Koordinator Divisi Penanganan Pelanggaran"
    # Without a due time: from the severity (sedang: 72 hours by default).
    expected = services.due_for(case.severity, clock.now())
    assert RoutedAction.objects.get(case=case, institution__code="polres-13-75").due_at == expected


def test_route_before_verification_answers_400(api_as, regency_secretariat, case):
    response = _post(
        api_as(regency_secretariat),
        f"/api/v1/cases/{case.pk}/route/",
        {"actions": [{"institution": "bawaslu-13-75", "description": "Klarifikasi"}]},
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not RoutedAction.objects.filter(case=case).exists()


def test_route_refuses_an_unknown_or_foreign_institution_and_a_naive_due_time(api_as, regency_secretariat, case):
    client = api_as(regency_secretariat)
    services.verify_case(case, by=regency_secretariat)
    url = f"/api/v1/cases/{case.pk}/route/"
    foreign = Institution.objects.filter(region__code="13.76").first()  # Payakumbuh
    for institution in ("tidak-ada", foreign.code):
        response = _post(client, url, {"actions": [{"institution": institution, "description": "x"}]})
        assert response.status_code == 400
        assert "institution" in response.json()["actions"]["0"]
    response = _post(
        client, url, {"actions": [{"institution": "bawaslu-13-75", "description": "x", "due_at": "2024-11-21T10:00"}]}
    )
    assert response.status_code == 400
    assert "offset" in str(response.json())
    assert _post(client, url, {"actions": []}).status_code == 400
    assert not RoutedAction.objects.filter(case=case).exists()


def test_route_accepts_a_province_institution(api_as, regency_secretariat, case):
    province_institution = Institution.objects.filter(region__code="13").first()
    services.verify_case(case, by=regency_secretariat)
    response = _post(
        api_as(regency_secretariat),
        f"/api/v1/cases/{case.pk}/route/",
        {"actions": [{"institution": province_institution.code, "description": "Koordinasi provinsi"}]},
    )
    assert response.status_code == 200, response.content


def test_route_refuses_a_due_time_in_the_past(api_as, regency_secretariat, case):
    services.verify_case(case, by=regency_secretariat)
    response = _post(
        api_as(regency_secretariat),
        f"/api/v1/cases/{case.pk}/route/",
        {"actions": [{"institution": "bawaslu-13-75", "description": "x", "due_at": "2024-11-19T10:00:00+07:00"}]},
    )
    assert response.status_code == 400
    assert "actions" in response.json()


# ---------------------------------------------------------------------------------------------- escalate


def test_escalate_hands_the_case_to_the_province_desk(api_as, api, regency_secretariat, province_secretariat, case):
    response = _post(
        api_as(regency_secretariat), f"/api/v1/cases/{case.pk}/escalate/", {"reason": "Melibatkan pejabat provinsi"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["desk"] == "13"
    assert [e["action"] for e in response.json()["timeline"]] == ["case.submit", "case.escalate"]
    # The regency desk still sees it but no longer handles it; the province does.
    response = _post(api_as(regency_secretariat), f"/api/v1/cases/{case.pk}/verify/")
    assert response.status_code == 403
    api.logout()
    assert _post(api_as(province_secretariat), f"/api/v1/cases/{case.pk}/verify/").status_code == 200


def test_escalate_needs_a_reason_and_a_desk_above(api_as, regency_secretariat, province_secretariat, case):
    assert _post(api_as(regency_secretariat), f"/api/v1/cases/{case.pk}/escalate/", {"reason": ""}).status_code == 400
    services.escalate_case(case, by=regency_secretariat, reason="Naik")
    response = _post(api_as(province_secretariat), f"/api/v1/cases/{case.pk}/escalate/", {"reason": "Naik lagi"})
    assert response.status_code == 400
    assert "desk" in response.json()


# ---------------------------------------------------------------------------------------------- resolve


def test_resolve_with_closing_evidence(api_as, regency_secretariat, routed):
    response = api_as(regency_secretariat).post(
        f"/api/v1/cases/{routed.pk}/resolve/",
        {"note": "Bawaslu menghentikan pembagian amplop", "files": [png("berita-acara.png")]},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "selesai"
    assert body["closed_at"] is not None
    assert [(a["name"], a["purpose"]) for a in body["attachments"]] == [("berita-acara.png", "penutupan")]
    assert body["actions"][0]["status"] == "selesai"


def test_resolve_without_evidence_answers_400_on_files(api_as, regency_secretariat, routed):
    response = _post(api_as(regency_secretariat), f"/api/v1/cases/{routed.pk}/resolve/", {"note": "Selesai"})
    assert response.status_code == 400
    assert "files" in response.json()
    routed.refresh_from_db()
    assert routed.status == Case.Status.IN_HANDLING


def test_resolve_a_new_case_answers_400(api_as, regency_secretariat, case):
    response = api_as(regency_secretariat).post(
        f"/api/v1/cases/{case.pk}/resolve/", {"note": "x", "files": [png()]}, format="multipart"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Attachment.objects.filter(case=case).exists()


def test_regency_chair_may_resolve_but_village_operator_may_not(api_as, api, regency_chair, village_operator, routed):
    response = api_as(village_operator).post(
        f"/api/v1/cases/{routed.pk}/resolve/", {"note": "x", "files": [png()]}, format="multipart"
    )
    assert response.status_code == 403
    api.logout()
    response = api_as(regency_chair).post(
        f"/api/v1/cases/{routed.pk}/resolve/", {"note": "x", "files": [png()]}, format="multipart"
    )
    assert response.status_code == 200


# ---------------------------------------------------------------------------------------------- actions


@pytest.fixture
def two_actions(case, regency_secretariat):
    """The case routed to Bawaslu (due in 6 hours) and to the police (default due time)."""
    services.verify_case(case, by=regency_secretariat)
    bawaslu = Institution.objects.get(code="bawaslu-13-75")
    police = Institution.objects.get(code="polres-13-75")
    services.route_case(
        case,
        [
            services.ActionInput(bawaslu, "Klarifikasi", due_at=clock.now() + dt.timedelta(hours=6)),
            services.ActionInput(police, "Pengamanan"),
        ],
        by=regency_secretariat,
    )
    return {a.institution.code: a for a in case.actions.select_related("institution")}


def _action_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_liaison_lists_only_the_actions_routed_to_bawaslu(api_as, liaison, two_actions):
    response = api_as(liaison).get("/api/v1/actions/")
    expected = set(
        RoutedAction.objects.filter(institution__code="bawaslu-13-75")
        .exclude(case__status="digabung")
        .values_list("pk", flat=True)
    )
    assert _action_ids(response) == expected
    assert two_actions["bawaslu-13-75"].pk in expected
    row = next(r for r in response.json()["results"] if r["id"] == two_actions["bawaslu-13-75"].pk)
    assert row["case"]["number"] == two_actions["bawaslu-13-75"].case.number
    assert row["institution"]["code"] == "bawaslu-13-75"
    assert row["is_overdue"] is False


def test_desk_people_list_every_action_of_their_cases(api_as, regency_secretariat, two_actions):
    client = api_as(regency_secretariat)
    bukittinggi = RoutedAction.objects.filter(case__region__code__startswith="13.75").exclude(case__status="digabung")
    assert _action_ids(client.get("/api/v1/actions/")) == set(bukittinggi.values_list("pk", flat=True))
    police = set(bukittinggi.filter(institution__code="polres-13-75").values_list("pk", flat=True))
    assert two_actions["polres-13-75"].pk in police
    assert _action_ids(client.get("/api/v1/actions/?institution=polres-13-75")) == police


def test_outsider_lists_no_action_and_gets_404_for_one(api_as, outsider, two_actions):
    client = api_as(outsider)
    assert _action_ids(client.get("/api/v1/actions/")) == set()
    assert client.get(f"/api/v1/actions/{two_actions['bawaslu-13-75'].pk}/").status_code == 404


def test_overdue_lists_open_actions_past_their_due_time(api_as, regency_secretariat, two_actions):
    client = api_as(regency_secretariat)
    mine = {a.pk for a in two_actions.values()}
    response = client.get("/api/v1/actions/?overdue=1")
    overdue = RoutedAction.objects.filter(case__region__code__startswith="13.75").exclude(case__status="digabung")
    assert _action_ids(response) == set(overdue.overdue(clock.now()).values_list("pk", flat=True))
    assert _action_ids(response) & mine == set()
    later = clock.now() + dt.timedelta(hours=7)
    with clock.frozen(later):
        response = client.get("/api/v1/actions/?overdue=1")
    assert _action_ids(response) & mine == {two_actions["bawaslu-13-75"].pk}
    assert all(row["is_overdue"] for row in response.json()["results"])
    assert all(dt.datetime.fromisoformat(row["due_at"]) < later for row in response.json()["results"])


def test_the_action_list_needs_a_fixed_number_of_queries(
    api_as, regency_secretariat, two_actions, django_assert_num_queries
):
    client = api_as(regency_secretariat)
    client.get("/api/v1/actions/")
    # session, user, assignments, liaison institutions, count, page
    with django_assert_num_queries(6):
        client.get("/api/v1/actions/")


def test_liaison_records_a_follow_up_with_evidence(api_as, liaison, two_actions):
    action = two_actions["bawaslu-13-75"]
    response = api_as(liaison).post(
        f"/api/v1/actions/{action.pk}/follow-ups/",
        {"note": "Pelapor dan dua saksi sudah diklarifikasi", "status": "dikerjakan", "files": [png("ba.png")]},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "dikerjakan"
    [follow_up] = body["follow_ups"]
    assert follow_up["note"] == "Pelapor dan dua saksi sudah diklarifikasi"
    assert follow_up["attachments"][0]["name"] == "ba.png"
    event = _last_event(action.case)
    assert (event.action, event.channel, event.actor) == ("case.follow_up", Channel.API, liaison)


def test_liaison_gets_404_for_the_police_action(api_as, liaison, two_actions):
    response = _post(api_as(liaison), f"/api/v1/actions/{two_actions['polres-13-75'].pk}/follow-ups/", {"note": "x"})
    assert response.status_code == 404


def test_village_operator_sees_the_action_but_may_not_update_it(api_as, village_operator, two_actions):
    action = two_actions["bawaslu-13-75"]
    client = api_as(village_operator)
    assert client.get(f"/api/v1/actions/{action.pk}/").status_code == 200
    assert _post(client, f"/api/v1/actions/{action.pk}/follow-ups/", {"note": "x"}).status_code == 403
    assert not action.follow_ups.exists()


def test_a_follow_up_needs_a_note_and_a_known_status(api_as, liaison, two_actions):
    client = api_as(liaison)
    url = f"/api/v1/actions/{two_actions['bawaslu-13-75'].pk}/follow-ups/"
    assert "note" in _post(client, url, {"note": ""}).json()
    assert "status" in _post(client, url, {"note": "x", "status": "beres"}).json()


def test_a_closed_action_takes_no_follow_up(api_as, liaison, two_actions):
    action = two_actions["bawaslu-13-75"]
    client = api_as(liaison)
    assert (
        _post(client, f"/api/v1/actions/{action.pk}/follow-ups/", {"note": "Tuntas", "status": "selesai"}).status_code
        == 201
    )
    response = _post(client, f"/api/v1/actions/{action.pk}/follow-ups/", {"note": "Lagi"})
    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


def test_follow_up_evidence_lets_the_desk_resolve_without_new_files(
    api_as, api, liaison, regency_secretariat, two_actions
):
    action = two_actions["bawaslu-13-75"]
    api_as(liaison).post(
        f"/api/v1/actions/{action.pk}/follow-ups/", {"note": "Selesai", "files": [png()]}, format="multipart"
    )
    api.logout()
    response = _post(api_as(regency_secretariat), f"/api/v1/cases/{action.case_id}/resolve/", {"note": "Tuntas"})
    assert response.status_code == 200, response.content


def test_liaison_sees_only_their_institutions_actions_and_evidence_on_the_case(
    api_as, api, liaison, regency_secretariat, two_actions
):
    services.add_follow_up(two_actions["polres-13-75"], by=regency_secretariat, note="Patroli", files=[png("p.png")])
    services.add_follow_up(two_actions["bawaslu-13-75"], by=liaison, note="Klarifikasi", files=[png("b.png")])
    case_id = two_actions["bawaslu-13-75"].case_id
    body = api_as(liaison).get(f"/api/v1/cases/{case_id}/").json()
    assert [a["institution"]["code"] for a in body["actions"]] == ["bawaslu-13-75"]
    assert [a["name"] for a in body["attachments"]] == ["b.png"]
    api.logout()
    body = api_as(regency_secretariat).get(f"/api/v1/cases/{case_id}/").json()
    assert {a["institution"]["code"] for a in body["actions"]} == {"bawaslu-13-75", "polres-13-75"}
    assert {a["name"] for a in body["attachments"]} == {"b.png", "p.png"}
