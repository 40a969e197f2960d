"""The daily retention job, at 03:00 Oslo time when nobody works (`kobling.core.daily`);
`kobling privacy retention --schedule` starts the chain, and the same command can run from cron."""

from datetime import time

from django_tasks import task

from kobling.core import daily


@task()
def privacy_retention_daily() -> dict[str, int]:
    from kobling.privacy.services import retention_run

    try:
        return retention_run()
    finally:
        schedule_next()


DAILY = daily.Daily(privacy_retention_daily, at=time(3, 0))
next_run_after = DAILY.next_run_after
schedule_next = DAILY.schedule_next
