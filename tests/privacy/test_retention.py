"""Retention with the clock frozen: what has outlived its period is anonymised or removed, the rest
stays; a dry run changes nothing; periods come from settings; each run is recorded and audited."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management import call_command
from django.db import transaction

from kobling.core.models import AuditLog
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant
from kobling.privacy import processing, services
from kobling.privacy.erasure import ERASED
from kobling.privacy.models import Erasure, RetentionRun
from kobling.programmes.models import Status
from kobling.programmes.services import enrolment_change_status, enrolment_create
from kobling.webhooks.models import Delivery, Event, Subscription
from tests.conftest import add_entry, make_participant

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2026, 3, 16, 10, 0, tzinfo=OSLO)


def at(year, month=1, day=10):
    return time_machine.travel(datetime.datetime(year, month, day, 12, 0, tzinfo=OSLO), tick=False)


def person(provider, programme, coordinator, first, *, created, ended=None, enrol=True):
    with at(*created):
        participant = make_participant(provider, first=first, last="Arkiv", actor=coordinator)
        if enrol:
            with transaction.atomic():
                enrolment = enrolment_create(
                    actor=coordinator,
                    participant=participant,
                    programme=programme,
                    status=Status.PARTICIPATING,
                )
    if ended:
        with at(*ended), transaction.atomic():
            enrolment_change_status(enrolment=enrolment, status=Status.COMPLETED, actor=coordinator)
    return participant


@pytest.fixture
def people(provider, programme, coordinator, staff):
    made = {
        "ended_long_ago": person(provider, programme, coordinator, "Anna", created=(2019,), ended=(2020, 6)),
        "ended_recently": person(provider, programme, coordinator, "Berit", created=(2019,), ended=(2022, 1)),
        "still_participating": person(provider, programme, coordinator, "Cecilie", created=(2015,)),
        "never_enrolled": person(provider, programme, coordinator, "Dina", created=(2020,), enrol=False),
        "active_lately": person(provider, programme, coordinator, "Emma", created=(2019,), ended=(2020, 6)),
    }
    with at(2025, 5):
        add_entry(made["active_lately"], staff, title="Ringte i 2025")
    return made


def mail(days_ago, state="sent"):
    with time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False):
        return OutboxEmail.objects.create(
            to="x@example.no",
            template="x",
            subject="S",
            body="Hei",
            attachments=[{"filename": "a.ics"}],
            state=state,
        )


def delivery(subscription, days_ago, state="sent"):
    with time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False):
        return Delivery.objects.create(
            subscription=subscription,
            message_id=f"msg_{days_ago}_{state}",
            event=Event.PARTICIPANT_STATUS_CHANGED,
            body='{"type": "participant.status_changed"}',
            state=state,
        )


def attempts(days_ago):
    base = {"user_agent": "UA", "ip_address": "10.0.0.2", "http_accept": "*/*", "path_info": "/"}
    with time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False):
        AccessAttempt.objects.create(
            username=f"u{days_ago}@example.no", get_data="", post_data="", failures_since_start=1, **base
        )
        AccessLog.objects.create(username=f"u{days_ago}@example.no", **base)
        AccessFailureLog.objects.create(username=f"u{days_ago}@example.no", **base)


def erased_names() -> set[str]:
    return set(Participant.objects.filter(erasure__isnull=False).values_list("pk", flat=True))


def test_what_has_expired_goes_and_the_rest_stays(people, provider):
    old, recent, queued = mail(100), mail(80), mail(100, state="queued")
    hook = Subscription.objects.create(organisation=provider, url="https://hooks.example.no/k", secret="s")
    sent, failed = delivery(hook, 100), delivery(hook, 95, state="failed")
    kept = [delivery(hook, 80), delivery(hook, 120, state="queued")]
    attempts(40)
    attempts(10)
    with time_machine.travel(NOW, tick=False):
        counts = services.retention_run()
    assert counts == {
        "participants": 2,
        "audit_rows_anonymised": counts["audit_rows_anonymised"],
        "outbox_bodies": 1,
        "webhook_deliveries": 2,
        "login_attempts": 3,
    }
    assert counts["audit_rows_anonymised"] > 0
    assert not Delivery.objects.filter(pk__in=[sent.pk, failed.pk]).exists()
    assert set(Delivery.objects.values_list("pk", flat=True)) == {d.pk for d in kept}  # recent, or waiting
    assert erased_names() == {people["ended_long_ago"].pk, people["never_enrolled"].pk}
    assert Participant.objects.get(pk=people["ended_long_ago"].pk).first_name == ERASED
    assert Participant.objects.get(pk=people["active_lately"].pk).first_name == "Emma"
    old.refresh_from_db(), recent.refresh_from_db(), queued.refresh_from_db()
    assert (old.body, old.attachments, old.subject) == ("", [], "S")  # the delivery record stays
    assert recent.body == "Hei" and queued.body == "Hei"
    assert AccessAttempt.objects.count() == AccessLog.objects.count() == AccessFailureLog.objects.count() == 1
    assert set(Erasure.objects.values_list("reason", flat=True)) == {Erasure.Reason.RETENTION}
    assert (
        AuditLog.objects.filter(action=AuditLog.Action.ANONYMISE, object_type="people.participant").count()
        == 2
    )
    run = RetentionRun.objects.get()
    assert run.counts == counts
    assert AuditLog.objects.filter(
        action=AuditLog.Action.ANONYMISE, object_type="privacy.retentionrun"
    ).exists()
    # A second run finds nothing more.
    with time_machine.travel(NOW, tick=False):
        again = services.retention_run()
    assert (again["participants"], again["outbox_bodies"], again["login_attempts"]) == (0, 0, 0)
    assert again["webhook_deliveries"] == 0


def test_a_dry_run_counts_and_changes_nothing(people, provider):
    mail(100)
    hook = Subscription.objects.create(organisation=provider, url="https://hooks.example.no/k", secret="s")
    delivery(hook, 100)
    attempts(40)
    with time_machine.travel(NOW, tick=False):
        counts = services.retention_run(dry_run=True)
    assert counts == {"participants": 2, "outbox_bodies": 1, "webhook_deliveries": 1, "login_attempts": 3}
    assert Delivery.objects.count() == 1
    assert erased_names() == set() and not RetentionRun.objects.exists()
    assert OutboxEmail.objects.get().body == "Hei" and AccessAttempt.objects.count() == 1


def test_the_periods_come_from_settings(people, settings):
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "participant_years": 3}
    with time_machine.travel(NOW, tick=False):
        assert services.retention_run(dry_run=True)["participants"] == 3  # Berit's 2022 end is now old enough
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "participant_years": 10}
    with time_machine.travel(NOW, tick=False):
        assert services.retention_run(dry_run=True)["participants"] == 0


def test_every_automatic_rule_has_a_handler():
    assert (
        set(services.HANDLERS)
        == set(processing.AUTOMATIC)
        == {"participant", "outbox_body", "webhook_delivery", "login_throttle"}
    )


def test_the_command_prints_counts_per_kind(people, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command("privacy", "retention", "--dry-run")
    out = capsys.readouterr().out
    assert "participants: 2" in out and "outbox_bodies: 0" in out and "login_attempts: 0" in out
    assert erased_names() == set()
    with time_machine.travel(NOW, tick=False):
        call_command("privacy", "retention")
    assert "participants: 2" in capsys.readouterr().out
    assert len(erased_names()) == 2


def test_the_next_daily_run_is_at_three_in_the_night():
    from kobling.privacy.tasks import next_run_after

    assert next_run_after(NOW) == datetime.datetime(2026, 3, 17, 3, 0, tzinfo=OSLO)
    late = datetime.datetime(2026, 3, 28, 23, 30, tzinfo=OSLO)  # the night summer time starts
    assert next_run_after(late) == datetime.datetime(2026, 3, 29, 3, 0, tzinfo=OSLO)
