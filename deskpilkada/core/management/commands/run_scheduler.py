"""manage.py run_scheduler: queue the periodic tasks of DESK_PERIODIC_TASKS for db_worker."""

import time

from django.core.management.base import BaseCommand

from deskpilkada.core import scheduler


class Command(BaseCommand):
    help = "Queue the periodic background tasks (feed polling, report reminders) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="queue what is due and exit (for cron)")
        parser.add_argument("--interval", type=int, default=60, help="seconds between checks (default 60)")

    def handle(self, *args, once: bool = False, interval: int = 60, **options):
        while True:
            for queued in scheduler.queue_due():
                if queued.error:
                    self.stderr.write(f"{queued.path}: not queued ({queued.error})")
                else:
                    self.stdout.write(f"{queued.path}: queued ({queued.task_id})")
            if once:
                return
            time.sleep(max(interval, 1))
