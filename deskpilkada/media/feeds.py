"""Polling the RSS/Atom feeds of news sites: fetch with limits, parse with feedparser, ingest every entry.

A feed that times out, answers an HTTP error, redirects without end, is too large or is not a feed gets that
status on its row; an entry that cannot be read becomes an item with its status. Nothing here raises to the
worker.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import socket
import urllib.error
import urllib.request
from collections.abc import Callable

import feedparser

from deskpilkada.core.models import Channel

from . import services
from .models import Feed

TIMEOUT_SECONDS = 15
MAX_FEED_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
MAX_ENTRIES = 200
USER_AGENT = "DeskPilkada-media/1.0 (+https://github.com/)"


class FetchError(Exception):
    """A fetch that failed: ``status`` as a feed records it, ``reason`` one of :data:`REASONS` (the item status
    of a single address), ``message`` for the log."""

    def __init__(self, status: str, message: str, reason: str = "unreachable"):
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason


REASONS = ("scheme", "timeout", "redirects", "http", "too_large", "content_type", "unreachable")


class _LimitedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2


@dataclasses.dataclass(frozen=True)
class Page:
    body: bytes
    content_type: str  # the media type alone, lower case ("text/html")
    charset: str  # from the Content-Type header, else ""
    url: str  # after redirects


def fetch_page(
    url: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    limit: int = MAX_FEED_BYTES,
    content_types: tuple[str, ...] | None = None,
) -> Page:
    """The body at ``url`` (http/https only), at most ``limit`` bytes, within ``timeout`` seconds per read, at
    most ``MAX_REDIRECTS`` redirects; with ``content_types``, only a response of one of those media types (a
    prefix such as ``"text/"`` covers a family). Raises :class:`FetchError`."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(Feed.Status.BAD_FEED, "only http and https addresses are fetched", "scheme")
    opener = urllib.request.build_opener(_LimitedRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - scheme checked above
    try:
        with opener.open(request, timeout=timeout) as response:
            media_type = response.headers.get_content_type().lower()
            charset = response.headers.get_content_charset() or ""
            final = response.geturl()
            if content_types is not None and not media_type.startswith(content_types):
                raise FetchError(Feed.Status.BAD_FEED, f"content type {media_type} is not text", "content_type")
            body = response.read(limit + 1)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise FetchError(Feed.Status.HTTP_ERROR, f"too many redirects ({exc.code})", "redirects") from exc
        raise FetchError(Feed.Status.HTTP_ERROR, f"HTTP {exc.code}", "http") from exc
    except TimeoutError as exc:
        raise FetchError(Feed.Status.TIMEOUT, f"no answer within {timeout:g} s", "timeout") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise FetchError(Feed.Status.TIMEOUT, f"no answer within {timeout:g} s", "timeout") from exc
        raise FetchError(Feed.Status.UNREACHABLE, str(exc.reason)[:200]) from exc
    except (OSError, ValueError) as exc:
        raise FetchError(Feed.Status.UNREACHABLE, str(exc)[:200]) from exc
    if len(body) > limit:
        raise FetchError(Feed.Status.TOO_LARGE, f"over {limit:,} bytes", "too_large")
    return Page(body, media_type, charset, final)


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, limit: int = MAX_FEED_BYTES) -> bytes:
    """The body of a feed at ``url``, with the limits of :func:`fetch_page`."""
    return fetch_page(url, timeout=timeout, limit=limit).body


@dataclasses.dataclass(frozen=True)
class Entry:
    url: str
    title: str
    html: str
    published: dt.date | None


def parse(body: bytes) -> list[Entry]:
    """The entries of an RSS/Atom document; :class:`FetchError` when it is not one."""
    parsed = feedparser.parse(body)
    if not parsed.get("version"):
        # feedparser names the format it recognised (rss20, atom10, ...); a page that is none of them is not a feed.
        reason = type(parsed.bozo_exception).__name__ if getattr(parsed, "bozo", False) else "no RSS or Atom element"
        raise FetchError(Feed.Status.BAD_FEED, f"not a feed ({reason})")
    entries = []
    for raw in parsed.entries[:MAX_ENTRIES]:
        content = ""
        if raw.get("content"):
            content = max((c.get("value", "") for c in raw["content"]), key=len)
        content = content or raw.get("summary", "") or ""
        title = raw.get("title", "") or ""
        stamp = raw.get("published_parsed") or raw.get("updated_parsed")
        published = dt.datetime.fromtimestamp(calendar.timegm(stamp), tz=dt.UTC).date() if stamp else None
        if not (content or title):
            continue
        html = f"<html><head><title>{_escape(title)}</title></head><body><article><h1>{_escape(title)}</h1>{content}"
        html += "</article></body></html>"
        entries.append(Entry(url=raw.get("link", "") or "", title=title, html=html, published=published))
    return entries


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclasses.dataclass
class PollResult:
    status: str
    message: str
    found: int
    new_items: int


def poll(feed: Feed, *, fetcher: Callable[[str], bytes] | None = None) -> PollResult:
    """Fetch a feed and ingest its entries; record the outcome on the feed. Never raises on bad feeds."""
    try:
        entries = parse((fetcher or fetch)(feed.url))
    except FetchError as exc:
        services.record_poll(feed, status=exc.status, message=exc.message)
        return PollResult(exc.status, exc.message, 0, 0)
    new = 0
    for entry in entries:
        result = services.ingest(
            entry.html,
            by=None,
            channel=Channel.SYSTEM,
            source=feed.name,
            url=entry.url,
            feed=feed,
            published=entry.published,
            is_html=True,
        )
        new += result.created
    message = f"{len(entries)} entries, {new} new"
    services.record_poll(feed, status=Feed.Status.OK, message=message, found=len(entries))
    return PollResult(Feed.Status.OK, message, len(entries), new)
