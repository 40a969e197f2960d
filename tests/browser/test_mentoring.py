"""Mentoring pages in a real browser: each role's pages render and pass axe-core; phone forms work."""

import pytest
from django.db import transaction
from django.urls import reverse

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.mentoring import services
from kobling.mentoring.models import MentorProfile, Mentorship
from kobling.programmes.models import Status
from kobling.programmes.services import enrolment_create
from tests.browser.conftest import log_in, serious_violations
from tests.fixtures.mentoring import give_mentor_consent, make_mentee, make_mentor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(mentor_programme, coordinator, mentor, employer, employer_org, participant_user):  # noqa: F811
    # Transactional tests flush the database after each test, data migrations included.
    if not Occupation.objects.exists():
        load_occupations(Occupation)
    own = make_mentor(
        mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor, partner=employer_org
    )
    make_mentor(mentor_programme, name="Siv Signe", approved=False)
    make_mentor(mentor_programme, name="Ola Utvikler", capacity=2)
    for i in range(3):
        make_mentee(mentor_programme, coordinator, first=f"Mentee{i}", last="Test")
    with transaction.atomic():
        enrolment = enrolment_create(
            actor=coordinator,
            participant=participant_user.participant,
            programme=mentor_programme,
            status=Status.PARTICIPATING,
        )
        mentee = services.mentee_profile_for(enrolment)
        give_mentor_consent(participant_user.participant, participant_user)
        pair = services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=own)
    return {"programme": mentor_programme, "pair": pair, "enrolment": enrolment, "own": own}


def check(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert page.locator("h1").count() >= 1, path
    assert serious_violations(page) == [], path


def test_coordinator_pages_pass_axe_and_the_matching_runs(page, coordinator, setup):
    slug = setup["programme"].slug
    log_in(page, coordinator)
    for name in ("mentoring_programme", "mentoring_settings", "mentoring_mentors", "mentoring_pairs"):
        check(page, reverse(name, args=[slug]))
    check(page, reverse("mentoring_index"))
    check(
        page, reverse("mentoring_mentor_review", args=[MentorProfile.objects.get(full_name="Siv Signe").pk])
    )
    check(page, reverse("mentorship_detail", args=[setup["pair"].pk]))
    check(page, reverse("mentoring_matching", args=[slug]))
    page.click("button[value=run]")
    page.wait_for_load_state()
    assert page.locator("table tbody tr").count() >= 1
    assert "(2512)" in page.content()
    assert serious_violations(page) == []
    check(page, reverse("mentoring_unmatched", args=[slug]))


def test_mentor_plans_the_intro_meeting_and_edits_the_profile_on_a_phone(phone_page, mentor, setup):
    page = phone_page
    log_in(page, mentor)
    check(page, reverse("mentoring_mentor_home"))
    check(page, reverse("mentorship_detail", args=[setup["pair"].pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.fill("#id_starts_at", "2031-05-06T18:00")
    page.fill("#id_video_url", "https://meet.example/intro")
    page.click("form[action$='/intro/'] button[type=submit]")
    page.wait_for_load_state()
    setup["pair"].refresh_from_db()
    assert setup["pair"].state == Mentorship.State.INTRO
    check(page, reverse("mentoring_mentor_edit", args=[setup["own"].pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    page.fill("#id_capacity", "2")
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/mentoring/mentor/")
    setup["own"].refresh_from_db()
    assert setup["own"].capacity == 2


def test_mentee_and_partner_pages_pass_axe(page, participant_user, employer, setup):
    log_in(page, participant_user)
    check(page, reverse("mentoring_mentee_home"))
    check(page, reverse("mentoring_mentee_edit", args=[setup["enrolment"].pk]))
    check(page, reverse("mentorship_detail", args=[setup["pair"].pk]))
    page.goto("/account/login/")
    page.context.clear_cookies()
    log_in(page, employer)
    check(page, reverse("mentoring_partner"))
    assert "Magnus Mentor" in page.content()


def test_public_sign_up_passes_axe_in_both_languages(page, setup):
    for _language in ("nb", "en"):
        check(page, reverse("mentor_signup"))
        page.locator(".language-switch button").click()
        page.wait_for_load_state()
    assert serious_violations(page) == []


def test_mentor_ends_an_active_pair_early_on_a_phone(phone_page, mentor, coordinator, setup):
    from tests.fixtures.mentorspace import activate

    pair = activate(setup["pair"], coordinator)
    page = phone_page
    log_in(page, mentor)
    check(page, reverse("mentorship_detail", args=[pair.pk]))
    page.click("form[action$='/end/'] >> xpath=ancestor::details/summary")
    page.select_option("form[action$='/end/'] select[name=reason]", "time")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert serious_violations(page) == []
    page.click("form[action$='/end/'] button[type=submit]")
    page.wait_for_load_state()
    pair.refresh_from_db()
    assert (pair.state, pair.declined_by) == (Mentorship.State.ENDED_EARLY, "mentor")
    assert serious_violations(page) == []
