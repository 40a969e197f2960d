"""An event with employers, candidates and wishes, built through the services as the pages would."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from kobling.core.models import Occupation
from kobling.core.roles import Role
from kobling.events import services
from kobling.events.models import Event, EventStatus, Interview
from kobling.events.selectors import LIVE_STATES
from kobling.people import services as people
from kobling.people.models import Consent
from tests.conftest import make_org, make_participant, make_user


def event_data(**overrides) -> dict:
    day = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "title": "Ta sjansen",
        "address": "Storgata 1",
        "date": day,
        "starts_at": datetime.time(16, 0),
        "ends_at": datetime.time(19, 0),
        "slot_minutes": 30,
        "breaks": ["17:30-17:45"],
        "info_meeting_at": datetime.time(15, 30),
        "min_interviews": 3,
        "max_interviews": 4,
        "employer_deadline": day - datetime.timedelta(days=7),
        "candidate_deadline": day - datetime.timedelta(days=5),
        **overrides,
    }


def make_event(organiser, venue, actor, *, status=EventStatus.OPEN, **overrides) -> Event:
    with transaction.atomic():
        event = services.event_create(
            actor=actor, organisers=[organiser], data={"venue": venue, **event_data(**overrides)}
        )
    if status != EventStatus.DRAFT:
        services.event_change_status(actor=actor, event=event, status=EventStatus.OPEN)
    if status in (EventStatus.SCHEDULING, EventStatus.PUBLISHED):
        services.event_change_status(actor=actor, event=event, status=EventStatus.SCHEDULING)
    return Event.objects.get(pk=event.pk)


def consent(participant, actor):
    with transaction.atomic():
        people.consent_set(
            actor=actor, participant=participant, purpose=Consent.Purpose.EMPLOYERS, given=True
        )


def register_employer(event, org, actor, *, tables=1, email=None, language="nb"):
    return services.employer_register(
        actor=actor,
        event=event,
        organisation=org,
        data={
            "contact_name": f"Kontakt {org.name}",
            "contact_email": email or f"kontakt@{org.slug}.example.no",
            "language": language,
            "tables": tables,
            "looking_for": "Folk som liker å lære",
        },
    )


def register_candidate(event, participant, actor, **data):
    consent(participant, actor)
    return services.candidate_register(
        actor=actor,
        event=event,
        participant=participant,
        data={
            "looking_for": "Brukerstøtte",
            "experience": "Lager, kundeservice",
            "languages": "norsk B1",
            **data,
        },
    )


@pytest.fixture
def market(nav_office):
    return make_user("marked@nav.example.no", Role.NAV_MARKET, nav_office, "Mona Marked")


@pytest.fixture
def event(market, nav_office):
    return make_event(nav_office, nav_office, market)


@pytest.fixture
def occupation(db):
    return Occupation.objects.get(code="2512") if Occupation.objects.filter(code="2512").exists() else None


@pytest.fixture
def employer_reg(event, employer_org, employer, market):
    return register_employer(event, employer_org, market)


@pytest.fixture
def candidate_reg(event, participant, advisor):
    return register_candidate(event, participant, advisor, advisor_attends=True)


@pytest.fixture
def full_event(market, nav_office, advisor, coordinator, provider, employer_org, employer):
    """Four employers (one with two tables), eight candidates with wishes, six slots, status scheduling."""
    event = make_event(nav_office, nav_office, market, ends_at=datetime.time(19, 30))
    regs = [register_employer(event, employer_org, market, tables=2)]
    for i in range(3):
        org = make_org(f"Arbeidsgiver {i}", "employer")
        regs.append(register_employer(event, org, market, language="en" if i == 0 else "nb"))
    names = ["Ali", "Bente", "Carlos", "Dina", "Erik", "Fatima", "Goran", "Hilde"]
    candidates = []
    for n, first in enumerate(names):
        p = make_participant(
            provider, first=first, last="Testesen", advisor=advisor if n < 4 else None, actor=coordinator
        )
        reg = register_candidate(event, p, advisor if n < 4 else coordinator, advisor_attends=n < 2)
        with transaction.atomic():
            services.wishes_set(
                actor=coordinator,
                candidate=reg,
                ranks={r.pk: k + 1 for k, r in enumerate(regs[n % 4 :] + regs[: n % 4])},
                vetoes={},
            )
        candidates.append(reg)
    services.event_change_status(actor=market, event=event, status=EventStatus.SCHEDULING)
    event.refresh_from_db()
    return event, regs, candidates


@pytest.fixture
def on_the_day():
    """Moves the clock to 15:00 on the day the test events are held (14 days ahead), when the
    day's check-in is open; returns a function that travels there for a given event."""
    travels = []

    def travel(event, hour=15):
        moment = datetime.datetime.combine(
            event.date, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
        )
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        travels.append(traveller)

    yield travel
    for traveller in reversed(travels):
        traveller.stop()


def live(event):
    return list(Interview.objects.filter(event=event, state__in=LIVE_STATES))


def assert_rules_hold(event):
    """Every rule of a schedule holds among the event's live interviews, tables numbered."""
    interviews = live(event)
    seen_pairs, cand_slot, emp_slot, adv_slot = set(), set(), {}, set()
    for i in interviews:
        assert (i.candidate_id, i.employer_id) not in seen_pairs
        seen_pairs.add((i.candidate_id, i.employer_id))
        assert (i.candidate_id, i.slot) not in cand_slot
        cand_slot.add((i.candidate_id, i.slot))
        emp_slot[(i.employer_id, i.slot)] = emp_slot.get((i.employer_id, i.slot), 0) + 1
        assert emp_slot[(i.employer_id, i.slot)] <= i.employer.tables
        assert 1 <= i.table <= i.employer.tables
        if i.candidate.advisor_attends:
            assert (i.candidate.advisor_id, i.slot) not in adv_slot
            adv_slot.add((i.candidate.advisor_id, i.slot))
