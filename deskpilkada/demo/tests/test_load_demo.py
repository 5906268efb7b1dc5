"""The demo scenario that conftest.py loads once per session: its facts, and that loading again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from deskpilkada.accounts.models import Assignment, User
from deskpilkada.cases.models import Case
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.desks.models import Desk, DeskMember, Institution
from deskpilkada.elections.models import CandidatePair, Contest, PollingStation, RegionSetting
from deskpilkada.regions.models import Region
from deskpilkada.regions.querysets import subtree_totals

DEMO_USERNAMES = [
    "operator-bukittinggi",
    "sekretariat-bukittinggi",
    "ketua-bukittinggi",
    "sekretariat-sumbar",
    "ketua-sumbar",
    "bawaslu-bukittinggi",
    "luar-wilayah",
]


def test_west_sumatra_has_exactly_the_published_tps_and_voters(db):
    totals = subtree_totals("13")
    assert (totals["tps_count"], totals["dpt"]) == (10_846, 4_103_084)


def test_bukittinggi_has_its_real_figures_by_sex_and_by_district(db):
    totals = subtree_totals("13.75")
    assert (totals["tps_count"], totals["dpt"], totals["dpt_men"], totals["dpt_women"]) == (206, 97_517, 47_894, 49_623)
    by_district = {code: subtree_totals(code) for code in ("13.75.01", "13.75.02", "13.75.03")}
    assert by_district["13.75.02"]["tps_count"] == 86 and by_district["13.75.02"]["dpt"] == 42_123
    assert by_district["13.75.03"]["tps_count"] == 45 and by_district["13.75.03"]["dpt"] == 20_945
    assert by_district["13.75.01"]["tps_count"] == 75 and by_district["13.75.01"]["dpt"] == 34_449


def test_every_village_of_west_sumatra_has_a_tps_and_no_tps_exceeds_600(db):
    villages_without = Region.objects.filter(level=4, code__startswith="13.", polling_stations__isnull=True)
    assert not villages_without.exists()
    assert not PollingStation.objects.filter(dpt_total__gt=600).exists()
    assert PollingStation.objects.within("13").filter(is_generated=False).count() == 0


def test_there_is_a_province_desk_and_one_desk_per_regency_and_city(db):
    codes = set(Desk.objects.within("13").values_list("region__code", flat=True))
    regencies = set(Region.objects.filter(level=2, code__startswith="13.").values_list("code", flat=True))
    assert len(regencies) == 19
    assert codes == regencies | {"13"}


def test_bukittinggi_desk_was_formed_on_31_october_2024(db, bukittinggi):
    assert str(bukittinggi.desk.formed_on) == "2024-10-31"


def test_desks_follow_the_agreed_structure(db):
    for desk in Desk.objects.within("13"):
        roles = list(desk.members.values_list("role", flat=True))
        assert roles.count("chair") == 1, desk
        assert roles.count("vice_chair") == 3, desk
        assert roles.count("secretariat") == 1, desk
        chair = desk.members.get(role="chair")
        assert "Sekretaris Daerah" in chair.position
        vice_institutions = " ".join(desk.members.filter(role="vice_chair").values_list("institution_name", flat=True))
        assert all(
            word in vice_institutions for word in ("Kodim" if desk.region.level == 2 else "Korem", "Pol", "Kejaksaan")
        )
        assert "Kesbangpol" in desk.members.get(role="secretariat").institution_name


def test_the_province_chair_is_yozarwardi_and_not_invented(db):
    chair = DeskMember.objects.get(desk__region__code="13", role="chair")
    assert chair.name == "Yozarwardi"
    assert chair.is_demo is False
    assert DeskMember.objects.filter(is_demo=True).count() > 150


def test_each_desk_region_has_its_ten_partner_institutions(db):
    assert Institution.objects.get(code="bawaslu-13-75").name == "Bawaslu Kota Bukittinggi"
    per_region = Institution.objects.within("13").values_list("region__code", flat=True)
    assert len(per_region) == 200
    assert Institution.objects.filter(region__code="13.75").count() == 10


def test_twenty_contests_with_56_pairs_and_the_right_kinds(db):
    contests = Contest.objects.within("13").with_pair_counts()
    assert contests.count() == 20
    by_region = {c.region.code: c for c in contests.select_related("region")}
    assert by_region["13"].kind == Contest.Kind.GOVERNOR and by_region["13"].pair_count == 2
    assert by_region["13.75"].kind == Contest.Kind.MAYOR and by_region["13.75"].pair_count == 4
    assert by_region["13.10"].kind == Contest.Kind.REGENT and by_region["13.10"].pair_count == 1
    assert sum(c.pair_count for c in contests) == 56
    assert not CandidatePair.objects.filter(is_demo=False).exists()


def test_payakumbuh_targets_80_percent_turnout_against_68_29_historically(db, payakumbuh, election):
    setting = RegionSetting.objects.get(region=payakumbuh, election=election)
    assert (str(setting.turnout_target), str(setting.historical_turnout)) == ("80.00", "68.29")
    assert "unconfirmed" in setting.historical_turnout_source


@pytest.mark.parametrize(
    ("username", "role", "region_code"),
    [
        ("operator-bukittinggi", "operator", "13.75.01.1001"),
        ("sekretariat-bukittinggi", "secretariat", "13.75"),
        ("ketua-bukittinggi", "chair", "13.75"),
        ("sekretariat-sumbar", "secretariat", "13"),
        ("ketua-sumbar", "chair", "13"),
        ("bawaslu-bukittinggi", "liaison", "13.75"),
        ("luar-wilayah", "secretariat", "14"),
    ],
)
def test_demo_accounts_have_their_role_region_password_and_name(db, username, role, region_code):
    user = User.objects.get(username=username)
    assert user.check_password("pilkada2024")
    assert user.get_full_name()
    assignment = Assignment.objects.get(user=user)
    assert (assignment.role, assignment.region.code) == (role, region_code)
    assert user.desk_memberships.exists()


def test_the_bawaslu_liaison_acts_for_bawaslu_bukittinggi(liaison):
    assert liaison.assignments.get().institution.code == "bawaslu-13-75"


def test_the_province_chair_account_is_linked_to_yozarwardi(province_chair):
    assert province_chair.desk_memberships.get().name == "Yozarwardi"


def test_demo_cases_mostly_have_a_position_for_the_map_and_one_has_none(db):
    demo_cases = Case.objects.filter(title__startswith="[Demo]")
    placed = demo_cases.filter(latitude__isnull=False, longitude__isnull=False)
    assert demo_cases.count() == 8
    assert placed.count() == 7
    # Bukittinggi lies about 0.3° south of the equator, at about 100.37° east.
    for case in placed.filter(region__code__startswith="13.75."):
        assert -0.32 < case.latitude < -0.28 and 100.35 < case.longitude < 100.40


def test_demo_writes_are_audited_as_command_line(db):
    assert AuditEvent.objects.filter(action="desk.create", channel=Channel.COMMAND).count() == 21
    assert AuditEvent.objects.filter(action="tps.import", channel=Channel.COMMAND).exists()


def test_loading_again_changes_nothing_and_keeps_changed_passwords(db, django_assert_max_num_queries):
    user = User.objects.get(username="ketua-bukittinggi")
    user.set_password("another-secret-1")
    user.save()
    events = AuditEvent.objects.count()
    before = {
        "tps": PollingStation.objects.count(),
        "members": DeskMember.objects.count(),
        "users": User.objects.count(),
        "assignments": Assignment.objects.count(),
    }
    out = StringIO()
    with django_assert_max_num_queries(150):
        call_command("load_demo", "--no-media", stdout=out)
    after = {
        "tps": PollingStation.objects.count(),
        "members": DeskMember.objects.count(),
        "users": User.objects.count(),
        "assignments": Assignment.objects.count(),
    }
    assert after == before
    assert AuditEvent.objects.count() == events
    assert "skipped" in out.getvalue()
    assert "ketua-bukittinggi" in out.getvalue() and "pilkada2024" in out.getvalue()
    user.refresh_from_db()
    assert user.check_password("another-secret-1")


def test_a_missing_outsider_province_is_skipped_with_a_warning(db, monkeypatch):
    from deskpilkada.demo import loader

    real_read = loader.read_csv

    def read_csv(name):
        rows = real_read(name)
        for row in rows:
            for key in ("region", "desk"):
                if row.get(key) == "14":
                    row[key] = "15"  # Jambi: not imported in the test database
        return rows

    monkeypatch.setattr(loader, "read_csv", read_csv)
    result = loader.load_demo(media=False)
    assert any("15" in w and "luar-wilayah" in w for w in result.warnings)
    assert any("15" in w and "Desk Pilkada Provinsi Riau" in w for w in result.warnings)
    assert "luar-wilayah" not in {a["username"] for a in result.accounts}


def test_load_demo_without_west_sumatra_says_to_import_regions_first(db, monkeypatch):
    from django.core.management import CommandError

    from deskpilkada.demo import loader

    monkeypatch.setattr(loader, "PROVINCE", "99")
    with pytest.raises(CommandError, match="import_regions"):
        call_command("load_demo", verbosity=0)
