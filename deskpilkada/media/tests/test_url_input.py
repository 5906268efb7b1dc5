"""A single address: fetched with limits from a loopback server (never the network), analysed as HTML, or kept
with a clear status and no story."""

import contextlib
import http.server
import time
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from deskpilkada.core.models import AuditEvent
from deskpilkada.media import services
from deskpilkada.media.models import Item, Story

SEED = next((Path(__file__).resolve().parents[1] / "evaluation" / "articles").glob("seed-002_*.txt"))
ARTICLE = SEED.read_text(encoding="utf-8")
PAGE = (
    "<html><head><title>Berita</title><script>alert(1)</script></head><body><article>"
    + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n") if p.strip())
    + "</article></body></html>"
).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        if self.path == "/berita":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path == "/teks":
            self._send(200, "text/plain; charset=utf-8", ARTICLE.encode())
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop" + str(int(time.time() * 1e6)))
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, "text/html", PAGE)
        elif self.path == "/big":
            self._send(200, "text/html", b"<p>" + b"x" * (2 * 1024 * 1024 + 10))
        elif self.path == "/foto":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
        else:
            self._send(404, "text/plain", b"tidak ada")

    def _send(self, code, content_type, body):
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(monkeypatch, serve):
    monkeypatch.setattr(services, "URL_TIMEOUT_SECONDS", 0.5)
    return serve(_Handler)


def test_a_page_is_fetched_kept_as_received_and_analysed_as_html(server, regency_secretariat):
    result = services.ingest_url(server + "/berita", by=regency_secretariat)
    item = result.item
    assert result.created and item.status == "ok" and item.format == "html"
    assert item.raw == PAGE.decode() and item.url == server + "/berita" and item.source == "127.0.0.1"
    assert item.main_region.code == "13.75" and item.story_id and item.published.isoformat() == "2024-10-07"
    assert AuditEvent.objects.filter(action="media.item.ingest", object_id=str(item.pk)).exists()
    again = services.ingest_url(server + "/berita", by=regency_secretariat)
    assert not again.created and again.item.pk == item.pk


def test_a_plain_text_address_is_cleaned_as_text(server, regency_secretariat):
    item = services.ingest_url(server + "/teks", by=regency_secretariat, source="Padek").item
    assert item.status == "ok" and item.format == "text" and item.source == "Padek"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/loop", "fetch_redirects"),
        ("/slow", "fetch_timeout"),
        ("/big", "fetch_too_large"),
        ("/foto", "fetch_type"),
        ("/hilang", "fetch_failed"),
    ],
)
def test_an_address_that_cannot_be_read_gets_its_status_and_no_story(server, regency_secretariat, path, status):
    result = services.ingest_url(server + path, by=regency_secretariat)
    item = Item.objects.get(pk=result.item.pk)
    assert item.status == status and item.status_message and item.story_id is None and item.raw == ""
    assert not Story.objects.exists()
    assert AuditEvent.objects.filter(action="media.item.ingest", object_id=str(item.pk)).exists()


def test_only_http_and_https_are_fetched(regency_secretariat):
    assert services.ingest_url("file:///etc/passwd", by=regency_secretariat).item.status == "fetch_failed"


def test_the_api_takes_a_url_alone(server, regency_secretariat):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=regency_secretariat)[0].key}")
    answer = client.post("/api/v1/media/items/", {"url": server + "/berita"}, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["main_region"] == "13.75" and body["published"] == "2024-10-07" and body["story"]
    failed = client.post("/api/v1/media/items/", {"url": server + "/loop"}, format="json")
    assert failed.status_code == 201 and failed.json()["status"] == "fetch_redirects" and failed.json()["story"] is None
    assert client.post("/api/v1/media/items/", {}, format="json").status_code == 400
    assert client.post("/api/v1/media/items/", {"text": "a", "html": "b"}, format="json").status_code == 400


def test_the_page_fetches_an_address_and_shows_the_status_in_indonesian(server, client, regency_secretariat):
    client.force_login(regency_secretariat)
    answer = client.post("/media/new/", {"url": server + "/foto"}, HTTP_ACCEPT_LANGUAGE="id")
    assert answer.status_code == 200
    assert "Alamat ini bukan halaman web atau teks" in answer.content.decode()
    story = client.post("/media/new/", {"url": server + "/berita"})
    assert story.status_code == 302 and story["Location"].startswith("/media/stories/")
