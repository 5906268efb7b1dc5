"""The inbox as a CSV or XLSX file: the same scope and filters as the page, reporters masked outside the desk."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from deskpilkada.core import clock
from deskpilkada.factories import CaseFactory

from .. import exports

pytestmark = pytest.mark.django_db

REPORTER = {"reporter_name": "Siti Rahmawati", "reporter_phone": "+6281234567890", "reporter_nik": "1375014107900001"}


def _csv(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.fixture
def amplop_case(tarok_dipo):
    return CaseFactory(
        region=tarok_dipo,
        title="Amplop di gang masjid",
        occurred_at=dt.datetime(2024, 11, 20, 7, 30, tzinfo=clock.WIB),
        **REPORTER,
    )


def test_the_handling_desks_secretariat_exports_its_cases_with_the_reporter(client, regency_secretariat, amplop_case):
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="laporan-13.75-20241120.csv"' in response["Content-Disposition"]
    row = next(r for r in _csv(response) if r["Nomor"] == amplop_case.number)
    assert row["Judul"] == "Amplop di gang masjid"
    assert row["Kode wilayah"] == "13.75.01.1001"
    assert row["Waktu kejadian (waktu setempat)"] == "2024-11-20 07:30"
    assert row["Zona waktu"] == "WIB"
    assert row["Nama pelapor"] == "Siti Rahmawati"
    assert row["NIK pelapor"] == "1375014107900001"


def test_the_province_sees_the_reporter_masked_in_its_export(client, province_secretariat, amplop_case):
    client.force_login(province_secretariat)
    response = client.get(reverse("cases:export", args=["csv"]) + "?desk=13&scope=region", HTTP_ACCEPT_LANGUAGE="id")
    row = next(r for r in _csv(response) if r["Nomor"] == amplop_case.number)
    assert row["Nama pelapor"] == "S***"
    assert row["NIK pelapor"] == "1375********0001"
    assert "1234567" not in row["Telepon pelapor"]
    assert "Siti" not in response.content.decode("utf-8")


def test_the_export_applies_the_inbox_filters(client, regency_secretariat, amplop_case, tarok_dipo):
    other = CaseFactory(region=tarok_dipo, severity="rendah", title="Baliho di pagar sekolah")
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:export", args=["csv"]) + "?severity=tinggi", HTTP_ACCEPT_LANGUAGE="id")
    numbers = {r["Nomor"] for r in _csv(response)}
    assert amplop_case.severity == "tinggi"
    assert amplop_case.number in numbers
    assert other.number not in numbers


def test_xlsx_export_opens_with_dates_as_dates_and_formulas_defused(client, regency_secretariat, tarok_dipo):
    case = CaseFactory(region=tarok_dipo, title='=HYPERLINK("http://contoh.invalid","klik")')
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:export", args=["xlsx"]), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    row = next(r for r in rows if r["Nomor"] == case.number)
    assert row["Judul"] == "'" + case.title, "a title that starts with = must not become a formula"
    assert isinstance(row["Waktu kejadian (waktu setempat)"], dt.datetime)


def test_the_village_operator_exports_only_its_village(client, village_operator, amplop_case):
    elsewhere = CaseFactory(region_id=amplop_case.region.parent.children.exclude(pk=amplop_case.region_id)[0].pk)
    client.force_login(village_operator)
    numbers = {r["Nomor"] for r in _csv(client.get(reverse("cases:export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="id"))}
    assert amplop_case.number in numbers
    assert elsewhere.number not in numbers


def test_the_outsider_exports_nothing_of_west_sumatra(client, outsider, amplop_case):
    client.force_login(outsider)
    response = client.get(reverse("cases:export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    assert amplop_case.number not in response.content.decode("utf-8")
    assert client.get(reverse("cases:export", args=["csv"]) + "?desk=13.75").status_code == 404


def test_the_liaison_exports_only_what_was_routed_to_its_institution(client, liaison, amplop_case):
    client.force_login(liaison)
    response = client.get(reverse("cases:export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="id")
    assert amplop_case.number not in response.content.decode("utf-8")


def test_export_needs_a_login_and_a_known_format(client, regency_secretariat):
    response = client.get(reverse("cases:export", args=["csv"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(regency_secretariat)
    assert client.get(reverse("cases:export", args=["pdf"])).status_code == 404


def test_a_selection_over_the_limit_is_refused_with_a_message(client, regency_secretariat, amplop_case, monkeypatch):
    CaseFactory(region=amplop_case.region)
    monkeypatch.setattr(exports, "MAX_EXPORT_ROWS", 1)
    client.force_login(regency_secretariat)
    response = client.get(reverse("cases:export", args=["csv"]) + "?severity=tinggi", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:inbox") + "?severity=tinggi"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Lebih dari 1 laporan dipilih" in page


def test_export_queries_do_not_grow_with_the_cases(client, regency_secretariat, tarok_dipo):
    client.force_login(regency_secretariat)
    CaseFactory(region=tarok_dipo)
    url = reverse("cases:export", args=["csv"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    CaseFactory.create_batch(5, region=tarok_dipo)
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)
