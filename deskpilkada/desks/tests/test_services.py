"""Desk, member and institution services: idempotent upserts, validation, and an audit row for every change."""

import datetime as dt

import pytest

from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.desks import services
from deskpilkada.desks.models import Desk, DeskMember, Institution
from deskpilkada.factories import DeskFactory, DeskMemberFactory, RegencyFactory, UserFactory, VillageFactory


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_create_desk_records_who_created_it_and_from_where(db):
    region = RegencyFactory()
    user = UserFactory()
    desk = services.create_desk(
        region, name="Desk Pilkada Uji", formed_on=dt.date(2024, 10, 31), by=user, channel=Channel.COMMAND
    )
    event = events("desk.create").get(object_id=str(desk.pk))
    assert (event.actor, event.channel, event.region_code) == (user, Channel.COMMAND, region.code)
    assert event.changes["formed_on"] == [None, "2024-10-31"]


def test_a_village_cannot_have_a_desk(db):
    with pytest.raises(ValueError, match="provinces and regencies"):
        services.create_desk(VillageFactory(), name="Desk Desa")


def test_a_region_has_at_most_one_desk(db):
    desk = DeskFactory()
    with pytest.raises(ValueError, match="already has a desk"):
        services.create_desk(desk.region, name="Desk kedua")


def test_save_desk_twice_with_the_same_values_writes_one_audit_row(db):
    region = RegencyFactory()
    services.save_desk(region, name="Desk A")
    desk, created = services.save_desk(region, name="Desk A")
    assert not created
    assert events("desk.create").filter(object_id=str(desk.pk)).count() == 1
    assert not events("desk.update").filter(object_id=str(desk.pk)).exists()


def test_update_desk_audits_before_and_after(db):
    desk = DeskFactory(name="Lama")
    services.update_desk(desk, name="Baru", phone="0752-123")
    desk.refresh_from_db()
    assert (desk.name, desk.phone) == ("Baru", "0752-123")
    assert events("desk.update").get(object_id=str(desk.pk)).changes == {
        "name": ["Lama", "Baru"],
        "phone": ["", "0752-123"],
    }


def test_update_desk_refuses_unknown_fields(db):
    with pytest.raises(TypeError):
        services.update_desk(DeskFactory(), region=None)


def test_add_member_audits_in_the_desks_region(db):
    desk = DeskFactory()
    member = services.add_member(
        desk, name="Irwan", position="Kepala Badan Kesbangpol", institution_name="Kesbangpol", role="secretariat"
    )
    assert events("desk_member.create").get(object_id=str(member.pk)).region_code == desk.region.code


def test_save_member_updates_the_member_at_the_same_place(db):
    desk = DeskFactory()
    fields = {"name": "A", "position": "Sekda", "institution_name": "Setda", "role": "chair"}
    first, created = services.save_member(desk, order=1, **fields)
    second, created_again = services.save_member(desk, order=1, **{**fields, "name": "B"})
    assert created and not created_again and first.pk == second.pk
    assert DeskMember.objects.get(pk=first.pk).name == "B"
    assert events("desk_member.update").get(object_id=str(first.pk)).changes == {"name": ["A", "B"]}


def test_link_member_user_ties_the_account_to_the_member(db):
    member = DeskMemberFactory()
    user = UserFactory()
    services.link_member_user(member, user)
    assert user.desk_memberships.get() == member
    assert events("desk_member.update").get(object_id=str(member.pk)).changes == {"user": [None, user.pk]}


def test_remove_member_leaves_an_audit_row(db):
    member = DeskMemberFactory()
    pk = member.pk
    services.remove_member(member)
    assert not DeskMember.objects.filter(pk=pk).exists()
    assert events("desk_member.delete").filter(object_id=str(pk)).exists()


def test_save_institution_creates_then_updates_by_code(db):
    region = RegencyFactory()
    institution, created = services.save_institution("bawaslu-uji", name="Bawaslu Uji", kind="bawaslu", region=region)
    same, created_again = services.save_institution("bawaslu-uji", name="Bawaslu Uji", kind="bawaslu", region=region)
    assert created and not created_again and same.pk == institution.pk
    services.save_institution("bawaslu-uji", name="Bawaslu Kota Uji", kind="bawaslu", region=region)
    assert Institution.objects.get(code="bawaslu-uji").name == "Bawaslu Kota Uji"
    assert events("institution.create").filter(object_id=str(institution.pk)).count() == 1
    assert events("institution.update").filter(object_id=str(institution.pk)).count() == 1


def test_an_unknown_institution_kind_is_refused(db):
    with pytest.raises(ValueError):
        services.save_institution("x", name="X", kind="dukun", region=RegencyFactory())


def test_the_demo_desk_of_bukittinggi_lists_chair_vice_chairs_and_secretariat_first(bukittinggi):
    roles = list(Desk.objects.get(region=bukittinggi).members.in_structure_order().values_list("role", flat=True))
    assert roles[:5] == ["chair", "vice_chair", "vice_chair", "vice_chair", "secretariat"]
