"""The pair's space in a real browser: pages pass axe-core, and on a phone a mentee logs a meeting and a
mentor sends a message, each in a few taps."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.mentoring import services as mentoring
from kobling.mentorspace import services
from kobling.mentorspace.models import MeetingLog, Message
from kobling.programmes.models import Status
from kobling.programmes.services import enrolment_create
from tests.browser.conftest import log_in, serious_violations
from tests.fixtures.mentoring import give_mentor_consent, make_mentor
from tests.fixtures.mentorspace import activate, space_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pair(mentor_programme, coordinator, mentor, participant_user):  # noqa: F811
    if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
        load_occupations(Occupation)
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
    pair = activate(proposed, coordinator)
    space = space_of(mentor, pair)
    services.goal_add(actor=mentor, space=space, title="Norsk CV ferdig")
    services.meeting_log(
        actor=mentor,
        space=space,
        held_on=timezone.localdate(),
        minutes=60,
        topics=["cv"],
        shared_notes="Bra",
    )
    services.resource_save(
        actor=coordinator,
        organisation=mentor_programme.organisation,
        data={
            "title": "Norsk arbeidskultur",
            "kind": "article",
            "body": "Janteloven.",
            "topics": ["work_culture"],
        },
    )
    return pair


def check(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert page.locator("h1").count() == 1, path
    assert serious_violations(page) == [], path


def test_coordinator_pages_pass_axe(page, coordinator, pair):
    slug = pair.programme.slug
    log_in(page, coordinator)
    for path in (
        reverse("mentorspace_index"),
        reverse("mentorspace_board", args=[slug]),
        reverse("mentorspace_board", args=[slug]) + "?risk=1",
        reverse("mentorspace_settings", args=[slug]),
        reverse("mentorspace_resource_admin", args=[slug]),
        reverse("mentorspace_resource_new", args=[slug]),
        reverse("mentorspace_space", args=[pair.pk]),
        reverse("mentorspace_meetings", args=[pair.pk]),
    ):
        check(page, path)


def test_mentee_logs_a_meeting_on_a_phone(phone_page, participant_user, pair):
    page = phone_page
    log_in(page, participant_user)
    check(page, reverse("mentorspace_space", args=[pair.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.click(f"a[href='{reverse('mentorspace_meeting_new', args=[pair.pk])}']")
    page.wait_for_load_state()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.check("input[name=minutes][value='45']")
    page.check("input[name=topics][value='interviews']")
    page.fill("#id_shared_notes", "Øvde på intervju")
    page.fill("#id_private_note", "Jeg var nervøs")
    page.click("form button[type=submit]")
    page.wait_for_url(f"**{reverse('mentorspace_space', args=[pair.pk])}")
    latest = MeetingLog.objects.filter(mentorship=pair).order_by("-pk").first()
    assert (latest.minutes, latest.topics, latest.shared_notes) == (45, ["interviews"], "Øvde på intervju")
    assert "checkin-title" in page.content()  # the fit question after the first meeting
    check(page, reverse("mentorspace_resources", args=[pair.pk]))
    check(page, reverse("mentorspace_meetings", args=[pair.pk]))


def test_mentor_sends_a_message_on_a_phone(phone_page, mentor, pair):
    page = phone_page
    log_in(page, mentor)
    check(page, reverse("mentorspace_messages", args=[pair.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.fill("#id_body", "Hei! Torsdag kl. 17?")
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    assert Message.objects.filter(mentorship=pair, body="Hei! Torsdag kl. 17?").exists()
    assert "Torsdag kl. 17?" in page.content()
    assert serious_violations(page) == []
