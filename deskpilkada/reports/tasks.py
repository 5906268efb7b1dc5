"""Background work of the reports, through Django's tasks API (run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from deskpilkada.core import clock

from . import services


@task()
def send_due_reminders() -> int:
    """Remind the desks that have not reported (a scheduler enqueues this every few minutes; running it again
    sends nothing twice). "Now" is the app clock's, so the exercise date applies."""
    return services.send_due_reminders(clock.now())
