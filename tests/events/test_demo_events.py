"""The demo's upcoming Ta sjansen event, built after the main demo, is ready to schedule."""

import pytest
from django.test import override_settings
from django.urls import reverse

from kobling.core.models import User
from kobling.demo.events import build_events_demo
from kobling.events import services
from kobling.events.models import EventStatus
from kobling.events.schedule.services import schedule_generate, schedule_publish
from kobling.people.models import Consent
from kobling.people.selectors import has_consent
from tests.conftest import login
from tests.fixtures.demo import demo_fixture

pytestmark = pytest.mark.django_db

# `build_demo(extras=False)`, shared with the other demo modules (tests/fixtures/demo.py).
demo = demo_fixture("base")


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_event_is_ready_for_every_role(demo, client):
    event = build_events_demo()
    assert event.status == EventStatus.OPEN and event.venue.region == "34"
    assert event.date > event.candidate_deadline > event.created_at.date()
    employers = list(event.employers.select_related("organisation"))
    candidates = list(event.candidates.select_related("participant"))
    assert len(employers) >= 6 and len(candidates) == 20
    assert all(e.openings.exists() for e in employers)
    assert all(has_consent(c.participant, Consent.Purpose.EMPLOYERS) for c in candidates)
    assert all(c.wishes.count() >= 4 for c in candidates)

    market_coordinator = User.objects.get(email="marked@kobling.example")
    advisor = User.objects.get(email="veileder@kobling.example")
    employer = User.objects.get(email="arbeidsgiver@kobling.example")
    assert any(c.participant.advisor_id == advisor.pk for c in candidates)
    login(client, employer)
    bolgedata = next(e for e in employers if e.organisation.slug == "bolgedata")
    assert bolgedata.contact_email == employer.email
    assert client.get(reverse("event_employer_interest", args=[bolgedata.pk])).status_code == 200
    login(client, advisor)
    page = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert reverse("event_candidate_new", args=[event.pk]) in page
    own = [c for c in candidates if c.participant.advisor_id == advisor.pk]
    assert all(c.participant.full_name in page for c in own)

    services.event_change_status(actor=market_coordinator, event=event, status=EventStatus.SCHEDULING)
    result = schedule_generate(actor=market_coordinator, event=event)
    assert result.optimal and result.shortfall <= 2
    assert schedule_publish(actor=market_coordinator, event=event) > len(candidates)
