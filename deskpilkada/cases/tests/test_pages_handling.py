"""Handling a case from its page: verify, reject, route, follow up, resolve, merge, escalate.

Each form posts to its own URL and calls the service; on an error the page shows it and nothing changes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from deskpilkada.core import clock
from deskpilkada.core.models import AuditEvent
from deskpilkada.desks.models import Institution

from .. import services
from ..models import Case, FollowUp, RoutedAction
from .test_pages import NOW, PNG, report, route_to, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def new_case(village_operator, tarok_dipo):
    return report(village_operator, tarok_dipo, title="Ujaran kebencian di grup warga", severity="sedang")


@pytest.fixture
def verified_case(new_case, regency_secretariat):
    return services.verify_case(new_case, by=regency_secretariat)


def url(name: str, case: Case, **kwargs) -> str:
    return reverse(f"cases:{name}", kwargs={"pk": case.pk, **kwargs})


def verify_data(case: Case, **overrides) -> dict:
    data = {
        "title": case.title,
        "kind": case.kind,
        "category": str(case.category_id),
        "severity": case.severity,
        "note": "",
    }
    data.update(overrides)
    return data


def route_data(*rows, note: str = "") -> dict:
    data = {
        "route-TOTAL_FORMS": str(len(rows)),
        "route-INITIAL_FORMS": "0",
        "route-MIN_NUM_FORMS": "0",
        "route-MAX_NUM_FORMS": "1000",
        "route-note-note": note,
    }
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"route-{index}-{field}"] = value
    return data


def bawaslu_row(**overrides) -> dict:
    row = {
        "include": "on",
        "institution": str(Institution.objects.get(code="bawaslu-13-75").pk),
        "description": "Klarifikasi pelapor dan terlapor.",
        "owner_name": "Koordinator Divisi Penanganan Pelanggaran",
        "due_at": "2024-11-21T10:00",
    }
    row.update(overrides)
    return row


# --- Verify and reject -------------------------------------------------------------------------------------------


def test_secretariat_verifies_with_a_corrected_severity(client, regency_secretariat, new_case):
    client.force_login(regency_secretariat)
    response = client.post(url("verify", new_case), verify_data(new_case, severity="tinggi", note="Dicek ke lurah."))
    assert response.status_code == 302
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.VERIFIED
    assert new_case.severity == "tinggi"
    event = AuditEvent.objects.for_object(new_case).get(action="case.verify")
    assert event.actor == regency_secretariat
    assert event.changes["severity"] == ["sedang", "tinggi"]
    html = client.get(new_case.get_absolute_url()).content.decode()
    assert "Diverifikasi" in html


def test_verifying_twice_shows_an_error_and_changes_nothing(client, regency_secretariat, verified_case):
    client.force_login(regency_secretariat)
    before = AuditEvent.objects.for_object(verified_case).count()
    response = client.post(url("verify", verified_case), verify_data(verified_case, severity="kritis"))
    assert response.status_code == 400
    verified_case.refresh_from_db()
    assert verified_case.severity == "sedang"
    assert AuditEvent.objects.for_object(verified_case).count() == before


def test_chair_may_verify_too(client, regency_chair, new_case):
    client.force_login(regency_chair)
    assert client.post(url("verify", new_case), verify_data(new_case)).status_code == 302
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.VERIFIED


def test_reject_needs_a_reason(client, regency_secretariat, new_case):
    client.force_login(regency_secretariat)
    response = client.post(url("reject", new_case), {"reject-reason": ""})
    assert response.status_code == 400
    assert response.context["reject_form"].errors
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.NEW
    response = client.post(url("reject", new_case), {"reject-reason": "Bukan terkait pilkada."})
    assert response.status_code == 302
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.REJECTED
    assert new_case.closing_note == "Bukan terkait pilkada."


@pytest.mark.parametrize("name", ["verify", "reject", "route", "resolve", "merge", "escalate"])
def test_village_operator_may_not_post_handling_forms(client, village_operator, new_case, name):
    client.force_login(village_operator)
    assert client.post(url(name, new_case), {}).status_code == 403
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.NEW


@pytest.mark.parametrize("name", ["verify", "reject", "route", "resolve", "merge", "escalate"])
def test_outsider_posting_handling_forms_gets_404(client, outsider, new_case, name):
    client.force_login(outsider)
    assert client.post(url(name, new_case), {}).status_code == 404


def test_handling_urls_refuse_get(client, regency_secretariat, new_case):
    client.force_login(regency_secretariat)
    assert client.get(url("verify", new_case)).status_code == 405


# --- Route -------------------------------------------------------------------------------------------------------


def test_route_form_is_prefilled_from_the_playbook(client, regency_secretariat, verified_case):
    client.force_login(regency_secretariat)
    response = client.get(verified_case.get_absolute_url())
    formset = response.context["route_formset"]
    bawaslu = Institution.objects.get(code="bawaslu-13-75")
    first = formset.forms[0]
    assert first.initial["institution"] == bawaslu.pk
    assert first.initial["include"] is True
    assert first.initial["description"] == "Telusuri dugaan pelanggaran."
    due = services.due_for(verified_case.severity).astimezone(clock.WIB)
    assert first.initial["due_at"] == due.strftime("%Y-%m-%dT%H:%M")
    assert formset.forms[-1].initial["include"] is False  # one free row for another institution


def test_secretariat_routes_to_bawaslu_with_a_due_date_in_local_time(client, regency_secretariat, verified_case):
    client.force_login(regency_secretariat)
    polres = Institution.objects.get(code="polres-13-75")
    response = client.post(
        url("route", verified_case),
        route_data(
            bawaslu_row(),
            {"include": "", "institution": str(polres.pk), "description": "", "due_at": ""},
            note="Sesuai playbook.",
        ),
    )
    assert response.status_code == 302
    verified_case.refresh_from_db()
    assert verified_case.status == Case.Status.IN_HANDLING
    action = verified_case.actions.get()
    assert action.institution.code == "bawaslu-13-75"
    assert action.due_at == dt.datetime(2024, 11, 21, 10, 0, tzinfo=NOW.tzinfo)
    assert action.owner_name == "Koordinator Divisi Penanganan Pelanggaran"


def test_routing_with_a_past_due_date_stores_nothing(client, regency_secretariat, verified_case):
    client.force_login(regency_secretariat)
    response = client.post(url("route", verified_case), route_data(bawaslu_row(due_at="2024-11-19T10:00")))
    assert response.status_code == 400
    assert not RoutedAction.objects.filter(case=verified_case).exists()
    verified_case.refresh_from_db()
    assert verified_case.status == Case.Status.VERIFIED
    assert "jatuh tempo" in response.content.decode().lower()


def test_routing_with_no_institution_ticked_is_refused(client, regency_secretariat, verified_case):
    client.force_login(regency_secretariat)
    response = client.post(url("route", verified_case), route_data(bawaslu_row(include="")))
    assert response.status_code == 400
    assert not RoutedAction.objects.filter(case=verified_case).exists()


def test_a_new_case_shows_no_route_form(client, regency_secretariat, new_case):
    client.force_login(regency_secretariat)
    response = client.get(new_case.get_absolute_url())
    assert "route_formset" not in response.context
    assert "verify_form" in response.context


# --- Follow-up ---------------------------------------------------------------------------------------------------


def test_liaison_records_a_follow_up_with_evidence(client, liaison, regency_secretariat, verified_case):
    action = route_to(verified_case, "bawaslu-13-75", by=regency_secretariat)
    client.force_login(liaison)
    page = client.get(verified_case.get_absolute_url())
    assert page.context["action_rows"][0]["form"] is not None
    prefix = f"action-{action.pk}"
    response = client.post(
        reverse("cases:follow_up", kwargs={"pk": verified_case.pk, "action_id": action.pk}),
        {
            f"{prefix}-note": "Pelapor sudah diklarifikasi.",
            f"{prefix}-status": "dikerjakan",
            f"{prefix}-files": upload(),
        },
    )
    assert response.status_code == 302
    entry = FollowUp.objects.get(action=action)
    assert entry.author == liaison
    assert entry.attachments.count() == 1
    action.refresh_from_db()
    assert action.status == RoutedAction.Status.IN_PROGRESS
    html = client.get(verified_case.get_absolute_url()).content.decode()
    assert "Pelapor sudah diklarifikasi." in html


def test_liaison_cannot_reach_an_action_routed_to_another_institution(
    client, liaison, regency_secretariat, verified_case
):
    route_to(verified_case, "bawaslu-13-75", by=regency_secretariat)
    polres = route_to(verified_case, "polres-13-75", by=regency_secretariat)
    client.force_login(liaison)
    prefix = f"action-{polres.pk}"
    response = client.post(
        reverse("cases:follow_up", kwargs={"pk": verified_case.pk, "action_id": polres.pk}),
        {f"{prefix}-note": "Bukan urusan kami.", f"{prefix}-status": "selesai"},
    )
    assert response.status_code == 404
    assert not FollowUp.objects.filter(action=polres).exists()


def test_liaison_sees_no_handling_forms(client, liaison, regency_secretariat, verified_case):
    route_to(verified_case, "bawaslu-13-75", by=regency_secretariat)
    client.force_login(liaison)
    response = client.get(verified_case.get_absolute_url())
    assert response.context["may_handle"] is False
    assert reverse("cases:resolve", kwargs={"pk": verified_case.pk}) not in response.content.decode()
    assert client.post(url("resolve", verified_case), {"resolve-note": "Selesai"}).status_code == 403


def test_follow_up_without_a_note_is_refused(client, regency_secretariat, verified_case):
    action = route_to(verified_case, "bawaslu-13-75", by=regency_secretariat)
    client.force_login(regency_secretariat)
    prefix = f"action-{action.pk}"
    response = client.post(
        reverse("cases:follow_up", kwargs={"pk": verified_case.pk, "action_id": action.pk}),
        {f"{prefix}-note": "", f"{prefix}-status": "selesai"},
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == RoutedAction.Status.OPEN


# --- Resolve, merge, escalate ------------------------------------------------------------------------------------


def test_resolving_needs_closing_evidence(client, regency_secretariat, verified_case):
    client.force_login(regency_secretariat)
    response = client.post(url("resolve", verified_case), {"resolve-note": "Sudah ditertibkan."})
    assert response.status_code == 400
    assert "files" in response.context["resolve_form"].errors
    verified_case.refresh_from_db()
    assert verified_case.status == Case.Status.VERIFIED

    response = client.post(
        url("resolve", verified_case), {"resolve-note": "Sudah ditertibkan.", "resolve-files": upload("ba.png", PNG)}
    )
    assert response.status_code == 302
    verified_case.refresh_from_db()
    assert verified_case.status == Case.Status.RESOLVED
    assert verified_case.attachments.filter(purpose="penutupan").count() == 1
    html = client.get(verified_case.get_absolute_url()).content.decode()
    assert "Sudah ditertibkan." in html
    assert url("resolve", verified_case) not in html  # a closed case offers no handling


def test_secretariat_merges_a_duplicate_by_its_number(client, regency_secretariat, new_case, tarok_dipo):
    original = report(regency_secretariat, tarok_dipo, title="Laporan asli")
    client.force_login(regency_secretariat)
    response = client.post(url("merge", new_case), {"merge-into": original.number})
    assert response.status_code == 302
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.MERGED
    assert new_case.merged_into == original
    html = client.get(original.get_absolute_url()).content.decode()
    assert new_case.number in html


def test_merging_into_an_unknown_or_foreign_number_shows_an_error(
    client, regency_secretariat, new_case, province_secretariat, payakumbuh
):
    foreign = report(province_secretariat, payakumbuh, title="Kasus Payakumbuh")
    client.force_login(regency_secretariat)
    for number in ("9999-24-999999", foreign.number):
        response = client.post(url("merge", new_case), {"merge-into": number})
        assert response.status_code == 400
        assert "into" in response.context["merge_form"].errors
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.NEW


def test_secretariat_escalates_to_the_province_which_then_handles_it(
    client, regency_secretariat, province_secretariat, verified_case
):
    client.force_login(regency_secretariat)
    response = client.post(url("escalate", verified_case), {"escalate-reason": "Melibatkan lintas kabupaten."})
    assert response.status_code == 302
    verified_case.refresh_from_db()
    assert verified_case.desk.region.code == "13"
    # The regency secretariat still sees the case, but no longer handles it.
    page = client.get(verified_case.get_absolute_url())
    assert page.status_code == 200
    assert page.context["may_handle"] is False
    client.force_login(province_secretariat)
    page = client.get(verified_case.get_absolute_url())
    assert page.context["may_handle"] is True
    assert "Dieskalasi" in page.content.decode()


def test_escalating_without_a_reason_changes_nothing(client, regency_secretariat, verified_case):
    client.force_login(regency_secretariat)
    response = client.post(url("escalate", verified_case), {"escalate-reason": " "})
    assert response.status_code == 400
    verified_case.refresh_from_db()
    assert verified_case.desk.region.code == "13.75"


def test_full_handling_leaves_every_step_on_the_timeline(client, regency_secretariat, liaison, new_case):
    client.force_login(regency_secretariat)
    client.post(url("verify", new_case), verify_data(new_case))
    client.post(url("route", new_case), route_data(bawaslu_row()))
    action = new_case.actions.get()
    client.force_login(liaison)
    prefix = f"action-{action.pk}"
    client.post(
        reverse("cases:follow_up", kwargs={"pk": new_case.pk, "action_id": action.pk}),
        {f"{prefix}-note": "Sudah ditangani.", f"{prefix}-status": "selesai", f"{prefix}-files": upload()},
    )
    client.force_login(regency_secretariat)
    client.post(url("resolve", new_case), {"resolve-note": "Tuntas."})
    new_case.refresh_from_db()
    assert new_case.status == Case.Status.RESOLVED
    response = client.get(new_case.get_absolute_url())
    labels = [str(entry["label"]) for entry in response.context["timeline"]]
    assert labels == ["Dilaporkan", "Diverifikasi", "Diteruskan ke instansi", "Tindak lanjut dicatat", "Diselesaikan"]
