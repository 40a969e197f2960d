"""The audit's H2: hand moves that arrive at once never double-book a table or a candidate."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kobling.events.models import Interview
from kobling.events.schedule.selectors import move_problems
from kobling.events.schedule.services import interview_move, schedule_generate
from tests.fixtures.events import assert_rules_hold


def movers_into_one_table(event):
    """A one-table employer's slot made free, with its candidates elsewhere free then too: each of
    the employer's other interviews alone could move there, but only one fits."""
    employer = event.employers.filter(tables=1).order_by("pk").first()
    mine = list(Interview.objects.filter(employer=employer, state="planned").order_by("slot"))
    slot, others = mine[0].slot, mine[1:]
    Interview.objects.filter(employer=employer, slot=slot).update(state="cancelled")
    Interview.objects.filter(
        candidate__in=[i.candidate_id for i in others], slot=slot, state="planned"
    ).update(state="cancelled")
    movers = [i for i in others if not move_problems(i, slot)]
    assert len(movers) >= 2, "the test event gives several interviews that could move"
    return slot, movers


@pytest.mark.django_db
def test_the_database_refuses_a_second_interview_in_a_candidates_slot_or_at_a_table(
    market_coordinator, full_event
):
    event, _regs, _candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    taken = Interview.objects.filter(event=event, state="planned").first()
    other = Interview.objects.filter(event=event, state="planned").exclude(candidate=taken.candidate).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=other.pk).update(
            employer=taken.employer, slot=taken.slot, table=taken.table
        )
    same_candidate = Interview.objects.filter(candidate=taken.candidate).exclude(pk=taken.pk).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Interview.objects.filter(pk=same_candidate.pk).update(slot=taken.slot)
    # A cancelled interview holds nothing.
    Interview.objects.filter(pk=same_candidate.pk).update(state="cancelled")
    Interview.objects.filter(pk=same_candidate.pk).update(slot=taken.slot)


@pytest.mark.django_db
def test_a_move_into_a_full_table_is_refused_with_a_message(market_coordinator, full_event):
    event, _regs, _candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    slot, movers = movers_into_one_table(event)
    interview_move(actor=market_coordinator, interview=movers[0], slot=slot)
    with translation.override("en"), pytest.raises(ValidationError, match="tables are taken"):
        interview_move(actor=market_coordinator, interview=movers[1], slot=slot)
    assert_rules_hold(event)


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_into_one_table_give_one_winner_and_clear_messages(market_coordinator, full_event):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite takes one writer at a time")
    event, _regs, _candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    slot, movers = movers_into_one_table(event)
    start, outcomes = threading.Barrier(len(movers)), []

    def move(interview):
        client = Client()
        client.force_login(market_coordinator, backend="django.contrib.auth.backends.ModelBackend")
        client.cookies["django_language"] = "en"
        try:
            start.wait(10)
            response = client.post(reverse("event_interview_move", args=[interview.pk]), {"slot": slot})
            errors = response.context["form"].errors.get("slot", []) if response.status_code == 200 else []
            outcomes.append((response.status_code, " ".join(errors)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(i,)) for i in movers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(code for code, _text in outcomes)
    assert codes == [200] * (len(movers) - 1) + [302], outcomes
    assert all("taken" in text or "interview" in text for code, text in outcomes if code == 200), outcomes
    assert Interview.objects.filter(employer=movers[0].employer, slot=slot, state="planned").count() == 1
    assert_rules_hold(event)
