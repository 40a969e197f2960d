"""Amina (the persona participant, with a login) with something in every corner of Kobling: a course
with history, intake, attendance, a certification, meetings, a placement and an outcome; a plan,
timeline entries (one sensitive, one provider-only), tasks; a mentor pair with both sides' messages
and notes; a held recruitment event with feedback, her reflection and an offer; the network; e-mails
to and about her; login attempts; reads of her sensitive data by a coordinator and her advisor."""

import datetime
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from kobling.core.models import AuditLog, Invitation
from kobling.mentorspace.models import CheckIn, Evaluation, Goal, MeetingLog, Message, PrivateNote
from kobling.network.models import Answer, Meetup, MeetupSignup, Question
from kobling.notifications.models import OutboxEmail
from kobling.people import services as people
from kobling.people.models import Participant, Task, TimelineEntry
from kobling.programmes.intake.services import intake_interview_record
from kobling.programmes.models import (
    ActivityItem,
    AttendanceRecord,
    Certification,
    CertificationAttempt,
    Meeting,
    Outcome,
    Placement,
    Status,
)
from kobling.programmes.services import enrolment_change_status
from tests.conftest import add_entry
from tests.fixtures.recruitment import give

NATIONAL_ID = "15076500565"
PHONE = "+4791234567"
# Everything that identifies Amina; none of it may be left anywhere after her erasure.
IDENTIFIERS = ("Amina", "Hassan", "amina.hassan@example.no", NATIONAL_ID, "91234567")


@dataclass
class Rich:
    participant: Participant
    user: object
    pair: object
    event: object
    sensitive: TimelineEntry
    provider_only: TimelineEntry


def _course(participant, coordinator, programme, employer_org):
    enrolment = participant.enrolments.get(programme=programme)
    intake_interview_record(
        enrolment=enrolment,
        actor=coordinator,
        answers={
            "motivation": 4,
            "it_interest": 5,
            "basic_it": 3,
            "resilience": 4,
            "learning": 4,
            "collaboration": 3,
        },
        notes={"motivation": "Amina vil bli driftstekniker"},
        norwegian_level="B2",
        english_level="B1",
        profile_type="technical",
        recommended_path="support",
    )
    certification = Certification.objects.create(
        programme=enrolment.programme, name="AZ-900", vendor="Microsoft"
    )
    CertificationAttempt.objects.create(enrolment=enrolment, certification=certification, state="passed")
    AttendanceRecord.objects.create(enrolment=enrolment, day=datetime.date(2025, 3, 3), mark="present")
    Meeting.objects.create(
        enrolment=enrolment,
        kind="status",
        starts_at=timezone.now(),
        place="Rom 2",
        agenda="Amina Hassan og praksis",
        minutes="Amina trives",
        organiser=coordinator,
    )
    Placement.objects.create(
        enrolment=enrolment,
        kind="practice",
        host=employer_org,
        start_date=datetime.date(2025, 4, 1),
        supervisor="Petter Praksisleder",
    )
    with transaction.atomic():
        enrolment_change_status(enrolment=enrolment, status=Status.LEFT, actor=coordinator, reason="got_job")
    Outcome.objects.create(
        enrolment=enrolment,
        kind="it_job",
        occupation_id="2512",
        start_date=datetime.date(2025, 6, 1),
        note="Amina fikk jobb",
    )
    ActivityItem.objects.create(
        participant=participant, title="Amina: CV", description="Skriv CV", created_by=coordinator
    )


def _space(pair_, mentee_user, mentor_user):  # noqa: F811
    meeting = MeetingLog.objects.create(
        mentorship=pair_,
        held_on=datetime.date(2025, 5, 2),
        shared_notes="Amina øvde på intervju",
        created_by=mentor_user,
    )
    PrivateNote.objects.create(
        meeting=meeting, author=mentor_user, text="Mentors private: Amina virker sliten"
    )
    PrivateNote.objects.create(meeting=meeting, author=mentee_user, text="Min egen notat")
    Message.objects.create(mentorship=pair_, sender=mentee_user, side="mentee", body="Hei, det er Amina")
    Message.objects.create(mentorship=pair_, sender=mentor_user, side="mentor", body="Mentor sier: hei Amina")
    Goal.objects.create(mentorship=pair_, title="Amina: første jobb", created_by=mentee_user)
    CheckIn.objects.create(
        mentorship=pair_, side="mentee", user=mentee_user, kind="fit", good_fit=True, comment="Bra"
    )
    CheckIn.objects.create(
        mentorship=pair_, side="mentor", user=mentor_user, kind="fit", good_fit=True, comment="Mentor ok"
    )
    Evaluation.objects.create(
        mentorship=pair_, side="mentor", user=mentor_user, rating=5, comment="Mentor: Amina var flink"
    )


def _network(pair_, user):  # noqa: F811
    question = Question.objects.create(
        programme=pair_.programme, author=user, author_name="Amina Hassan", title="Amina spør"
    )
    Answer.objects.create(question=question, author=user, author_name="Amina Hassan", body="Svar fra Amina")
    meetup = Meetup.objects.create(programme=pair_.programme, title="Treff", starts_at=timezone.now())
    MeetupSignup.objects.create(
        meetup=meetup, user=user, name="Amina Hassan", kind="mentee", state="confirmed"
    )


def _mail_and_logins(participant, advisor, mentor_email):
    OutboxEmail.objects.create(
        to="amina.hassan@example.no", template="x", subject="Velkommen Amina", body="Hei Amina", state="sent"
    )
    OutboxEmail.objects.create(
        to="Amina.Hassan@example.no", template="x", subject="Snart", body="Hei Amina", state="queued"
    )
    OutboxEmail.objects.create(
        to=advisor.email, template="x", subject="Beslutning", body="Amina Hassan er tatt opp", state="sent"
    )
    OutboxEmail.objects.create(
        to=mentor_email, template="x", subject="Ny melding", body="Amina har skrevet", state="sent"
    )
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    base = {
        "user_agent": "Firefox",
        "ip_address": "10.0.0.1",
        "http_accept": "*/*",
        "path_info": "/account/login/",
    }
    AccessAttempt.objects.create(
        username="amina.hassan@example.no", get_data="", post_data="", failures_since_start=1, **base
    )
    AccessLog.objects.create(username="amina.hassan@example.no", **base)
    AccessFailureLog.objects.create(username="AMINA.HASSAN@example.no", **base)
    Invitation.objects.create(
        email="amina.hassan@example.no",
        full_name="Amina Hassan",
        organisation=participant.organisation,
        role="participant",
        participant=participant,
        token_hash="x" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )


def _tasks(participant, coordinator, staff):
    with transaction.atomic():
        people.task_create(
            actor=coordinator,
            organisation=participant.organisation,
            title="Ring Amina Hassan",
            assignee=staff,
            participant=participant,
        )
    Task.objects.create(
        organisation=participant.organisation, title="Send papirer til Amina Hassan", assignee=staff
    )


@pytest.fixture
def rich(
    participant,
    participant_user,
    coordinator,
    advisor,
    staff,
    mentor,
    world,  # noqa: F811
    pair,  # noqa: F811
    employer,
    programme,
    employer_org,  # noqa: F811
):
    Participant.objects.filter(pk=participant.pk).update(
        national_id=NATIONAL_ID, phone=PHONE, birth_year=1994, region="46", municipality="Bergen"
    )
    participant.refresh_from_db()
    _course(participant, coordinator, programme, employer_org)
    sensitive = add_entry(participant, advisor, sensitive=True, title="Helse", body="Amina har ryggplager")
    provider_only = add_entry(
        participant,
        coordinator,
        visibility=TimelineEntry.Visibility.PROVIDER,
        title="Intern",
        body="Ring Amina",
    )
    add_entry(participant, coordinator, visibility=TimelineEntry.Visibility.PARTICIPANT, title="Velkommen")
    _tasks(participant, coordinator, staff)
    _space(pair, participant_user, mentor)
    _network(pair, participant_user)
    event, interviews = world
    give(employer, interviews["amina_bolge"], strengths="Amina er presis")
    from kobling.recruitment.models import Reflection

    Reflection.objects.create(interview=interviews["amina_bolge"], text="Jeg, Amina, var nervøs")
    _mail_and_logins(participant, advisor, pair.mentor.email)
    people.national_id_reveal(actor=coordinator, participant=participant)
    people.sensitive_entries_read(actor=advisor, participant=participant, entries=[sensitive])
    participant.refresh_from_db()
    assert AuditLog.objects.filter(object_label__icontains="Amina").exists()
    return Rich(participant, participant_user, pair, event, sensitive, provider_only)


# Tables that hold no personal data or none in words a search can find.
NOT_SEARCHED = {"sessions.session", "core.occupation", "contenttypes.contenttype", "auth.permission"}


def leftovers(words) -> list[str]:
    """Every text, e-mail and JSON field of every table, searched for each word."""
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_SEARCHED or not model._meta.managed or model._meta.proxy:
            continue
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField | models.JSONField):
                continue
            for word in words:
                rows = model._default_manager.filter(**{f"{f.name}__icontains": word}).values_list(
                    "pk", flat=True
                )
                found += [f"{label}.{f.name}#{pk} has {word!r}" for pk in rows]
    return found
