"""Report pages with the personas: the desk's list, the report page and its workflow, the completeness matrix, the
file downloads. Out of scope is a 404; a visible report the user may not act on is a 403; hot pages pin their
query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from deskpilkada.core import clock
from deskpilkada.core.models import AuditEvent
from deskpilkada.factories import CaseFactory, ReportFactory
from deskpilkada.reports import services
from deskpilkada.reports.models import Report, ReportSet

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 11, 20)


@pytest.fixture
def daily(db):
    return ReportSet.objects.get(code="daily")


@pytest.fixture
def draft(daily, bukittinggi, regency_secretariat):
    return services.draft_report(bukittinggi, report_set=daily, day=TODAY, by=regency_secretariat)


@pytest.fixture
def submitted(draft, regency_secretariat):
    return services.submit_report(draft, by=regency_secretariat)


@pytest.fixture
def approved(submitted, regency_chair):
    return services.approve_report(submitted, by=regency_chair)


def day_post(region="13.75", day=TODAY, report_set="daily"):
    return {"region": region, "set": report_set, "day": day.isoformat()}


# --- The desk's list ---------------------------------------------------------------------------------------------


def test_the_secretariat_drafts_todays_report_from_its_list(client, regency_secretariat):
    client.force_login(regency_secretariat)
    page = client.get(reverse("reports:index"), HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    assert page.context["desk"].region.code == "13.75" and page.context["may_draft_today"]
    response = client.post(reverse("reports:new"), day_post())
    report = Report.objects.get(region__code="13.75", day=TODAY, report_set__code="daily")
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    again = client.post(reverse("reports:new"), day_post(), follow=True)
    assert report.number in " ".join(str(m) for m in again.context["messages"]), "the refusal names the report"
    assert Report.objects.filter(region__code="13.75", day=TODAY, report_set__code="daily").count() == 1


def test_a_future_day_is_refused_with_a_message(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.post(reverse("reports:new"), day_post(day=TODAY + dt.timedelta(days=1)), follow=True)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]
    assert not Report.objects.filter(region__code="13.75", day=TODAY + dt.timedelta(days=1)).exists()


def test_nihil_in_one_click(client, regency_secretariat, bukittinggi):
    client.force_login(regency_secretariat)
    day = dt.date(2024, 11, 10)  # no demo case that day
    Report.objects.filter(region=bukittinggi, day=day, report_set__code="daily").delete()
    response = client.post(reverse("reports:nihil_day"), day_post(day=day))
    report = Report.objects.get(region=bukittinggi, day=day, report_set__code="daily")
    assert response.status_code == 302 and report.is_nihil and report.is_sent


def test_the_chair_cannot_draft_for_another_desk(client, regency_chair):
    client.force_login(regency_chair)
    response = client.post(reverse("reports:new"), day_post(region="13.76"))
    assert response.status_code in (403, 404)
    assert not Report.objects.filter(region__code="13.76", day=TODAY, report_set__code="daily").exists()


def test_the_list_query_count_is_pinned(client, regency_secretariat, submitted, django_assert_num_queries):
    client.force_login(regency_secretariat)
    url = reverse("reports:index")
    client.get(url)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert submitted in response.context["reports"]


@pytest.mark.parametrize("persona", ["outsider", "liaison", "village_operator"])
def test_people_without_a_desk_get_an_empty_list(client, persona, request, submitted):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("reports:index"))
    desk = response.context["desk"]
    assert response.status_code == 200 and (desk is None or desk.region.code == "14")  # the outsider's own Riau
    assert submitted.number not in response.content.decode()
    assert client.get(reverse("reports:index") + "?desk=13.75").status_code == 404


# --- The report page and its workflow ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("regency_secretariat", 200),
        ("regency_chair", 200),
        ("province_secretariat", 200),
        ("province_chair", 200),
        ("liaison", 404),
        ("village_operator", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_bukittinggis_report(client, persona, status, request, submitted):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(submitted.get_absolute_url()).status_code == status
    assert client.get(reverse("reports:export", args=[submitted.pk, "pdf"])).status_code == status


def test_the_report_page_shows_the_figures_and_escapes_user_text(client, regency_secretariat, draft, tarok_dipo):
    services.update_report(draft, by=regency_secretariat, narrative='<script>alert("x")</script> Kondusif.')
    client.force_login(regency_secretariat)
    html = client.get(draft.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert draft.number in html and "Rabu, 20 November 2024" in html
    assert "97.517" in html


def test_only_the_chair_sees_and_uses_the_approve_button(client, regency_secretariat, regency_chair, submitted):
    client.force_login(regency_secretariat)
    assert not client.get(submitted.get_absolute_url()).context["may_approve"]
    assert client.post(reverse("reports:approve", args=[submitted.pk])).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.SUBMITTED
    client.force_login(regency_chair)
    assert client.get(submitted.get_absolute_url()).context["may_approve"]
    assert client.post(reverse("reports:approve", args=[submitted.pk])).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Report.Status.APPROVED


def test_a_locked_report_has_no_edit_form_and_refuses_a_posted_edit(client, regency_secretariat, approved):
    client.force_login(regency_secretariat)
    page = client.get(approved.get_absolute_url())
    assert "edit_form" not in page.context
    response = client.post(reverse("reports:edit", args=[approved.pk]), {"edit-narrative": "Diubah."})
    assert response.status_code == 400
    approved.refresh_from_db()
    assert approved.narrative != "Diubah."


def test_the_province_receives_or_returns_with_a_note(client, province_secretariat, approved):
    client.force_login(province_secretariat)
    page = client.get(approved.get_absolute_url())
    assert page.context["may_receive"] and "return_form" in page.context
    empty = client.post(reverse("reports:return", args=[approved.pk]), {"return-note": ""})
    assert empty.status_code == 400
    response = client.post(reverse("reports:return", args=[approved.pk]), {"return-note": "Lengkapi kegiatan."})
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == Report.Status.RETURNED and approved.return_note == "Lengkapi kegiatan."


def test_the_whole_flow_through_the_pages(client, regency_secretariat, regency_chair, province_secretariat, draft):
    client.force_login(regency_secretariat)
    client.post(
        reverse("reports:edit", args=[draft.pk]),
        {"edit-situation": "kondusif", "edit-narrative": "Aman terkendali.", "edit-recommendations": "Patroli."},
    )
    client.post(
        reverse("reports:add_activity", args=[draft.pk]),
        {
            "activity-starts_at": "14:00",
            "activity-place": "Lapangan Kantin",
            "activity-description": "Kampanye terbuka paslon.",
            "activity-participants": "1500",
        },
    )
    assert client.post(reverse("reports:submit", args=[draft.pk]), {"submit-override_reason": ""}).status_code == 302
    client.force_login(regency_chair)
    client.post(reverse("reports:approve", args=[draft.pk]))
    client.force_login(province_secretariat)
    client.post(reverse("reports:receive", args=[draft.pk]))
    draft.refresh_from_db()
    assert (draft.status, draft.situation, draft.narrative) == ("received", "kondusif", "Aman terkendali.")
    assert draft.activities.get().participants == 1500
    actions = list(AuditEvent.objects.for_object(draft).order_by("pk").values_list("action", flat=True))
    assert actions == [
        "report.draft",
        "report.update",
        "report.activity",
        "report.submit",
        "report.approve",
        "report.receive",
    ]


def test_the_province_report_waits_for_its_children_and_excuses_one(
    client, province_secretariat, province_chair, daily, sumbar
):
    report = services.draft_report(sumbar, report_set=daily, day=TODAY, by=province_secretariat)
    client.force_login(province_secretariat)
    page = client.get(report.get_absolute_url())
    assert page.context["override_needed"] and len(page.context["excuse_forms"]) == 19
    refused = client.post(reverse("reports:submit", args=[report.pk]), {"submit-override_reason": ""})
    assert refused.status_code == 400
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    client.post(
        reverse("reports:excuse", args=[report.pk]),
        {"region": "13.09", "excuse-13.09-reason": "Jaringan ke Mentawai terputus."},
    )
    report.refresh_from_db()
    assert [e["code"] for e in report.figures["children"]["excused"]] == ["13.09"]
    client.force_login(province_chair)
    response = client.post(
        reverse("reports:submit", args=[report.pk]), {"submit-override_reason": "Batas waktu provinsi."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED and report.override_by == province_chair


def test_the_report_page_query_count_is_pinned(client, province_secretariat, approved, django_assert_num_queries):
    client.force_login(province_secretariat)
    url = approved.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)


def test_each_download_is_its_file(client, regency_secretariat, submitted):
    client.force_login(regency_secretariat)
    for fmt, start in (("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK")):
        response = client.get(reverse("reports:export", args=[submitted.pk, fmt]))
        assert response.status_code == 200 and response.content.startswith(start)
    assert submitted.number in client.get(reverse("reports:export", args=[submitted.pk, "txt"])).content.decode()


# --- Completeness matrix -----------------------------------------------------------------------------------------


def test_the_province_matrix_shows_bukittinggi_on_time_today(client, province_secretariat, submitted):
    client.force_login(province_secretariat)
    response = client.get(reverse("reports:matrix"), {"region": "13", "set": "daily"}, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result.rows) == 19
    assert result.row("13.75").cells[-1].status == "on_time"
    assert result.row("13.76").cells[-1].status == "pending"  # 10.00 WIB: the 18.00 deadline is still to come
    html = response.content.decode()
    assert 'data-region="13.75"' in html and "cell-on_time" in html


def test_the_matrix_defaults_to_the_users_region_and_14_days(client, province_chair):
    client.force_login(province_chair)
    response = client.get(reverse("reports:matrix"))
    assert response.context["region"].code == "13"
    assert response.context["result"].days[-1] == TODAY and len(response.context["result"].days) == 14


@pytest.mark.parametrize("persona", ["outsider", "liaison", "village_operator", "regency_secretariat"])
def test_the_province_matrix_is_out_of_scope(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reports:matrix"), {"region": "13"}).status_code == 404


def test_the_matrix_query_count_is_pinned_whatever_the_reports(
    client, province_secretariat, daily, django_assert_num_queries
):
    client.force_login(province_secretariat)
    url = reverse("reports:matrix")
    query = {"region": "13", "set": "daily", "to": "2024-11-20", "days": "14"}
    client.get(url, query)
    with django_assert_num_queries(14):
        client.get(url, query)
    for offset in range(5):
        for code in ("13.71", "13.72", "13.73"):
            day = dt.date(2024, 11, 1) + dt.timedelta(days=offset)
            if not Report.objects.filter(report_set=daily, region__code=code, day=day).exists():
                from deskpilkada.regions.models import Region

                ReportFactory(report_set=daily, region=Region.objects.get(code=code), day=day)
    with django_assert_num_queries(14):
        client.get(url, query)


def test_a_case_is_in_the_draft_of_its_day(client, regency_secretariat, daily, bukittinggi, tarok_dipo):
    CaseFactory(region=tarok_dipo, title="Kampanye di tempat ibadah", occurred_at=clock.now() - dt.timedelta(hours=1))
    report = services.draft_report(bukittinggi, report_set=daily, day=TODAY, by=regency_secretariat)
    client.force_login(regency_secretariat)
    assert "Kampanye di tempat ibadah" in client.get(report.get_absolute_url()).content.decode() or (
        report.figures["cases"]["notable_count"] < report.figures["cases"]["total"]
    )
