"""The daily reminder job. django-tasks has no scheduler, so the task puts its next run in the queue
itself (tomorrow at 07:00, Oslo time); `kobling mentor_nudges` does the same work from cron."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

RUN_AT = time(7, 0)


def next_run_after(now: datetime) -> datetime:
    local = timezone.localtime(now)
    day = local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, RUN_AT))


def schedule_next(now: datetime | None = None) -> bool:
    """Queue tomorrow's run unless one is already waiting (so two chains never run side by side)."""
    from django_tasks_db.models import DBTaskResult

    path = f"{__name__}.mentor_nudges_daily"
    try:
        waiting = DBTaskResult.objects.filter(task_path=path, status="READY").exists()
    except Exception:  # another task backend: no table to look in
        waiting = False
    if waiting:
        return False
    mentor_nudges_daily.using(run_after=next_run_after(now or timezone.now())).enqueue()
    return True


@task()
def mentor_nudges_daily() -> int:
    from kobling.mentorspace.nudges import run_nudges

    sent = run_nudges().total
    schedule_next()
    return sent
