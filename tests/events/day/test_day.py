"""On the day: check-in, no-shows, late employers, and re-planning the rest of the day in under 5 s."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kobling.core.audit import Action
from kobling.core.models import AuditLog
from kobling.events.day.services import candidate_check_in, candidate_no_show, day_replan, employer_absent
from kobling.events.models import Interview
from kobling.events.schedule.selectors import shortfalls
from kobling.events.schedule.services import schedule_generate, schedule_publish
from kobling.events.selectors import LIVE_STATES
from kobling.notifications.models import OutboxEmail
from tests.conftest import login
from tests.fixtures.events import assert_rules_hold

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(market_coordinator, full_event, on_the_day):
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    schedule_publish(actor=market_coordinator, event=event)
    event.refresh_from_db()
    on_the_day(event)
    return event, regs, candidates


def snapshot(event, before_slot):
    return sorted(
        (i.candidate_id, i.employer_id, i.slot, i.state)
        for i in Interview.objects.filter(event=event, slot__lt=before_slot)
    )


def test_check_in_is_refused_before_the_schedule_is_published(market_coordinator, full_event):
    _event, _regs, candidates = full_event
    with pytest.raises(ValidationError):
        candidate_check_in(actor=market_coordinator, registration=candidates[0], present=True)


def test_check_in_and_no_shows_wait_for_the_day_of_the_event(client, market_coordinator, full_event):
    """Issue 8, defect 6: check-in was accepted five weeks before the event."""
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    schedule_publish(actor=market_coordinator, event=event)
    with translation.override("en"), pytest.raises(ValidationError, match="opens on the day of the event"):
        candidate_check_in(actor=market_coordinator, registration=candidates[0], present=True)
    with pytest.raises(ValidationError):
        candidate_no_show(actor=market_coordinator, registration=candidates[0], from_slot=0)
    with pytest.raises(ValidationError):
        employer_absent(actor=market_coordinator, registration=regs[0], until_slot=None, from_slot=0)
    candidates[0].refresh_from_db()
    assert candidates[0].checked_in_at is None and not candidates[0].no_show
    assert not Interview.objects.filter(event=event).exclude(state="planned").exists()


def test_the_check_in_list_marks_people_present(client, market_coordinator, published):
    event, regs, candidates = published
    login(client, market_coordinator)
    page = client.get(reverse("event_day", args=[event.pk]))
    assert page.status_code == 200 and "Ali Testesen" in page.content.decode()
    client.post(reverse("event_day_candidate", args=[candidates[0].pk]), {"action": "in"})
    client.post(reverse("event_day_employer", args=[regs[0].pk]), {"action": "in"})
    candidates[0].refresh_from_db()
    regs[0].refresh_from_db()
    assert candidates[0].checked_in_at and regs[0].checked_in_at


def test_a_no_show_frees_tables_that_a_replan_fills_changing_only_future_slots(market_coordinator, published):
    event, regs, candidates = published
    from_slot = 2
    candidate_no_show(actor=market_coordinator, registration=candidates[0], from_slot=from_slot)
    before_past = snapshot(event, from_slot)
    kept_future = {
        (i.candidate_id, i.employer_id, i.slot)
        for i in Interview.objects.filter(event=event, state="planned", slot__gte=from_slot)
    }
    started = time.monotonic()
    result = day_replan(actor=market_coordinator, event=event, from_slot=from_slot)
    assert time.monotonic() - started < 5
    assert snapshot(event, from_slot) == before_past  # the past is untouched
    assert_rules_hold(event)
    after = {
        (i.candidate_id, i.employer_id, i.slot)
        for i in Interview.objects.filter(event=event, state="planned", slot__gte=from_slot)
    }
    assert result.optimal
    # Published interviews are kept where possible: here all of them (nobody else was affected).
    assert kept_future <= after
    assert not Interview.objects.filter(
        candidate=candidates[0], state="planned", slot__gte=from_slot
    ).exists()


def test_a_replan_is_audited_as_a_re_plan(market_coordinator, published):
    event, _regs, candidates = published
    candidate_no_show(actor=market_coordinator, registration=candidates[0], from_slot=2)
    result = day_replan(actor=market_coordinator, event=event, from_slot=2)
    audit = AuditLog.objects.get(object_type="events.event", object_id=str(event.pk), action=Action.REPLAN)
    assert audit.actor == market_coordinator and audit.note.startswith("re-planned from slot 2")
    assert f"{len(result.interviews)} interviews" in audit.note


def test_a_late_employer_loses_early_slots_and_candidates_move(market_coordinator, published):
    event, regs, candidates = published
    late = regs[1]
    employer_absent(actor=market_coordinator, registration=late, until_slot=3, from_slot=0)
    assert not Interview.objects.filter(employer=late, state="planned", slot__lt=3).exists()
    result = day_replan(actor=market_coordinator, event=event, from_slot=0)
    assert not Interview.objects.filter(employer=late, state__in=LIVE_STATES, slot__lt=3).exists()
    assert_rules_hold(event)
    counts = {}
    for i in Interview.objects.filter(event=event, state__in=LIVE_STATES):
        counts[i.candidate_id] = counts.get(i.candidate_id, 0) + 1
    # Whoever is left below the minimum is the engine's proven best, and the panel names exactly them.
    assert result.optimal and sum(max(0, 3 - n) for n in counts.values()) == result.shortfall
    assert {s["candidate"].pk for s in shortfalls(event)} == {c for c, n in counts.items() if n < 3}


def test_an_employer_no_show_through_the_page_and_a_replan(client, market_coordinator, published):
    event, regs, _c = published
    login(client, market_coordinator)
    client.post(reverse("event_day_employer", args=[regs[2].pk]), {"action": "no_show"})
    response = client.post(reverse("event_day_replan", args=[event.pk]), follow=True)
    assert response.status_code == 200
    assert not Interview.objects.filter(employer=regs[2], state="planned").exists()
    event.refresh_from_db()
    assert event.schedule_version == 2


@pytest.mark.parametrize("role", ["advisor", "coordinator", "employer", "outsider"])
def test_only_organisers_run_the_day(client, request, published, role):
    event, regs, candidates = published
    login(client, request.getfixturevalue(role))
    assert client.get(reverse("event_day", args=[event.pk])).status_code == 404
    assert client.post(reverse("event_day_replan", args=[event.pk])).status_code == 404
    assert (
        client.post(
            reverse("event_day_candidate", args=[candidates[0].pk]), {"action": "no_show"}
        ).status_code
        == 404
    )


def day_of(event):
    return set(
        Interview.objects.filter(event=event, published=True).values_list(
            "candidate_id", "employer_id", "slot", "state"
        )
    )


def test_a_replan_emails_the_new_day_only_to_the_people_whose_day_changed(market_coordinator, published):
    event, regs, candidates = published
    candidate_no_show(actor=market_coordinator, registration=candidates[0], from_slot=2)
    before, first_mail = (
        day_of(event),
        OutboxEmail.objects.order_by("-pk").values_list("pk", flat=True).first(),
    )
    day_replan(actor=market_coordinator, event=event, from_slot=2)  # fills the tables the no-show freed
    changed = before ^ day_of(event)
    sent_to = set(OutboxEmail.objects.filter(pk__gt=first_mail).values_list("to", flat=True))
    with_a_day = set(
        Interview.objects.filter(event=event, state__in=LIVE_STATES).values_list("candidate_id", flat=True)
    )
    told = {c.participant.email for c in candidates if c.pk in {x[0] for x in changed} & with_a_day}
    not_told = {c.participant.email for c in candidates if c.pk not in {x[0] for x in changed}}
    assert told, "someone got a new interview in a freed table, so they are told"
    assert told <= sent_to
    employers = {x[1] for x in changed}
    assert {r.contact_email for r in regs if r.pk in employers} <= sent_to
    assert not (not_told & sent_to), "people whose day did not change get no e-mail"


def test_the_organiser_opens_one_persons_day_from_the_day_page_and_enters_feedback_for_an_employer(
    client, market_coordinator, published, on_the_day
):
    """Issue 8, defect 13: the market coordinator's gaps."""
    event, regs, candidates = published
    on_the_day(event, hour=17)  # the first interviews have begun
    login(client, market_coordinator)
    day_page = client.get(reverse("event_day", args=[event.pk])).content.decode()
    employer, candidate = regs[0], candidates[0]
    url = reverse("event_my_schedule", args=[event.pk])
    assert f"{url}?employer={employer.pk}" in day_page and f"{url}?candidate={candidate.pk}" in day_page
    page = client.get(url, {"employer": employer.pk})
    assert page.status_code == 200
    body = page.content.decode()
    begun = Interview.objects.filter(employer=employer, state__in=["planned"], slot=0).first()
    assert employer.organisation.name in body
    assert begun is not None and reverse("recruitment_feedback", args=[begun.pk]) in body
    ics = client.get(reverse("event_my_schedule_ics", args=[event.pk]), {"candidate": candidate.pk})
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content
    assert candidate.participant.full_name in client.get(url, {"candidate": candidate.pk}).content.decode()


@pytest.mark.parametrize("query", [{"candidate": "abc"}, {"employer": "-1"}, {"candidate": "999999"}])
def test_a_bad_or_foreign_registration_in_the_organisers_view_is_a_404(
    client, market_coordinator, published, query
):
    event, _regs, _candidates = published
    login(client, market_coordinator)
    assert client.get(reverse("event_my_schedule", args=[event.pk]), query).status_code == 404


def test_only_the_organiser_can_open_someone_elses_day(client, advisor, employer, published):
    event, regs, candidates = published
    other = next(r for r in regs if r.organisation_id != employer.memberships.first().organisation_id)
    login(client, employer)
    body = client.get(reverse("event_my_schedule", args=[event.pk]), {"employer": other.pk}).content.decode()
    assert other.organisation.name not in body
