"""The daily reminder task in the real database worker (which needs committed rows: transactional test)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.mentoring.models import Mentorship
from kobling.notifications.models import OutboxEmail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _occupations(db):
    if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
        load_occupations(Occupation)


def test_the_daily_task_runs_in_the_worker_and_queues_its_next_run(pair):
    from django_tasks_db.models import DBTaskResult

    from kobling.mentorspace.tasks import mentor_nudges_daily, schedule_next

    Mentorship.objects.filter(pk=pair.pk).update(
        started_on=timezone.localdate() - datetime.timedelta(weeks=8)
    )
    mentor_nudges_daily.enqueue()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    assert OutboxEmail.objects.filter(template="mentorspace_nudge_no_meeting").count() == 2
    queued = DBTaskResult.objects.filter(task_path__endswith="mentor_nudges_daily", status="READY")
    assert queued.count() == 1 and queued.get().run_after > timezone.now()
    assert not DBTaskResult.objects.ready().filter(task_path__endswith="mentor_nudges_daily").exists()
    assert schedule_next() is False  # tomorrow's run is already waiting
