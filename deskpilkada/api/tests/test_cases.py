"""Cases over the API: intake (idempotent), the inbox with its filters, one case, and who sees what.

The demo scenario holds cases of its own, so tests compare with what they stored themselves (``NewCases``)
or with what the database holds independently of the access path. The helpers at the top (``category``,
``payload``, ``file_case``, ``route_to_bawaslu``, ``NewCases``) are shared with the other test modules.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from deskpilkada.cases import services
from deskpilkada.cases.models import Case, Category, IntakeKey
from deskpilkada.core import clock
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.desks.models import Institution
from deskpilkada.elections.models import PollingStation
from deskpilkada.regions.models import Region

pytestmark = pytest.mark.django_db

TAROK_DIPO = "13.75.01.1001"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


# ---------------------------------------------------------------------------------------------- helpers


def category(code: str = "politik_uang") -> Category:
    """The category (shipped by ``load_categories``; created here when the taxonomy is not loaded)."""
    return Category.objects.get_or_create(
        code=code, defaults={"name_id": code.replace("_", " ").title(), "name_en": code.replace("_", " ").title()}
    )[0]


def payload(**overrides) -> dict:
    body = {
        "region": TAROK_DIPO,
        "category": category().code,
        "severity": "tinggi",
        "title": "Pembagian amplop di dekat TPS 003",
        "description": "Warga melihat tim sukses membagikan amplop berisi uang pada pagi hari.",
        "occurred_at": "2024-11-20T08:30:00+07:00",
    }
    body.update(overrides)
    return body


def file_case(by, *, region: str = TAROK_DIPO, category_code: str = "politik_uang", **fields) -> Case:
    """A case filed through the intake service, as the web form files it."""
    data = services.CaseInput(
        region=Region.objects.get(code=region),
        category=category(category_code),
        severity=fields.pop("severity", "sedang"),
        title=fields.pop("title", "Spanduk kampanye di halaman sekolah"),
        description=fields.pop("description", "Spanduk paslon dipasang di pagar SD."),
        occurred_at=fields.pop("occurred_at", clock.now() - dt.timedelta(hours=2)),
        **fields,
    )
    case, _ = services.submit_case(data, by=by)
    return case


def route_to_bawaslu(case: Case, by, **action) -> Case:
    services.verify_case(case, by=by)
    institution = Institution.objects.get(code="bawaslu-13-75")
    return services.route_case(
        case, [services.ActionInput(institution=institution, description="Klarifikasi pelapor", **action)], by=by
    )


class NewCases:
    """The cases stored since it was made."""

    def __init__(self):
        self.before = set(Case.objects.values_list("pk", flat=True))

    def all(self):
        return Case.objects.exclude(pk__in=self.before)

    def count(self) -> int:
        return self.all().count()


@pytest.fixture
def new_cases(db) -> NewCases:
    return NewCases()


def png(name: str = "bukti.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# ---------------------------------------------------------------------------------------------- intake


def test_village_operator_reports_a_case_and_gets_its_number(api_as, village_operator):
    response = api_as(village_operator).post("/api/v1/cases/", payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["number"] == case.number and case.number.startswith("1375-24-")
    assert body["status"] == "baru"
    assert body["region"] == {"code": TAROK_DIPO, "name": "Kelurahan Tarok Dipo"}
    assert body["category"]["code"] == "politik_uang"
    assert body["desk"] == "13.75"
    assert body["url"].endswith(f"/api/v1/cases/{case.pk}/")
    assert response["Location"] == body["url"]
    assert case.channel == Channel.API
    assert case.reported_by == village_operator
    assert case.occurred_at == dt.datetime(2024, 11, 20, 1, 30, tzinfo=dt.UTC)
    assert [e["action"] for e in body["timeline"]] == ["case.submit"]
    assert body["timeline"][0]["channel"] == "api"


def test_the_reported_case_can_be_read_back_with_its_status(api_as, village_operator):
    client = api_as(village_operator)
    created = client.post("/api/v1/cases/", payload(), format="json").json()
    body = client.get(f"/api/v1/cases/{created['id']}/").json()
    assert (body["id"], body["number"], body["status"]) == (created["id"], created["number"], "baru")


def test_api_token_can_report_a_case(api, village_operator):
    token, _ = Token.objects.get_or_create(user=village_operator)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.post("/api/v1/cases/", payload(), format="json").status_code == 201


def test_anonymous_client_cannot_report(api, new_cases):
    assert api.post("/api/v1/cases/", payload(), format="json").status_code in (401, 403)
    assert new_cases.count() == 0


def test_optional_fields_are_stored(api_as, village_operator):
    station = PollingStation.objects.filter(village__code=TAROK_DIPO).order_by("number").first()
    body = payload(
        kind="potensi",
        tps=station.pk,
        latitude=-0.3051234567,
        longitude=100.3691,
        reporter_name="Siti Rahmawati",
        reporter_phone="081234567890",
        reporter_nik="1375014107900001",
        occurred_at="2024-11-26T07:00:00+07:00",
    )
    response = api_as(village_operator).post("/api/v1/cases/", body, format="json")
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.kind == "potensi"
    assert case.polling_station == station
    assert str(case.latitude) == "-0.305123"
    assert case.reporter_nik == "1375014107900001"
    assert response.json()["tps"] == {"id": station.pk, "number": station.number}


def test_evidence_can_be_sent_as_multipart(api_as, village_operator):
    body = payload()
    body["files"] = [png()]
    response = api_as(village_operator).post("/api/v1/cases/", body, format="multipart")
    assert response.status_code == 201, response.content
    attachment = response.json()["attachments"][0]
    assert (attachment["name"], attachment["type"], attachment["size"]) == ("bukti.png", "image/png", len(PNG))
    assert attachment["url"].endswith(f"/cases/{response.json()['id']}/attachments/{attachment['id']}/")


def test_occurred_at_without_offset_is_refused_with_a_clear_message(api_as, village_operator, new_cases):
    response = api_as(village_operator).post(
        "/api/v1/cases/", payload(occurred_at="2024-11-20T08:30:00"), format="json"
    )
    assert response.status_code == 400
    assert "offset" in response.json()["occurred_at"][0]
    assert new_cases.count() == 0


def test_occurred_at_in_utc_with_z_is_accepted(api_as, village_operator):
    response = api_as(village_operator).post(
        "/api/v1/cases/", payload(occurred_at="2024-11-20T01:30:00Z"), format="json"
    )
    assert response.status_code == 201, response.content


def test_missing_and_invalid_fields_answer_400_with_field_messages(api_as, village_operator, new_cases):
    response = api_as(village_operator).post(
        "/api/v1/cases/", {"region": TAROK_DIPO, "category": "tidak_ada", "severity": "parah"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert {"category", "severity", "title", "description", "occurred_at"} <= set(errors)
    assert "categories" in errors["category"][0]
    assert new_cases.count() == 0


def test_an_incident_in_the_future_is_refused_by_the_service(api_as, village_operator):
    response = api_as(village_operator).post(
        "/api/v1/cases/", payload(occurred_at="2024-11-22T08:30:00+07:00"), format="json"
    )
    assert response.status_code == 400
    assert "occurred_at" in response.json()


@pytest.mark.parametrize(
    ("kind", "occurred_at", "message"),
    [
        ("kejadian", "0647-03-25T03:48:13+07:00", "This time is more than a year ago: check the year."),
        ("kejadian", "2023-11-19T08:30:00+07:00", "This time is more than a year ago: check the year."),
        ("potensi", "2042-11-27T07:00:00+07:00", "This time is more than a year ahead: check the year."),
    ],
)
def test_a_time_far_from_the_election_is_refused_as_a_typing_mistake(
    api_as, village_operator, new_cases, kind, occurred_at, message
):
    """Found by fuzzing the API (schemathesis): an incident in the year 647 was accepted."""
    response = api_as(village_operator).post(
        "/api/v1/cases/", payload(kind=kind, occurred_at=occurred_at), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"occurred_at": [message]}
    assert new_cases.count() == 0


def test_a_potential_problem_may_lie_months_ahead(api_as, village_operator, new_cases):
    response = api_as(village_operator).post(
        "/api/v1/cases/", payload(kind="potensi", occurred_at="2025-03-01T07:00:00+07:00"), format="json"
    )
    assert response.status_code == 201
    assert new_cases.count() == 1


def test_a_tps_outside_the_region_is_refused_on_the_tps_field(api_as, regency_secretariat):
    elsewhere = PollingStation.objects.filter(village__code__startswith="13.75.").exclude(village__code=TAROK_DIPO)
    response = api_as(regency_secretariat).post("/api/v1/cases/", payload(tps=elsewhere.first().pk), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["tps"]


def test_a_bad_nik_is_refused(api_as, village_operator):
    response = api_as(village_operator).post("/api/v1/cases/", payload(reporter_nik="12345"), format="json")
    assert response.status_code == 400
    assert "reporter_nik" in response.json()


def test_a_file_that_is_not_a_photo_or_pdf_is_refused(api_as, village_operator, new_cases):
    body = payload()
    body["files"] = [SimpleUploadedFile("bukti.png", b"MZ\x90\x00 not an image", content_type="image/png")]
    response = api_as(village_operator).post("/api/v1/cases/", body, format="multipart")
    assert response.status_code == 400
    assert "files" in response.json()
    assert new_cases.count() == 0


@pytest.mark.parametrize(
    ("persona", "region"),
    [
        ("outsider", TAROK_DIPO),  # outside their regions
        ("village_operator", "13.75"),  # above their village
        ("village_operator", "13.75.01.1002"),  # the neighbouring kelurahan
        ("liaison", "13.75"),  # a partner liaison does not report
        ("village_operator", "99.99"),  # does not exist: the same answer
    ],
)
def test_a_region_the_user_cannot_report_in_reads_like_an_unknown_one(api_as, request, persona, region, new_cases):
    response = api_as(request.getfixturevalue(persona)).post("/api/v1/cases/", payload(region=region), format="json")
    assert response.status_code == 400
    assert response.json() == {"region": ["Unknown region or outside your regions."]}
    assert new_cases.count() == 0


# ---------------------------------------------------------------------------------------------- idempotency


def test_a_replay_with_the_same_key_and_body_answers_200_with_the_same_case(api_as, village_operator, new_cases):
    client = api_as(village_operator)
    first = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="laporan-0001")
    again = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="laporan-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["number"] == first.json()["number"]
    assert new_cases.count() == 1
    assert AuditEvent.objects.filter(action="case.submit", object_id=str(first.json()["id"])).count() == 1


def test_a_replay_after_the_case_moved_on_still_answers_the_first_case(api_as, village_operator, regency_secretariat):
    client = api_as(village_operator)
    first = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1").json()
    services.verify_case(Case.objects.get(pk=first["id"]), by=regency_secretariat)
    again = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["status"]) == (first["id"], "terverifikasi")


def test_the_same_key_with_another_body_answers_409(api_as, village_operator, new_cases):
    client = api_as(village_operator)
    first = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="laporan-0002").json()
    response = client.post(
        "/api/v1/cases/", payload(title="Laporan lain"), format="json", HTTP_IDEMPOTENCY_KEY="laporan-0002"
    )
    assert response.status_code == 409
    body = response.json()
    assert "Idempotency-Key" in body["detail"] and first["number"] in body["detail"]
    assert (body["id"], body["number"]) == (first["id"], first["number"])
    assert new_cases.count() == 1


def test_without_a_key_two_posts_store_two_cases(api_as, village_operator, new_cases):
    client = api_as(village_operator)
    client.post("/api/v1/cases/", payload(), format="json")
    client.post("/api/v1/cases/", payload(), format="json")
    assert new_cases.count() == 2


def test_two_users_with_the_same_key_get_two_cases(api_as, api, village_operator, regency_secretariat):
    first = api_as(village_operator).post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    api.logout()
    second = api_as(regency_secretariat).post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert IntakeKey.objects.filter(key="k").count() == 2


def test_an_idempotency_key_longer_than_100_characters_is_refused(api_as, village_operator, new_cases):
    response = api_as(village_operator).post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="x" * 101)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert new_cases.count() == 0


def test_a_refused_submission_does_not_use_up_its_key(api_as, village_operator):
    client = api_as(village_operator)
    bad = client.post("/api/v1/cases/", payload(title=""), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    good = client.post("/api/v1/cases/", payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert (bad.status_code, good.status_code) == (400, 201)


# ---------------------------------------------------------------------------------------------- reading


@pytest.fixture
def scenario(village_operator, regency_secretariat, province_secretariat):
    """Cases in Tarok Dipo, at city level in Bukittinggi, in another Bukittinggi kelurahan and in Payakumbuh;
    one routed to Bawaslu Kota Bukittinggi."""
    tarok = file_case(village_operator, title="Amplop di Tarok Dipo")
    city = file_case(regency_secretariat, region="13.75", title="Hoaks di grup kota", severity="rendah")
    neighbour = file_case(regency_secretariat, region="13.75.01.1002", title="Baliho roboh")
    payakumbuh = file_case(province_secretariat, region="13.76", title="Kericuhan di Payakumbuh")
    route_to_bawaslu(city, regency_secretariat)
    return {"tarok": tarok, "city": city, "neighbour": neighbour, "payakumbuh": payakumbuh}


def _db_ids(cases) -> set[int]:
    """Case ids straight from the database (not through the access path), to compare the API with."""
    return set(cases.values_list("pk", flat=True))


def test_outsider_sees_no_case_and_gets_404_for_one(api_as, outsider, scenario):
    client = api_as(outsider)
    assert ids(client.get("/api/v1/cases/")) == set()
    assert client.get(f"/api/v1/cases/{scenario['tarok'].pk}/").status_code == 404


def test_village_operator_sees_only_the_cases_of_tarok_dipo(api_as, village_operator, scenario):
    client = api_as(village_operator)
    assert ids(client.get("/api/v1/cases/")) == _db_ids(Case.objects.filter(region__code=TAROK_DIPO))
    assert client.get(f"/api/v1/cases/{scenario['tarok'].pk}/").status_code == 200
    assert client.get(f"/api/v1/cases/{scenario['city'].pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{scenario['neighbour'].pk}/").status_code == 404


def test_liaison_sees_only_the_cases_routed_to_bawaslu_bukittinggi(api_as, liaison, scenario):
    client = api_as(liaison)
    routed = _db_ids(Case.objects.filter(region__code__startswith="13.75", actions__institution__code="bawaslu-13-75"))
    assert scenario["city"].pk in routed
    assert ids(client.get("/api/v1/cases/")) == routed
    assert client.get(f"/api/v1/cases/{scenario['city'].pk}/").status_code == 200
    assert client.get(f"/api/v1/cases/{scenario['tarok'].pk}/").status_code == 404


def test_regency_secretariat_sees_every_bukittinggi_case_and_no_other(api_as, regency_secretariat, scenario):
    expected = _db_ids(Case.objects.filter(region__code__startswith="13.75"))
    assert {scenario[k].pk for k in ("tarok", "city", "neighbour")} <= expected
    assert ids(api_as(regency_secretariat).get("/api/v1/cases/")) == expected
    assert api_as(regency_secretariat).get(f"/api/v1/cases/{scenario['payakumbuh'].pk}/").status_code == 404


def test_province_sees_the_bukittinggi_cases_and_the_rest_of_the_province(api_as, province_secretariat, scenario):
    client = api_as(province_secretariat)
    assert ids(client.get("/api/v1/cases/")) == _db_ids(Case.objects.filter(region__code__startswith="13"))
    assert ids(client.get("/api/v1/cases/?region=13.75")) == _db_ids(
        Case.objects.filter(region__code__startswith="13.75")
    )
    assert {scenario[k].pk for k in ("tarok", "city", "neighbour")} <= ids(client.get("/api/v1/cases/?region=13.75"))
    assert client.get(f"/api/v1/cases/{scenario['tarok'].pk}/").status_code == 200


def test_the_list_filters_by_status_category_severity_kind_desk_and_dates(api_as, province_secretariat, scenario):
    client = api_as(province_secretariat)
    mine = {c.pk for c in scenario.values()}

    def listed(query: str) -> set[int]:
        """Our cases among the answer, after checking the answer against the database."""
        response = client.get(f"/api/v1/cases/?{query}")
        return ids(response) & mine

    assert listed("status=ditangani") == {scenario["city"].pk}
    assert all(r["status"] == "ditangani" for r in client.get("/api/v1/cases/?status=ditangani").json()["results"])
    assert listed("severity=rendah") == {scenario["city"].pk}
    assert listed("category=politik_uang") == mine
    assert ids(client.get("/api/v1/cases/?category=politik_uang")) == _db_ids(
        Case.objects.filter(category__code="politik_uang", region__code__startswith="13")
    )
    assert listed("category=netralitas_asn") == set()
    assert listed("kind=potensi") == set()
    assert listed("desk=13.76") == {scenario["payakumbuh"].pk}
    assert ids(client.get("/api/v1/cases/?desk=13.76")) == _db_ids(Case.objects.filter(desk__region__code="13.76"))
    assert listed("region=13.75.01") == {scenario["tarok"].pk, scenario["neighbour"].pk}
    assert listed("occurred_from=2024-11-20&occurred_to=2024-11-20") == mine
    assert listed("occurred_from=2024-11-21") == set()
    assert listed("occurred_to=2024-11-19") == set()
    assert ids(client.get("/api/v1/cases/?occurred_from=2024-11-21")) == _db_ids(
        Case.objects.filter(occurred_on__gte="2024-11-21", region__code__startswith="13")
    )


def test_the_list_filters_by_stage(api_as, province_secretariat, scenario):
    stage = scenario["tarok"].stage
    assert stage is not None, "the demo calendar has a stage under way on 20 Nov 2024"
    client = api_as(province_secretariat)
    mine = {c.pk for c in scenario.values()}
    assert ids(client.get(f"/api/v1/cases/?stage={stage.code}")) & mine == mine
    assert ids(client.get("/api/v1/cases/?stage=pemungutan_suara_tidak_ada")) == set()


@pytest.mark.parametrize(
    "query",
    ["status=open", "severity=parah", "kind=lain", "region=Bukittinggi", "desk=x", "occurred_from=20-11-2024"],
)
def test_bad_filters_answer_400(api_as, province_secretariat, query):
    response = api_as(province_secretariat).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_the_list_shows_the_summary_fields(api_as, regency_secretariat, scenario):
    row = next(
        r for r in api_as(regency_secretariat).get("/api/v1/cases/").json()["results"] if r["id"] == scenario["city"].pk
    )
    assert row["number"] == scenario["city"].number
    assert row["status"] == "ditangani"
    assert row["region"] == {"code": "13.75", "name": "Kota Bukittinggi"}
    assert row["desk"] == "13.75"
    assert row["stage"] == scenario["city"].stage.code
    assert "reporter_name" not in row and "timeline" not in row


def test_the_case_list_needs_a_fixed_number_of_queries(
    api_as, province_secretariat, scenario, django_assert_num_queries
):
    client = api_as(province_secretariat)
    client.get("/api/v1/cases/")  # warm the session
    # session, user, assignments (scope), liaison institutions, count, page
    with django_assert_num_queries(6):
        first = client.get("/api/v1/cases/")
    for _ in range(5):
        file_case(province_secretariat, region="13.76")
    with django_assert_num_queries(6):
        second = client.get("/api/v1/cases/")
    assert second.json()["count"] == first.json()["count"] + 5


def test_the_case_detail_needs_a_fixed_number_of_queries(
    api_as, regency_secretariat, liaison, scenario, django_assert_num_queries
):
    case = scenario["city"]
    action = case.actions.get()
    services.add_follow_up(action, by=liaison, note="Pelapor dipanggil", files=[png()])
    client = api_as(regency_secretariat)
    client.get(f"/api/v1/cases/{case.pk}/")
    # session, user, assignments, liaison institutions, case, actions, follow-ups, their attachments,
    # case attachments, timeline
    with django_assert_num_queries(10):
        body = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert len(body["actions"][0]["follow_ups"]) == 1
    assert len(body["attachments"]) == 1


def test_the_case_detail_shows_actions_follow_ups_and_timeline(api_as, regency_secretariat, liaison, scenario):
    case = scenario["city"]
    action = case.actions.get()
    services.add_follow_up(action, by=liaison, note="Pelapor dipanggil", status="dikerjakan", files=[png("ba.png")])
    body = api_as(regency_secretariat).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["description"] == case.description
    [routed] = body["actions"]
    assert routed["institution"] == {"code": "bawaslu-13-75", "name": "Bawaslu Kota Bukittinggi"}
    assert routed["status"] == "dikerjakan"
    assert routed["is_overdue"] is False
    [follow_up] = routed["follow_ups"]
    assert (follow_up["note"], follow_up["status"]) == ("Pelapor dipanggil", "dikerjakan")
    assert follow_up["author"] == str(liaison)
    assert follow_up["attachments"][0]["name"] == "ba.png"
    assert body["attachments"][0]["purpose"] == "tindak_lanjut"
    timeline = body["timeline"]
    assert [e["action"] for e in timeline] == ["case.submit", "case.verify", "case.route", "case.follow_up"]
    assert timeline[-1]["actor"] == str(liaison)
    assert timeline[-1]["note"] == "Pelapor dipanggil"


def test_an_open_action_past_its_due_time_is_overdue(api_as, regency_secretariat, scenario):
    case = scenario["city"]
    due = case.actions.get().due_at
    client = api_as(regency_secretariat)
    with clock.frozen(due + dt.timedelta(minutes=1)):
        body = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["actions"][0]["is_overdue"] is True


def test_a_case_id_that_is_not_a_number_is_404(api_as, regency_secretariat):
    assert api_as(regency_secretariat).get("/api/v1/cases/abc/").status_code == 404


# ---------------------------------------------------------------------------------------------- reporter privacy


@pytest.fixture
def reported_case(village_operator):
    return file_case(
        village_operator,
        reporter_name="Siti Rahmawati",
        reporter_phone="081234567890",
        reporter_nik="1375014107900001",
    )


def _reporter(body) -> tuple:
    return body["reporter_visible"], body["reporter_name"], body["reporter_phone"], body["reporter_nik"]


def test_the_handling_desks_secretariat_sees_the_reporter(api_as, regency_secretariat, reported_case):
    body = api_as(regency_secretariat).get(f"/api/v1/cases/{reported_case.pk}/").json()
    assert _reporter(body) == (True, "Siti Rahmawati", "081234567890", "1375014107900001")


@pytest.mark.parametrize("persona", ["village_operator", "regency_chair", "province_secretariat"])
def test_everyone_else_sees_the_reporter_masked(api_as, request, persona, reported_case):
    body = api_as(request.getfixturevalue(persona)).get(f"/api/v1/cases/{reported_case.pk}/").json()
    assert _reporter(body) == (False, "S***", "0812******90", "1375********0001")


def test_the_liaison_sees_a_routed_cases_reporter_masked(api_as, liaison, regency_secretariat, reported_case):
    route_to_bawaslu(reported_case, regency_secretariat)
    body = api_as(liaison).get(f"/api/v1/cases/{reported_case.pk}/").json()
    assert _reporter(body) == (False, "S***", "0812******90", "1375********0001")


def test_after_escalation_the_province_secretariat_sees_the_reporter_and_the_regency_does_not(
    api_as, api, regency_secretariat, province_secretariat, reported_case
):
    services.escalate_case(reported_case, by=regency_secretariat, reason="Melibatkan pejabat provinsi")
    assert api_as(province_secretariat).get(f"/api/v1/cases/{reported_case.pk}/").json()["reporter_visible"] is True
    api.logout()
    body = api_as(regency_secretariat).get(f"/api/v1/cases/{reported_case.pk}/").json()
    assert _reporter(body)[:2] == (False, "S***")


# ---------------------------------------------------------------------------------------------- categories


def test_categories_list_the_active_codes(api_as, village_operator):
    category("politik_uang")
    Category.objects.create(code="kategori_lama", name_id="Lama", name_en="Old", is_active=False)
    codes = [c["code"] for c in api_as(village_operator).get("/api/v1/categories/").json()]
    assert "politik_uang" in codes
    assert "kategori_lama" not in codes
