"""The pair's space end to end: meetings, messages, goals, check-ins, completion and outcome."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog
from kobling.mentoring.models import Mentorship
from kobling.mentorspace import services
from kobling.mentorspace.models import CheckIn, Evaluation, Goal, MeetingLog, Message, PrivateNote
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Task, TimelineEntry
from kobling.programmes.models import Outcome
from tests.conftest import login
from tests.fixtures.mentorspace import space_of

pytestmark = pytest.mark.django_db


def test_the_mentee_logs_a_meeting_with_a_private_note_in_one_post(client, pair, participant_user):
    login(client, participant_user)
    today = timezone.localdate()
    response = client.post(
        reverse("mentorspace_meeting_new", args=[pair.pk]),
        {
            "held_on": today.isoformat(),
            "minutes": "45",
            "topics": ["cv", "interviews"],
            "shared_notes": "CV gjennomgått",
            "private_note": "Nervøs",
        },
    )
    assert response.status_code == 302
    meeting = MeetingLog.objects.get(mentorship=pair)
    assert (meeting.minutes, meeting.topics, meeting.shared_notes) == (
        45,
        ["cv", "interviews"],
        "CV gjennomgått",
    )
    assert PrivateNote.objects.get(meeting=meeting).author == participant_user
    audit = AuditLog.objects.filter(object_type="mentorspace.meetinglog").get()
    assert "private_note" in audit.fields and "Nervøs" not in str(audit.fields)


def test_a_meeting_in_the_future_is_refused_and_nothing_is_saved(client, pair, mentor):
    login(client, mentor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("mentorspace_meeting_new", args=[pair.pk]), {"held_on": tomorrow.isoformat(), "minutes": "60"}
    )
    assert response.status_code == 400
    assert 'id="id_held_on_error"' in response.content.decode()
    assert not MeetingLog.objects.exists()


def test_private_notes_can_be_added_later_and_stay_private(client, pair, mentor, participant_user):
    meeting = services.meeting_log(
        actor=mentor, space=space_of(mentor, pair), held_on=timezone.localdate(), minutes=60, topics=[]
    )
    login(client, mentor)
    client.post(reverse("mentorspace_private_note", args=[pair.pk, meeting.pk]), {"text": "Kun for meg"})
    assert PrivateNote.objects.get().text == "Kun for meg"
    login(client, participant_user)
    assert "Kun for meg" not in client.get(reverse("mentorspace_meetings", args=[pair.pk])).content.decode()
    assert (
        client.post(
            reverse("mentorspace_private_note", args=[pair.pk, meeting.pk]), {"text": "mitt"}
        ).status_code
        == 302
    )
    assert PrivateNote.objects.count() == 2


def test_a_message_sends_a_notice_without_its_text_once_per_unread_run(
    client, pair, mentor, participant_user
):
    login(client, mentor)
    OutboxEmail.objects.all().delete()
    client.post(reverse("mentorspace_messages", args=[pair.pk]), {"body": "Hemmelig meldingstekst"})
    client.post(reverse("mentorspace_messages", args=[pair.pk]), {"body": "Og en til"})
    notices = OutboxEmail.objects.filter(template="mentorspace_message")
    assert notices.count() == 1
    notice = notices.get()
    assert notice.to == participant_user.participant.email
    assert "Hemmelig" not in notice.body and "Hemmelig" not in notice.subject and "Magnus" in notice.subject
    login(client, participant_user)
    page = client.get(reverse("mentorspace_messages", args=[pair.pk])).content.decode()
    assert "Hemmelig meldingstekst" in page
    assert not Message.objects.filter(read_at__isnull=True).exists()
    login(client, mentor)
    client.post(reverse("mentorspace_messages", args=[pair.pk]), {"body": "Tredje"})
    assert notices.count() == 2


def test_an_empty_message_is_refused(client, pair, mentor):
    login(client, mentor)
    response = client.post(reverse("mentorspace_messages", args=[pair.pk]), {"body": "  "})
    assert response.status_code == 400 and not Message.objects.exists()


def test_goals_are_added_and_progressed_by_either_side(client, pair, mentor, participant_user):
    login(client, participant_user)
    client.post(reverse("mentorspace_goal_add", args=[pair.pk]), {"title": "Få tre intervjuer"})
    goal = Goal.objects.get()
    login(client, mentor)
    client.post(reverse("mentorspace_goal_progress", args=[pair.pk]), {"goal": goal.pk, "progress": "50"})
    goal.refresh_from_db()
    assert goal.progress == 50
    assert (
        client.post(
            reverse("mentorspace_goal_progress", args=[pair.pk]), {"goal": goal.pk, "progress": "33"}
        ).status_code
        == 404
    )


def test_a_goal_of_another_pair_cannot_be_touched(client, pair, other_pair, mentor, other_coordinator):
    from kobling.mentorspace.selectors import Space, nudge_settings_for, space_settings_for

    space = Space(
        other_pair,
        "mentor",
        space_settings_for(other_pair.programme),
        nudge_settings_for(other_pair.programme),
    )
    foreign = services.goal_add(actor=other_coordinator, space=space, title="Deres mål")
    login(client, mentor)
    assert (
        client.post(
            reverse("mentorspace_goal_progress", args=[pair.pk]), {"goal": foreign.pk, "progress": "100"}
        ).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.progress == 0


def test_fit_question_after_the_first_meeting_and_a_no_makes_a_task(
    client, pair, mentor, participant_user, coordinator
):
    login(client, participant_user)
    assert "checkin-title" not in client.get(reverse("mentorspace_space", args=[pair.pk])).content.decode()
    services.meeting_log(
        actor=mentor, space=space_of(mentor, pair), held_on=timezone.localdate(), minutes=60, topics=[]
    )
    assert "checkin-title" in client.get(reverse("mentorspace_space", args=[pair.pk])).content.decode()
    response = client.post(
        reverse("mentorspace_checkin", args=[pair.pk]),
        {"good_fit": "no", "comment": "Vi snakker forbi hverandre"},
    )
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.kind, checkin.good_fit, checkin.low, checkin.side) == ("fit", False, True, "mentee")
    task = Task.objects.get(assignee=coordinator)
    assert task.participant == participant_user.participant and "Magnus Mentor" in task.title
    # Answered: the question is gone until next month.
    assert client.post(reverse("mentorspace_checkin", args=[pair.pk]), {"good_fit": "yes"}).status_code == 302
    assert CheckIn.objects.count() == 1


def test_monthly_check_ins_low_answers_make_tasks_good_ones_do_not(
    pair, mentor, participant_user, coordinator
):
    from kobling.mentorspace.selectors import checkin_due

    Mentorship.objects.filter(pk=pair.pk).update(
        started_on=timezone.localdate() - datetime.timedelta(days=70)
    )
    pair.refresh_from_db()
    services.meeting_log(
        actor=mentor, space=space_of(mentor, pair), held_on=timezone.localdate(), minutes=60, topics=[]
    )
    for user in (mentor, participant_user):
        services.checkin_answer(actor=user, space=space_of(user, pair), good_fit=True)
    assert checkin_due(space_of(mentor, pair)) == ("monthly", 2)
    services.checkin_answer(actor=mentor, space=space_of(mentor, pair), score=4)
    services.checkin_answer(
        actor=participant_user, space=space_of(participant_user, pair), score=2, comment="Lite tid"
    )
    assert Task.objects.filter(assignee=coordinator).count() == 1
    title = Task.objects.get().title
    assert "2" in title and "Magnus Mentor" in title
    assert checkin_due(space_of(mentor, pair)) is None
    with pytest.raises(ValidationError):
        services.checkin_answer(actor=mentor, space=space_of(mentor, pair), score=5)


def test_a_monthly_check_in_out_of_range_is_refused(client, pair, mentor):
    Mentorship.objects.filter(pk=pair.pk).update(
        started_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    space = space_of(mentor, pair)
    services.meeting_log(actor=mentor, space=space, held_on=timezone.localdate(), minutes=60, topics=[])
    services.checkin_answer(actor=mentor, space=space, good_fit=True)
    login(client, mentor)
    response = client.post(reverse("mentorspace_checkin", args=[pair.pk]), {"score": "9"})
    assert response.status_code == 400 and CheckIn.objects.count() == 1


def _near_the_end(pair):
    Mentorship.objects.filter(pk=pair.pk).update(
        started_on=timezone.localdate() - datetime.timedelta(days=175),
        ends_on=timezone.localdate() + datetime.timedelta(days=5),
    )


def test_the_evaluation_opens_near_the_end_only(client, pair, mentor):
    login(client, mentor)
    response = client.post(reverse("mentorspace_evaluation", args=[pair.pk]), {"rating": "4"})
    assert response.status_code == 200 and not Evaluation.objects.exists()
    _near_the_end(pair)
    assert 'name="rating"' in client.get(reverse("mentorspace_evaluation", args=[pair.pk])).content.decode()
    assert (
        'name="outcome"' not in client.get(reverse("mentorspace_evaluation", args=[pair.pk])).content.decode()
    )


def test_both_evaluations_complete_the_pair_and_the_outcome_reaches_the_record(
    client, pair, mentor, participant_user, coordinator
):
    _near_the_end(pair)
    login(client, participant_user)
    response = client.post(
        reverse("mentorspace_evaluation", args=[pair.pk]), {"rating": "5", "goals_met": "on"}
    )
    assert response.status_code == 400 and not Evaluation.objects.exists()  # the outcome is required
    client.post(
        reverse("mentorspace_evaluation", args=[pair.pk]),
        {
            "rating": "5",
            "goals_met": "on",
            "outcome": "job",
            "employer_name": "Fjellet AS",
            "comment": "Takk!",
        },
    )
    entry = TimelineEntry.objects.get(participant=participant_user.participant, body__contains="Fjellet AS")
    assert "Fjellet AS" in entry.body and entry.visibility == TimelineEntry.Visibility.NAV
    assert Task.objects.filter(assignee=coordinator, title__icontains="Fagmentor").exists()
    pair.refresh_from_db()
    assert pair.state == Mentorship.State.ACTIVE
    login(client, mentor)
    client.post(reverse("mentorspace_evaluation", args=[pair.pk]), {"rating": "4"})
    pair.refresh_from_db()
    assert pair.state == Mentorship.State.COMPLETED and pair.history.last().state == "completed"
    # Completed: the two still read their space but write nothing more.
    assert client.get(reverse("mentorspace_space", args=[pair.pk])).status_code == 200
    assert client.get(reverse("mentorspace_meeting_new", args=[pair.pk])).status_code == 404
    # The coordinator records the outcome in the enrolment, filled in from what the mentee said.
    login(client, coordinator)
    page = client.get(reverse("mentorspace_outcome", args=[pair.pk])).content.decode()
    assert "Fjellet AS" in page
    response = client.post(
        reverse("mentorspace_outcome", args=[pair.pk]),
        {
            "result": "job",
            "occupation": "2512",
            "employer_name": "Fjellet AS",
            "start_date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(enrolment=pair.mentee.enrolment)
    assert outcome.kind == "it_job" or outcome.occupation_id == "2512"


def test_a_bad_outcome_is_refused_and_nothing_recorded(client, pair, mentor, participant_user, coordinator):
    _near_the_end(pair)
    for user, data in ((participant_user, {"rating": "2", "outcome": "not_yet"}), (mentor, {"rating": "3"})):
        login(client, user)
        client.post(reverse("mentorspace_evaluation", args=[pair.pk]), data)
    login(client, coordinator)
    response = client.post(
        reverse("mentorspace_outcome", args=[pair.pk]), {"result": "job", "occupation": "9999"}
    )
    assert response.status_code == 400 and not Outcome.objects.exists()
    assert not Task.objects.filter(title__icontains="Record").exists()  # "not yet" makes no task
