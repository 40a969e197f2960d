"""The weekly digest in the real database worker (which needs committed rows: a transactional test)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.insights.tasks import next_run_after
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant
from tests.conftest import make_participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _occupations(db):
    if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
        load_occupations(Occupation)


def test_the_next_run_is_the_next_monday_morning():
    sunday = timezone.make_aware(datetime.datetime(2026, 12, 6, 12, 0))
    monday = timezone.make_aware(datetime.datetime(2026, 12, 7, 7, 0))
    assert next_run_after(sunday) == monday
    assert next_run_after(monday) == monday + datetime.timedelta(weeks=1)


def test_the_digest_runs_in_the_worker_mails_coordinators_with_someone_at_risk_and_queues_next_week(
    provider, programme, coordinator, other_coordinator
):
    from django_tasks_db.models import DBTaskResult

    from kobling.insights.tasks import insights_weekly_digest, schedule_next
    from kobling.programmes.models import Enrolment, Status

    person = make_participant(provider, programme=programme, actor=coordinator)
    Participant.objects.filter(pk=person.pk).update(barrier_housing=True)
    Enrolment.objects.filter(participant=person).update(status=Status.PARTICIPATING)
    insights_weekly_digest.enqueue()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    sent = OutboxEmail.objects.filter(template="insights_weekly_digest")
    assert [email.to for email in sent] == [coordinator.email]  # the other provider has nobody at risk
    assert "Amina Hassan (Salesforce-kurs)" in sent.get().body and "/insights/warnings/" in sent.get().body
    assert "housing" not in sent.get().body.lower() and "bolig" not in sent.get().body.lower()
    queued = DBTaskResult.objects.filter(task_path__endswith="insights_weekly_digest", status="READY")
    assert queued.count() == 1 and queued.get().run_after > timezone.now()
    assert schedule_next() is False  # next week's run is already waiting


def test_the_command_sends_now_or_starts_the_weekly_chain(provider, programme, coordinator):
    import io

    from django_tasks_db.models import DBTaskResult

    person = make_participant(provider, programme=programme, actor=coordinator)
    Participant.objects.filter(pk=person.pk).update(barrier_housing=True)
    from kobling.programmes.models import Enrolment, Status

    Enrolment.objects.filter(participant=person).update(status=Status.PARTICIPATING)
    out = io.StringIO()
    call_command("insights_digest", stdout=out)
    assert "1 digest(s)" in out.getvalue()
    assert OutboxEmail.objects.filter(template="insights_weekly_digest").count() == 1
    call_command("insights_digest", "--schedule", stdout=out)
    call_command("insights_digest", "--schedule", stdout=out)
    assert "already queued" in out.getvalue()
    assert DBTaskResult.objects.filter(task_path__endswith="insights_weekly_digest").count() == 1
