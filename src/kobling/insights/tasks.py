"""The insights' work on the task worker: the weekly digest, Mondays at 07:00 Oslo time (django-tasks
has no scheduler, so the task queues its own next run, as `kobling.core.daily` does for the daily
jobs; `schedule_next()` starts the chain), and the answers of large scopes computed ahead."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

RUN_AT = time(7, 0)
MONDAY = 0


def next_run_after(now: datetime) -> datetime:
    """The next Monday at RUN_AT after `now` (a week on when it is Monday already), Oslo time."""
    today = timezone.localtime(now).date()
    day = today + timedelta(days=(MONDAY - today.weekday()) % 7 or 7)
    return timezone.make_aware(datetime.combine(day, RUN_AT))


def schedule_next(now: datetime | None = None) -> bool:
    """Queue next week's run unless one is already waiting (so two chains never run side by side)."""
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.filter(
            task_path=insights_weekly_digest.module_path, status="READY"
        ).exists()
    except Exception:  # another task backend: no table to look in
        waiting = False
    if waiting:
        return False
    insights_weekly_digest.using(run_after=next_run_after(now or timezone.now())).enqueue()
    return True


@task()
def insights_weekly_digest() -> int:
    from kobling.insights.digest import digest_send

    try:
        return digest_send()
    finally:
        schedule_next()


@task()
def insights_precompute(kind: str, pk: int) -> float:
    """Compute a large scope's answer ahead for the pages (precompute.py); returns the seconds taken."""
    from kobling.insights.precompute import KINDS, store

    if kind not in KINDS:
        raise ValueError(f"unknown scope kind {kind!r}")
    return store(kind, pk).seconds
