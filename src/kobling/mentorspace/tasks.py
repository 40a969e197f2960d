"""The daily reminder job, at 07:00 Oslo time (`kobling.core.daily`); `kobling mentor_nudges` does the
same work from cron."""

from datetime import datetime, time

from django_tasks import task

from kobling.core import daily

RUN_AT = time(7, 0)


def next_run_after(now: datetime) -> datetime:
    return daily.next_run_after(now, RUN_AT)


def schedule_next(now: datetime | None = None) -> bool:
    return daily.schedule_daily(mentor_nudges_daily, RUN_AT, now)


@task()
def mentor_nudges_daily() -> int:
    from kobling.mentorspace.nudges import run_nudges

    sent = run_nudges().total
    schedule_next()
    return sent
