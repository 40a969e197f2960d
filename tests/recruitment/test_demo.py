"""The demo's Ta sjansen series: seven past events in Innlandet with the seed's figures."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import Organisation, User
from kobling.demo.events import build_events_demo
from kobling.demo.recruitment import build_recruitment_demo
from kobling.events.models import EventStatus
from kobling.recruitment.models import Feedback
from kobling.recruitment.reports import figures as reports
from tests.conftest import login
from tests.fixtures.demo import demo_fixture

pytestmark = pytest.mark.django_db

# `build_demo(extras=False)`, shared with the other demo modules (tests/fixtures/demo.py).
demo = demo_fixture("base")


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_demo_series_tells_the_seeds_story(demo, client):
    upcoming = build_events_demo()  # the upcoming event joins the same series
    events = build_recruitment_demo()
    assert len(events) == 7 and len({e.venue_id for e in events}) == 7
    assert all(e.venue.region == "34" and e.status in (EventStatus.HELD, EventStatus.CLOSED) for e in events)
    organiser = Organisation.objects.get(slug="nav-mjosstrand")
    series = reports.series_report(organiser, date_to=timezone.localdate())  # the past events
    assert 95 <= series.people.candidates <= 105
    assert (series.people.job, series.people.practice) == (10, 40)
    assert (series.total.jobs_started, series.total.practice_started) == (10, 40)
    assert series.total.held >= 3 * 90 and series.total.no_shows > 0
    assert series.total.feedback == series.total.held
    employers = reports.employers_report(organiser)
    assert len(employers) >= 30 and sum(r.comes_back for r in employers) >= 5
    assert Feedback.objects.filter(released_at__isnull=True).exists()  # the latest event's, to pass on

    market_coordinator = User.objects.get(email="marked@kobling.example")
    login(client, market_coordinator)
    page = client.get(reverse("recruitment_series"), {"organiser": organiser.pk}).content.decode()
    assert "NAV Tjernmo" in page and "<svg" in page
    assert (
        len(reports.series_report(organiser).events) == 8
        and upcoming.organisers.filter(pk=organiser.pk).exists()
    )
    advisor = User.objects.get(email="veileder@kobling.example")
    login(client, advisor)
    assert "Pass on to the candidate" in client.get(reverse("recruitment_home")).content.decode() or (
        Feedback.objects.filter(interview__candidate__advisor=advisor, released_at__isnull=True).exists()
    )
    employer = User.objects.get(email="arbeidsgiver@kobling.example")
    login(client, employer)
    assert client.get(reverse("recruitment_home")).status_code == 200
