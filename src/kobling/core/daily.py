"""Daily jobs on the task worker. django-tasks has no scheduler, so a daily task queues its own next
run; a management command (from cron or by hand) can start the chain or do the same work."""

from datetime import datetime, time, timedelta

from django.utils import timezone


def next_run_after(now: datetime, at: time) -> datetime:
    """Tomorrow at `at`, Oslo time (summer time included)."""
    day = timezone.localtime(now).date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, at))


def schedule_daily(task, at: time, now: datetime | None = None) -> bool:
    """Queue the task's next run unless one is already waiting (so two chains never run side by side)."""
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()
    except Exception:  # another task backend: no table to look in
        waiting = False
    if waiting:
        return False
    task.using(run_after=next_run_after(now or timezone.now(), at)).enqueue()
    return True


class Daily:
    """A daily task and its time of day, for the task's module to hand out as its `next_run_after` and
    `schedule_next` (the task's last step, and the command that starts the chain)."""

    def __init__(self, task, at: time):
        self.task = task
        self.at = at

    def next_run_after(self, now: datetime) -> datetime:
        return next_run_after(now, self.at)

    def schedule_next(self, now: datetime | None = None) -> bool:
        return schedule_daily(self.task, self.at, now)
