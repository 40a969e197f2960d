"""A held Ta sjansen event, built straight from the event models as a past event would be stored:
two employers, three candidates (Amina, followed by the advisor, with a login and an enrolment that
participates; Bilal of the same provider without an advisor; Jonas of another provider), published
interviews. Feedback, offers and reports are then made through the recruitment services."""

import datetime

import pytest
from django.utils import timezone

from kobling.core.models import Occupation
from kobling.core.roles import Role
from kobling.events.models import (
    CandidateRegistration,
    EmployerRegistration,
    Event,
    EventStatus,
    Interview,
    Opening,
)
from kobling.programmes.models import Status
from kobling.programmes.services import enrolment_change_status
from kobling.recruitment import services
from kobling.recruitment.models import FeedbackOutcome
from tests.conftest import make_org, make_participant, make_user

GOOD = {"motivation": 5, "communication": 4, "skills": 3, "fit": 4, "strengths": "Nysgjerrig og presis"}


def feedback_values(outcome=FeedbackOutcome.PRACTICE_OFFER, **overrides):
    return {**GOOD, "advice": "Øv på å fortelle om prosjektene dine", "outcome": outcome, **overrides}


def make_held_event(organiser, venue, *, title="Ta sjansen", days_ago=7, status=EventStatus.HELD) -> Event:
    date = timezone.localdate() - datetime.timedelta(days=days_ago)
    event = Event.objects.create(
        title=title,
        venue=venue,
        address="Storgata 1",
        date=date,
        starts_at=datetime.time(16, 0),
        ends_at=datetime.time(18, 0),
        employer_deadline=date - datetime.timedelta(days=10),
        candidate_deadline=date - datetime.timedelta(days=7),
        status=status,
    )
    event.organisers.set([organiser])
    return event


def register(event, org, **fields):
    return EmployerRegistration.objects.create(
        event=event,
        organisation=org,
        state=EmployerRegistration.State.REGISTERED,
        contact_name=f"Kontakt {org.name}",
        contact_email=f"kontakt@{org.slug}.example.no",
        **fields,
    )


def candidate(event, participant, **fields):
    return CandidateRegistration.objects.create(
        event=event,
        participant=participant,
        advisor=participant.advisor,
        looking_for="Brukerstøtte",
        consent_at=timezone.now(),
        **fields,
    )


def interview(event, cand, emp, slot, **fields):
    return Interview.objects.create(
        event=event, candidate=cand, employer=emp, slot=slot, published=True, **fields
    )


@pytest.fixture
def market(nav_office):
    return make_user("marked@nav.example.no", Role.NAV_MARKET, nav_office, "Mona Marked")


@pytest.fixture
def other_market(db):
    office = make_org("NAV Andrevik", "nav_office")
    return make_user("marked@andrevik.example.no", Role.NAV_MARKET, office, "Anders Andrevik")


@pytest.fixture
def other_employer(db):
    org = make_org("Fremmed Firma AS", "employer")
    return make_user("sjef@fremmed.example.no", Role.EMPLOYER, org, "Frida Fremmed")


@pytest.fixture
def world(
    market,
    nav_office,
    advisor,
    coordinator,
    provider,
    employer_org,
    employer,
    participant,
    participant_user,
    foreign_participant,
    programme,
    other_employer,
):
    """(event, {name: interview}) with Amina participating in a programme."""
    enrolment = participant.enrolments.get()
    for status in (Status.WAITING_START, Status.PARTICIPATING):
        enrolment_change_status(enrolment=enrolment, status=status, actor=coordinator)
    event = make_held_event(nav_office, nav_office)
    second = make_org("Granittregnskap AS", "employer")
    bolge = register(event, employer_org, tables=2)
    granitt = register(event, second)
    code = Occupation.objects.filter(code="3512").first()
    if code:
        Opening.objects.create(registration=bolge, kind="job", occupation=code)
    bilal = make_participant(provider, first="Bilal", last="Ahmadi", actor=coordinator)
    amina_c = candidate(event, participant, advisor_attends=True)
    bilal_c = candidate(event, bilal)
    jonas_c = candidate(event, foreign_participant)
    interviews = {
        "amina_bolge": interview(event, amina_c, bolge, 0),
        "amina_granitt": interview(event, amina_c, granitt, 1),
        "bilal_bolge": interview(event, bilal_c, bolge, 1, table=2),
        "jonas_granitt": interview(event, jonas_c, granitt, 0),
        "jonas_bolge": interview(event, jonas_c, bolge, 2, state=Interview.State.NO_SHOW),
    }
    return event, interviews


def give(actor, interview, outcome=FeedbackOutcome.PRACTICE_OFFER, **overrides):
    return services.feedback_save(
        actor=actor, interview=interview, values=feedback_values(outcome, **overrides)
    )
