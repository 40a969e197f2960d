"""The daily reminder job, at 07:00 Oslo time (`kobling.core.daily`); `kobling mentor_nudges` does the
same work from cron."""

from datetime import time

from django_tasks import task

from kobling.core import daily


@task()
def mentor_nudges_daily() -> int:
    from kobling.mentorspace.nudges import run_nudges

    sent = run_nudges().total
    schedule_next()
    return sent


DAILY = daily.Daily(mentor_nudges_daily, at=time(7, 0))
schedule_next = DAILY.schedule_next
