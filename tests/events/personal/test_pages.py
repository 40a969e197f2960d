"""Personal schedules per role: each sees their own day, and outsiders nothing."""

import pytest
from django.urls import reverse

from kobling.core.roles import Role
from kobling.events.models import Interview
from kobling.events.schedule.services import schedule_generate, schedule_publish
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(market_coordinator, full_event):
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    schedule_publish(actor=market_coordinator, event=event)
    event.refresh_from_db()
    return event, regs, candidates


def test_the_candidate_sees_employer_table_and_time(client, published, provider):
    event, regs, candidates = published
    ali = candidates[0]
    user = make_user("ali@example.no", Role.PARTICIPANT, provider, "Ali Testesen")
    ali.participant.user = user
    ali.participant.save(update_fields=["user"])
    login(client, user)
    page = client.get(reverse("event_my_schedule", args=[event.pk])).content.decode()
    for i in Interview.objects.filter(candidate=ali):
        assert i.employer.organisation.name in page
    ics = client.get(reverse("event_my_schedule_ics", args=[event.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert ics.content.decode().count("BEGIN:VEVENT") == Interview.objects.filter(candidate=ali).count()


def test_the_employer_sees_their_candidates_short_profiles_only(client, published, employer):
    event, regs, _candidates = published
    login(client, employer)
    page = client.get(reverse("event_my_schedule", args=[event.pk])).content.decode()
    names = [i.candidate.participant.first_name for i in Interview.objects.filter(employer=regs[0])]
    assert names and all(n in page for n in names)
    assert "Testesen" not in page  # last names stay hidden
    assert "Brukerstøtte" in page  # the short profile
    assert "Informasjonsmøte" in page or "Information meeting" in page


def test_the_advisor_sees_their_candidates_times_and_nobody_elses(client, published, advisor):
    event, _regs, candidates = published
    login(client, advisor)
    page = client.get(reverse("event_my_schedule", args=[event.pk])).content.decode()
    assert "Ali Testesen" in page and "Dina Testesen" in page
    assert "Erik" not in page and "Hilde" not in page


@pytest.mark.parametrize("role", ["outsider", "mentor"])
def test_outsiders_get_no_schedule(client, request, published, role):
    event, _regs, _c = published
    login(client, request.getfixturevalue(role))
    assert client.get(reverse("event_my_schedule", args=[event.pk])).status_code == 404
    assert client.get(reverse("event_my_schedule_ics", args=[event.pk])).status_code == 404
