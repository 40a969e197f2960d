"""Every e-mail is an outbox row first; the real database worker sends it, retries it, never loses it."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from kobling.notifications.models import OutboxEmail
from kobling.notifications.services import email_send

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


def send(language="nb"):
    with transaction.atomic():
        return email_send(
            to="person@example.no",
            template="application_received",
            language=language,
            context={"name": "Sara", "programme": "Salesforce-kurs", "provider": "Fjordkompetanse"},
        )


def test_an_email_waits_in_the_outbox_until_the_worker_runs_and_then_is_sent():
    email = send()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.QUEUED and mail.outbox == []
    run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT and email.attempts == 1 and email.sent_at
    assert [m.to for m in mail.outbox] == [["person@example.no"]]
    assert mail.outbox[0].subject == "Vi har fått søknaden din – Salesforce-kurs"


def test_each_person_gets_their_own_language():
    send("en")
    run_worker()
    assert mail.outbox[0].subject.startswith("We have received your application")
    assert "Hello Sara" in mail.outbox[0].body


def test_a_failed_send_is_recorded_and_retried_later(settings):
    settings.EMAIL_BACKEND = "tests.notifications.broken_backend.BrokenBackend"
    email = send()
    run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.QUEUED
    assert email.attempts == 1 and "SMTP server is down" in email.last_error
    assert email.next_attempt_at > email.created_at


def test_after_the_last_attempt_it_is_marked_failed_and_a_coordinator_can_retry(settings):
    from kobling.notifications.services import email_deliver, email_retry

    settings.EMAIL_BACKEND = "tests.notifications.broken_backend.BrokenBackend"
    settings.EMAIL_MAX_ATTEMPTS = 2
    email = send()
    email_deliver(email_id=email.pk)
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())  # backoff over
    email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.FAILED and email.attempts == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert email_retry(actor=None, email=email)
    run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT


def test_an_email_whose_task_was_lost_is_requeued_at_start_up():
    from django_tasks_db.models import DBTaskResult

    email = send()
    DBTaskResult.objects.all().delete()  # as if the process died between commit and enqueue
    run_worker()
    assert mail.outbox == []
    call_command("requeue_mail", verbosity=0)
    run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT


def test_a_rolled_back_change_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        email_send(to="x@example.no", template="application_received", context={})
        raise RuntimeError("the change failed")
    run_worker()
    assert not OutboxEmail.objects.exists() and mail.outbox == []
