"""Access rules shared by every endpoint: sign-in required, and nothing of West Sumatra for an outsider."""

from __future__ import annotations

import pytest

from deskpilkada.elections.models import Contest, PollingStation

pytestmark = pytest.mark.django_db


def _bukittinggi_contest_id() -> int:
    return Contest.objects.get(region__code="13.75").pk


def _tarok_dipo_tps_id() -> int:
    return PollingStation.objects.filter(village__code="13.75.01.1001").order_by("number").first().pk


def _every_endpoint() -> list[str]:
    return [
        "/api/v1/",
        "/api/v1/regions/",
        "/api/v1/regions/13.75/",
        "/api/v1/elections/",
        "/api/v1/elections/pilkada-2024/",
        "/api/v1/elections/pilkada-2024/stages/",
        "/api/v1/contests/",
        f"/api/v1/contests/{_bukittinggi_contest_id()}/",
        "/api/v1/tps/",
        f"/api/v1/tps/{_tarok_dipo_tps_id()}/",
        "/api/v1/desks/",
        "/api/v1/desks/13.75/",
    ]


def test_every_endpoint_answers_401_without_sign_in(api):
    for url in _every_endpoint():
        response = api.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token", url


def test_every_endpoint_answers_401_to_an_unknown_token(api):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    for url in _every_endpoint():
        assert api.get(url).status_code == 401, url


WEST_SUMATRA_OBJECTS = [
    "/api/v1/regions/13/",
    "/api/v1/regions/13.75/",
    "/api/v1/regions/13.75.01/",
    "/api/v1/regions/13.75.01.1001/",
    "/api/v1/regions/13.76/",
    "/api/v1/desks/13/",
    "/api/v1/desks/13.75/",
]


def test_outsider_gets_404_on_every_west_sumatra_object(api_as, outsider):
    client = api_as(outsider)
    urls = [
        *WEST_SUMATRA_OBJECTS,
        f"/api/v1/contests/{_bukittinggi_contest_id()}/",
        f"/api/v1/contests/{Contest.objects.get(region__code='13').pk}/",
        f"/api/v1/tps/{_tarok_dipo_tps_id()}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/regions/?q=Bukittinggi",
        "/api/v1/regions/?parent=13",
        "/api/v1/regions/?parent=13.75",
        "/api/v1/contests/",
        "/api/v1/contests/?region=13",
        "/api/v1/tps/",
        "/api/v1/tps/?region=13.75",
        "/api/v1/desks/",
        "/api/v1/desks/?region=13",
    ],
)
def test_outsider_gets_lists_without_west_sumatra(api_as, outsider, url):
    response = api_as(outsider).get(url)
    assert response.status_code == 200
    assert _west_sumatra_codes(response.json()) == set()
    if "region=13" in url or "parent=13" in url or "q=" in url:
        assert response.json()["count"] == 0


def _west_sumatra_codes(value) -> set[str]:
    """Every string in an answer that is a West Sumatra region code."""
    if isinstance(value, dict):
        return set().union(*(_west_sumatra_codes(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_west_sumatra_codes(v) for v in value))
    if isinstance(value, str) and (value == "13" or value.startswith("13.")):
        return {value}
    return set()


def test_outsider_sees_riau_as_their_region(api_as, outsider):
    body = api_as(outsider).get("/api/v1/regions/").json()
    assert [r["code"] for r in body["results"]] == ["14"]


def test_outsider_reads_the_election_calendar_which_is_not_region_bound(api_as, outsider):
    assert api_as(outsider).get("/api/v1/elections/pilkada-2024/").status_code == 200
    assert api_as(outsider).get("/api/v1/elections/pilkada-2024/stages/").status_code == 200


def test_unknown_objects_are_404_for_a_superuser(api_as, superuser):
    client = api_as(superuser)
    for url in [
        "/api/v1/regions/99/",
        "/api/v1/desks/13.75.01/",
        "/api/v1/elections/pilkada-2099/",
        "/api/v1/contests/999999/",
        "/api/v1/tps/99999999/",
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "url", ["/api/v1/regions/?parent=abc", "/api/v1/tps/?region=13-75", "/api/v1/contests/?region=1375"]
)
def test_malformed_region_codes_are_400_with_a_clear_message(api_as, regency_secretariat, url):
    response = api_as(regency_secretariat).get(url)
    assert response.status_code == 400
    assert "Kemendagri region code" in str(response.json())


def test_the_api_is_read_only(api_as, superuser):
    client = api_as(superuser)
    assert client.post("/api/v1/regions/", {"code": "99", "name": "X"}, format="json").status_code == 405
    assert client.delete("/api/v1/regions/13/").status_code == 405
