"""Polling stations (TPS) through the API, limited to the user's regions, in a constant number of queries."""

from __future__ import annotations

import pytest

from deskpilkada.elections.models import PollingStation

pytestmark = pytest.mark.django_db


def _tps(village_code: str) -> PollingStation:
    return PollingStation.objects.filter(village__code=village_code).order_by("number").first()


def test_regency_secretariat_lists_the_206_tps_of_bukittinggi(api_as, regency_secretariat):
    body = api_as(regency_secretariat).get("/api/v1/tps/").json()
    assert body["count"] == 206
    assert len(body["results"]) == 100
    assert body["next"].endswith("/api/v1/tps/?page=2")
    assert all(row["village_code"].startswith("13.75.") for row in body["results"])


def test_tps_filtered_by_region_are_those_of_its_subtree(api_as, regency_secretariat):
    client = api_as(regency_secretariat)
    assert client.get("/api/v1/tps/?region=13.75.01").json()["count"] == 75
    expected = PollingStation.objects.within("13.75.01.1001").count()
    body = client.get("/api/v1/tps/?region=13.75.01.1001").json()
    assert body["count"] == expected > 0
    assert {row["village_code"] for row in body["results"]} == {"13.75.01.1001"}


def test_a_region_outside_the_users_regions_filters_to_nothing(api_as, regency_secretariat):
    assert api_as(regency_secretariat).get("/api/v1/tps/?region=13.76").json()["count"] == 0


def test_tps_detail_has_its_village_voters_and_place(api_as, regency_secretariat):
    tps = _tps("13.75.01.1001")
    body = api_as(regency_secretariat).get(f"/api/v1/tps/{tps.pk}/").json()
    assert body["id"] == tps.pk
    assert body["number"] == tps.number
    assert body["label"] == f"TPS {tps.number:03d}"
    assert (body["village_code"], body["village_name"]) == ("13.75.01.1001", "Tarok Dipo")
    assert body["dpt_total"] == body["dpt_men"] + body["dpt_women"] == tps.dpt_total
    assert body["election"] == "pilkada-2024"
    for field in ["address", "latitude", "longitude", "setting", "special_location", "is_generated"]:
        assert field in body


def test_village_operator_sees_only_the_tps_of_tarok_dipo(api_as, village_operator):
    client = api_as(village_operator)
    body = client.get("/api/v1/tps/").json()
    assert body["count"] == PollingStation.objects.within("13.75.01.1001").count() > 0
    assert {row["village_code"] for row in body["results"]} == {"13.75.01.1001"}
    assert client.get(f"/api/v1/tps/{_tps('13.75.01.1001').pk}/").status_code == 200
    assert client.get(f"/api/v1/tps/{_tps('13.75.01.1002').pk}/").status_code == 404
    assert client.get("/api/v1/tps/?region=13.75.02").json()["count"] == 0


def test_province_secretariat_sees_the_10846_tps_of_west_sumatra(api_as, province_secretariat):
    assert api_as(province_secretariat).get("/api/v1/tps/").json()["count"] == 10846


def test_outsider_gets_404_on_a_bukittinggi_tps(api_as, outsider):
    assert api_as(outsider).get(f"/api/v1/tps/{_tps('13.75.01.1001').pk}/").status_code == 404


def test_superuser_sees_every_tps(api_as, superuser):
    assert api_as(superuser).get("/api/v1/tps/").json()["count"] == PollingStation.objects.count()


def test_tps_list_needs_the_same_queries_for_a_page_of_100_and_a_village(
    api_as, province_secretariat, django_assert_num_queries
):
    client = api_as(province_secretariat)
    # session, user, the user's scope, the count, the page (village and election joined)
    with django_assert_num_queries(5):
        assert len(client.get("/api/v1/tps/?region=13.75").json()["results"]) == 100
    with django_assert_num_queries(5):
        assert client.get("/api/v1/tps/?region=13.75.01.1001").status_code == 200
