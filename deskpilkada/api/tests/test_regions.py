"""Regions through the API: each persona sees its part of the tree, with subtree totals from the database."""

from __future__ import annotations

import pytest

from deskpilkada.regions.models import Region

pytestmark = pytest.mark.django_db


def _codes(body) -> list[str]:
    return [row["code"] for row in body["results"]]


def test_regency_secretariat_gets_bukittinggi_with_its_206_tps_and_97517_voters(api_as, regency_secretariat):
    body = api_as(regency_secretariat).get("/api/v1/regions/13.75/").json()
    assert body["code"] == "13.75"
    assert body["name"] == "Kota Bukittinggi"
    assert body["level"] == 2
    assert body["kind"] == "kota"
    assert body["timezone"] == "WIB"
    assert body["parent"] == "13"
    assert (body["tps_count"], body["dpt"]) == (206, 97517)
    assert body["dpt_men"] + body["dpt_women"] == 97517
    assert (body["district_count"], body["village_count"]) == (3, 24)


def test_bukittinggi_children_are_its_districts_with_their_totals(api_as, regency_secretariat):
    body = api_as(regency_secretariat).get("/api/v1/regions/13.75/").json()
    children = {child["code"]: child for child in body["children"]}
    assert list(children) == ["13.75.01", "13.75.02", "13.75.03"]
    assert (children["13.75.01"]["tps_count"], children["13.75.01"]["dpt"]) == (75, 34449)
    assert (children["13.75.02"]["tps_count"], children["13.75.02"]["dpt"]) == (86, 42123)
    assert (children["13.75.03"]["tps_count"], children["13.75.03"]["dpt"]) == (45, 20945)
    assert sum(c["village_count"] for c in children.values()) == body["village_count"]
    assert children["13.75.01"]["name"] == "Guguak Panjang"
    assert children["13.75.01"]["level"] == 3
    assert children["13.75.01"]["kind"] == "kecamatan"
    assert children["13.75.01"]["url"] == "http://testserver/api/v1/regions/13.75.01/"


def test_a_childs_url_opens_that_child(api_as, regency_secretariat):
    client = api_as(regency_secretariat)
    child_url = client.get("/api/v1/regions/13.75/").json()["children"][0]["url"]
    assert client.get(child_url).json()["code"] == "13.75.01"


def test_regency_secretariat_gets_404_above_and_beside_bukittinggi(api_as, regency_secretariat):
    client = api_as(regency_secretariat)
    assert client.get("/api/v1/regions/13/").status_code == 404
    assert client.get("/api/v1/regions/13.76/").status_code == 404
    assert client.get("/api/v1/regions/14/").status_code == 404


def test_regency_secretariats_regions_are_bukittinggi(api_as, regency_secretariat):
    assert _codes(api_as(regency_secretariat).get("/api/v1/regions/").json()) == ["13.75"]


def test_province_secretariat_gets_west_sumatra_with_19_children_and_the_demo_totals(api_as, province_secretariat):
    body = api_as(province_secretariat).get("/api/v1/regions/13/").json()
    assert body["parent"] is None
    assert body["kind"] == "provinsi"
    assert len(body["children"]) == 19
    assert (body["tps_count"], body["dpt"]) == (10846, 4103084)
    assert sum(c["tps_count"] for c in body["children"]) == 10846
    assert sum(c["dpt"] for c in body["children"]) == 4103084
    bukittinggi = next(c for c in body["children"] if c["code"] == "13.75")
    assert (bukittinggi["tps_count"], bukittinggi["dpt"]) == (206, 97517)
    assert body["district_count"] == sum(c["district_count"] for c in body["children"])


def test_province_secretariat_lists_the_regencies_of_west_sumatra_by_parent(api_as, province_secretariat):
    body = api_as(province_secretariat).get("/api/v1/regions/?parent=13").json()
    assert body["count"] == 19
    assert all(row["parent"] == "13" for row in body["results"])


def test_village_operator_sees_only_tarok_dipo(api_as, village_operator):
    client = api_as(village_operator)
    body = client.get("/api/v1/regions/13.75.01.1001/").json()
    assert body["name"] == "Tarok Dipo"
    assert body["display_name"] == "Kelurahan Tarok Dipo"
    assert body["children"] == []
    assert body["tps_count"] > 0
    assert _codes(client.get("/api/v1/regions/").json()) == ["13.75.01.1001"]
    for code in ["13", "13.75", "13.75.01", "13.75.01.1002"]:
        assert client.get(f"/api/v1/regions/{code}/").status_code == 404, code


def test_village_operator_cannot_find_regions_above_by_name(api_as, village_operator):
    client = api_as(village_operator)
    assert client.get("/api/v1/regions/?q=Bukittinggi").json()["count"] == 0
    assert client.get("/api/v1/regions/?parent=13.75").json()["count"] == 0
    assert _codes(client.get("/api/v1/regions/?q=tarok").json()) == ["13.75.01.1001"]


def test_name_search_finds_the_city_within_the_users_regions(api_as, province_secretariat):
    body = api_as(province_secretariat).get("/api/v1/regions/?q=Kota Bukittinggi").json()
    assert _codes(body)[0] == "13.75"


def test_name_search_and_parent_combine(api_as, province_secretariat):
    client = api_as(province_secretariat)
    body = client.get("/api/v1/regions/?parent=13.75.01&q=tarok").json()
    assert _codes(body) == ["13.75.01.1001"]


def test_superuser_sees_every_province_and_any_region(api_as, superuser):
    client = api_as(superuser)
    assert _codes(client.get("/api/v1/regions/").json()) == list(
        Region.objects.provinces().order_by("code").values_list("code", flat=True)
    )
    assert client.get("/api/v1/regions/14/").status_code == 200
    body = client.get("/api/v1/regions/13/").json()
    assert (body["tps_count"], body["dpt"]) == (10846, 4103084)


@pytest.mark.parametrize("code", ["13", "13.75", "13.75.01"])
def test_region_detail_needs_the_same_number_of_queries_whatever_the_size_of_the_subtree(
    api_as, province_secretariat, django_assert_num_queries, code
):
    client = api_as(province_secretariat)
    # session, user, the user's scope, the region, its children, two grouped child totals, two subtree totals
    with django_assert_num_queries(9):
        assert client.get(f"/api/v1/regions/{code}/").status_code == 200


def test_village_detail_skips_the_child_totals(api_as, province_secretariat, django_assert_num_queries):
    client = api_as(province_secretariat)
    with django_assert_num_queries(7):
        assert client.get("/api/v1/regions/13.75.01.1001/").status_code == 200


def test_region_list_needs_a_fixed_number_of_queries(api_as, province_secretariat, django_assert_num_queries):
    client = api_as(province_secretariat)
    # session, user, the user's scope, the count, the page
    with django_assert_num_queries(5):
        assert client.get("/api/v1/regions/?parent=13").json()["count"] == 19
