"""Generating as a run: a small event is solved in the request, a large one on the task worker while the
page polls for its progress; one run at a time per event; each run audited; only organisers reach it."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone, translation

from kobling.core.audit import Action
from kobling.core.models import AuditLog
from kobling.core.roles import Role
from kobling.events.models import EventStatus, Interview, ScheduleRun
from kobling.events.schedule import services
from kobling.events.schedule.services import schedule_generate, schedule_publish, schedule_run_create
from kobling.events.services import event_change_status
from tests.conftest import login, make_org, make_user
from tests.fixtures.events import assert_rules_hold

HTMX = {"HTTP_HX_REQUEST": "true"}


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


@pytest.fixture
def large(monkeypatch):
    """Every event counts as large: its runs go to the task worker."""
    monkeypatch.setattr(services, "INLINE_CHOICES", 0)


def run_audits(event, action):
    return AuditLog.objects.filter(object_type="events.event", object_id=str(event.pk), action=action)


@pytest.mark.django_db(transaction=True)
def test_a_large_events_run_is_solved_by_the_task_worker_while_the_page_polls(
    client, market_coordinator, full_event, large
):
    event, _regs, _candidates = full_event
    login(client, market_coordinator)
    client.cookies["django_language"] = "en"
    assert client.post(reverse("event_schedule_generate", args=[event.pk])).status_code == 302
    run = ScheduleRun.objects.get(event=event)
    assert run.state == ScheduleRun.State.QUEUED and run.background and run.language == "en"
    assert not Interview.objects.filter(event=event).exists()

    page = client.get(reverse("event_schedule", args=[event.pk])).content.decode()
    poll = reverse("event_schedule_run", args=[event.pk])
    assert f'hx-get="{poll}"' in page and 'hx-trigger="every 1s"' in page
    assert reverse("event_schedule_generate", args=[event.pk]) not in page  # no second run meanwhile
    fragment = client.get(poll, **HTMX)
    assert fragment.status_code == 200 and 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "HX-Refresh" not in fragment

    run_worker()
    run.refresh_from_db()
    assert run.state == ScheduleRun.State.DONE and run.interviews and run.finished_at
    assert Interview.objects.filter(event=event, state="planned").count() == run.interviews
    assert_rules_hold(event)
    audit = run_audits(event, Action.RUN).get()
    assert audit.actor == market_coordinator and f"{run.interviews} interviews" in audit.note

    done = client.get(poll, **HTMX)
    assert done["HX-Refresh"] == "true" and "every 1s" not in done.content.decode()
    page = client.get(reverse("event_schedule", args=[event.pk])).content.decode()
    assert f"A schedule with {run.interviews} interviews was made." in page
    assert "schedule-grid" in page and f'hx-get="{poll}"' not in page


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_event_changed_meanwhile_fails_and_says_why(
    client, market_coordinator, full_event, large
):
    event, _regs, _candidates = full_event
    with translation.override("en"):
        run = schedule_run_create(actor=market_coordinator, event=event)
    event_change_status(actor=market_coordinator, event=event, status=EventStatus.OPEN)
    run_worker()
    run.refresh_from_db()
    assert run.state == ScheduleRun.State.FAILED and "status changed" in run.error
    assert not Interview.objects.filter(event=event).exists()
    assert not run_audits(event, Action.RUN).exists()
    login(client, market_coordinator)
    page = client.get(reverse("event_schedule", args=[event.pk])).content.decode()
    assert "status changed while the schedule was being made" in page


def test_a_small_event_is_solved_in_the_request(client, market_coordinator, full_event):
    event, _regs, _candidates = full_event
    assert services.solves_in_request(event)
    login(client, market_coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("event_schedule_generate", args=[event.pk]), follow=True)
    run = ScheduleRun.objects.get(event=event)
    assert run.state == ScheduleRun.State.DONE and not run.background
    assert f"A schedule with {run.interviews} interviews was made." in response.content.decode()
    assert run_audits(event, Action.RUN).count() == 1


def test_a_second_run_is_refused_while_one_is_waiting_or_running(market_coordinator, full_event, large):
    event, _regs, _candidates = full_event
    first = schedule_run_create(actor=market_coordinator, event=event)
    assert first.state == ScheduleRun.State.QUEUED
    with translation.override("en"), pytest.raises(ValidationError, match="already being made"):
        schedule_run_create(actor=market_coordinator, event=event)
    with translation.override("en"), pytest.raises(ValidationError, match="already being made"):
        schedule_generate(actor=market_coordinator, event=event)
    with translation.override("en"), pytest.raises(ValidationError, match="already being made"):
        schedule_publish(actor=market_coordinator, event=event)
    # The database stands behind the check.
    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleRun.objects.create(event=event, state=ScheduleRun.State.RUNNING, time_limit=1)
    assert ScheduleRun.objects.filter(event=event).count() == 1


def test_a_run_that_lost_its_worker_no_longer_holds_the_event_up(market_coordinator, full_event, large):
    event, _regs, _candidates = full_event
    lost = schedule_run_create(actor=market_coordinator, event=event)
    ScheduleRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    again = schedule_run_create(actor=market_coordinator, event=event)
    lost.refresh_from_db()
    assert lost.state == ScheduleRun.State.FAILED and again.state == ScheduleRun.State.QUEUED


def test_the_polling_fragment_is_for_htmx_and_shows_progress(client, market_coordinator, full_event, large):
    event, _regs, _candidates = full_event
    login(client, market_coordinator)
    poll = reverse("event_schedule_run", args=[event.pk])
    assert client.get(poll, **HTMX).status_code == 200  # no run yet: an empty fragment
    schedule_run_create(actor=market_coordinator, event=event)
    response = client.get(poll)
    assert response.status_code == 302 and response["Location"] == reverse("event_schedule", args=[event.pk])
    body = client.get(poll, **HTMX).content.decode()
    assert 'id="schedule-run"' in body and 'hx-trigger="every 1s"' in body and "<script" not in body
    assert client.post(poll, **HTMX).status_code == 405


@pytest.mark.parametrize("role", ["advisor", "coordinator", "employer", "outsider", "other_market"])
def test_only_the_events_organisers_start_or_follow_a_run(
    client, request, market_coordinator, full_event, large, role
):
    event, _regs, _candidates = full_event
    if role == "other_market":
        user = make_user(
            "marked@andrevik.example.no", Role.NAV_MARKET, make_org("NAV Andrevik", "nav_office")
        )
    else:
        user = request.getfixturevalue(role)
    schedule_run_create(actor=market_coordinator, event=event)
    login(client, user)
    assert client.get(reverse("event_schedule_run", args=[event.pk]), **HTMX).status_code == 404
    assert client.post(reverse("event_schedule_generate", args=[event.pk])).status_code == 404
    assert ScheduleRun.objects.filter(event=event).count() == 1


def test_publishing_is_audited_as_a_publication(market_coordinator, full_event):
    event, _regs, _candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    sent = schedule_publish(actor=market_coordinator, event=event)
    audit = run_audits(event, Action.PUBLISH).get()
    assert audit.actor == market_coordinator and f"{sent} e-mails" in audit.note


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_start_one_run(market_coordinator, full_event, large):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite takes one writer at a time")
    event, _regs, _candidates = full_event
    start, outcomes = threading.Barrier(2), []

    def generate():
        try:
            start.wait(10)
            with translation.override("en"):
                schedule_run_create(actor=market_coordinator, event=event)
            outcomes.append("started")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["The schedule is already being made. Wait until it is ready.", "started"]
    assert ScheduleRun.objects.filter(event=event).count() == 1
