"""Issue 8, defect 3: the mentor (and the mentee) can say no to a proposal before the intro meeting, and
"shall we go on?" is asked only once the meeting has begun."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from kobling.core.models import AuditLog
from kobling.core.roles import Role
from kobling.mentoring import services
from kobling.mentoring.matching.pool import pool_mentees
from kobling.mentoring.models import Mentorship
from kobling.notifications.models import OutboxEmail
from tests.conftest import login, make_user
from tests.fixtures.mentoring import make_mentee, make_mentor

pytestmark = pytest.mark.django_db

DECLINE_FORM = "/decline/"
ANSWER_FORM = "/answer/"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def proposed(mentor_programme, coordinator, mentor):
    """A proposed pair: the mentor persona and a mentee with a login of their own."""
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    mentee = make_mentee(mentor_programme, coordinator, first="Amal", last="Nur")
    participant = mentee.enrolment.participant
    participant.user = make_user("amal@example.no", Role.PARTICIPANT, mentor_programme.organisation)
    participant.save(update_fields=["user"])
    with transaction.atomic():
        return services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=own)


def plan_intro(pair, actor, when):
    services.mentorship_plan_intro(
        actor=actor, mentorship=pair, starts_at=when, minutes=45, place="Kafé Sentrum", video_url=""
    )
    pair.refresh_from_db()
    return pair


def decline(client, pair, reason="time", text=""):
    return client.post(reverse("mentorship_decline", args=[pair.pk]), {"reason": reason, "text": text})


def test_the_mentor_says_no_before_the_intro_meeting_and_the_pair_ends_for_good(
    client, proposed, mentor, mentor_programme
):
    login(client, mentor)
    page = client.get(reverse("mentorship_detail", args=[proposed.pk])).content.decode()
    assert "Plan the intro meeting" in page and "Say no to this proposal" in page
    assert DECLINE_FORM in page and ANSWER_FORM not in page
    before = OutboxEmail.objects.count()
    # No reason: refused at the field, nothing changes.
    response = decline(client, proposed, reason="")
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.PROPOSED and OutboxEmail.objects.count() == before
    assert decline(client, proposed).status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.DECLINED
    assert (proposed.declined_by, proposed.mentor_answer, proposed.decline_reason) == ("mentor", "no", "time")
    assert list(proposed.history.values_list("state", flat=True)) == ["proposed", "declined"]
    assert AuditLog.objects.filter(
        object_type="mentoring.mentorship", object_id=str(proposed.pk), note="declined", actor=mentor
    ).exists()
    told = OutboxEmail.objects.filter(template="mentoring_outcome")
    assert sorted(told.values_list("to", flat=True)) == sorted(
        [mentor.email, proposed.mentee.enrolment.participant.email]
    )
    # The mentee is back in the pool, and this pair is never proposed again.
    assert proposed.mentee in pool_mentees(mentor_programme)
    assert services.declined_before(proposed.mentee, proposed.mentor)


def test_the_mentee_says_no_with_the_meeting_planned_but_not_yet_held(client, proposed, coordinator):
    plan_intro(proposed, coordinator, timezone.now() + datetime.timedelta(days=3))
    mentee_user = proposed.mentee.enrolment.participant.user
    login(client, mentee_user)
    page = client.get(reverse("mentorship_detail", args=[proposed.pk])).content.decode()
    assert "Say no to this proposal" in page and ANSWER_FORM not in page
    assert "After the intro meeting on" in page and "shall we go on" not in page
    # "Other" needs the person's own words.
    assert decline(client, proposed, reason="other").status_code == 400
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.INTRO
    assert decline(client, proposed, reason="other", text="Jeg har fått jobb").status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.DECLINED and proposed.declined_by == "mentee"
    assert proposed.decline_text == "Jeg har fått jobb" and proposed.mentee_answer == "no"


def test_shall_we_go_on_is_asked_only_once_the_meeting_has_begun(client, proposed, mentor, coordinator):
    when = timezone.now() + datetime.timedelta(days=3)
    plan_intro(proposed, coordinator, when)
    login(client, mentor)
    detail = reverse("mentorship_detail", args=[proposed.pk])
    # Before the meeting an answer is refused (an old form, a crafted POST) and changes nothing.
    response = client.post(reverse("mentorship_answer", args=[proposed.pk]), {"answer": "yes"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.INTRO and proposed.mentor_answer == ""
    assert "after the intro meeting" in client.get(detail).content.decode()
    with time_machine.travel(when + datetime.timedelta(minutes=50), tick=False):
        login(client, mentor)  # days later: a new session
        page = client.get(detail).content.decode()
        assert "shall we go on?" in page and ANSWER_FORM in page
        assert DECLINE_FORM not in page
        # Saying no "before the meeting" is now too late: the answer is the way to say no.
        assert decline(client, proposed).status_code == 302
        proposed.refresh_from_db()
        assert proposed.state == Mentorship.State.INTRO and proposed.mentor_answer == ""
        response = client.post(reverse("mentorship_answer", args=[proposed.pk]), {"answer": "yes"})
        assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.mentor_answer == "yes" and proposed.state == Mentorship.State.INTRO


def test_the_service_refuses_a_decline_after_the_meeting_and_on_an_answered_pair(
    proposed, mentor, coordinator
):
    from django.core.exceptions import ValidationError

    plan_intro(proposed, coordinator, timezone.now() - datetime.timedelta(minutes=10))
    with pytest.raises(ValidationError, match="intro meeting has begun"):
        services.mentorship_decline(actor=mentor, mentorship=proposed, side="mentor", reason="time")
    Mentorship.objects.filter(pk=proposed.pk).update(state=Mentorship.State.ACTIVE)
    proposed.refresh_from_db()
    with pytest.raises(ValidationError, match="already been answered"):
        services.mentorship_decline(actor=mentor, mentorship=proposed, side="mentor", reason="time")
    assert not AuditLog.objects.filter(note="declined").exists()


def test_nobody_but_the_two_can_say_no(
    client, proposed, coordinator, other_coordinator, other_mentor_programme, participant_user
):
    # Another organisation's mentor, with a login and a pair of their own.
    stranger = make_user("ola@annen.example.no", Role.MENTOR, other_mentor_programme.organisation)
    make_mentor(other_mentor_programme, name="Ola Annen", email=stranger.email, user=stranger)
    for user in (coordinator, other_coordinator, stranger, participant_user):
        login(client, user)
        response = decline(client, proposed)
        assert response.status_code == 404, user
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.PROPOSED and proposed.mentor_answer == ""


def test_a_mentor_cannot_decline_a_proposal_on_hold(client, proposed, mentor):
    """The mentee withdrew the mentor consent: the mentor may not act on (nor learn about) the pair."""
    from tests.fixtures.mentoring import give_mentor_consent

    give_mentor_consent(proposed.mentee.enrolment.participant, given=False)
    login(client, mentor)
    assert decline(client, proposed).status_code == 404
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.PROPOSED
