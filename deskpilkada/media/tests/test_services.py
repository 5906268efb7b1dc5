"""Media services: ingest is idempotent and audited, signals are dismissed or made into cases, feeds polled."""

import datetime as dt
import http.server
import time
import types
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deskpilkada.cases.models import Case
from deskpilkada.core.models import AuditEvent, Channel
from deskpilkada.media import feeds, services, tasks
from deskpilkada.media.models import Feed, Item, Signal, Story, StoryRegion

ARTICLES = Path(__file__).resolve().parents[1] / "evaluation" / "articles"


def article(name: str) -> str:
    return next(ARTICLES.glob(f"{name}*.txt")).read_text(encoding="utf-8")


@pytest.fixture
def amplop(province_secretariat):
    """Three outlets' copies of one money-politics story in Kabupaten Solok (w01-w03)."""
    return [services.ingest(article(n), by=province_secretariat, source=n).item for n in ("w01", "w02", "w03")]


def test_rewrites_join_one_story_with_every_outlet(amplop):
    story = amplop[0].story
    assert {i.story_id for i in amplop} == {story.pk}
    story.refresh_from_db()
    assert story.item_count == 3 and story.outlets == ["w01", "w02", "w03"]
    assert story.main_region.code == "13.02" and story.category == "politik_uang" and story.kind == "problem"
    assert StoryRegion.objects.filter(story=story, region__code="13.02.07", role="subject").exists()
    assert list(Signal.objects.filter(story=story).values_list("desk__region__code", flat=True)) == ["13.02"]


def test_every_write_is_audited(amplop):
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"media.item.ingest", "media.story.create", "media.story.join", "media.signal.create"} <= actions


def test_ingest_keeps_its_queries_few_and_audits_every_write(province_secretariat, django_assert_max_num_queries):
    services.ingest(article("w01"), by=province_secretariat, source="w01")  # fills the per-process caches
    before = AuditEvent.objects.count()
    # Joining: lock the region, read the candidates, update the story, insert the item, read the story's regions
    # and signals, insert the audit events (and the test's savepoint around them).
    with django_assert_max_num_queries(8):
        joined = services.ingest(article("w02"), by=province_secretariat, source="w02").item
    # Opening: lock, candidates, then insert the story, the item, its regions, its signals and the audit events.
    with django_assert_max_num_queries(9):
        opened = services.ingest(article("w11"), by=province_secretariat, source="w11").item
    assert joined.story.item_count == 2 and opened.story.item_count == 1
    # item + story join; item + story create + one signal per desk
    signals = Signal.objects.filter(story=opened.story).count()
    assert AuditEvent.objects.count() - before == 2 + 2 + signals
    assert AuditEvent.objects.filter(action="media.item.ingest", object_id=str(opened.pk)).exists()


def test_the_hand_written_grouping_statements_name_the_models_tables():
    from deskpilkada.media.models import Feed
    from deskpilkada.regions.models import Region

    for model in (Item, Story, Feed, StoryRegion, Signal, Region):
        assert f" {model._meta.db_table} " in services._CANDIDATES + services._PLACED_AND_SIGNALLED + " "


def test_ingest_is_idempotent(province_secretariat):
    first = services.ingest(article("w11"), by=province_secretariat)
    again = services.ingest(article("w11"), by=province_secretariat)
    assert first.created and not again.created and first.item.pk == again.item.pk
    assert Item.objects.count() == 1 and Story.objects.count() == 1


def test_the_raw_item_is_kept_as_received(province_secretariat):
    text = article("seed-004")
    item = services.ingest(text, by=province_secretariat, url="https://kesbangpol.example/rakor").item
    assert item.raw == text and item.url == "https://kesbangpol.example/rakor" and item.format == "text"


def test_bad_content_never_opens_a_story(province_secretariat):
    item = services.ingest(b"\x00\x01binary", by=province_secretariat).item
    assert item.status == "binary" and item.story is None and not Story.objects.exists()


def test_dismiss_a_signal(amplop, province_secretariat, regency_secretariat):
    signal = Signal.objects.get(story=amplop[0].story)
    with pytest.raises(PermissionDenied):
        services.dismiss_signal(signal, by=regency_secretariat)  # Bukittinggi's secretariat, not Solok's
    services.dismiss_signal(signal, by=province_secretariat, note="sudah ditangani Bawaslu")
    signal.refresh_from_db()
    assert signal.status == Signal.Status.DISMISSED and signal.note == "sudah ditangani Bawaslu"
    with pytest.raises(ValidationError):
        services.dismiss_signal(signal, by=province_secretariat)


def test_make_a_case_prefilled_from_the_story(amplop, province_secretariat):
    signal = Signal.objects.get(story=amplop[0].story)
    draft = services.case_draft(signal)
    assert draft.region.code == "13.02.07.2001" and draft.category.code == "politik_uang"
    assert draft.kind == Case.Kind.INCIDENT and "w01" in draft.description
    case = services.make_case(signal, by=province_secretariat)
    signal.refresh_from_db()
    assert signal.status == Signal.Status.CASE and signal.case == case
    assert case.region.code == "13.02.07.2001" and case.category.code == "politik_uang"
    assert case.desk.region.code == "13.02"
    assert services.make_case(signal, by=province_secretariat) == case  # a retry makes no second case
    assert Case.objects.filter(title=case.title).count() == 1


def test_a_routine_story_becomes_a_potential_case_of_other(province_secretariat):
    item = services.ingest(article("seed-003"), by=province_secretariat).item
    draft = services.case_draft(Signal.objects.get(story=item.story))
    assert draft.category.code == "lainnya" and draft.kind == Case.Kind.POTENTIAL


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Sumbar</title>
<item><title>Bawaslu Agam Proses Netralitas ASN</title><link>https://berita.example/1</link>
<pubDate>Wed, 16 Oct 2024 10:00:00 +0700</pubDate>
<description><![CDATA[<p>LUBUK BASUNG - Bawaslu Kabupaten Agam memproses dugaan pelanggaran netralitas tiga ASN yang
memberikan like dan komentar pada unggahan kampanye salah satu pasangan calon bupati, Rabu (16/10).</p>
<p>Ketua Bawaslu Agam mengatakan hasil kajian diteruskan ke BKN.</p>]]></description></item>
<item><title>Kosong</title><link>https://berita.example/2</link><description></description></item>
</channel></rss>"""


@pytest.fixture
def feed(province_secretariat, sumbar):
    return services.add_feed(
        by=province_secretariat, name="Berita Sumbar", url="https://berita.example/rss", region=sumbar
    )


def test_polling_a_feed_ingests_its_entries_once(feed):
    result = feeds.poll(feed, fetcher=lambda url: RSS)
    assert (result.status, result.found, result.new_items) == ("ok", 2, 2)
    agam = Item.objects.get(url="https://berita.example/1")
    assert agam.main_region.code == "13.06" and agam.feed == feed and agam.channel == Channel.SYSTEM
    assert agam.published.isoformat() == "2024-10-16"
    assert feeds.poll(feed, fetcher=lambda url: RSS).new_items == 0
    feed.refresh_from_db()
    assert feed.status == Feed.Status.OK and feed.items_found == 2


@pytest.mark.parametrize(
    ("fetcher", "status"),
    [
        (lambda url: b"<html><body>bukan feed</body></html>", "bad_feed"),
        (lambda url: b"\x00\x01\x02", "bad_feed"),
        (lambda url: (_ for _ in ()).throw(feeds.FetchError("timeout", "no answer within 15 s")), "timeout"),
    ],
)
def test_bad_feeds_get_a_status(feed, fetcher, status):
    assert feeds.poll(feed, fetcher=fetcher).status == status
    feed.refresh_from_db()
    assert feed.status == status and not Item.objects.exists()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.5)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"x" * 4096)
        else:
            self.send_response(500)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server(serve):
    return serve(_Handler)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/loop", "http_error"), ("/slow", "timeout"), ("/big", "too_large"), ("/error", "http_error")],
)
def test_fetch_limits_on_a_loopback_server(local_server, path, status):
    with pytest.raises(feeds.FetchError) as caught:
        feeds.fetch(local_server + path, timeout=0.5, limit=1024)
    assert caught.value.status == status


def test_fetch_refuses_other_schemes():
    with pytest.raises(feeds.FetchError):
        feeds.fetch("file:///etc/passwd")


def test_the_worker_task_polls_a_feed(feed, monkeypatch, province_secretariat):
    monkeypatch.setattr(feeds, "fetch", lambda url, **kw: RSS)
    assert tasks.poll_feed.call(feed.pk) == "ok"
    services.set_feed_active(feed, by=province_secretariat, active=False)
    assert tasks.poll_feed.call(feed.pk) == "skipped"


def test_only_a_desks_secretariat_configures_feeds(regency_secretariat, outsider, bukittinggi, sumbar):
    with pytest.raises(PermissionDenied):
        services.add_feed(by=outsider, name="X", url="https://x.example/rss", region=bukittinggi)
    with pytest.raises(PermissionDenied):
        services.add_feed(by=regency_secretariat, name="X", url="https://x.example/rss", region=sumbar)
    with pytest.raises(ValidationError):
        services.add_feed(by=regency_secretariat, name="X", url="ftp://x.example/rss", region=bukittinggi)
    assert services.add_feed(by=regency_secretariat, name="X", url="https://x.example/rss", region=bukittinggi)


def test_feeds_are_due_when_their_interval_has_passed(feed, demo_clock):
    from deskpilkada.core import clock

    now = clock.now()
    assert list(Feed.objects.due(now)) == [feed]  # never polled
    services.record_poll(feed, status="ok")
    feed.refresh_from_db()
    assert feed.poll_interval == 30 and not Feed.objects.due(now + dt.timedelta(minutes=29)).exists()
    assert Feed.objects.due(feed.last_polled_at + dt.timedelta(minutes=30)).exists()
    Feed.objects.filter(pk=feed.pk).update(poll_interval=120)
    assert not Feed.objects.due(feed.last_polled_at + dt.timedelta(minutes=60)).exists()
    Feed.objects.filter(pk=feed.pk).update(is_active=False)
    assert not Feed.objects.due(feed.last_polled_at + dt.timedelta(days=1)).exists()


def test_poll_due_feeds_queues_each_due_feed_once_per_interval(feed, province_secretariat, sumbar, monkeypatch):
    quiet = services.add_feed(
        by=province_secretariat, name="Jarang", url="https://jarang.example/rss", region=sumbar, poll_interval=600
    )
    services.record_poll(quiet, status="ok")
    queued = []
    monkeypatch.setattr(tasks, "poll_feed", types.SimpleNamespace(enqueue=queued.append))
    assert tasks.poll_due_feeds.call() == 1 and queued == [feed.pk]
    assert tasks.poll_due_feeds.call() == 0  # queued, not yet polled: not queued twice
    assert tasks.poll_due_feeds.func.__module__ + "." + tasks.poll_due_feeds.func.__name__ == (
        "deskpilkada.media.tasks.poll_due_feeds"
    )
