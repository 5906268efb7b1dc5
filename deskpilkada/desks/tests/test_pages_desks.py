"""Desk pages: the desk, its members in decree order, contacts for its own people only, child desks."""

import pytest
from django.urls import reverse

from deskpilkada.accounts.models import Role
from deskpilkada.desks.models import Desk, DeskMember
from deskpilkada.desks.privacy import can_see_member_contacts

pytestmark = pytest.mark.django_db


def desk_url(code: str) -> str:
    return reverse("desks:detail", kwargs={"code": code})


@pytest.mark.parametrize("url", ["/desks/", "/desks/13.75/"])
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_regency_secretariat_sees_the_bukittinggi_desk(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(desk_url("13.75"))
    assert response.status_code == 200
    desk = Desk.objects.get(region__code="13.75")
    html = response.content.decode()
    assert desk.name in html
    if desk.decree_number:
        assert desk.decree_number in html
    assert "31 Oktober 2024" in html  # formed on 31 Oct 2024


def test_members_are_listed_chair_first_in_structure_order(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.get(desk_url("13.75"))
    members = list(response.context["members"])
    assert members[0].role == Role.CHAIR
    ranks = [m.role_rank for m in members]
    assert ranks == sorted(ranks)
    html = response.content.decode()
    positions = [html.index(m.name) for m in members[:3]]
    assert positions == sorted(positions)


def test_demo_members_carry_a_demo_badge(client, regency_secretariat):
    client.force_login(regency_secretariat)
    html = client.get(desk_url("13.75")).content.decode()
    demo_count = DeskMember.objects.filter(desk__region__code="13.75", is_demo=True).count()
    assert html.count('<span class="badge badge-demo"') == demo_count


def test_desk_people_see_member_contacts(client, regency_secretariat):
    member = DeskMember.objects.filter(desk__region__code="13.75").exclude(phone="").first()
    if member is None:
        member = DeskMember.objects.filter(desk__region__code="13.75").first()
        member.phone, member.email = "081234565678", "anggota@bukittinggikota.go.id"
        member.save(update_fields=["phone", "email"])
    client.force_login(regency_secretariat)
    html = client.get(desk_url("13.75")).content.decode()
    assert f'href="tel:{member.phone}"' in html


def test_contacts_are_masked_for_a_partner_liaison(client, liaison):
    member = DeskMember.objects.filter(desk__region__code="13.75").first()
    member.phone, member.email = "081234565678", "anggota@bukittinggikota.go.id"
    member.save(update_fields=["phone", "email"])
    client.force_login(liaison)
    html = client.get(desk_url("13.75")).content.decode()
    assert "0812******78" in html
    assert "a***@bukittinggikota.go.id" in html
    assert "081234565678" not in html
    assert "anggota@bukittinggikota.go.id" not in html


def test_contact_rule_holds_for_desk_roles_at_the_region_or_above(regency_secretariat, province_chair, liaison):
    desk = Desk.objects.get(region__code="13.75")
    assert can_see_member_contacts(regency_secretariat, desk)
    assert can_see_member_contacts(province_chair, desk)
    assert not can_see_member_contacts(liaison, desk)
    assert not can_see_member_contacts(regency_secretariat, Desk.objects.get(region__code="13"))


def test_province_desk_lists_its_regency_and_city_desks(client, province_secretariat):
    client.force_login(province_secretariat)
    response = client.get(desk_url("13"))
    assert response.status_code == 200
    child_codes = [d.region.code for d in response.context["child_desks"]]
    assert len(child_codes) == 19
    html = response.content.decode()
    for code in child_codes:
        assert f'href="{desk_url(code)}"' in html


def test_desk_page_query_count_is_pinned(client, province_secretariat, django_assert_max_num_queries):
    client.force_login(province_secretariat)
    with django_assert_max_num_queries(7):
        assert client.get(desk_url("13")).status_code == 200


@pytest.mark.parametrize("code", ["13.75", "13"])
def test_outsider_gets_404_on_west_sumatra_desks(client, outsider, code):
    client.force_login(outsider)
    assert client.get(desk_url(code)).status_code == 404


def test_village_operator_gets_404_on_the_city_desk(client, village_operator):
    client.force_login(village_operator)
    assert client.get(desk_url("13.75")).status_code == 404


def test_region_without_a_desk_is_a_404(client, province_secretariat):
    client.force_login(province_secretariat)
    assert client.get(desk_url("13.75.01")).status_code == 404


def test_regency_secretariat_gets_404_on_the_province_desk(client, regency_secretariat):
    client.force_login(regency_secretariat)
    assert client.get(desk_url("13")).status_code == 404


def test_desk_index_lists_only_desks_in_scope(client, regency_secretariat, outsider, province_chair):
    client.force_login(regency_secretariat)
    assert [d.region.code for d in client.get(reverse("desks:index")).context["desks"]] == ["13.75"]
    client.force_login(province_chair)
    assert len(client.get(reverse("desks:index")).context["desks"]) == 20
    client.force_login(outsider)
    response = client.get(reverse("desks:index"))
    assert all(d.region.code.startswith("14") for d in response.context["desks"])
    assert "Sumatera Barat" not in response.content.decode()
