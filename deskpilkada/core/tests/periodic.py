"""A task for the scheduler tests (a task must live at module level)."""

from django_tasks import task


@task()
def tick() -> str:
    return "tick"
