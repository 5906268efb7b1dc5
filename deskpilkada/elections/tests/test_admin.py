"""The admin pages of regions, elections, desks and accounts open, search, and audit what they change."""

import pytest
from django.urls import reverse

from deskpilkada.core.models import AuditEvent
from deskpilkada.desks.models import Desk

CHANGELISTS = [
    "regions_region",
    "elections_election",
    "elections_stage",
    "elections_contest",
    "elections_candidatepair",
    "elections_pollingstation",
    "elections_regionsetting",
    "desks_desk",
    "desks_deskmember",
    "desks_institution",
    "accounts_user",
    "accounts_assignment",
]


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_opens_for_a_superuser(client, superuser, name):
    client.force_login(superuser)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200


def test_region_search_by_code_prefix_finds_the_village(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:regions_region_changelist"), {"q": "13.75.01.1001"})
    assert b"Tarok Dipo" in response.content


def test_tps_search_by_region_code_lists_the_subtree(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:elections_pollingstation_changelist"), {"q": "13.75.01.1001"})
    assert response.status_code == 200
    assert b"Tarok Dipo" in response.content and b"Birugo" not in response.content


def test_regions_cannot_be_added_or_deleted_in_the_admin(client, superuser, tarok_dipo):
    client.force_login(superuser)
    assert client.get(reverse("admin:regions_region_add")).status_code == 403
    assert client.get(reverse("admin:regions_region_delete", args=[tarok_dipo.pk])).status_code == 403


def test_editing_a_desk_in_the_admin_leaves_an_audit_row(client, superuser, bukittinggi):
    client.force_login(superuser)
    desk = Desk.objects.get(region=bukittinggi)
    url = reverse("admin:desks_desk_change", args=[desk.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {name: (form[name].value() or "") for name in form.fields}
    data.update({"phone": "0752-21000", "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    event = AuditEvent.objects.filter(action="desk.update", object_id=str(desk.pk)).latest("pk")
    assert event.actor == superuser and event.changes["phone"] == ["", "0752-21000"] and event.note == "admin"
