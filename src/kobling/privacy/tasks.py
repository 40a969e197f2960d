"""The daily retention job, at 03:00 Oslo time when nobody works (`kobling.core.daily`);
`kobling privacy retention --schedule` starts the chain, and the same command can run from cron."""

from datetime import datetime, time

from django_tasks import task

from kobling.core import daily

RUN_AT = time(3, 0)


def next_run_after(now: datetime) -> datetime:
    return daily.next_run_after(now, RUN_AT)


def schedule_next(now: datetime | None = None) -> bool:
    return daily.schedule_daily(privacy_retention_daily, RUN_AT, now)


@task()
def privacy_retention_daily() -> dict[str, int]:
    from kobling.privacy.services import retention_run

    try:
        return retention_run()
    finally:
        schedule_next()
