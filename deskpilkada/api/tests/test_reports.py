"""Reports over the API with the personas: the completeness of a region's children on a day, the reports and their
status, one report with its figures and history, and each report as a file. Out of scope is a 404."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from deskpilkada.core import clock
from deskpilkada.factories import ExcusalFactory, ReportFactory, ReportSetFactory
from deskpilkada.regions.models import Region
from deskpilkada.reports import services
from deskpilkada.reports.models import ReportSet

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 11, 19)


@pytest.fixture
def tested_set(db):
    """A set of its own, so that the demo's reports do not enter the counts."""
    return ReportSetFactory()


@pytest.fixture
def sumbar_day(tested_set, bukittinggi, payakumbuh):
    """19 Nov in West Sumatra: Bukittinggi on time, Payakumbuh late, Padang excused, the other 16 missing."""
    on_time = ReportFactory(report_set=tested_set, region=bukittinggi, day=DAY, status="approved")
    late = ReportFactory(
        report_set=tested_set, region=payakumbuh, day=DAY, submitted_at=dt.datetime(2024, 11, 19, 21, tzinfo=clock.WIB)
    )
    ExcusalFactory(report_set=tested_set, region=Region.objects.get(code="13.71"), day=DAY, reason="Listrik padam.")
    return on_time, late


def completeness(client, **query):
    return client.get("/api/v1/reports/completeness/", query)


def test_the_province_sees_who_of_its_19_regencies_reported(api_as, province_secretariat, tested_set, sumbar_day):
    on_time, late = sumbar_day
    response = completeness(api_as(province_secretariat), region="13", date="2024-11-19", set=tested_set.code)
    assert response.status_code == 200
    body = response.json()
    counts = {k: body[k] for k in ("expected", "reported", "on_time", "late", "missing", "excused", "pending")}
    assert counts == {
        "expected": 19,
        "reported": 2,
        "on_time": 1,
        "late": 1,
        "missing": 16,
        "excused": 1,
        "pending": 0,
    }
    assert body["reporting_rate"] == "11.11"  # 2 / (19 - 1 excused)
    assert body["region"]["code"] == "13" and body["set"] == tested_set.code and body["date"] == "2024-11-19"
    children = {child["code"]: child for child in body["children"]}
    assert len(children) == 19
    assert children["13.75"]["status"] == "on_time" and children["13.75"]["report"] == on_time.pk
    assert children["13.76"]["status"] == "late" and children["13.76"]["report"] == late.pk
    assert children["13.71"]["status"] == "excused" and children["13.71"]["excuse_reason"] == "Listrik padam."
    assert children["13.01"]["status"] == "missing" and children["13.01"]["report"] is None
    assert [level["level"] for level in body["levels"]] == [2]


def test_today_before_the_deadline_the_children_are_pending(api_as, province_chair, tested_set):
    body = completeness(api_as(province_chair), region="13", set=tested_set.code).json()
    assert body["date"] == "2024-11-20"
    assert (body["pending"], body["missing"]) == (19, 0)
    assert {child["status"] for child in body["children"]} == {"pending"}


def test_the_daily_set_is_the_default(api_as, province_secretariat):
    body = completeness(api_as(province_secretariat), region="13", date="2024-11-19").json()
    assert body["set"] == "daily" and body["expected"] == 19


def test_completeness_is_scoped_by_the_access_path(api_as, outsider, liaison, regency_secretariat, tested_set):
    assert completeness(api_as(outsider), region="13", set=tested_set.code).status_code == 404
    assert completeness(api_as(liaison), region="13.75", set=tested_set.code).status_code == 404
    assert completeness(api_as(regency_secretariat), region="13", set=tested_set.code).status_code == 404
    own = completeness(api_as(regency_secretariat), region="13.75", set=tested_set.code)
    assert own.status_code == 200 and own.json()["children"] == []  # its districts do not report in this set


def test_completeness_refuses_bad_parameters(api_as, province_secretariat):
    client = api_as(province_secretariat)
    assert "region" in completeness(client).json()
    assert "set" in completeness(client, region="13", set="tahunan").json()
    assert "date" in completeness(client, region="13", date="19-11-2024").json()
    assert completeness(client, region="13", date="19-11-2024").status_code == 400


def test_completeness_needs_a_sign_in(api):
    assert completeness(api, region="13").status_code in (401, 403)


# --- Reports ---------------------------------------------------------------------------------------------------


@pytest.fixture
def bukittinggi_report(regency_secretariat, bukittinggi):
    daily = ReportSet.objects.get(code="daily")
    report = services.draft_report(bukittinggi, report_set=daily, day=dt.date(2024, 11, 20), by=regency_secretariat)
    services.update_report(report, by=regency_secretariat, situation="kondusif", narrative="Situasi kondusif.")
    services.submit_report(report, by=regency_secretariat)
    return report


def test_the_province_lists_bukittinggis_report_with_its_status(api_as, province_secretariat, bukittinggi_report):
    body = api_as(province_secretariat).get("/api/v1/reports/", {"region": "13.75", "date": "2024-11-20"}).json()
    row = next(r for r in body["results"] if r["id"] == bukittinggi_report.pk)
    assert row["status"] == "submitted" and row["situation"] == "kondusif"
    assert row["on_time"] is True and row["set"] == "daily"
    assert row["region"]["code"] == "13.75"
    assert row["exports"]["pdf"].endswith(f"/api/v1/reports/{bukittinggi_report.pk}/export.pdf")
    filtered = api_as(province_secretariat).get("/api/v1/reports/", {"status": "approved", "date": "2024-11-20"})
    assert bukittinggi_report.pk not in {r["id"] for r in filtered.json()["results"]}
    assert api_as(province_secretariat).get("/api/v1/reports/", {"status": "lost"}).status_code == 400


def test_a_report_with_its_figures_and_history(api_as, regency_chair, bukittinggi_report):
    services.approve_report(bukittinggi_report, by=regency_chair)
    body = api_as(regency_chair).get(f"/api/v1/reports/{bukittinggi_report.pk}/").json()
    assert body["status"] == "approved"
    assert body["figures"]["header"]["region_code"] == "13.75"
    assert body["figures"]["header"]["dpt"] == 97517
    assert [event["action"] for event in body["history"]] == [
        "report.draft",
        "report.update",
        "report.submit",
        "report.approve",
    ]
    assert body["signatory"]["name"] == bukittinggi_report.signatory_name


@pytest.mark.parametrize("persona", ["outsider", "liaison", "village_operator"])
def test_people_outside_the_desks_see_no_report(api_as, persona, request, bukittinggi_report):
    client = api_as(request.getfixturevalue(persona))
    assert bukittinggi_report.pk not in {r["id"] for r in client.get("/api/v1/reports/").json()["results"]}
    assert client.get(f"/api/v1/reports/{bukittinggi_report.pk}/").status_code == 404
    assert client.get(f"/api/v1/reports/{bukittinggi_report.pk}/export.pdf").status_code == 404


def test_each_export_returns_its_file(api_as, regency_secretariat, bukittinggi_report):
    client = api_as(regency_secretariat)
    url = f"/api/v1/reports/{bukittinggi_report.pk}/export"
    pdf = client.get(f"{url}.pdf", HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="laporan-daily-13.75-20241120.pdf"' in pdf["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert bukittinggi_report.number in text and "97.517" in text

    docx = client.get(f"{url}.docx")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    xlsx = client.get(f"{url}.xlsx")
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).active["B2"].value == bukittinggi_report.number
    txt = client.get(f"{url}.txt")
    assert txt["Content-Type"] == "text/plain; charset=utf-8"
    assert bukittinggi_report.number in txt.content.decode("utf-8")
    assert client.get(f"{url}.odt").status_code == 404


def test_the_openapi_document_lists_the_report_endpoints(api):
    paths = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    for path in ("/api/v1/reports/", "/api/v1/reports/{id}/", "/api/v1/reports/completeness/"):
        assert path in paths
    assert any(p.startswith("/api/v1/reports/{id}/export") for p in paths)
