"""Background work of media monitoring, through Django's tasks API (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from deskpilkada.core import clock

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


@task()
def poll_due_feeds() -> int:
    """Queue a poll of every feed that is due (``FeedQuerySet.due``); the scheduler calls this every few minutes.
    Each feed is claimed with a conditional update of ``queued_at``, so two schedulers never queue it twice.
    Returns how many polls it queued."""
    now = clock.now()
    count = 0
    for feed_id, queued_at in Feed.objects.due(now).values_list("pk", "queued_at"):
        claimed = Feed.objects.filter(pk=feed_id, queued_at=queued_at).update(queued_at=now)
        if claimed != 1:
            continue  # another scheduler has it
        poll_feed.enqueue(feed_id)
        count += 1
    return count
