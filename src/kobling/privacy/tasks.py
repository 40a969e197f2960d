"""The daily retention job. django-tasks has no scheduler, so, as `mentorspace.tasks` does for the
reminders, the task queues its own next run (tomorrow at 03:00, Oslo time, when nobody works);
`kobling privacy retention --schedule` starts the chain, and the same command can run from cron."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

RUN_AT = time(3, 0)


def next_run_after(now: datetime) -> datetime:
    local = timezone.localtime(now)
    day = local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, RUN_AT))


def schedule_next(now: datetime | None = None) -> bool:
    """Queue tomorrow's run unless one is already waiting (so two chains never run side by side)."""
    from django_tasks_db.models import DBTaskResult

    path = f"{__name__}.privacy_retention_daily"
    try:
        waiting = DBTaskResult.objects.filter(task_path=path, status="READY").exists()
    except Exception:  # another task backend: no table to look in
        waiting = False
    if waiting:
        return False
    privacy_retention_daily.using(run_after=next_run_after(now or timezone.now())).enqueue()
    return True


@task()
def privacy_retention_daily() -> dict[str, int]:
    from kobling.privacy.services import retention_run

    try:
        return retention_run()
    finally:
        schedule_next()
