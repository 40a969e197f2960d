"""Generating, checking, moving, locking and publishing the schedule."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from kobling.events import services
from kobling.events.models import EventStatus, Interview
from kobling.events.personal.selectors import schedule_mails
from kobling.events.schedule.selectors import move_problems, shortfalls
from kobling.events.schedule.services import (
    interview_lock,
    interview_move,
    schedule_generate,
    schedule_publish,
)
from kobling.notifications.models import OutboxEmail
from tests.conftest import login
from tests.fixtures.events import assert_rules_hold, live

pytestmark = pytest.mark.django_db


def test_the_organiser_generates_a_schedule_that_gives_everyone_their_minimum(
    client, market_coordinator, full_event
):
    event, regs, candidates = full_event
    login(client, market_coordinator)
    response = client.post(reverse("event_schedule_generate", args=[event.pk]), follow=True)
    assert response.status_code == 200
    assert_rules_hold(event)
    counts = {c.pk: 0 for c in candidates}
    for i in live(event):
        counts[i.candidate_id] += 1
    assert all(3 <= n <= 4 for n in counts.values())
    event.refresh_from_db()
    assert event.schedule_optimal
    page = response.content.decode()
    assert "Ali T." in page and regs[0].organisation.name in page


def test_the_grid_page_has_a_constant_number_of_queries(
    client, market_coordinator, full_event, django_assert_max_num_queries
):
    event, _regs, _c = full_event
    schedule_generate(actor=market_coordinator, event=event)
    login(client, market_coordinator)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("event_schedule", args=[event.pk]))
    assert response.status_code == 200 and "schedule-grid" in response.content.decode()


def test_generating_needs_the_scheduling_status(market_coordinator, event):
    with translation.override("en"), pytest.raises(ValidationError, match="Scheduling"):
        schedule_generate(actor=market_coordinator, event=event)


def test_a_move_that_breaks_a_rule_is_refused_with_the_reason(client, market_coordinator, full_event):
    event, _regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    ali = candidates[0]
    first, second = sorted(Interview.objects.filter(candidate=ali), key=lambda i: i.slot)[:2]
    login(client, market_coordinator)
    response = client.post(reverse("event_interview_move", args=[first.pk]), {"slot": second.slot})
    assert response.status_code == 200
    assert "Ali" in str(response.context["form"].errors["slot"])
    first.refresh_from_db()
    assert first.slot != second.slot


def test_a_valid_move_is_saved_and_audited(market_coordinator, full_event):
    event, _regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    interview = Interview.objects.filter(event=event).first()
    free = [s for s in range(len(event.slots())) if not move_problems(interview, s)]
    assert free, "the test event leaves room somewhere"
    event.refresh_from_db()
    was_proven = event.schedule_optimal
    interview_move(actor=market_coordinator, interview=interview, slot=free[0])
    interview.refresh_from_db()
    assert interview.slot == free[0]
    assert_rules_hold(event)
    event.refresh_from_db()
    assert was_proven and not event.schedule_optimal  # the page no longer says "proven best"


def test_locked_interviews_stay_when_generating_again(market_coordinator, full_event):
    event, _regs, _candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    interview = Interview.objects.filter(event=event).order_by("pk").first()
    free = [s for s in range(len(event.slots())) if not move_problems(interview, s)]
    if free:
        interview_move(actor=market_coordinator, interview=interview, slot=free[0])
    interview_lock(actor=market_coordinator, interview=interview, locked=True)
    interview.refresh_from_db()
    kept = (interview.candidate_id, interview.employer_id, interview.slot)
    schedule_generate(actor=market_coordinator, event=event)
    assert Interview.objects.filter(
        candidate_id=kept[0], employer_id=kept[1], slot=kept[2], locked=True, state="planned"
    ).exists()
    assert_rules_hold(event)


def test_the_shortfall_panel_says_who_is_short_and_suggests_a_fix(client, market_coordinator, full_event):
    event, regs, candidates = full_event
    # Hilde wishes for one employer only: she cannot reach three.
    with transaction.atomic():
        services.wishes_set(
            actor=market_coordinator, candidate=candidates[-1], ranks={regs[0].pk: 1}, vetoes={}
        )
    schedule_generate(actor=market_coordinator, event=event)
    with translation.override("en"):
        short = shortfalls(event)
    assert [s["candidate"] for s in short] == [candidates[-1]]
    assert "too few wishes" in " ".join(short[0]["reasons"]) and "more wishes" in short[0]["fix"]
    login(client, market_coordinator)
    page = client.get(reverse("event_schedule", args=[event.pk])).content.decode()
    assert "Hilde Testesen" in page


def test_publishing_sends_each_person_their_day_in_their_language_with_a_calendar(
    market_coordinator, full_event, advisor
):
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    sent = schedule_publish(actor=market_coordinator, event=event)
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED and event.schedule_version == 1
    assert not Interview.objects.filter(event=event, published=False).exists()
    emails = OutboxEmail.objects.filter(template__startswith="event_schedule_")
    assert sent == emails.count() == len(candidates) + len(regs) + 1
    english = emails.get(to=regs[1].contact_email)
    assert english.language == "en" and english.subject.startswith("Your candidates")
    advisor_mail = emails.get(to=advisor.email)
    assert "Ali Testesen" in advisor_mail.body
    ics = advisor_mail.attachments[0]
    assert ics["mimetype"].startswith("text/calendar") and ics["content"].count("BEGIN:VEVENT") >= 4
    candidate_mail = emails.get(to=candidates[0].participant.email)
    assert (
        candidate_mail.subject.startswith("Dine intervjuer")
        and regs[0].organisation.name in candidate_mail.body
    )


def test_publishing_shows_who_gets_which_e_mail_before_anything_is_sent(
    client, market_coordinator, full_event
):
    """Issue 8, defect 5: "Publiser og send timeplanene" sent 15 e-mails with one click."""
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    login(client, market_coordinator)
    client.cookies["django_language"] = "en"
    url = reverse("event_schedule_publish", args=[event.pk])
    assert (
        reverse("event_schedule_publish", args=[event.pk])
        in client.get(reverse("event_schedule", args=[event.pk])).content.decode()
    )
    preview = client.get(url)
    body = preview.content.decode()
    expected = len(schedule_mails(event=event))
    assert preview.status_code == 200 and f"Publish and send {expected} e-mails" in body
    assert candidates[0].participant.full_name in body and regs[0].organisation.name in body
    before = OutboxEmail.objects.count()
    # A POST without the confirmation (an old page, a double click) goes back to the preview.
    assert client.post(url).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULING and OutboxEmail.objects.count() == before
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert OutboxEmail.objects.count() == before + expected


@pytest.mark.parametrize("role", ["advisor", "coordinator", "employer", "outsider", "other_coordinator"])
def test_only_the_organiser_sees_the_publishing_preview_or_publishes(
    client, request, market_coordinator, full_event, role
):
    """The preview lists every recipient's name and e-mail address: it is the organiser's alone."""
    event, _regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    before = OutboxEmail.objects.count()
    login(client, request.getfixturevalue(role))
    url = reverse("event_schedule_publish", args=[event.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert candidates[0].participant.email not in response.content.decode()
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.SCHEDULING and OutboxEmail.objects.count() == before
