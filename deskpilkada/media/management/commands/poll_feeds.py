"""manage.py poll_feeds: queue a poll of every active news feed for the worker (run it from cron)."""

from django.core.management.base import BaseCommand

from deskpilkada.media import feeds
from deskpilkada.media.models import Feed
from deskpilkada.media.tasks import poll_all_feeds


class Command(BaseCommand):
    help = "Queue a poll of every active news feed (the db_worker runs them)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="poll here and now instead of queueing")

    def handle(self, *args, now: bool = False, **options):
        if now:
            for feed in Feed.objects.active().select_related("region"):
                result = feeds.poll(feed)
                self.stdout.write(f"{feed.name}: {result.status} ({result.message})")
        else:
            poll_all_feeds.enqueue()
            self.stdout.write("feed polling queued")
