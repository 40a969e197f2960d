"""Network pages in a real browser: every role's pages pass axe-core, and on a phone a waiting
mentee signs up for a meetup and asks the network a question."""

import pytest
from django.db import transaction
from django.urls import reverse

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.network import services
from kobling.network.models import MeetupSignup, Question
from kobling.network.selectors import seat_for
from kobling.programmes.models import Status
from kobling.programmes.services import enrolment_create
from tests.browser.conftest import log_in, serious_violations
from tests.fixtures.mentoring import make_mentee, make_mentor
from tests.network.conftest import make_meetup, show_mentor, show_participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(mentor_programme, coordinator, mentor, employer_org, participant_user):  # noqa: F811
    # Transactional tests flush the database after each test, data migrations included.
    if not Occupation.objects.exists():
        load_occupations(Occupation)
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    show_mentor(own)
    show_mentor(
        make_mentor(
            mentor_programme, name="Petter Partner", partner=employer_org, region="03", municipality="Oslo"
        )
    )
    for i in range(3):
        mentee = make_mentee(mentor_programme, coordinator, first=f"Mentee{i}", last="Test")
        show_participant(mentee.enrolment.participant)
    participant = participant_user.participant
    participant.region, participant.municipality = "46", "Bergen"
    participant.save(update_fields=["region", "municipality"])
    with transaction.atomic():
        enrolment_create(
            actor=coordinator, participant=participant, programme=mentor_programme, status=Status.WAITING_LIST
        )
    meetup = make_meetup(mentor_programme, title="Nettverkstreff på Bryggen", capacity=1)
    make_meetup(
        mentor_programme, title="Digitalt kaffetreff", region="", place="", video_url="https://meet.example/k"
    )
    question = services.question_ask(
        actor=mentor, seat=seat_for(mentor, mentor_programme.slug), title="Hvem kjenner noen i Equinor?"
    )
    services.answer_post(
        actor=participant_user,
        seat=seat_for(participant_user, mentor_programme.slug),
        question=question,
        body="Jeg har en tidligere kollega der.",
    )
    return {"programme": mentor_programme, "meetup": meetup, "question": question}


def check(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert page.locator("h1").count() >= 1, path
    assert serious_violations(page) == [], path


def test_coordinator_pages_pass_axe(page, coordinator, setup):
    slug = setup["programme"].slug
    log_in(page, coordinator)
    for name in (
        "network_home",
        "network_directory",
        "network_questions",
        "network_meetups",
        "network_meetup_new",
    ):
        check(page, reverse(name, args=[slug]))
    check(page, reverse("network_question", args=[slug, setup["question"].pk]))
    check(page, reverse("network_meetup", args=[slug, setup["meetup"].pk]))
    check(page, reverse("network_meetup_edit", args=[slug, setup["meetup"].pk]))
    page.goto(reverse("network_question", args=[slug, setup["question"].pk]))
    page.click("details.moderate >> nth=0 >> summary")
    page.fill("#reason-q", "Ikke relevant for nettverket")
    page.click("details.moderate >> nth=0 >> button[type=submit]")
    page.wait_for_load_state()
    setup["question"].refresh_from_db()
    assert setup["question"].is_hidden


def test_mentor_and_partner_pages_pass_axe(page, mentor, employer, setup):
    slug = setup["programme"].slug
    log_in(page, mentor)
    for name in ("network_home", "network_directory", "network_questions", "network_ask", "network_meetups"):
        check(page, reverse(name, args=[slug]))
    page.goto(reverse("network_directory", args=[slug]))
    page.fill("#id_q", "Mentee1")
    page.wait_for_function("() => document.querySelectorAll('#directory-rows .ds-card').length === 1")
    assert "Mentee1 Test" in page.inner_text("#directory-rows")
    page.context.clear_cookies()
    log_in(page, employer)
    check(page, reverse("network_meetups", args=[slug]))
    check(page, reverse("network_meetup", args=[slug, setup["meetup"].pk]))


def test_a_waiting_mentee_signs_up_for_a_meetup_and_asks_a_question_on_a_phone(
    phone_page, participant_user, setup
):
    page = phone_page
    slug = setup["programme"].slug
    log_in(page, participant_user)
    check(page, reverse("network_index"))  # redirects to the only network
    assert page.url.endswith(reverse("network_home", args=[slug]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    page.click("text=Nettverkstreff på Bryggen")
    page.wait_for_load_state()
    assert serious_violations(page) == []
    page.click("form[action$='/signup/'] button")
    page.wait_for_load_state()
    assert MeetupSignup.objects.get(user=participant_user).state == "confirmed"
    assert page.locator(".ds-tag[data-color=success]").count() >= 1
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    check(page, reverse("network_ask", args=[slug]))
    page.click("button[type=submit]")  # empty: refused beside the field
    page.wait_for_load_state()
    assert page.locator("#id_title[aria-invalid=true]").count() == 1
    assert serious_violations(page) == []
    page.fill("#id_title", "Hvordan får jeg godkjent utdanningen min?")
    page.fill("#id_body", "Jeg er sivilingeniør fra Syria.")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    question = Question.objects.get(title__startswith="Hvordan får jeg")
    assert page.url.endswith(reverse("network_question", args=[slug, question.pk]))
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
