"""Issue 9, the outbox: one delivery path that never sends twice, never sends a failed or early e-mail;
no login or invitation token kept once an e-mail is sent; password resets in the platform admin's
outbox."""

import datetime
import re
import threading
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kobling.accounts.services import invitation_create
from kobling.core.models import AuditLog
from kobling.core.roles import Role
from kobling.events.services import employer_invite
from kobling.notifications.models import OutboxEmail
from kobling.notifications.services import email_deliver, email_enqueue, email_send
from tests.conftest import login
from tests.fixtures.events import make_event
from tests.notifications.test_outbox import run_worker, send

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
TOKEN_LINK = re.compile(r"https?://\S+/(?:password-reset/[^/\s]+|invitation)/([^/\s]+)/")


def removed(language="nb") -> str:
    with translation.override(language):
        return gettext("[link removed]")


def invite(coordinator, email="ny@example.no"):
    with transaction.atomic():
        _invitation, token = invitation_create(
            actor=coordinator,
            organisation=coordinator.memberships.get().organisation,
            email=email,
            full_name="Nora Ny",
            role=Role.STAFF,
        )
    return OutboxEmail.objects.get(to=email), token


def ask_for_reset(client, user):
    client.post(reverse("password_reset"), {"email": user.email})
    return OutboxEmail.objects.get(to=user.email, template="password_reset")


# One delivery path --------------------------------------------------------------------------------


def test_a_leftover_task_for_a_failed_email_sends_nothing():
    email = send()  # its delivery task is queued on commit
    OutboxEmail.objects.filter(pk=email.pk).update(state=OutboxEmail.State.FAILED, attempts=5)
    run_worker()
    email.refresh_from_db()
    assert mail.outbox == [] and email.state == OutboxEmail.State.FAILED and email.attempts == 5


def test_a_sent_email_is_never_sent_again_by_a_second_task():
    email = send()
    run_worker()
    call_command("requeue_mail", verbosity=0)
    email_enqueue(email_id=email.pk)  # a stray duplicate task
    run_worker()
    email.refresh_from_db()
    assert len(mail.outbox) == 1 and email.attempts == 1


def test_a_task_that_runs_before_the_backoff_is_over_does_nothing():
    with time_machine.travel(NOW, tick=False) as clock:
        email = send()
        OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=NOW + datetime.timedelta(minutes=4))
        run_worker()  # the task queued on commit comes too early
        email.refresh_from_db()
        assert mail.outbox == [] and email.attempts == 0 and email.state == OutboxEmail.State.QUEUED
        clock.shift(datetime.timedelta(minutes=5))
        call_command("requeue_mail", verbosity=0)
        run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT and len(mail.outbox) == 1


def test_a_failed_attempt_waits_for_its_backoff_before_the_next(settings):
    settings.EMAIL_BACKEND = "tests.notifications.broken_backend.BrokenBackend"
    with time_machine.travel(NOW, tick=False) as clock:
        email = send()
        email_deliver(email_id=email.pk)
        email_deliver(email_id=email.pk)  # straight away: the backoff is not over
        email.refresh_from_db()
        assert email.attempts == 1 and email.next_attempt_at == NOW + datetime.timedelta(minutes=2)
        clock.shift(datetime.timedelta(minutes=2))
        email_deliver(email_id=email.pk)
    email.refresh_from_db()
    assert email.attempts == 2


def test_two_workers_at_once_send_one_email(settings):
    """The second worker finds the row locked and leaves it (`skip_locked`); one message leaves."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has no row locks, and the in-memory test database answers a second writer with "
            "'table is locked' instead of waiting; on a file database IMMEDIATE transactions queue them."
        )
    settings.EMAIL_BACKEND = "tests.notifications.broken_backend.SlowBackend"
    email = send()
    start = threading.Barrier(2)
    results: list = []
    errors: list = []

    def worker():
        try:
            start.wait()
            results.append(email_deliver(email_id=email.pk))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    email.refresh_from_db()
    assert errors == []
    assert len(mail.outbox) == 1 and email.attempts == 1 and email.state == OutboxEmail.State.SENT
    assert None in results  # the second found the row locked and did not wait for it


# No tokens kept once sent -----------------------------------------------------------------------------


def test_a_sent_invitation_keeps_no_token_and_the_outbox_shows_none(client, coordinator):
    email, token = invite(coordinator)
    assert token in email.body and email.tokens == [token]
    login(client, coordinator)
    assert token not in client.get(reverse("outbox")).content.decode()  # not even before it is sent
    run_worker()
    assert token in mail.outbox[0].body  # the person gets the link
    email.refresh_from_db()
    assert token not in email.body and removed() in email.body and email.tokens == []
    assert email.redacted_at is not None and email.state == OutboxEmail.State.SENT
    page = client.get(reverse("outbox")).content.decode()
    assert token not in page and removed() in page
    client.logout()
    assert client.get(reverse("invitation_accept", args=[token])).status_code == 200  # still works


def test_a_sent_password_reset_keeps_no_token(client, coordinator):
    email = ask_for_reset(client, coordinator)
    token = TOKEN_LINK.search(email.body).group(1)
    assert email.tokens == [token] and email.organisation is None
    run_worker()
    email.refresh_from_db()
    assert token in mail.outbox[0].body and token not in email.body and email.tokens == []


def test_a_sent_event_invitation_keeps_no_token(market_coordinator, nav_office, employer_org):
    event = make_event(nav_office, nav_office, market_coordinator)
    with transaction.atomic():
        _registration, token = employer_invite(
            actor=market_coordinator,
            event=event,
            organisation=employer_org,
            contact_name="Eva Eier",
            contact_email="eva@example.no",
            language="nb",
        )
    email = OutboxEmail.objects.get(template="event_invitation")
    assert email.tokens == [token] and email.tokens_expire_at.date() == event.date
    run_worker()
    email.refresh_from_db()
    assert token in mail.outbox[0].body and token not in email.body


def test_a_failed_email_keeps_its_token_so_that_a_retry_still_helps(client, settings, admin, coordinator):
    settings.EMAIL_BACKEND = "tests.notifications.broken_backend.BrokenBackend"
    settings.EMAIL_MAX_ATTEMPTS = 1
    email = ask_for_reset(client, coordinator)
    token = email.tokens[0]
    run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.FAILED and token in email.body
    login(client, admin)
    assert token not in client.get(reverse("outbox")).content.decode()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post(reverse("outbox_retry", args=[email.pk]))
    run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT and token in mail.outbox[0].body and token not in email.body
    assert AuditLog.objects.filter(object_type="notifications.outboxemail", actor=admin).count() == 1


def test_a_sent_email_cannot_be_retried(client, coordinator):
    email = send()
    OutboxEmail.objects.filter(pk=email.pk).update(organisation=coordinator.memberships.get().organisation)
    run_worker()
    login(client, coordinator)
    assert client.post(reverse("outbox_retry", args=[email.pk])).status_code == 302
    run_worker()
    email.refresh_from_db()
    assert len(mail.outbox) == 1 and email.attempts == 1


def test_an_expired_link_is_forgotten_and_the_email_cannot_be_retried(client, settings, admin, coordinator):
    settings.EMAIL_BACKEND = "tests.notifications.broken_backend.BrokenBackend"
    settings.EMAIL_MAX_ATTEMPTS = 1
    with time_machine.travel(NOW, tick=False) as clock:
        email = ask_for_reset(client, coordinator)
        token = email.tokens[0]
        run_worker()
        call_command("requeue_mail", verbosity=0)  # the link still works: kept
        email.refresh_from_db()
        assert token in email.body
        clock.shift(datetime.timedelta(hours=25))  # PASSWORD_RESET_TIMEOUT is a day
        call_command("requeue_mail", verbosity=0)
        email.refresh_from_db()
        assert token not in email.body and email.tokens == [] and email.state == OutboxEmail.State.FAILED
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        login(client, admin)
        retry = reverse("outbox_retry", args=[email.pk])
        assert retry not in client.get(reverse("outbox")).content.decode()
        client.post(retry)
        run_worker()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.FAILED and mail.outbox == []


def test_a_queued_email_whose_link_expired_is_not_sent(client, coordinator):
    with time_machine.travel(NOW, tick=False) as clock:
        email = ask_for_reset(client, coordinator)
        clock.shift(datetime.timedelta(hours=25))  # the worker was down for a day
        run_worker()
    email.refresh_from_db()
    assert mail.outbox == [] and email.state == OutboxEmail.State.FAILED
    assert email.tokens == [] and removed() in email.body


def test_a_token_that_is_not_in_the_body_or_too_short_is_refused():
    with pytest.raises(ValueError), transaction.atomic():
        email_send(
            to="x@example.no", template="application_received", context={}, tokens=["not-in-the-body-at-all"]
        )
    with pytest.raises(ValueError), transaction.atomic():
        email_send(to="x@example.no", template="application_received", context={}, tokens=["Hei"])
    assert not OutboxEmail.objects.exists()


def test_emails_written_before_tokens_were_recorded_are_brought_in_line():
    migration = import_module("kobling.notifications.migrations.0003_outbox_tokens")
    token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"
    body = f"Velg et passord her:\nhttp://kobling.example.no/invitation/{token}/\n\nHilsen"
    sent = OutboxEmail.objects.create(to="a@example.no", subject="s", body=body, template="invitation")
    sent.state = OutboxEmail.State.SENT
    sent.save()
    failed = OutboxEmail.objects.create(to="b@example.no", subject="s", body=body, template="invitation")
    failed.state = OutboxEmail.State.FAILED
    failed.save()
    migration.record_tokens(apps, None)
    sent.refresh_from_db()
    failed.refresh_from_db()
    assert token not in sent.body and sent.body.endswith("Hilsen") and sent.redacted_at
    assert failed.tokens == [token] and token in failed.body and token not in failed.shown_body


# Who reads which e-mails ------------------------------------------------------------------------------


def test_the_platform_admin_reads_password_resets_but_not_the_organisations_email(
    client, admin, coordinator, other_coordinator
):
    reset = ask_for_reset(client, other_coordinator)
    invitation, _token = invite(coordinator)
    login(client, admin)
    page = client.get(reverse("outbox")).content.decode()
    assert other_coordinator.email in page and invitation.to not in page
    assert client.post(reverse("outbox_retry", args=[invitation.pk])).status_code == 404
    # A coordinator reads their own organisation's e-mail, never the platform's or another's.
    login(client, coordinator)
    page = client.get(reverse("outbox")).content.decode()
    assert invitation.to in page and other_coordinator.email not in page
    assert client.post(reverse("outbox_retry", args=[reset.pk])).status_code == 404
    login(client, other_coordinator)
    assert invitation.to not in client.get(reverse("outbox")).content.decode()
