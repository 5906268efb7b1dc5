"""The shared factories make valid objects: region codes that are paths under their parent."""

from deskpilkada import factories
from deskpilkada.accounts import access
from deskpilkada.regions.models import Region


def test_a_village_factory_builds_a_whole_chain_with_path_codes(db):
    village = factories.VillageFactory()
    district = village.parent
    regency = district.parent
    province = regency.parent
    assert province.code not in factories.REAL_PROVINCE_CODES
    assert village.code.startswith(district.code + ".") and district.code.startswith(regency.code + ".")
    assert [r.level for r in (province, regency, district, village)] == [1, 2, 3, 4]
    assert village.kind == Region.Kind.DESA and village.code.rsplit(".", 1)[1].startswith("2")


def test_make_child_region_takes_the_next_free_code_for_its_kind(tarok_dipo, sumbar):
    kelurahan = factories.make_child_region(tarok_dipo.parent, name="Kelurahan Uji", kind="kelurahan")
    assert kelurahan.code.startswith("13.75.01.1") and kelurahan.code not in {"13.75.01.1001", "13.75.01.1002"}
    assert kelurahan.kind == "kelurahan" and kelurahan.timezone == "WIB"
    city = factories.make_child_region(sumbar, name="Kota Uji")
    assert city.kind == "kota" and city.code.startswith("13.7") and city.code not in {"13.71", "13.75", "13.77"}
    assert factories.make_child_region(sumbar).kind == "kabupaten"


def test_user_factory_assigns_regions_and_uses_the_demo_password(bukittinggi, tarok_dipo):
    user = factories.UserFactory(assignments=[(bukittinggi, "secretariat")])
    assert user.check_password("pilkada2024")
    assert access.covers(user, tarok_dipo.code)


def test_every_model_factory_saves(db):
    pair = factories.CandidatePairFactory()
    assert pair.contest.kind == "bupati"
    tps = factories.PollingStationFactory()
    assert tps.dpt_total == tps.dpt_men + tps.dpt_women and tps.village.level == 4
    assert factories.StageFactory().election.pk
    assert factories.RegionSettingFactory().region.level == 2
    member = factories.DeskMemberFactory()
    assert member.desk.region.level == 2
    liaison = factories.AssignmentFactory(liaison=True)
    assert liaison.institution is not None and liaison.role == "liaison"
    assert factories.ContestFactory(region=factories.ProvinceFactory()).kind == "gubernur"
