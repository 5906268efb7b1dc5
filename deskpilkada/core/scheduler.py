"""The scheduler: queues the periodic background tasks (feed polling, report reminders) for the worker.

``DESK_PERIODIC_TASKS`` maps a task's dotted path (a django-tasks ``@task()`` without arguments) to its period
in seconds. ``manage.py run_scheduler`` (started by ``make run`` beside ``db_worker``) calls :func:`queue_due`
every minute; ``--once`` suits cron. The scheduler only queues: the work runs in ``db_worker``, so a slow
task never delays the others and the schedule survives restarts (it lives in the database).

Periods run on the real clock, not the exercise clock: the tasks themselves ask ``core.clock`` for "now".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import PeriodicTask

log = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Queued:
    path: str
    task_id: str = ""
    error: str = ""


def configured() -> dict[str, int]:
    return dict(getattr(settings, "DESK_PERIODIC_TASKS", {}))


def sync(now: dt.datetime, schedule: dict[str, int]) -> None:
    """One row per configured task (new tasks run at once); a changed period applies from the next run."""
    for path, every in schedule.items():
        task, created = PeriodicTask.objects.get_or_create(
            path=path, defaults={"every_seconds": every, "next_run_at": now}
        )
        if not created and task.every_seconds != every:
            PeriodicTask.objects.filter(pk=task.pk).update(every_seconds=every)


def queue_due(now: dt.datetime | None = None, schedule: dict[str, int] | None = None) -> list[Queued]:
    """Queue every configured task whose time has come; returns what was queued (or failed to be)."""
    now = now or timezone.now()
    schedule = configured() if schedule is None else schedule
    sync(now, schedule)
    queued = []
    for row in PeriodicTask.objects.filter(path__in=schedule).due(now):
        claimed = PeriodicTask.objects.filter(pk=row.pk, next_run_at=row.next_run_at).update(
            next_run_at=now + dt.timedelta(seconds=row.every_seconds), last_queued_at=now
        )
        if not claimed:  # another scheduler took this run
            continue
        try:
            result = import_string(row.path).enqueue()
        except Exception as error:  # a bad path or a full queue must not stop the other tasks
            log.exception("scheduler: could not queue %s", row.path)
            PeriodicTask.objects.filter(pk=row.pk).update(last_error=f"{type(error).__name__}: {error}"[:2000])
            queued.append(Queued(row.path, error=str(error)))
            continue
        PeriodicTask.objects.filter(pk=row.pk).update(last_task_id=str(result.id), last_error="")
        queued.append(Queued(row.path, task_id=str(result.id)))
    return queued
