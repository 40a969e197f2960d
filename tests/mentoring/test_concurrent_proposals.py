"""The audit's low finding: two proposals for one mentee at the same moment raised an unhandled
IntegrityError. The second now waits for the first and is refused with a message."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from kobling.mentoring import services
from kobling.mentoring.models import Mentorship
from tests.fixtures.mentoring import make_mentee, make_mentor


@pytest.mark.django_db(transaction=True)
def test_two_proposals_for_one_mentee_at_once_give_one_pair_and_one_message(coordinator, mentor_programme):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite takes one writer at a time")
    mentee = make_mentee(mentor_programme, coordinator)
    mentors = [make_mentor(mentor_programme, name=n) for n in ("Mona Mentor", "Martin Mentor")]
    holding, release, outcome = threading.Event(), threading.Event(), []

    def propose_and_hold():
        try:
            with transaction.atomic():
                services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentors[0])
                holding.set()
                release.wait(10)
            outcome.append("first")
        finally:
            connections.close_all()

    def propose():
        holding.wait(10)
        try:
            with transaction.atomic():
                services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentors[1])
            outcome.append("second")
        except ValidationError as error:
            outcome.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose_and_hold), threading.Thread(target=propose)]
    for thread in threads:
        thread.start()
    holding.wait(10)
    threading.Event().wait(0.5)  # the second call is now waiting for the mentee's row
    release.set()
    for thread in threads:
        thread.join()
    assert len(outcome) == 2 and "first" in outcome and "second" not in outcome
    refused = next(text for text in outcome if text != "first")
    assert "mentor" in refused.lower()  # the refusal's message, in the user's language
    assert Mentorship.objects.filter(mentee=mentee).count() == 1


@pytest.mark.django_db
def test_a_second_proposal_for_a_mentee_is_refused(coordinator, mentor_programme):
    mentee = make_mentee(mentor_programme, coordinator)
    first, second = (make_mentor(mentor_programme, name=n) for n in ("Mona Mentor", "Martin Mentor"))
    services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=first)
    with pytest.raises(ValidationError):
        services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=second)
    assert Mentorship.objects.filter(mentee=mentee).count() == 1
