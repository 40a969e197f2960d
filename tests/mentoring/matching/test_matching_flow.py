"""Batch matching from the coordinator's page through proposal, intro meeting and the answers."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog
from kobling.mentoring.matching.pool import pool_mentees
from kobling.mentoring.models import MatchConstraint, MatchRun, Mentorship
from tests.conftest import login
from tests.fixtures.mentoring import make_mentee, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(mentor_programme, coordinator):
    """Three mentees, two mentors with one place each: the engine must match two optimally."""
    mentors = [
        make_mentor(mentor_programme, name="Mari Utvikler", occupation="2512"),
        make_mentor(mentor_programme, name="Ola Ingeniør", occupation="2142"),
    ]
    mentees = [
        make_mentee(mentor_programme, coordinator, first="Amal", last="Nur", occupation="2512"),
        make_mentee(mentor_programme, coordinator, first="Bilal", last="Haj", occupation="2142"),
        make_mentee(mentor_programme, coordinator, first="Chen", last="Li", occupation="2512"),
    ]
    return mentees, mentors


def run_from_page(client, programme):
    response = client.post(reverse("mentoring_matching", args=[programme.slug]), {"action": "run"})
    assert response.status_code == 302
    return MatchRun.objects.filter(programme=programme).latest()


def test_coordinator_runs_the_matching_and_sees_explained_proposals(
    client, coordinator, mentor_programme, pool
):
    mentees, mentors = pool
    login(client, coordinator)
    run = run_from_page(client, mentor_programme)
    pairs = {(a, b) for a, b, *_ in run.pairs}
    assert len(pairs) == 2
    assert (mentees[1].pk, mentors[1].pk) in pairs  # the engineer gets the engineer
    page = client.get(reverse("mentoring_matching", args=[mentor_programme.slug]))
    text = page.content.decode()
    # The titles come from STYRK-08 in the page's language (bokmål here).
    assert "programvareutviklere (2512)" in text
    assert "Bilal Haj" in text


def test_locks_are_kept_and_exclusions_respected_when_run_again(client, coordinator, mentor_programme, pool):
    mentees, mentors = pool
    login(client, coordinator)
    url = reverse("mentoring_matching", args=[mentor_programme.slug])
    # Lock Chen with the developer, although Amal had the same claim.
    client.post(url, {"action": "lock", "mentee": mentees[2].pk, "mentor": mentors[0].pk})
    run = run_from_page(client, mentor_programme)
    assert [mentees[2].pk, mentors[0].pk] in [p[:2] for p in run.pairs]
    client.post(url, {"action": "exclude_pair", "mentee": mentees[1].pk, "mentor": mentors[1].pk})
    run = run_from_page(client, mentor_programme)
    assert mentees[1].pk not in [p[0] for p in run.pairs]
    client.post(url, {"action": "exclude_mentor", "mentor": mentors[1].pk})
    run = run_from_page(client, mentor_programme)
    assert run.pool_mentors == 1
    assert MatchConstraint.objects.filter(programme=mentor_programme).count() == 3


def test_another_programmes_people_cannot_be_locked(
    client, coordinator, mentor_programme, other_mentor_programme, pool
):
    stranger = make_mentor(other_mentor_programme, name="Fremmed Mentor")
    login(client, coordinator)
    url = reverse("mentoring_matching", args=[mentor_programme.slug])
    response = client.post(url, {"action": "lock", "mentee": pool[0][0].pk, "mentor": stranger.pk})
    assert response.status_code == 404
    assert not MatchConstraint.objects.exists()


def test_publishing_proposes_every_pair_and_emails_both(client, coordinator, mentor_programme, pool):
    login(client, coordinator)
    run_from_page(client, mentor_programme)
    mail.outbox.clear()
    run = MatchRun.objects.get()
    url = reverse("mentoring_matching_publish", args=[mentor_programme.slug])
    response = client.post(url, {"confirm": "yes", "run": run.pk})
    assert response.status_code == 302
    proposed = Mentorship.objects.filter(state=Mentorship.State.PROPOSED)
    assert proposed.count() == 2
    from kobling.notifications.models import OutboxEmail

    assert OutboxEmail.objects.filter(template="mentoring_proposal").count() == 4
    assert AuditLog.objects.filter(object_type="mentoring.mentorship", action="create").count() == 2
    assert pool_mentees(mentor_programme).count() == 1
    assert MatchRun.objects.get().published_at is not None


def plan_intro(client, pair, when=None):
    when = when or timezone.localtime() + datetime.timedelta(days=3)
    return client.post(
        reverse("mentorship_intro", args=[pair.pk]),
        {
            "starts_at": when.strftime("%Y-%m-%dT%H:%M"),
            "minutes": 45,
            "place": "",
            "video_url": "https://meet.example/abc",
        },
    )


@pytest.fixture
def proposed(mentor_programme, coordinator, pool, participant_user):
    """One published pair whose mentee and mentor both have logins."""
    from kobling.core.models import Membership
    from kobling.core.roles import Role
    from tests.conftest import make_user

    mentee, mentor = pool[0][0], pool[1][0]
    participant = mentee.enrolment.participant
    participant.user = make_user("amal@example.no", Role.PARTICIPANT, mentor_programme.organisation)
    participant.save(update_fields=["user"])
    mentor_user = make_user("mari@example.no", Role.MENTOR, mentor_programme.organisation)
    mentor.user = mentor_user
    mentor.save(update_fields=["user"])
    assert Membership.objects.filter(user=mentor_user).exists()
    from django.db import transaction

    from kobling.mentoring.services import mentorship_propose

    with transaction.atomic():
        return mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor, score=80)


def test_intro_meeting_sends_a_calendar_invitation_to_both(client, coordinator, proposed):
    from kobling.notifications.models import OutboxEmail

    login(client, coordinator)
    response = plan_intro(client, proposed)
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.INTRO
    invitations = OutboxEmail.objects.filter(template="mentoring_intro_meeting")
    assert invitations.count() == 2
    assert all("BEGIN:VCALENDAR" in e.attachments[0]["content"] for e in invitations)
    assert "meet.example/abc" in invitations[0].body


def test_intro_meeting_form_shows_errors_and_changes_nothing(client, coordinator, proposed):
    login(client, coordinator)
    response = client.post(
        reverse("mentorship_intro", args=[proposed.pk]), {"starts_at": "nonsense", "minutes": 5}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.PROPOSED


def answer(client, user, pair, value, reason=""):
    login(client, user)
    return client.post(reverse("mentorship_answer", args=[pair.pk]), {"answer": value, "reason": reason})


def after_the_intro(pair):
    """The clock 50 minutes into the pair's intro meeting: from then on the two answer."""
    pair.refresh_from_db()
    return time_machine.travel(pair.intro_starts_at + datetime.timedelta(minutes=50), tick=False)


def test_both_yes_starts_the_mentor_period(client, coordinator, proposed):
    login(client, coordinator)
    plan_intro(client, proposed)
    mentee_user = proposed.mentee.enrolment.participant.user
    with after_the_intro(proposed):
        assert answer(client, mentee_user, proposed, "yes").status_code == 302
        proposed.refresh_from_db()
        assert proposed.state == Mentorship.State.INTRO
        assert answer(client, proposed.mentor.user, proposed, "yes").status_code == 302
        proposed.refresh_from_db()
        assert proposed.state == Mentorship.State.ACTIVE
        assert proposed.started_on == timezone.localdate()
    assert (proposed.ends_on - proposed.started_on).days in range(180, 185)
    assert list(proposed.history.values_list("state", flat=True)) == ["proposed", "intro", "active"]


def test_a_no_needs_a_reason_then_ends_the_pair_for_good(client, coordinator, mentor_programme, proposed):
    login(client, coordinator)
    plan_intro(client, proposed)
    mentor_user = proposed.mentor.user
    with after_the_intro(proposed):
        response = answer(client, mentor_user, proposed, "no")
        assert response.status_code == 400
        proposed.refresh_from_db()
        assert proposed.state == Mentorship.State.INTRO and proposed.mentor_answer == ""
        assert answer(client, mentor_user, proposed, "no", "chemistry").status_code == 302
    proposed.refresh_from_db()
    assert proposed.state == Mentorship.State.DECLINED
    assert proposed.decline_reason == "chemistry" and proposed.declined_by == "mentor"
    # The mentee is back in the pool, and this pair is never proposed again.
    assert proposed.mentee in pool_mentees(mentor_programme)
    login(client, coordinator)
    run = run_from_page(client, mentor_programme)
    assert [proposed.mentee_id, proposed.mentor_id] not in [p[:2] for p in run.pairs]


def test_the_mentee_cannot_answer_for_the_mentor_nor_see_another_pair(
    client, coordinator, proposed, mentor_programme
):
    login(client, coordinator)
    plan_intro(client, proposed)
    outsider_pair_mentee = make_mentee(mentor_programme, coordinator, first="Dina", last="Ali")
    from django.db import transaction

    from kobling.mentoring.services import mentorship_propose

    other_mentor = make_mentor(mentor_programme, name="Per Person")
    with transaction.atomic():
        other = mentorship_propose(actor=coordinator, mentee=outsider_pair_mentee, mentor=other_mentor)
    mentee_user = proposed.mentee.enrolment.participant.user
    login(client, mentee_user)
    assert client.get(reverse("mentorship_detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("mentorship_intro", args=[proposed.pk]), {}).status_code == 404
    assert client.post(reverse("mentorship_respond", args=[proposed.pk]), {}).status_code == 404


def test_the_total_score_is_written_with_a_decimal_comma_in_bokmal(
    client, coordinator, mentor_programme, pool
):
    """Issue 8, defect 17: a score showed with a point in one place and a comma in another."""
    login(client, coordinator)
    response = client.post(
        reverse("mentoring_matching", args=[mentor_programme.slug]), {"action": "run"}, follow=True
    )
    run = MatchRun.objects.filter(programme=mentor_programme).latest()
    with_point = f"{run.total_score:.1f}"
    shown = with_point.replace(".", ",")
    message = next(str(m) for m in response.context["messages"])
    assert shown in message and with_point not in message
    assert f" {shown}; " in response.content.decode()  # "samlet poengsum 12,3; 0,1 s."
