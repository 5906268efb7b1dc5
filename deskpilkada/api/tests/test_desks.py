"""Desks and their members; contact details only for people of the desk at its region or above."""

from __future__ import annotations

import pytest

from deskpilkada.accounts.models import Role
from deskpilkada.core.masking import mask_email, mask_phone
from deskpilkada.desks.models import Desk
from deskpilkada.factories import DeskMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_with_contacts(db):
    return DeskMemberFactory(
        desk=Desk.objects.get(region__code="13.75"), phone="081234567890", email="anggota.uji@example.go.id"
    )


def _member(body, name):
    return next(m for m in body["members"] if m["name"] == name)


def test_regency_secretariat_gets_the_bukittinggi_desk_with_members_in_structure_order(api_as, regency_secretariat):
    body = api_as(regency_secretariat).get("/api/v1/desks/13.75/").json()
    assert body["code"] == "13.75"
    assert body["region_name"] == "Kota Bukittinggi"
    roles = [m["role"] for m in body["members"]]
    assert roles[0] == Role.CHAIR
    order = [Role.CHAIR, Role.VICE_CHAIR, Role.SECRETARIAT, Role.MEMBER, Role.OPERATOR, Role.LIAISON]
    assert roles == sorted(roles, key=order.index)
    assert len(roles) == Desk.objects.get(region__code="13.75").members.count()


def test_desk_people_see_members_contacts(api_as, regency_secretariat, member_with_contacts):
    body = api_as(regency_secretariat).get("/api/v1/desks/13.75/").json()
    assert body["contacts_visible"] is True
    member = _member(body, member_with_contacts.name)
    assert (member["phone"], member["email"]) == ("081234567890", "anggota.uji@example.go.id")


def test_province_desk_people_see_contacts_of_a_regency_desk(api_as, province_secretariat, member_with_contacts):
    member = _member(api_as(province_secretariat).get("/api/v1/desks/13.75/").json(), member_with_contacts.name)
    assert member["phone"] == "081234567890"


def test_partner_liaison_sees_the_desk_with_contacts_masked(api_as, liaison, member_with_contacts):
    body = api_as(liaison).get("/api/v1/desks/13.75/").json()
    assert body["contacts_visible"] is False
    member = _member(body, member_with_contacts.name)
    assert (member["phone"], member["email"]) == ("0812******90", "a***@example.go.id")
    assert member["position"] == member_with_contacts.position


def test_superuser_sees_contacts(api_as, superuser, member_with_contacts):
    member = _member(api_as(superuser).get("/api/v1/desks/13.75/").json(), member_with_contacts.name)
    assert member["email"] == "anggota.uji@example.go.id"


def test_village_operator_gets_404_on_the_city_desk(api_as, village_operator):
    client = api_as(village_operator)
    assert client.get("/api/v1/desks/13.75/").status_code == 404
    assert client.get("/api/v1/desks/").json()["count"] == 0


def test_regency_secretariat_gets_404_on_the_province_desk(api_as, regency_secretariat):
    assert api_as(regency_secretariat).get("/api/v1/desks/13/").status_code == 404


def test_province_secretariat_lists_the_20_desks_of_west_sumatra(api_as, province_secretariat):
    client = api_as(province_secretariat)
    body = client.get("/api/v1/desks/").json()
    assert body["count"] == 20
    assert body["results"][0]["code"] == "13"
    assert client.get("/api/v1/desks/?region=13.75").json()["count"] == 1


def test_desk_detail_needs_a_fixed_number_of_queries(api_as, regency_secretariat, django_assert_num_queries):
    client = api_as(regency_secretariat)
    # session, user, the user's assignments (scope and roles), the desk, its members
    with django_assert_num_queries(5):
        client.get("/api/v1/desks/13.75/")


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("081234567890", "0812******90"), ("+6281234567890", "+628********90"), ("12345", "1***5"), ("", "")],
)
def test_phone_numbers_are_masked_but_recognisable(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("email", "masked"),
    [("andi@example.go.id", "a***@example.go.id"), ("", ""), ("no-at-sign", "***")],
)
def test_email_addresses_are_masked_to_their_domain(email, masked):
    assert mask_email(email) == masked
