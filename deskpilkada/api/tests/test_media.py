"""The media API: the five seeds as the acceptance checks send them, bad content, the access path."""

from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from deskpilkada.media.models import Item, Signal, Story

SEEDS = Path(__file__).resolve().parents[2] / "media" / "evaluation" / "articles"
URL = "/api/v1/media/items/"


def seed(name: str) -> str:
    return next(SEEDS.glob(f"seed-{name}_*.txt")).read_text(encoding="utf-8")


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def posted(province_secretariat):
    client = api(province_secretariat)
    return {
        name: client.post(URL, {"text": seed(name), "source": f"seed {name}"}, format="json")
        for name in ("000", "001", "002", "003", "004")
    }


def test_the_five_seeds_make_four_stories_dated_and_placed(posted):
    assert {r.status_code for r in posted.values()} == {201}
    body = {name: r.json() for name, r in posted.items()}
    assert body["000"]["story"] == body["001"]["story"]
    assert len({b["story"] for b in body.values()}) == 4
    expected = {
        "000": ("13.75", "2024-11-05", False),
        "001": ("13.75", "2024-11-05", False),
        "002": ("13.75", "2024-10-07", False),
        "003": ("13.76", "2024-11-23", False),
        "004": ("13.02", "2020-02-27", True),
    }
    for name, (region, published, old) in expected.items():
        assert (body[name]["main_region"], body[name]["published"], body[name]["is_old"]) == (region, published, old)
        assert body[name]["in_scope"] is True
    assert {"code": "13.77", "role": "venue"} in body["000"]["regions"]
    assert {"code": "13.75", "role": "subject"} in body["000"]["regions"]
    assert "2024-11-05" in body["000"]["event_dates"]
    assert body["000"]["evidence"] and body["002"]["category"] == "netralitas_asn"


def test_the_stories_reach_the_desks_of_their_regions(posted):
    by_desk = {}
    for signal in Signal.objects.select_related("desk__region", "story"):
        by_desk.setdefault(signal.desk.region.code, set()).add(signal.story_id)
    stories = {name: r.json()["story"] for name, r in posted.items()}
    assert by_desk["13.75"] == {stories["000"], stories["002"]}
    assert by_desk["13.76"] == {stories["003"]}
    assert by_desk["13.02"] == {stories["004"]}
    assert Story.objects.get(pk=stories["004"]).is_old


def test_a_story_lists_its_items_and_outlets(posted, regency_secretariat):
    story = posted["000"].json()["story"]
    response = api(regency_secretariat).get(f"/api/v1/media/stories/{story}/")
    assert response.status_code == 200
    body = response.json()
    assert sorted(i["id"] for i in body["items"]) == sorted([posted["000"].json()["id"], posted["001"].json()["id"]])
    assert body["outlets"] == ["seed 000", "seed 001"]
    assert body["main_region"] == "13.75" and body["day"] == "2024-11-05"


def test_a_story_out_of_scope_is_a_404(posted, regency_secretariat, outsider):
    payakumbuh = posted["003"].json()["story"]
    assert api(regency_secretariat).get(f"/api/v1/media/stories/{payakumbuh}/").status_code == 404
    assert api(outsider).get(f"/api/v1/media/stories/{payakumbuh}/").status_code == 404
    assert api(outsider).get(f"/api/v1/media/items/{posted['003'].json()['id']}/").status_code == 404
    assert api(regency_secretariat).get("/api/v1/media/stories/999999/").status_code == 404


def test_the_same_item_again_answers_200_with_the_first(province_secretariat):
    client = api(province_secretariat)
    first = client.post(URL, {"text": seed("002")}, format="json")
    again = client.post(URL, {"text": seed("002")}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Item.objects.count() == 1


def test_an_item_outside_the_senders_regions_is_kept_and_marked(regency_secretariat):
    response = api(regency_secretariat).post(URL, {"text": seed("003")}, format="json")
    assert response.status_code == 201
    assert response.json()["main_region"] == "13.76" and response.json()["in_scope"] is False


def test_html_is_read_without_its_scripts(province_secretariat):
    html = (
        "<html><head><title>Bawaslu Bukittinggi Awasi Kampanye</title><script>alert(1)</script></head><body>"
        "<article><h1>Bawaslu Bukittinggi Awasi Kampanye</h1><p>BUKITTINGGI - Bawaslu Kota Bukittinggi mengawasi "
        "kampanye terbuka pasangan calon di Lapangan Kantin, Sabtu (16/11/2024), dan menemukan alat peraga "
        "kampanye yang dipasang di tempat terlarang.</p><p>Panwascam Guguak Panjang mencatat tiga spanduk di "
        "pagar sekolah yang diminta diturunkan tim kampanye.</p></article></body></html>"
    )
    response = api(province_secretariat).post(URL, {"html": html, "url": "https://example.org/a"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["main_region"] == "13.75" and body["published"] == "2024-11-16"
    assert "alert" not in Item.objects.get(pk=body["id"]).analysis["text"]


@pytest.mark.parametrize(
    ("payload", "item_status"),
    [
        ({"text": "   "}, "empty"),
        (
            {
                "text": "The council met on Tuesday and agreed that the polling stations would be ready for the voters "
                "by the end of the week, and the budget for the new year was also discussed."
            },
            "not_indonesian",
        ),
        ({"text": "x" * (2 * 1024 * 1024 + 10)}, "too_large"),
    ],
)
def test_bad_content_is_kept_with_its_status(province_secretariat, payload, item_status):
    response = api(province_secretariat).post(URL, payload, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == item_status and response.json()["story"] is None
    assert not Story.objects.exists()


def test_a_body_with_neither_text_nor_html_nor_url_is_refused(province_secretariat):
    # A url alone is fetched (media/tests/test_url_input.py); a source alone is nothing to analyse.
    assert api(province_secretariat).post(URL, {"source": "Padek"}, format="json").status_code == 400


def test_liaisons_and_anonymous_clients_may_not_send(liaison):
    assert APIClient().post(URL, {"text": seed("002")}, format="json").status_code in (401, 403)
    assert api(liaison).post(URL, {"text": seed("002")}, format="json").status_code == 403
