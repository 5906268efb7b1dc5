"""Case pages with the personas: inbox, report form, case page, evidence files, institutions, map.

Cases are made through the services (as every channel makes them). The pages' own category ("uji_halaman") keeps
the duplicate check from matching cases that other data (the demo) may hold.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deskpilkada.core import clock
from deskpilkada.desks.models import Desk, Institution
from deskpilkada.elections.models import PollingStation
from deskpilkada.regions.models import Region

from .. import services
from ..models import Case, Category, IntakeKey, PlaybookStep

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2024, 11, 20, 10, 0, tzinfo=clock.WIB)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% bukti\n1 0 obj << >> endobj\n%%EOF\n"


# --- Helpers shared with test_pages_handling.py ------------------------------------------------------------------


def page_category() -> Category:
    """A category of the pages' own, with a playbook step for Bawaslu (so routing proposes Bawaslu)."""
    category, created = Category.objects.get_or_create(
        code="uji_halaman",
        defaults={"name_id": "Uji halaman", "name_en": "Page test", "default_severity": "sedang", "order": 999},
    )
    if created:
        PlaybookStep.objects.create(
            category=category, institution_kind="bawaslu", action="Telusuri dugaan pelanggaran.", order=1
        )
    return category


def report(by, region, *, title="Pembagian amplop di dekat TPS", description=None, severity="tinggi", **extra):
    data = services.CaseInput(
        region=region,
        category=extra.pop("category", None) or page_category(),
        severity=severity,
        title=title,
        description=description or f"{title}. Dilaporkan warga setempat.",
        occurred_at=extra.pop("occurred_at", NOW - dt.timedelta(hours=2)),
        **extra,
    )
    case, _created = services.submit_case(data, by=by)
    return case


def route_to(case, institution_code: str, *, by, due_at=None):
    if case.status == Case.Status.NEW:
        services.verify_case(case, by=by)
    institution = Institution.objects.get(code=institution_code)
    services.route_case(
        case, [services.ActionInput(institution=institution, description="Tindak lanjuti.", due_at=due_at)], by=by
    )
    return case.actions.get(institution=institution)


def region(code: str) -> Region:
    return Region.objects.get(code=code)


def upload(name: str = "bukti.png", content: bytes = PNG, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(region_code: str = "13.75.01.1001", **overrides) -> dict:
    data = {
        "intake_key": str(uuid.uuid4()),
        "region": region_code,
        "tps_number": "",
        "kind": Case.Kind.INCIDENT,
        "category": str(page_category().pk),
        "severity": "tinggi",
        "title": "Spanduk paslon dirusak di simpang pasar",
        "description": "Tiga spanduk dirobek orang tak dikenal tadi malam.",
        "occurred_at": "2024-11-20T08:30",
        "latitude": "",
        "longitude": "",
        "reporter_name": "",
        "reporter_phone": "",
        "reporter_nik": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def tarok_case(village_operator, tarok_dipo):
    return report(
        village_operator,
        tarok_dipo,
        title="Amplop dibagikan di Tarok Dipo",
        reporter_name="Rina Marlina",
        reporter_phone="081266554433",
        reporter_nik="1375014107900001",
    )


@pytest.fixture
def other_village_case(regency_secretariat):
    return report(regency_secretariat, region("13.75.02.1001"), title="Baliho roboh di Mandiangin")


@pytest.fixture
def payakumbuh_case(province_secretariat, payakumbuh):
    district = Region.objects.filter(parent=payakumbuh).order_by("code").first()
    return report(province_secretariat, district, title="Kampanye di rumah ibadah Payakumbuh")


def inbox_numbers(response) -> set[str]:
    return {case.number for case in response.context["page"].object_list}


# --- Anonymous visitors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("cases:inbox", {}),
        ("cases:new", {}),
        ("cases:map", {}),
        ("cases:overdue", {}),
        ("cases:import", {}),
        ("cases:detail", {"pk": 1}),
        ("cases:attachment", {"pk": 1, "attachment_id": 1}),
        ("cases:institution", {"code": "bawaslu-13-75"}),
    ],
)
def test_anonymous_visitor_is_sent_to_login(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_navigation_has_a_cases_entry_in_indonesian(client, regency_secretariat):
    client.force_login(regency_secretariat)
    html = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("cases:inbox")}"' in html
    assert ">Laporan<" in html


# --- Inbox -------------------------------------------------------------------------------------------------------


def test_regency_secretariat_inbox_lists_bukittinggi_cases_only(
    client, regency_secretariat, tarok_case, other_village_case, payakumbuh_case
):
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 200
    assert response.context["desk"].region.code == "13.75"
    numbers = inbox_numbers(response)
    assert {tarok_case.number, other_village_case.number} <= numbers
    assert payakumbuh_case.number not in numbers
    html = response.content.decode()
    assert "Amplop dibagikan di Tarok Dipo" in html
    assert "Kampanye di rumah ibadah Payakumbuh" not in html


def test_inbox_counts_come_from_the_database_per_status_severity_and_category(
    client, regency_secretariat, tarok_case, other_village_case
):
    services.verify_case(other_village_case, by=regency_secretariat)
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:inbox"))
    desk_cases = Case.objects.of_desk(Desk.objects.get(region__code="13.75"))
    expected_status = desk_cases.counts_by("status")
    shown_status = {value: n for value, _label, n in response.context["status_counts"]}
    assert shown_status == {value: expected_status.get(value, 0) for value in Case.Status.values}
    assert shown_status[Case.Status.VERIFIED] >= 1
    shown_severity = {value: n for value, _label, n in response.context["severity_counts"]}
    assert shown_severity["tinggi"] == desk_cases.filter(severity="tinggi").count()
    shown_category = {value: n for value, _label, n in response.context["category_counts"]}
    assert shown_category[str(page_category().pk)] == desk_cases.filter(category=page_category()).count()


def test_inbox_filters_by_status_severity_region_and_dates(client, regency_secretariat, tarok_case, other_village_case):
    services.verify_case(other_village_case, by=regency_secretariat)
    client.force_login(regency_secretariat)
    url = reverse("cases:inbox")

    verified = inbox_numbers(client.get(url, {"status": "terverifikasi"}))
    assert other_village_case.number in verified and tarok_case.number not in verified

    in_guguak_panjang = inbox_numbers(client.get(url, {"region": "13.75.01"}))
    assert tarok_case.number in in_guguak_panjang and other_village_case.number not in in_guguak_panjang

    low = inbox_numbers(client.get(url, {"severity": "rendah"}))
    assert tarok_case.number not in low

    today = inbox_numbers(client.get(url, {"date_from": "2024-11-20", "date_to": "2024-11-20"}))
    assert {tarok_case.number, other_village_case.number} <= today
    before = inbox_numbers(client.get(url, {"date_to": "2024-11-19"}))
    assert tarok_case.number not in before


def test_inbox_filters_by_category_and_stage(client, regency_secretariat, tarok_case):
    client.force_login(regency_secretariat)
    url = reverse("cases:inbox")
    assert tarok_case.number in inbox_numbers(client.get(url, {"category": str(page_category().pk)}))
    other = Category.objects.exclude(pk=page_category().pk).first() or Category.objects.create(
        code="uji_lain", name_id="Lain", name_en="Other"
    )
    assert tarok_case.number not in inbox_numbers(client.get(url, {"category": str(other.pk)}))
    assert tarok_case.stage is not None
    assert tarok_case.number in inbox_numbers(client.get(url, {"stage": str(tarok_case.stage.pk)}))


def test_inbox_query_count_is_pinned_and_does_not_grow_with_cases(
    client, regency_secretariat, tarok_case, django_assert_num_queries
):
    client.force_login(regency_secretariat)
    url = reverse("cases:inbox")
    client.get(url)  # warm the session
    with django_assert_num_queries(13):
        client.get(url, {"severity": "tinggi"})
    for n in range(4):
        report(regency_secretariat, region("13.75.03.1001"), title=f"Kerumunan massa ke-{n}")
    with django_assert_num_queries(13):
        response = client.get(url, {"severity": "tinggi"})
    assert len(response.context["page"].object_list) >= 5


def test_village_operator_inbox_shows_only_tarok_dipo_cases(client, village_operator, tarok_case, other_village_case):
    client.force_login(village_operator)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 200
    assert response.context["desk"] is None
    cases = list(response.context["page"].object_list)
    assert tarok_case in cases
    assert other_village_case not in cases
    assert all(case.region.code == "13.75.01.1001" for case in cases)
    assert "Laporan di Kelurahan Tarok Dipo" in response.content.decode()


def test_liaison_inbox_shows_only_cases_routed_to_bawaslu_bukittinggi(
    client, liaison, regency_secretariat, tarok_case, other_village_case
):
    route_to(tarok_case, "bawaslu-13-75", by=regency_secretariat)
    route_to(other_village_case, "polres-13-75", by=regency_secretariat)
    client.force_login(liaison)
    numbers = inbox_numbers(client.get(reverse("cases:inbox")))
    assert tarok_case.number in numbers
    assert other_village_case.number not in numbers
    assert all(
        case.actions.filter(institution__code="bawaslu-13-75").exists()
        for case in Case.objects.filter(number__in=numbers)
    )


def test_province_inbox_shows_escalated_cases(
    client, province_secretariat, regency_secretariat, tarok_case, other_village_case
):
    services.escalate_case(tarok_case, by=regency_secretariat, reason="Melibatkan pejabat provinsi.")
    client.force_login(province_secretariat)
    response = client.get(reverse("cases:inbox"))
    assert response.context["desk"].region.code == "13"
    numbers = inbox_numbers(response)
    assert tarok_case.number in numbers
    assert other_village_case.number not in numbers  # still handled by the Bukittinggi desk
    everything = inbox_numbers(client.get(reverse("cases:inbox"), {"scope": "region"}))
    assert {tarok_case.number, other_village_case.number} <= everything


def test_province_secretariat_can_open_the_bukittinggi_inbox(client, province_secretariat, tarok_case):
    client.force_login(province_secretariat)
    response = client.get(reverse("cases:inbox"), {"desk": "13.75"})
    assert response.status_code == 200
    assert tarok_case.number in inbox_numbers(response)


def test_outsider_inbox_is_empty_of_west_sumatra(client, outsider, tarok_case, payakumbuh_case):
    client.force_login(outsider)
    response = client.get(reverse("cases:inbox"))
    assert response.status_code == 200
    cases = list(response.context["page"].object_list)
    assert all(case.region.code.startswith("14") for case in cases)
    assert "Tarok Dipo" not in response.content.decode()


def test_outsider_asking_for_the_bukittinggi_desk_gets_404(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("cases:inbox"), {"desk": "13.75"}).status_code == 404


def test_inbox_flags_overdue_actions(client, regency_secretariat, tarok_case):
    route_to(tarok_case, "bawaslu-13-75", by=regency_secretariat, due_at=NOW + dt.timedelta(hours=1))
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:inbox"))
    row = next(case for case in response.context["page"].object_list if case.pk == tarok_case.pk)
    assert row.has_overdue is False
    with clock.frozen(NOW + dt.timedelta(hours=2)):
        response = client.get(reverse("cases:inbox"))
    row = next(case for case in response.context["page"].object_list if case.pk == tarok_case.pk)
    assert row.has_overdue is True
    assert "Tindak lanjut terlambat" in response.content.decode()


# --- Report form -------------------------------------------------------------------------------------------------


def test_village_operator_form_offers_only_tarok_dipo_preselected(client, village_operator):
    client.force_login(village_operator)
    response = client.get(reverse("cases:new"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.region_is_select
    codes = [code for group, options in form.fields["region"].choices[1:] for code, _label in options] or [
        code for code, _label in form.fields["region"].choices[1:]
    ]
    assert codes == ["13.75.01.1001"]
    assert form["region"].value() == "13.75.01.1001"
    html = response.content.decode()
    assert 'name="intake_key"' in html
    assert "WIB" in html
    assert 'type="datetime-local"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "<script" not in html.split("<main", 1)[1]  # no script in the page body


def _select_codes(form) -> set[str]:
    codes = set()
    for value, label in form.fields["region"].choices:
        if isinstance(label, list | tuple):
            codes |= {code for code, _name in label}
        elif value:
            codes.add(value)
    return codes


def test_regency_secretariat_form_offers_bukittinggi_districts_and_villages(client, regency_secretariat):
    client.force_login(regency_secretariat)
    form = client.get(reverse("cases:new")).context["form"]
    codes = _select_codes(form)
    assert {"13.75", "13.75.01", "13.75.01.1001", "13.75.03"} <= codes
    assert all(code.startswith("13.75") for code in codes)
    assert len(codes) == Region.objects.filter(code__subtree="13.75", level__in=(2, 3, 4)).count()


def test_province_secretariat_types_the_region_and_the_server_resolves_it(client, province_secretariat):
    client.force_login(province_secretariat)
    form = client.get(reverse("cases:new")).context["form"]
    assert not form.region_is_select  # a whole province is too many villages for a select
    response = client.post(reverse("cases:new"), form_data(region_code="Tarok Dipo", title="Uji ketik wilayah"))
    assert response.status_code == 302
    case = Case.objects.get(title="Uji ketik wilayah")
    assert case.region.code == "13.75.01.1001"


def test_typed_region_outside_the_scope_is_not_found(client, province_secretariat):
    client.force_login(province_secretariat)
    response = client.post(reverse("cases:new"), form_data(region_code="14.71", title="Di luar wilayah"))
    assert response.status_code == 400
    assert "region" in response.context["form"].errors
    assert not Case.objects.filter(title="Di luar wilayah").exists()


def test_village_operator_files_a_case_and_sees_its_receipt(client, village_operator, tarok_dipo):
    client.force_login(village_operator)
    response = client.post(reverse("cases:new"), form_data(), follow=True)
    assert response.status_code == 200
    case = Case.objects.get(title="Spanduk paslon dirusak di simpang pasar")
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert case.region == tarok_dipo
    assert case.channel == "web"
    assert case.reported_by == village_operator
    assert case.status == Case.Status.NEW
    assert case.occurred_at == dt.datetime(2024, 11, 20, 8, 30, tzinfo=clock.WIB)
    assert case.desk.region.code == "13.75"
    html = response.content.decode()
    assert case.number in html
    assert "Nomor tanda terima" in html


def test_double_submission_with_one_key_stores_one_case_and_shows_the_same_receipt(client, village_operator):
    client.force_login(village_operator)
    data = form_data(title="Dobel ketuk tombol kirim")
    first = client.post(reverse("cases:new"), data, follow=True)
    second = client.post(reverse("cases:new"), data, follow=True)
    cases = Case.objects.filter(title="Dobel ketuk tombol kirim")
    assert cases.count() == 1
    case = cases.get()
    assert first.redirect_chain[-1][0] == second.redirect_chain[-1][0] == case.get_absolute_url()
    assert case.number in second.content.decode()
    assert IntakeKey.objects.filter(key=data["intake_key"], case=case).count() == 1


def test_reused_key_with_other_content_leads_to_the_first_case(client, village_operator):
    client.force_login(village_operator)
    data = form_data(title="Kiriman pertama")
    client.post(reverse("cases:new"), data)
    first = Case.objects.get(title="Kiriman pertama")
    response = client.post(reverse("cases:new"), {**data, "title": "Kiriman kedua"}, follow=True)
    assert response.redirect_chain[-1][0] == first.get_absolute_url()
    assert not Case.objects.filter(title="Kiriman kedua").exists()
    assert first.number in response.content.decode()


def test_form_errors_are_shown_in_indonesian_and_nothing_is_stored(client, village_operator):
    client.force_login(village_operator)
    before = Case.objects.count()
    response = client.post(reverse("cases:new"), form_data(title="", occurred_at="kemarin"))
    assert response.status_code == 400
    assert Case.objects.count() == before
    errors = response.context["form"].errors
    assert "title" in errors and "occurred_at" in errors
    html = response.content.decode()
    assert "Laporan belum terkirim" in html
    assert "This field is required" not in html


def test_an_incident_in_the_future_is_refused_by_the_service(client, village_operator):
    client.force_login(village_operator)
    response = client.post(reverse("cases:new"), form_data(title="Dari masa depan", occurred_at="2024-11-21T10:00"))
    assert response.status_code == 400
    assert "occurred_at" in response.context["form"].errors
    assert not Case.objects.filter(title="Dari masa depan").exists()


def test_tps_number_is_resolved_within_the_village(client, village_operator, tarok_dipo):
    station = PollingStation.objects.filter(village=tarok_dipo).order_by("number").first()
    client.force_login(village_operator)
    client.post(reverse("cases:new"), form_data(title="Di TPS", tps_number=str(station.number)))
    assert Case.objects.get(title="Di TPS").polling_station == station
    response = client.post(reverse("cases:new"), form_data(title="TPS tak ada", tps_number="999"))
    assert response.status_code == 400
    assert "tps_number" in response.context["form"].errors


def test_coordinates_need_both_halves(client, village_operator):
    client.force_login(village_operator)
    response = client.post(reverse("cases:new"), form_data(title="Setengah koordinat", latitude="-0.305"))
    assert response.status_code == 400
    assert not Case.objects.filter(title="Setengah koordinat").exists()


def test_evidence_photos_and_pdf_are_stored_with_the_case(client, village_operator):
    client.force_login(village_operator)
    data = form_data(title="Dengan bukti")
    data["files"] = [upload(), upload("berita-acara.pdf", PDF, "application/pdf")]
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 302
    case = Case.objects.get(title="Dengan bukti")
    assert sorted(case.attachments.values_list("content_type", flat=True)) == ["application/pdf", "image/png"]


def test_a_file_that_is_not_a_photo_or_pdf_is_refused_and_nothing_is_stored(client, village_operator):
    client.force_login(village_operator)
    data = form_data(title="Bukti palsu")
    data["files"] = [upload("foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")]
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 400
    assert "files" in response.context["form"].errors
    assert not Case.objects.filter(title="Bukti palsu").exists()


def test_similar_open_case_warns_before_saving_and_the_tick_box_stores_it(client, village_operator, tarok_case):
    client.force_login(village_operator)
    data = form_data(title=tarok_case.title, description=tarok_case.description, severity=tarok_case.severity)
    response = client.post(reverse("cases:new"), data)
    assert response.status_code == 200
    assert tarok_case in response.context["similar"]
    html = response.content.decode()
    assert tarok_case.number in html
    assert 'name="not_duplicate"' in html
    assert Case.objects.filter(title=tarok_case.title).count() == 1

    response = client.post(reverse("cases:new"), {**data, "not_duplicate": "on"})
    assert response.status_code == 302
    assert Case.objects.filter(title=tarok_case.title).count() == 2


def test_liaison_may_not_open_the_report_form(client, liaison):
    client.force_login(liaison)
    assert client.get(reverse("cases:new")).status_code == 403


def test_outsider_cannot_file_a_case_in_bukittinggi(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("cases:new"), form_data(title="Penyusup"))
    assert response.status_code == 400
    assert not Case.objects.filter(title="Penyusup").exists()


# --- Case page ---------------------------------------------------------------------------------------------------


def test_case_page_shows_the_case_its_evidence_and_timeline(client, regency_secretariat, village_operator):
    client.force_login(village_operator)
    data = form_data(title="Halaman kasus")
    data["files"] = [upload()]
    client.post(reverse("cases:new"), data)
    case = Case.objects.get(title="Halaman kasus")
    client.force_login(regency_secretariat)
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    attachment = case.attachments.get()
    assert f'href="{attachment.get_absolute_url()}"' in html
    assert "Dilaporkan" in html  # the timeline's first step, in Indonesian
    assert "08.30 WIB" in html  # the local time it happened
    assert 'action="{}"'.format(reverse("cases:verify", kwargs={"pk": case.pk})) in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_case_page_query_count_does_not_grow_with_actions_and_follow_ups(
    client, regency_secretariat, tarok_case, django_assert_max_num_queries
):
    bawaslu = route_to(tarok_case, "bawaslu-13-75", by=regency_secretariat)
    services.add_follow_up(bawaslu, by=regency_secretariat, note="Klarifikasi dijadwalkan.")
    client.force_login(regency_secretariat)
    url = tarok_case.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url)
    before = _queries(client, url)
    for code in ("polres-13-75", "kpu-13-75", "satpol-pp-13-75"):
        action = route_to(tarok_case, code, by=regency_secretariat)
        services.add_follow_up(action, by=regency_secretariat, note=f"Diteruskan ke {code}.")
    assert _queries(client, url) == before


def test_outsider_gets_404_for_a_bukittinggi_case_and_its_attachment(client, outsider, village_operator):
    client.force_login(village_operator)
    data = form_data(title="Rahasia Bukittinggi")
    data["files"] = [upload()]
    client.post(reverse("cases:new"), data)
    case = Case.objects.get(title="Rahasia Bukittinggi")
    attachment = case.attachments.get()
    client.force_login(outsider)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_village_operator_sees_its_case_but_not_another_villages(
    client, village_operator, tarok_case, other_village_case
):
    client.force_login(village_operator)
    assert client.get(tarok_case.get_absolute_url()).status_code == 200
    assert client.get(other_village_case.get_absolute_url()).status_code == 404


def test_village_operator_sees_no_handling_forms_and_may_not_verify(client, village_operator, tarok_case):
    client.force_login(village_operator)
    html = client.get(tarok_case.get_absolute_url()).content.decode()
    assert reverse("cases:verify", kwargs={"pk": tarok_case.pk}) not in html
    response = client.post(reverse("cases:verify", kwargs={"pk": tarok_case.pk}), {"title": "x"})
    assert response.status_code == 403
    tarok_case.refresh_from_db()
    assert tarok_case.status == Case.Status.NEW


def test_liaison_sees_a_routed_case_but_not_an_unrouted_one(
    client, liaison, regency_secretariat, tarok_case, other_village_case
):
    route_to(tarok_case, "bawaslu-13-75", by=regency_secretariat)
    route_to(tarok_case, "polres-13-75", by=regency_secretariat)
    client.force_login(liaison)
    response = client.get(tarok_case.get_absolute_url())
    assert response.status_code == 200
    institutions = [row["action"].institution.code for row in response.context["action_rows"]]
    assert institutions == ["bawaslu-13-75"]  # not the Polres action
    assert client.get(other_village_case.get_absolute_url()).status_code == 404


def test_reporter_data_is_shown_to_the_desk_secretariat_and_masked_for_others(
    client, regency_secretariat, regency_chair, province_secretariat, tarok_case
):
    client.force_login(regency_secretariat)
    html = client.get(tarok_case.get_absolute_url()).content.decode()
    assert "081266554433" in html and "Rina Marlina" in html and "1375014107900001" in html
    for user in (regency_chair, province_secretariat):
        client.force_login(user)
        html = client.get(tarok_case.get_absolute_url()).content.decode()
        assert "081266554433" not in html
        assert "Rina Marlina" not in html
        assert "1375014107900001" not in html
        assert "0812******33" in html and "1375********0001" in html and "R***" in html  # masked


def test_script_in_a_title_is_escaped_everywhere(client, village_operator, regency_secretariat, tarok_dipo):
    case = report(
        village_operator,
        tarok_dipo,
        title="<script>alert('x')</script> di TPS",
        latitude=Decimal("-0.305"),
        longitude=Decimal("100.369"),
    )
    services.add_evidence(case, [upload("<img src=x onerror=alert(1)>.png")], by=village_operator)
    client.force_login(regency_secretariat)
    for url in (case.get_absolute_url(), reverse("cases:inbox"), reverse("cases:map")):
        html = client.get(url).content.decode()
        assert "<script>alert(" not in html
        assert "<img src=x" not in html
    html = client.get(case.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; di TPS" in html


# --- Evidence files ----------------------------------------------------------------------------------------------


def _case_with_files(village_operator, tarok_dipo):
    case = report(village_operator, tarok_dipo, title="Berkas bukti")
    services.add_evidence(case, [upload(), upload("surat.pdf", PDF, "application/pdf")], by=village_operator)
    photo = case.attachments.get(content_type="image/png")
    pdf = case.attachments.get(content_type="application/pdf")
    return case, photo, pdf


def test_attachment_is_served_through_the_access_path_without_sniffing(
    client, regency_secretariat, village_operator, tarok_dipo
):
    _case, photo, pdf = _case_with_files(village_operator, tarok_dipo)
    client.force_login(regency_secretariat)
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PNG
    response = client.get(pdf.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="surat.pdf"' in response["Content-Disposition"]


def test_attachment_of_another_case_is_not_reachable_through_this_case(
    client, regency_secretariat, village_operator, tarok_dipo, other_village_case
):
    _case, photo, _pdf = _case_with_files(village_operator, tarok_dipo)
    client.force_login(regency_secretariat)
    url = reverse("cases:attachment", kwargs={"pk": other_village_case.pk, "attachment_id": photo.pk})
    assert client.get(url).status_code == 404


def test_liaison_cannot_download_evidence_of_an_unrouted_case(client, liaison, village_operator, tarok_dipo):
    _case, photo, _pdf = _case_with_files(village_operator, tarok_dipo)
    client.force_login(liaison)
    assert client.get(photo.get_absolute_url()).status_code == 404


# --- Institutions and overdue actions ----------------------------------------------------------------------------


def test_liaison_sees_open_and_overdue_actions_of_bawaslu_bukittinggi(
    client, liaison, regency_secretariat, tarok_case, other_village_case
):
    soon = route_to(tarok_case, "bawaslu-13-75", by=regency_secretariat, due_at=NOW + dt.timedelta(hours=1))
    later = route_to(other_village_case, "bawaslu-13-75", by=regency_secretariat, due_at=NOW + dt.timedelta(days=3))
    client.force_login(liaison)
    url = reverse("cases:institution", kwargs={"code": "bawaslu-13-75"})
    with clock.frozen(NOW + dt.timedelta(hours=2)):
        response = client.get(url)
    assert response.status_code == 200
    assert soon in response.context["overdue_actions"]
    assert later in response.context["open_actions"]
    assert response.context["totals"]["overdue"] >= 1
    assert tarok_case.number in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "village_operator"])
def test_institution_outside_the_scope_is_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:institution", kwargs={"code": "bawaslu-13-75"})).status_code == 404


def test_overdue_page_counts_per_institution(client, regency_secretariat, tarok_case, other_village_case):
    route_to(tarok_case, "bawaslu-13-75", by=regency_secretariat, due_at=NOW + dt.timedelta(hours=1))
    route_to(other_village_case, "bawaslu-13-75", by=regency_secretariat, due_at=NOW + dt.timedelta(hours=1))
    route_to(other_village_case, "polres-13-75", by=regency_secretariat, due_at=NOW + dt.timedelta(days=5))
    client.force_login(regency_secretariat)
    with clock.frozen(NOW + dt.timedelta(hours=2)):
        response = client.get(reverse("cases:overdue"))
    rows = {row["institution__code"]: row["count"] for row in response.context["rows"]}
    assert rows["bawaslu-13-75"] >= 2
    assert "polres-13-75" not in rows


def test_outsider_sees_no_overdue_action_of_west_sumatra(client, outsider, regency_secretariat, tarok_case):
    route_to(tarok_case, "bawaslu-13-75", by=regency_secretariat, due_at=NOW + dt.timedelta(hours=1))
    client.force_login(outsider)
    with clock.frozen(NOW + dt.timedelta(hours=2)):
        response = client.get(reverse("cases:overdue"))
    assert response.context["rows"] == []


# --- Map ---------------------------------------------------------------------------------------------------------


def _map_data(response) -> list[dict]:
    match = re.search(r'<script id="case-map-data" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1))


def test_map_places_cases_with_coordinates_and_lists_the_others(client, regency_secretariat, tarok_dipo):
    placed = report(
        regency_secretariat, tarok_dipo, title="Di peta", latitude=Decimal("-0.305"), longitude=Decimal("100.369")
    )
    unplaced = report(regency_secretariat, tarok_dipo, title="Tanpa posisi")
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:map"))
    assert response.status_code == 200
    markers = {m["number"]: m for m in _map_data(response)}
    assert markers[placed.number]["lat"] == pytest.approx(-0.305)
    assert markers[placed.number]["approximate"] is False
    assert unplaced.number not in markers
    assert unplaced in response.context["unplaced"]
    html = response.content.decode()
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert "/static/js/case-map.js" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # no asset from another host (no CDN)


def test_map_uses_the_region_centre_when_the_case_has_no_coordinates(client, regency_secretariat, tarok_dipo):
    Region.objects.filter(pk=tarok_dipo.pk).update(latitude="-0.304", longitude="100.370")
    case = report(regency_secretariat, region("13.75.01.1001"), title="Pusat kelurahan")
    client.force_login(regency_secretariat)
    markers = {m["number"]: m for m in _map_data(client.get(reverse("cases:map")))}
    assert markers[case.number]["approximate"] is True
    assert markers[case.number]["lng"] == pytest.approx(100.370)


def test_map_shows_an_outsider_nothing_of_west_sumatra(client, outsider, regency_secretariat, tarok_dipo):
    report(
        regency_secretariat, tarok_dipo, title="Rahasia peta", latitude=Decimal("-0.305"), longitude=Decimal("100.369")
    )
    client.force_login(outsider)
    response = client.get(reverse("cases:map"))
    assert all(m["title"] != "Rahasia peta" for m in _map_data(response))
    assert "Rahasia peta" not in response.content.decode()


# --- Import ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["village_operator", "liaison"])
def test_only_the_secretariat_and_chair_may_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("cases:import")).status_code == 403


def test_regency_secretariat_sees_the_import_form(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:import"))
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def _csv(*rows: str) -> SimpleUploadedFile:
    text = "\n".join(["kode_wilayah,kategori,tingkat,judul,uraian,waktu", *rows]) + "\n"
    return SimpleUploadedFile("laporan.csv", text.encode(), content_type="text/csv")


def test_regency_secretariat_imports_a_csv_and_sees_the_created_cases(client, regency_secretariat):
    page_category()
    client.force_login(regency_secretariat)
    response = client.post(
        reverse("cases:import"),
        {
            "file": _csv(
                "13.75.01.1001,uji_halaman,sedang,Impor baris satu,Uraian pertama dari kertas,2024-11-19 09:00",
                "13.75.02.1001,uji_halaman,rendah,Impor baris dua,Uraian kedua dari kertas,2024-11-19 10:00",
            )
        },
    )
    assert response.status_code == 200
    created = Case.objects.filter(title__startswith="Impor baris")
    assert created.count() == 2
    assert set(created.values_list("channel", flat=True)) == {"import"}
    html = response.content.decode()
    for case in created:
        assert case.number in html


def test_import_with_a_bad_row_lists_its_line_and_imports_nothing(client, regency_secretariat):
    page_category()
    client.force_login(regency_secretariat)
    response = client.post(
        reverse("cases:import"),
        {
            "file": _csv(
                "13.75.01.1001,uji_halaman,sedang,Impor baik,Uraian baik,2024-11-19 09:00",
                "13.75.01.1001,tidak_ada,sedang,Impor buruk,Uraian buruk,2024-11-19 09:00",
            )
        },
    )
    assert response.status_code == 400
    assert [line for line, _message in response.context["result"].errors] == [3]
    assert not Case.objects.filter(title__startswith="Impor b").exists()
    assert "Baris 3" in response.content.decode()


def test_inbox_pages_keep_their_filters(client, regency_secretariat):
    for n in range(26):
        report(regency_secretariat, region("13.75.03.1001"), title=f"Laporan berhalaman {n}", severity="kritis")
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:inbox"), {"severity": "kritis"})
    page = response.context["page"]
    assert len(page.object_list) == 25
    assert page.has_next()
    assert 'href="?severity=kritis&amp;page=2"' in response.content.decode()
    second = client.get(reverse("cases:inbox"), {"severity": "kritis", "page": 2}).context["page"]
    assert all(case.severity == "kritis" for case in second.object_list)
    assert (
        page.paginator.count
        == Case.objects.of_desk(Desk.objects.get(region__code="13.75")).filter(severity="kritis").count()
    )
