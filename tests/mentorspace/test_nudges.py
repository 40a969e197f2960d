"""Reminder e-mails: each occasion once, however often the command or the task runs."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from kobling.mentoring import services as mentoring
from kobling.mentoring.models import MentorProgrammeSettings, Mentorship
from kobling.mentorspace import services
from kobling.mentorspace.models import Nudge
from kobling.notifications.models import OutboxEmail
from tests.fixtures.mentoring import make_mentee, make_mentor
from tests.fixtures.mentorspace import space_of

pytestmark = pytest.mark.django_db


def nudges(kind):
    return OutboxEmail.objects.filter(template=f"mentorspace_nudge_{kind}")


def run(today=None):
    out = io.StringIO()
    call_command("mentor_nudges", *([f"--today={today.isoformat()}"] if today else []), stdout=out)
    return out.getvalue()


def test_no_meeting_for_n_weeks_reminds_both_once_and_a_new_quiet_spell_again(pair, mentor):
    MentorProgrammeSettings.objects.update_or_create(
        programme=pair.programme, defaults={"nudge_no_meeting_weeks": 3}
    )
    today = timezone.localdate()
    Mentorship.objects.filter(pk=pair.pk).update(started_on=today - datetime.timedelta(days=20))
    assert "0 reminder(s)" in run(today)
    output = run(today + datetime.timedelta(days=1))
    assert "2 reminder(s)" in output
    assert sorted(nudges("no_meeting").values_list("to", flat=True)) == sorted(
        [pair.mentor.email, pair.mentee.enrolment.participant.email]
    )
    run(today + datetime.timedelta(days=2))
    run(today + datetime.timedelta(days=2))
    assert nudges("no_meeting").count() == 2
    services.meeting_log(actor=mentor, space=space_of(mentor, pair), held_on=today, minutes=60, topics=[])
    run(today + datetime.timedelta(days=20))
    assert nudges("no_meeting").count() == 2
    run(today + datetime.timedelta(days=21))
    run(today + datetime.timedelta(days=30))
    assert nudges("no_meeting").count() == 4
    assert "/mentorspace/" in nudges("no_meeting").last().body


def test_an_unanswered_proposal_is_reminded_after_the_programmes_days(mentor_programme, coordinator):
    mentee = make_mentee(mentor_programme, coordinator)
    mentor = make_mentor(mentor_programme)
    with transaction.atomic():
        proposed = mentoring.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)
    today = timezone.localdate()
    run(today + datetime.timedelta(days=4))
    assert nudges("unanswered").count() == 0
    run(today + datetime.timedelta(days=5))
    run(today + datetime.timedelta(days=6))
    assert nudges("unanswered").count() == 2
    assert (
        "koblingsmøtet" in nudges("unanswered").first().body
        or "intro meeting" in nudges("unanswered").first().body
    )
    # After the intro meeting only the side that has not answered is reminded.
    mentoring.mentorship_plan_intro(
        actor=coordinator,
        mentorship=proposed,
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        minutes=45,
        place="Kafé",
        video_url="",
    )
    proposed = Mentorship.objects.select_related("programme", "mentee__enrolment", "mentor").get(
        pk=proposed.pk
    )
    mentoring.mentorship_answer(actor=coordinator, mentorship=proposed, side="mentee", go_on=True)
    run(today + datetime.timedelta(days=6))
    run(today + datetime.timedelta(days=7))
    assert nudges("unanswered").count() == 3
    assert nudges("unanswered").last().to == mentor.email


def test_the_period_ending_soon_reminds_both_once(pair):
    ends = pair.ends_on
    run(ends - datetime.timedelta(days=15))
    assert nudges("period_end").count() == 0
    run(ends - datetime.timedelta(days=14))
    run(ends - datetime.timedelta(days=3))
    assert nudges("period_end").count() == 2
    assert "/evaluation/" in nudges("period_end").first().body
    assert Nudge.objects.filter(kind="period_end").count() == 2


def test_the_command_rejects_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("mentor_nudges", "--today=not-a-date")
