"""Elections and the stage calendar: today's stage and the H-n label from the desk clock, or for any date."""

from __future__ import annotations

import datetime as dt

import pytest

from deskpilkada.core import clock
from deskpilkada.elections.models import Stage

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/elections/pilkada-2024/"


def test_every_signed_in_user_lists_the_elections(api_as, village_operator):
    body = api_as(village_operator).get("/api/v1/elections/").json()
    assert [e["slug"] for e in body] == ["pilkada-2024"]
    assert body[0]["voting_day"] == "2024-11-27"
    assert body[0]["url"] == "http://testserver/api/v1/elections/pilkada-2024/"


def test_on_the_demo_day_the_election_is_at_h_minus_7_in_the_campaign(api_as, regency_secretariat):
    body = api_as(regency_secretariat).get(DETAIL).json()
    assert body["today"] == "2024-11-20"
    assert body["date"] == "2024-11-20"
    assert body["voting_day"] == "2024-11-27"
    assert body["day_label"] == "H-7"
    assert body["days_to_voting"] == -7
    codes = [stage["code"] for stage in body["current_stages"]]
    assert "kampanye" in codes
    assert "pemungutan_suara" not in codes
    assert all(stage["is_current"] for stage in body["current_stages"])


def test_today_follows_the_clock(api_as, regency_secretariat):
    with clock.frozen(dt.datetime(2024, 11, 25, 9, 0, tzinfo=clock.WIB)):
        body = api_as(regency_secretariat).get(DETAIL).json()
    assert (body["today"], body["day_label"]) == ("2024-11-25", "H-2")
    assert "masa_tenang" in [stage["code"] for stage in body["current_stages"]]


def test_any_date_gives_its_label_and_stages(api_as, regency_secretariat):
    client = api_as(regency_secretariat)
    voting_day = client.get(DETAIL + "?date=2024-11-27").json()
    assert voting_day["today"] == "2024-11-20"
    assert (voting_day["date"], voting_day["day_label"], voting_day["days_to_voting"]) == ("2024-11-27", "H", 0)
    assert "pemungutan_suara" in [stage["code"] for stage in voting_day["current_stages"]]
    after = client.get(DETAIL + "?date=2024-11-28").json()
    assert (after["day_label"], after["days_to_voting"]) == ("H+1", 1)


@pytest.mark.parametrize("bad", ["27-11-2024", "2024-13-01", "tomorrow", "20241127"])
def test_a_bad_date_is_400_with_a_clear_message(api_as, regency_secretariat, bad):
    client = api_as(regency_secretariat)
    for url in [DETAIL, DETAIL + "stages/"]:
        response = client.get(f"{url}?date={bad}")
        assert response.status_code == 400
        assert response.json() == {"date": ["Enter a date as YYYY-MM-DD, for example 2024-11-27."]}


def test_stages_list_the_whole_calendar_and_mark_todays(api_as, regency_secretariat, election):
    body = api_as(regency_secretariat).get(DETAIL + "stages/").json()
    assert len(body) == Stage.objects.filter(election=election).count()
    current = {stage["code"] for stage in body if stage["is_current"]}
    assert current == set(election.stages_on(dt.date(2024, 11, 20)).values_list("code", flat=True))
    assert "kampanye" in current
    campaign = next(stage for stage in body if stage["code"] == "kampanye")
    assert (campaign["start"], campaign["end"]) == ("2024-09-25", "2024-11-23")
    assert campaign["name_en"] == "Campaign"
    assert campaign["name"] == "Campaign"  # the request asked for English


def test_stages_for_another_date_mark_that_days_stages(api_as, regency_secretariat):
    body = api_as(regency_secretariat).get(DETAIL + "stages/?date=2024-11-27").json()
    current = {stage["code"] for stage in body if stage["is_current"]}
    assert "pemungutan_suara" in current
    assert "kampanye" not in current


def test_stage_names_follow_the_language_asked(api_as, regency_secretariat):
    client = api_as(regency_secretariat)
    body = client.get(DETAIL + "stages/", HTTP_ACCEPT_LANGUAGE="id").json()
    assert next(stage for stage in body if stage["code"] == "kampanye")["name"] == "Kampanye"


def test_election_detail_needs_a_fixed_number_of_queries(api_as, province_secretariat, django_assert_num_queries):
    client = api_as(province_secretariat)
    # session, user, the election, the stages under way
    with django_assert_num_queries(4):
        client.get(DETAIL)
    with django_assert_num_queries(4):
        client.get(DETAIL + "stages/")
