import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from deskpilkada.core import scheduler
from deskpilkada.core.models import PeriodicTask, PeriodicTaskQuerySet

pytestmark = pytest.mark.django_db

TICK = "deskpilkada.core.tests.periodic.tick"
T0 = dt.datetime(2024, 11, 20, 3, 0, tzinfo=dt.UTC)


def queued_paths(results):
    return [q.path for q in results if not q.error]


def test_a_new_task_is_queued_at_once_then_every_period():
    schedule = {TICK: 300}
    assert queued_paths(scheduler.queue_due(T0, schedule)) == [TICK]
    assert scheduler.queue_due(T0 + dt.timedelta(seconds=299), schedule) == []
    assert queued_paths(scheduler.queue_due(T0 + dt.timedelta(seconds=300), schedule)) == [TICK]
    assert DBTaskResult.objects.filter(task_path=TICK).count() == 2
    row = PeriodicTask.objects.get(path=TICK)
    assert row.next_run_at == T0 + dt.timedelta(seconds=600)
    assert row.last_task_id == str(DBTaskResult.objects.order_by("-enqueued_at").first().id)


def test_a_run_claimed_by_another_scheduler_is_not_queued_twice(monkeypatch):
    schedule = {TICK: 300}
    scheduler.sync(T0, schedule)
    stale = PeriodicTask.objects.get(path=TICK)
    # Another scheduler claims the run after ours read the row as due.
    PeriodicTask.objects.filter(pk=stale.pk).update(next_run_at=T0 + dt.timedelta(seconds=300))
    monkeypatch.setattr(PeriodicTaskQuerySet, "due", lambda self, now: [stale])
    assert scheduler.queue_due(T0, schedule) == []
    assert DBTaskResult.objects.count() == 0


def test_a_bad_path_is_recorded_and_does_not_stop_the_others():
    schedule = {"deskpilkada.core.tests.periodic.missing": 60, TICK: 60}
    results = {q.path: q for q in scheduler.queue_due(T0, schedule)}
    assert results[TICK].task_id and not results[TICK].error
    assert results["deskpilkada.core.tests.periodic.missing"].error
    assert "missing" in PeriodicTask.objects.get(path="deskpilkada.core.tests.periodic.missing").last_error


def test_a_changed_period_applies_from_the_next_run():
    scheduler.queue_due(T0, {TICK: 300})
    scheduler.queue_due(T0 + dt.timedelta(seconds=300), {TICK: 60})
    assert PeriodicTask.objects.get(path=TICK).next_run_at == T0 + dt.timedelta(seconds=360)


def test_tasks_no_longer_configured_are_left_alone():
    scheduler.queue_due(T0, {TICK: 60})
    assert scheduler.queue_due(T0 + dt.timedelta(hours=1), {}) == []


def test_command_once(settings, capsys):
    settings.DESK_PERIODIC_TASKS = {TICK: 60}
    call_command("run_scheduler", "--once")
    assert f"{TICK}: queued" in capsys.readouterr().out
    call_command("run_scheduler", "--once")
    assert capsys.readouterr().out == ""
    assert DBTaskResult.objects.filter(task_path=TICK).count() == 1


def test_every_configured_periodic_task_is_a_task_without_arguments():
    import inspect

    from django.conf import settings
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    assert settings.DESK_PERIODIC_TASKS
    for path, every in settings.DESK_PERIODIC_TASKS.items():
        task = import_string(path)
        assert isinstance(task, Task), path
        assert not inspect.signature(task.func).parameters, path
        assert every >= 60, path
