"""Media pages: the inbox per desk, the story page with its case form, pasting news, feeds; outsiders see 404."""

from pathlib import Path

import pytest

from deskpilkada.cases.models import Case
from deskpilkada.media import services
from deskpilkada.media.models import Feed, Signal, Story

ARTICLES = Path(__file__).resolve().parents[1] / "evaluation" / "articles"


def article(name: str) -> str:
    return next(ARTICLES.glob(f"{name}*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def seeds(province_secretariat):
    return {
        n: services.ingest(article(f"seed-{n}"), by=province_secretariat, source=f"seed {n}").item
        for n in ("000", "001", "002", "003", "004")
    }


def test_the_bukittinggi_inbox_shows_its_two_stories(client, regency_secretariat, seeds, django_assert_max_num_queries):
    client.force_login(regency_secretariat)
    with django_assert_max_num_queries(12):
        response = client.get("/media/")
    assert response.status_code == 200
    body = response.content.decode()
    assert seeds["000"].story.title in body and seeds["002"].story.title in body
    assert seeds["003"].story.title not in body
    assert "Buat kasus" in body or "Make a case" in body


def test_the_inbox_narrows_to_the_day_the_stories_arrived_in_the_desks_local_time(client, regency_secretariat):
    import datetime as dt

    from deskpilkada.core import clock

    late_evening = dt.datetime(2024, 11, 5, 16, 30, tzinfo=dt.UTC)  # 23.30 WIB on the 5th
    after_midnight = dt.datetime(2024, 11, 5, 17, 30, tzinfo=dt.UTC)  # 00.30 WIB on the 6th
    with clock.frozen(late_evening):
        first = services.ingest(article("seed-000"), by=regency_secretariat, source="seed 000").item
    with clock.frozen(after_midnight):
        second = services.ingest(article("seed-002"), by=regency_secretariat, source="seed 002").item
    client.force_login(regency_secretariat)

    def titles(query: str) -> str:
        return client.get(f"/media/?desk=13.75{query}", HTTP_ACCEPT_LANGUAGE="id").content.decode()

    fifth, sixth = titles("&day=2024-11-05"), titles("&day=2024-11-06")
    assert first.story.title in fifth and second.story.title not in fifth
    assert second.story.title in sixth and first.story.title not in sixth
    assert "Selasa, 5 November 2024" in fifth and "day=2024-11-04" in fifth and "day=2024-11-06" in fifth
    assert "status=new&amp;day=2024-11-05" in fifth and "status=all&amp;day=2024-11-05" in fifth  # facets keep it
    every_day = titles("")
    assert first.story.title in every_day and second.story.title in every_day
    assert first.story.title in titles("&day=not-a-date")  # a bad day is ignored, not an error
    with clock.frozen(after_midnight + dt.timedelta(hours=1)):
        today = titles("&day=today")
    assert second.story.title in today and first.story.title not in today
    assert "day=2024-11-07" not in today  # no link to a day that has not come yet


def test_payakumbuh_and_kabupaten_solok_inboxes(client, province_secretariat, seeds):
    client.force_login(province_secretariat)
    assert seeds["003"].story.title in client.get("/media/?desk=13.76").content.decode()
    solok = client.get("/media/?desk=13.02").content.decode()
    assert seeds["004"].story.title in solok


def test_the_story_page_shows_outlets_fields_and_a_prefilled_case_form(client, regency_secretariat, seeds):
    client.force_login(regency_secretariat)
    response = client.get(seeds["000"].story.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "seed 000" in body and "seed 001" in body and "13.77" in body
    assert 'name="s' in body  # the case form of the Bukittinggi signal


def test_the_story_page_explains_the_main_region_and_names_the_stage_in_the_readers_language(
    client, regency_secretariat, seeds
):
    from deskpilkada.elections.models import Stage

    story = seeds["000"].story
    stage = Stage.objects.filter(code=story.stage).first()
    assert stage is not None  # the seed is dated in the campaign of Pilkada 2024
    client.force_login(regency_secretariat)
    indonesian = client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Skor " in indonesian and "disebut " in indonesian and "Berikutnya: " in indonesian
    assert f"<dd>{stage.name_id}</dd>" in indonesian and "score " not in indonesian
    client.cookies["django_language"] = "en"
    english = client.get(story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Score " in english and "named " in english and f"<dd>{stage.name_en}</dd>" in english


def test_outsiders_get_404(client, outsider, regency_secretariat, seeds):
    client.force_login(outsider)
    assert client.get(seeds["000"].story.get_absolute_url()).status_code == 404
    signal = Signal.objects.filter(story=seeds["000"].story).first()
    assert client.post(f"/media/signals/{signal.pk}/dismiss/").status_code == 404
    client.force_login(regency_secretariat)
    assert client.get(seeds["003"].story.get_absolute_url()).status_code == 404


def test_make_a_case_from_the_page(client, regency_secretariat, seeds):
    client.force_login(regency_secretariat)
    signal = Signal.objects.get(story=seeds["002"].story, desk__region__code="13.75")
    draft = services.case_draft(signal)
    prefix = f"s{signal.pk}"
    response = client.post(
        f"/media/signals/{signal.pk}/case/",
        {
            f"{prefix}-title": "ASN diminta netral (dari berita)",
            f"{prefix}-category": "netralitas_asn",
            f"{prefix}-severity": "sedang",
            f"{prefix}-kind": "potensi",
            f"{prefix}-description": draft.description,
        },
    )
    case = Case.objects.get(title="ASN diminta netral (dari berita)")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.region.code == "13.75" and case.category.code == "netralitas_asn"
    signal.refresh_from_db()
    assert signal.status == Signal.Status.CASE


def test_the_chair_may_dismiss_the_operator_may_not(client, regency_chair, village_operator, seeds):
    signal = Signal.objects.get(story=seeds["002"].story, desk__region__code="13.75")
    client.force_login(village_operator)
    assert client.post(f"/media/signals/{signal.pk}/dismiss/").status_code == 404  # not in the village's scope
    client.force_login(regency_chair)
    assert client.post(f"/media/signals/{signal.pk}/dismiss/", {f"d{signal.pk}-note": "rutin"}).status_code == 302
    signal.refresh_from_db()
    assert signal.status == Signal.Status.DISMISSED and signal.note == "rutin"


def test_paste_an_article(client, regency_secretariat):
    client.force_login(regency_secretariat)
    response = client.post("/media/new/", {"text": article("w11"), "source": "hantaran.co"})
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()


def test_upload_a_zip_of_articles(client, province_secretariat):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("w11", "w12", "w14"):
            archive.writestr(f"{name}.txt", article(name))
    buffer.seek(0)
    buffer.name = "berita.zip"
    client.force_login(province_secretariat)
    response = client.post("/media/new/", {"files": [buffer]})
    assert response.status_code == 200
    assert Story.objects.count() == 2  # Bukittinggi's two copies are one story; Payakumbuh's template another


def test_user_text_is_escaped(client, province_secretariat):
    text = (
        article("w11")
        .replace("Wtz/hantaran.co", "")
        .replace("KPU Bukittinggi Tetapkan", "<script>alert(1)</script> KPU Bukittinggi Tetapkan")
    )
    item = services.ingest(text, by=province_secretariat).item
    client.force_login(province_secretariat)
    body = client.get(item.story.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_feed_settings(client, regency_secretariat, outsider):
    client.force_login(regency_secretariat)
    response = client.post(
        "/media/feeds/",
        {"name": "Berita Bukittinggi", "url": "https://b.example/rss", "region": "13.75", "poll_interval": "45"},
    )
    assert response.status_code == 302
    feed = Feed.objects.get()
    assert feed.poll_interval == 45
    page = client.get("/media/feeds/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "setiap 45 menit" in page and "Belum diambil" in page  # interval and last poll status
    assert client.post(f"/media/feeds/{feed.pk}/toggle/").status_code == 302
    feed.refresh_from_db()
    assert not feed.is_active
    assert "Berita Bukittinggi" in client.get("/media/feeds/").content.decode()
    client.force_login(outsider)
    assert "Berita Bukittinggi" not in client.get("/media/feeds/").content.decode()
    assert client.post(f"/media/feeds/{feed.pk}/toggle/").status_code == 404


def test_the_admin_lists_media_read_only(client, superuser, province_secretariat):
    item = services.ingest(
        next(ARTICLES.glob("seed-002_*.txt")).read_text(encoding="utf-8"), by=province_secretariat
    ).item
    client.force_login(superuser)
    for path in ("item", "story", "signal", "feed"):
        assert client.get(f"/admin/media/{path}/").status_code == 200
    found = client.get("/admin/media/item/", {"q": item.title[:20]}).context["cl"].result_list
    assert list(found) == [item]
    assert client.get(f"/admin/media/story/{item.story_id}/change/").status_code == 200
    assert client.get("/admin/media/item/add/").status_code == 403
