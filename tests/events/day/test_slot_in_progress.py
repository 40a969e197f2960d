"""Issue 8, pilot readiness: a late employer or a no-show marked while a slot is running.

The interview of the slot in progress cannot happen without them either, so it is called off with the
later ones (and the candidate hears of it, as for the later ones), the re-plan leaves the started
slots alone, and the employer is never asked for feedback on it. Someone who is checked in is there
for the running slot, so theirs goes on.

The test event's slots: 16:00, 16:30, 17:00, (break) 17:45, 18:15, 18:45; the clock stands at 16:40,
inside slot 1, so slot 2 is the first that has not started."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kobling.core.audit import Action
from kobling.core.models import AuditLog
from kobling.events.day.selectors import current_slot, slot_in_progress
from kobling.events.day.services import day_replan
from kobling.events.models import Interview
from kobling.events.schedule.services import schedule_generate, schedule_publish
from kobling.notifications.models import OutboxEmail
from kobling.recruitment.selectors import feedback_due
from tests.conftest import login
from tests.fixtures.events import assert_rules_hold

pytestmark = pytest.mark.django_db

RUNNING, NEXT = 1, 2


@pytest.fixture
def at_16_40(market_coordinator, full_event):
    """The published schedule, and the clock at 16:40 on the day of the event."""
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    schedule_publish(actor=market_coordinator, event=event)
    event.refresh_from_db()
    moment = datetime.datetime.combine(
        event.date, datetime.time(16, 40), tzinfo=timezone.get_current_timezone()
    )
    with time_machine.travel(moment, tick=False):
        yield event, regs, candidates


def running_interview(**lookup) -> Interview:
    interview = (
        Interview.objects.filter(slot=RUNNING, state="planned", **lookup)
        .select_related("candidate__participant")
        .first()
    )
    assert interview is not None, "the schedule has an interview in the running slot"
    return interview


def new_mail_ids(since):
    return OutboxEmail.objects.filter(pk__gt=since or 0)


def last_mail():
    return OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first()


def started_slots(event):
    return sorted(
        Interview.objects.filter(event=event, slot__lte=RUNNING).values_list(
            "candidate_id", "employer_id", "slot", "state"
        )
    )


def test_the_slot_in_progress_is_known(at_16_40):
    event, _regs, _candidates = at_16_40
    assert slot_in_progress(event) == RUNNING and current_slot(event) == NEXT
    day = event.date
    tz = timezone.get_current_timezone()
    assert slot_in_progress(event, datetime.datetime.combine(day, datetime.time(15, 0), tzinfo=tz)) is None
    assert slot_in_progress(event, datetime.datetime.combine(day, datetime.time(17, 35), tzinfo=tz)) is None
    assert slot_in_progress(event, datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=tz)) == 0


def test_a_late_employer_loses_the_running_slots_interview_too_and_the_candidate_is_told(
    client, market_coordinator, employer, at_16_40
):
    event, regs, _candidates = at_16_40
    late = regs[0]  # the `employer` user's organisation
    running = running_interview(employer=late)
    done = list(Interview.objects.filter(employer=late, slot__lt=RUNNING, state="planned"))
    since = last_mail()
    login(client, market_coordinator)
    response = client.post(
        reverse("event_day_employer", args=[late.pk]), {"action": "late", "until_slot": "3"}
    )
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.state == Interview.State.CANCELLED
    assert not Interview.objects.filter(
        employer=late, state="planned", slot__gte=RUNNING, slot__lt=3
    ).exists()
    assert all(Interview.objects.get(pk=i.pk).state == "planned" for i in done), "the finished slot stays"
    told = set(new_mail_ids(since).values_list("to", flat=True))
    assert running.candidate.participant.email in told
    assert late.contact_email not in told

    # The employer is asked for feedback only on the interviews that took place.
    due = {i.pk for i in feedback_due(employer)}
    assert running.pk not in due
    assert {i.pk for i in done} <= due
    client.logout()
    login(client, employer)
    page = client.get(reverse("recruitment_home")).content.decode()
    assert reverse("recruitment_feedback", args=[running.pk]) not in page


def test_the_replan_after_a_late_employer_only_uses_slots_that_have_not_started(
    client, market_coordinator, at_16_40
):
    event, regs, _candidates = at_16_40
    late = regs[0]
    running = running_interview(employer=late)
    login(client, market_coordinator)
    client.post(reverse("event_day_employer", args=[late.pk]), {"action": "late", "until_slot": "3"})
    before = started_slots(event)
    response = client.post(reverse("event_day_replan", args=[event.pk]))
    assert response.status_code == 302
    assert started_slots(event) == before, "nothing in a started slot changes, nothing is added there"
    running.refresh_from_db()
    assert running.state == Interview.State.CANCELLED
    assert_rules_hold(event)
    audit = AuditLog.objects.get(object_type="events.event", object_id=str(event.pk), action=Action.REPLAN)
    assert audit.note.startswith(f"re-planned from slot {NEXT}")


def test_an_employer_who_does_not_come_loses_the_running_slot_too(client, market_coordinator, at_16_40):
    event, regs, _candidates = at_16_40
    absent = regs[1]
    running = running_interview(employer=absent)
    login(client, market_coordinator)
    client.post(reverse("event_day_employer", args=[absent.pk]), {"action": "no_show"})
    running.refresh_from_db()
    assert running.state == Interview.State.CANCELLED
    assert not Interview.objects.filter(employer=absent, state="planned", slot__gte=RUNNING).exists()


def test_a_candidate_no_show_loses_the_running_slot_too(client, market_coordinator, employer, at_16_40):
    event, regs, _candidates = at_16_40
    running = running_interview(employer=regs[0])
    absent = running.candidate
    since = last_mail()
    login(client, market_coordinator)
    client.post(reverse("event_day_candidate", args=[absent.pk]), {"action": "no_show"})
    running.refresh_from_db()
    assert running.state == Interview.State.NO_SHOW  # as their later interviews
    assert not absent.interviews.filter(state="planned", slot__gte=RUNNING).exists()
    # A candidate's no-show tells nobody at once (nor for the later slots); the re-plan does.
    assert not new_mail_ids(since).exists()
    assert running.pk not in {i.pk for i in feedback_due(employer)}
    before = started_slots(event)
    day_replan(actor=market_coordinator, event=event)
    assert started_slots(event) == before


def test_someone_who_is_checked_in_keeps_the_running_slot(client, market_coordinator, at_16_40):
    _event, regs, _candidates = at_16_40
    employer_reg = regs[0]
    employer_running = running_interview(employer=employer_reg)
    candidate_running = running_interview(employer__in=regs[1:])
    candidate = candidate_running.candidate
    login(client, market_coordinator)
    client.post(reverse("event_day_employer", args=[employer_reg.pk]), {"action": "in"})
    client.post(reverse("event_day_candidate", args=[candidate.pk]), {"action": "in"})
    client.post(reverse("event_day_employer", args=[employer_reg.pk]), {"action": "no_show"})
    client.post(reverse("event_day_candidate", args=[candidate.pk]), {"action": "no_show"})
    employer_running.refresh_from_db()
    candidate_running.refresh_from_db()
    assert employer_running.state == candidate_running.state == Interview.State.PLANNED
    assert not Interview.objects.filter(employer=employer_reg, state="planned", slot__gte=NEXT).exists()
    assert not candidate.interviews.filter(state="planned", slot__gte=NEXT).exists()
