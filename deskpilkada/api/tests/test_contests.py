"""Contests and their candidate pairs, limited to the user's regions."""

from __future__ import annotations

import pytest

from deskpilkada.elections.models import Contest

pytestmark = pytest.mark.django_db


def _bukittinggi_contest() -> Contest:
    return Contest.objects.get(region__code="13.75")


def test_regency_secretariat_sees_the_bukittinggi_mayor_contest_only(api_as, regency_secretariat):
    body = api_as(regency_secretariat).get("/api/v1/contests/").json()
    assert body["count"] == 1
    contest = body["results"][0]
    assert (contest["region"], contest["kind"], contest["election"]) == ("13.75", "walikota", "pilkada-2024")
    assert contest["region_name"] == "Kota Bukittinggi"
    assert contest["pair_count"] == 4
    assert contest["is_single_candidate"] is False


def test_contest_detail_lists_the_pairs_by_ballot_number(api_as, regency_secretariat):
    contest = _bukittinggi_contest()
    body = api_as(regency_secretariat).get(f"/api/v1/contests/{contest.pk}/").json()
    assert [pair["ballot_number"] for pair in body["pairs"]] == [1, 2, 3, 4]
    first = contest.pairs.get(ballot_number=1)
    assert body["pairs"][0] == {
        "ballot_number": 1,
        "head_name": first.head_name,
        "deputy_name": first.deputy_name,
        "nomination": first.nomination,
        "backing_parties": first.backing_parties,
        "is_demo": first.is_demo,
    }
    assert body["is_single_candidate"] is False


def test_a_contest_with_one_pair_is_single_candidate(api_as, superuser):
    contest = _bukittinggi_contest()
    contest.pairs.exclude(ballot_number=1).delete()
    body = api_as(superuser).get(f"/api/v1/contests/{contest.pk}/").json()
    assert body["is_single_candidate"] is True
    assert len(body["pairs"]) == 1


def test_province_secretariat_sees_the_governor_and_every_regency_contest(api_as, province_secretariat):
    client = api_as(province_secretariat)
    body = client.get("/api/v1/contests/").json()
    assert body["count"] == Contest.objects.filter(region__code__startswith="13").count()
    assert body["count"] == 20
    governor = client.get("/api/v1/contests/?kind=gubernur").json()
    assert [c["region"] for c in governor["results"]] == ["13"]
    assert client.get("/api/v1/contests/?region=13.75").json()["count"] == 1
    mayors = client.get("/api/v1/contests/?kind=walikota").json()["results"]
    assert all(c["kind"] == "walikota" for c in mayors)
    assert "13.75" in [c["region"] for c in mayors]


def test_an_unknown_kind_is_400_with_the_kinds_named(api_as, province_secretariat):
    response = api_as(province_secretariat).get("/api/v1/contests/?kind=presiden")
    assert response.status_code == 400
    assert response.json() == {"kind": ["Choose one of: gubernur, bupati, walikota."]}


def test_village_operator_gets_404_on_the_city_contest_and_an_empty_list(api_as, village_operator):
    client = api_as(village_operator)
    assert client.get(f"/api/v1/contests/{_bukittinggi_contest().pk}/").status_code == 404
    assert client.get("/api/v1/contests/").json()["count"] == 0


def test_regency_secretariat_gets_404_on_the_governor_contest(api_as, regency_secretariat):
    governor = Contest.objects.get(region__code="13")
    assert api_as(regency_secretariat).get(f"/api/v1/contests/{governor.pk}/").status_code == 404


def test_superuser_sees_every_contest(api_as, superuser):
    assert api_as(superuser).get("/api/v1/contests/").json()["count"] == Contest.objects.count()


def test_contest_list_needs_a_fixed_number_of_queries(api_as, province_secretariat, django_assert_num_queries):
    client = api_as(province_secretariat)
    # session, user, the user's scope, the count, the page
    with django_assert_num_queries(5):
        client.get("/api/v1/contests/")
