"""Background work of media monitoring, through Django's tasks API (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from . import feeds
from .models import Feed


@task()
def poll_feed(feed_id: int) -> str:
    """Poll one feed. A feed deleted or switched off meanwhile is skipped."""
    feed = Feed.objects.filter(pk=feed_id, is_active=True).select_related("region").first()
    if feed is None:
        return "skipped"
    return feeds.poll(feed).status


@task()
def poll_all_feeds() -> int:
    """Queue a poll of every active feed (``manage.py poll_feeds`` queues this from cron)."""
    count = 0
    for feed_id in Feed.objects.active().values_list("pk", flat=True):
        poll_feed.enqueue(feed_id)
        count += 1
    return count
