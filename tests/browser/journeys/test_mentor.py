"""The mentor coordinator matches on a laptop and publishes the proposal through its preview; the mentor,
on a phone, plans the intro meeting and after it says yes, as the mentee does, and the pair's space opens."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from kobling.core.models import Occupation
from kobling.mentoring.models import MenteeProfile, Mentorship
from kobling.mentoring.services import mentorship_answer
from tests.browser.conftest import log_in, serious_violations
from tests.browser.journeys.conftest import fits_the_screen, run_the_worker, submit
from tests.fixtures.mentoring import make_mentee, make_mentor, mentee_login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pool(mentor_programme, coordinator, mentor, participant_user):  # noqa: F811
    """One mentor (the persona's login), Amina (a login, shares Norwegian with him) and Omar (Arabic only,
    so no mentor fits him)."""
    make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    make_mentee(mentor_programme, coordinator, first="Omar", last="Farah", languages={"ar": "native"})
    enrolment = mentee_login(participant_user, mentor_programme, coordinator)
    participant_user.participant.target_occupations.set([Occupation.objects.get(code="2512")])
    MenteeProfile.objects.get_or_create(enrolment=enrolment)
    return mentor_programme


def test_matching_publishing_and_the_intro_meeting_open_the_pairs_space(
    page, new_page, clock, pool, coordinator, mentor, participant_user
):
    log_in(page, coordinator)
    page.goto(f"/mentoring/p/{pool.slug}/matching/")
    page.click("button[value=run]")
    row = page.locator("table tbody tr", has_text="Amina Hassan")
    row.wait_for()
    assert "Magnus Mentor" in row.inner_text()
    # The explanation says why, in words and in parts that add up to the score.
    why = row.locator("td").nth(3).inner_text()
    assert "(2512)" in why and len(why) > 40
    assert "Omar Farah" in page.inner_text("main")  # without a proposal
    assert serious_violations(page) == []

    page.click(f"a[href='/mentoring/p/{pool.slug}/matching/publish/']")
    preview = page.locator("table tbody")
    assert "amina.hassan@example.no" in preview.inner_text() and mentor.email in preview.inner_text()
    assert not Mentorship.objects.exists()  # nothing happens before the confirmation
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/mentoring/p/{pool.slug}/pairs/")
    pair = Mentorship.objects.get()
    assert (pair.state, pair.mentor.user, pair.mentee.enrolment.participant.user) == (
        Mentorship.State.PROPOSED,
        mentor,
        participant_user,
    )

    # The mentor, on a phone: the proposal waits on the start page; they plan the intro meeting.
    phone = new_page(phone=True)
    log_in(phone, mentor)
    phone.click(f"#mentor-waiting a[href='/mentoring/pairs/{pair.pk}/']")
    phone.wait_for_url(f"**/mentoring/pairs/{pair.pk}/")
    assert fits_the_screen(phone)
    meeting = timezone.localtime() + datetime.timedelta(minutes=30)
    phone.fill("#id_starts_at", meeting.strftime("%Y-%m-%dT%H:%M"))
    phone.fill("#id_place", "Kafé Kobling, Strandgaten 3")
    phone.click("form[action$='/intro/'] button[type=submit]")
    phone.locator("dl.facts", has_text="Kafé Kobling").wait_for()
    pair.refresh_from_db()
    assert pair.state == Mentorship.State.INTRO
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []

    # An hour later the meeting has been held. The mentee has said yes (on their own phone); now the
    # mentor does, and the mentor period starts.
    clock(timezone.now() + datetime.timedelta(hours=1))
    mentorship_answer(actor=participant_user, mentorship=pair, side="mentee", go_on=True)
    phone.reload()
    phone.check("form[action$='/answer/'] input[name=answer][value=yes]")
    submit(phone, "form[action$='/answer/'] button[type=submit]")
    phone.click(f"a[href='/mentorspace/{pair.pk}/']")
    phone.wait_for_url(f"**/mentorspace/{pair.pk}/")
    assert phone.locator("h1").count() == 1
    assert fits_the_screen(phone)
    pair.refresh_from_db()
    assert pair.state == Mentorship.State.ACTIVE

    # Both were told of the proposal, and got the calendar invitation to the intro meeting.
    run_the_worker()
    both = sorted(["amina.hassan@example.no", mentor.email])
    assert sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Forslag til mentorpar")) == both
    assert sorted(m.to[0] for m in mail.outbox if m.subject.startswith("Koblingsmøte")) == both
