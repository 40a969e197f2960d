"""An active mentor pair: the mentor persona with the participant persona as mentee, made the way the
mentoring app makes pairs (proposal, intro meeting, both say yes)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from kobling.mentoring import services as mentoring
from kobling.mentoring.models import Mentorship
from kobling.programmes.models import Status
from kobling.programmes.services import enrolment_create
from tests.mentoring.conftest import (  # noqa: F401
    give_mentor_consent,
    make_mentee,
    make_mentor,
    mentor_programme,
    other_mentor_programme,
)


def activate(pair: Mentorship, actor, *, started_days_ago: int = 0) -> Mentorship:
    # The two answer "shall we go on?" once the intro meeting has begun: it began half an hour ago.
    mentoring.mentorship_plan_intro(
        actor=actor,
        mentorship=pair,
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        minutes=45,
        place="Kafé",
        video_url="",
    )
    for side in ("mentee", "mentor"):
        pair = Mentorship.objects.select_related("programme", "mentee__enrolment", "mentor").get(pk=pair.pk)
        mentoring.mentorship_answer(actor=actor, mentorship=pair, side=side, go_on=True)
    pair.refresh_from_db()
    if started_days_ago:
        start = timezone.localdate() - datetime.timedelta(days=started_days_ago)
        from kobling.programmes.followup.outcomes import add_months

        Mentorship.objects.filter(pk=pair.pk).update(started_on=start, ends_on=add_months(start, 6))
        pair.refresh_from_db()
    assert pair.state == Mentorship.State.ACTIVE
    return pair


@pytest.fixture
def pair(mentor_programme, coordinator, mentor, participant_user):  # noqa: F811
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    with transaction.atomic():
        enrolment = enrolment_create(
            actor=coordinator,
            participant=participant_user.participant,
            programme=mentor_programme,
            status=Status.PARTICIPATING,
        )
        mentee = mentoring.mentee_profile_for(enrolment)
        give_mentor_consent(participant_user.participant, participant_user)
        proposed = mentoring.mentorship_propose(actor=coordinator, mentee=mentee, mentor=own)
    return activate(proposed, coordinator)


@pytest.fixture
def other_pair(other_mentor_programme, other_coordinator):  # noqa: F811
    mentee = make_mentee(other_mentor_programme, other_coordinator, first="Sara", last="Annen")
    own = make_mentor(other_mentor_programme, name="Ola Annen")
    with transaction.atomic():
        proposed = mentoring.mentorship_propose(actor=other_coordinator, mentee=mentee, mentor=own)
    return activate(proposed, other_coordinator)


def space_of(user, pair):
    from kobling.mentorspace.selectors import space_for_user

    return space_for_user(user, pair.pk)
