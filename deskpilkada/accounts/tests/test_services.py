"""Account services: users and region assignments, audited, idempotent."""

import pytest

from deskpilkada.accounts import access, services
from deskpilkada.accounts.models import Assignment, User
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.factories import InstitutionFactory, RegencyFactory, UserFactory


def test_create_user_sets_the_password_and_audits_without_it(db):
    user = services.create_user("baru", password="rahasia-panjang-1", first_name="Baru", channel=Channel.COMMAND)
    assert user.check_password("rahasia-panjang-1")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.channel == Channel.COMMAND
    assert "password" not in event.changes and event.changes["username"] == [None, "baru"]


def test_a_user_without_a_password_cannot_log_in(db):
    assert not services.create_user("tanpa-sandi").has_usable_password()


def test_create_user_refuses_a_taken_username(db):
    UserFactory(username="ada")
    with pytest.raises(ValueError):
        services.create_user("ada")


def test_ensure_user_sets_the_password_only_when_it_creates_the_user(db):
    user, created = services.ensure_user("sekali", password="sandi-pertama-1", first_name="A")
    user.set_password("sandi-sendiri-2")
    user.save()
    again, created_again = services.ensure_user("sekali", password="sandi-pertama-1", first_name="B")
    assert created and not created_again
    again.refresh_from_db()
    assert again.check_password("sandi-sendiri-2") and again.first_name == "B"


def test_assign_region_widens_the_users_scope_at_once(db, bukittinggi, tarok_dipo):
    user = UserFactory()
    assert not access.covers(user, tarok_dipo.code)
    assignment, created = services.assign_region(user, bukittinggi, "secretariat", channel=Channel.COMMAND)
    assert created and access.covers(user, tarok_dipo.code)
    event = AuditEvent.objects.get(action="assignment.create", object_id=str(assignment.pk))
    assert event.region_code == "13.75" and event.channel == Channel.COMMAND


def test_assign_region_twice_is_one_assignment_and_one_audit_row(db):
    user, region = UserFactory(), RegencyFactory()
    services.assign_region(user, region, "operator")
    assignment, created = services.assign_region(user, region, "operator")
    assert not created
    assert Assignment.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action__startswith="assignment.", object_id=str(assignment.pk)).count() == 1


def test_a_liaison_needs_an_institution(db):
    with pytest.raises(ValueError, match="institution"):
        services.assign_region(UserFactory(), RegencyFactory(), "liaison")
    institution = InstitutionFactory()
    assignment, _created = services.assign_region(UserFactory(), institution.region, "liaison", institution=institution)
    assert assignment.institution == institution


def test_an_unknown_role_is_refused(db):
    with pytest.raises(ValueError):
        services.assign_region(UserFactory(), RegencyFactory(), "raja")


def test_unassign_region_removes_the_scope_and_audits(db, bukittinggi, tarok_dipo):
    user = UserFactory()
    assignment, _ = services.assign_region(user, bukittinggi, "chair")
    assert access.covers(user, tarok_dipo.code)
    services.unassign_region(assignment)
    assert not access.covers(User.objects.get(pk=user.pk), tarok_dipo.code)
    assert not access.covers(user, tarok_dipo.code)
    assert AuditEvent.objects.filter(action="assignment.delete").exists()
