"""Network fixtures: the persona provider's mentor programme with a mentor, a waiting mentee, a
partner company's mentor, and helpers to put people in the directory."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from kobling.network import services
from kobling.network.selectors import seat_for
from kobling.people import services as people_services
from kobling.people.models import Consent
from kobling.programmes.models import Status
from kobling.programmes.services import enrolment_create
from tests.conftest import make_participant, make_user
from tests.fixtures.mentoring import make_mentor


def show_mentor(mentor, given=True):
    with transaction.atomic():
        services.mentor_visibility_set(actor=None, mentor=mentor, given=given)


def show_participant(participant, given=True):
    with transaction.atomic():
        people_services.consent_set(
            actor=None, participant=participant, purpose=Consent.Purpose.DIRECTORY, given=given
        )


def make_meetup(programme, *, title="Nettverkstreff i Bergen", days=7, capacity=20, region="46", **fields):
    return services.meetup_create(
        actor=None,
        programme=programme,
        data={
            "title": title,
            "starts_at": timezone.now() + timedelta(days=days),
            "minutes": 120,
            "place": fields.pop("place", "Bryggen 1, Bergen"),
            "capacity": capacity,
            "region": region,
            "waiting_list": fields.pop("waiting_list", True),
            **fields,
        },
    )


@pytest.fixture
def mentor_profile(mentor_programme, mentor):  # noqa: F811
    """The mentor persona's approved profile, in Bergen."""
    return make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)


@pytest.fixture
def mentee_enrolment(mentor_programme, participant_user, participant, coordinator):  # noqa: F811
    """The participant persona, on the mentor programme's waiting list (no mentor yet)."""
    participant.region, participant.municipality = "46", "Bergen"
    participant.save(update_fields=["region", "municipality"])
    with transaction.atomic():
        return enrolment_create(
            actor=coordinator, participant=participant, programme=mentor_programme, status=Status.WAITING_LIST
        )


@pytest.fixture
def partner_mentor(mentor_programme, employer_org):  # noqa: F811
    """A colleague of the employer persona mentors in the programme, so the partner has a seat."""
    return make_mentor(
        mentor_programme, name="Petter Partner", partner=employer_org, region="03", municipality="Oslo"
    )


@pytest.fixture
def network(mentor_profile, mentee_enrolment, partner_mentor):
    return mentor_profile.programme


@pytest.fixture
def seat_of():
    def seat(user, programme):
        return seat_for(user, programme.slug)

    return seat


@pytest.fixture
def foreign_member(other_mentor_programme, other_coordinator):  # noqa: F811
    """A mentee in another provider's mentor programme, visible in its directory."""
    participant = make_participant(
        other_mentor_programme.organisation, first="Jonas", last="Berg", actor=other_coordinator
    )
    with transaction.atomic():
        enrolment_create(
            actor=other_coordinator,
            participant=participant,
            programme=other_mentor_programme,
            status=Status.PARTICIPATING,
        )
    show_participant(participant)
    user = make_user("jonas.berg@example.no", "participant", participant.organisation, "Jonas Berg")
    participant.user = user
    participant.save(update_fields=["user"])
    return user
