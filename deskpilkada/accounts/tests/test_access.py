"""The one access path: a user sees the regions assigned to them and everything below, nothing else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from deskpilkada.accounts import access
from deskpilkada.accounts.models import Role
from deskpilkada.elections.models import PollingStation
from deskpilkada.regions.models import Region

pytestmark = pytest.mark.django_db


def test_outsider_sees_no_region_of_west_sumatra(outsider):
    visible = Region.objects.visible_to(outsider)
    assert not visible.within("13").exists()
    assert visible.filter(code="14").exists()


def test_village_operator_sees_only_its_village(village_operator):
    assert list(Region.objects.visible_to(village_operator).values_list("code", flat=True)) == ["13.75.01.1001"]


def test_village_operator_sees_only_the_tps_of_its_village(village_operator):
    codes = set(PollingStation.objects.visible_to(village_operator).values_list("village__code", flat=True))
    assert codes == {"13.75.01.1001"}


def test_regency_secretariat_sees_bukittinggi_and_below_but_not_its_neighbours(regency_secretariat):
    visible = Region.objects.visible_to(regency_secretariat)
    assert visible.filter(code="13.75.02.1001").exists()
    assert not visible.filter(code="13.76").exists()
    assert not visible.filter(code="13").exists()


def test_bukittinggi_tps_are_all_visible_to_its_desk(regency_secretariat):
    assert PollingStation.objects.visible_to(regency_secretariat).count() == 206


def test_province_secretariat_sees_the_whole_province(province_secretariat):
    assert Region.objects.visible_to(province_secretariat).count() == Region.objects.within("13").count()


def test_anonymous_and_inactive_users_see_nothing(regency_secretariat):
    assert not Region.objects.visible_to(AnonymousUser()).exists()
    regency_secretariat.is_active = False
    assert not Region.objects.visible_to(regency_secretariat).exists()


def test_superuser_sees_everything(superuser):
    assert Region.objects.visible_to(superuser).count() == Region.objects.count()


def test_a_code_that_only_shares_a_prefix_is_not_below(regency_secretariat):
    # 13.75 must not cover a hypothetical 13.750: the prefix match includes the dot.
    assert access.covers(regency_secretariat, "13.75.03")
    assert not access.covers(regency_secretariat, "13.750")
    assert not access.covers(regency_secretariat, "13.7")


def test_scope_is_read_once_per_user_object(regency_secretariat, django_assert_num_queries):
    with django_assert_num_queries(1):
        access.scope_codes(regency_secretariat)
        access.scope_codes(regency_secretariat)
        access.covers(regency_secretariat, "13.75.01")


def test_nested_assignments_collapse_to_the_outermost():
    assert access._outermost(["13.75.01.1001", "13.75", "13.76", "13.75.02"]) == ["13.75", "13.76"]


def test_roles_apply_to_the_region_and_below(regency_chair, village_operator):
    assert access.has_role(regency_chair, "13.75.01.1001", Role.CHAIR)
    assert not access.has_role(regency_chair, "13", Role.CHAIR)
    assert not access.has_role(village_operator, "13.75", Role.OPERATOR)
    assert access.has_role(village_operator, "13.75.01.1001", Role.OPERATOR)


def test_liaison_is_bound_to_its_institution(liaison):
    assignment = liaison.assignments.get()
    assert assignment.role == Role.LIAISON
    assert assignment.institution.kind == "bawaslu"
