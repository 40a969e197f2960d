"""The network demo, built on top of the main and mentoring demos: people in the directory, a
board with answers, and meetups within their seats; the demo mentor sees it all in the browser."""

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from kobling.core.models import User
from kobling.demo import data
from kobling.network.models import Meetup, MeetupSignup, Question
from kobling.network.selectors import directory_rows, seat_for
from tests.conftest import login
from tests.fixtures.demo import demo_fixture

# `build_demo(extras=False)`, `build_mentoring_demo()`, then `build_network_demo()` (its value), shared
# (tests/fixtures/demo.py).
demo = demo_fixture("base", "mentoring", "network")


@pytest.mark.django_db
def test_the_demo_network_has_people_questions_and_meetups(demo):
    assert demo["questions"] >= 8 and demo["meetups"] >= 6 and demo["mentee_logins"] >= 5
    mentor = User.objects.get(email=f"mentor@{data.DOMAIN}")
    rows = list(directory_rows(seat_for(mentor, "fagmentor")))
    kinds = {r["d_kind"] for r in rows}
    assert kinds == {"mentor", "mentee"} and len(rows) > 60
    assert Question.objects.filter(answers__hidden_at__isnull=False).exists()
    for meetup in Meetup.objects.annotate(taken=Count("signups", filter=Q(signups__state="confirmed"))):
        assert meetup.taken <= meetup.capacity
    assert MeetupSignup.objects.filter(state="waiting").exists()
    assert MeetupSignup.objects.filter(attended=True).exists()


@pytest.mark.django_db
def test_the_demo_mentor_and_a_waiting_mentee_use_the_network(demo, client):
    login(client, User.objects.get(email=f"mentor@{data.DOMAIN}"))
    assert client.get(reverse("network_directory", args=["fagmentor"])).status_code == 200
    mentee = User.objects.filter(
        participant__enrolments__programme__slug="fagmentor", memberships__role="participant"
    ).first()
    login(client, mentee)
    page = client.get(reverse("network_meetups", args=["fagmentor"]))
    assert page.status_code == 200
    assert "Digitalt kaffetreff" in page.content.decode()
