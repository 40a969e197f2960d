"""Every relation to a participant or a login, and every uploaded file, has been thought about for
erasure. A new model that points at a person fails here until someone decides what erasure does
with it (and, if it holds text about them, adds a step to privacy/erasure.py)."""

from django.apps import apps
from django.conf import settings
from django.db import models

from kobling.privacy import processing

SCRUBBED = "text about the person is emptied by an erasure step"
KEPT = "kept: ids, dates and codes only, which the figures count"
DELETED = "deleted by the erasure (no figure counts it)"
ACTOR = "who acted (staff, usually); if it was the person, it points at their anonymised, closed login"

REVIEWED = {
    "core.membership.user": DELETED,
    "accounts.providersession.user": DELETED,
    "core.invitation.participant": SCRUBBED,
    "core.invitation.invited_by": ACTOR,
    "core.auditlog.actor": ACTOR + "; labels and notes naming the person are rewritten",
    "core.authenticator.user": DELETED,
    "core.recoverycodes.user": DELETED,
    "people.participant.user": SCRUBBED + " (the login is anonymised and closed)",
    "people.participant.advisor": ACTOR,
    "people.participantlanguage.participant": KEPT,
    "people.consent.participant": KEPT,
    "people.consent.recorded_by": ACTOR,
    "people.timelineentry.participant": SCRUBBED,
    "people.timelineentry.author": ACTOR,
    "people.task.participant": SCRUBBED,
    "people.task.assignee": ACTOR,
    "people.task.created_by": ACTOR,
    "programmes.enrolment.participant": SCRUBBED,
    "programmes.enrolment.referred_by": ACTOR,
    "programmes.enrolmentstatus.changed_by": ACTOR,
    "programmes.intakeinterview.interviewer": ACTOR,
    "programmes.intakematch.new": KEPT,
    "programmes.intakematch.existing": KEPT,
    "programmes.intakematch.decided_by": ACTOR,
    "programmes.cohort.instructors": ACTOR,
    "programmes.phaserecord.recorded_by": ACTOR,
    "programmes.attendancerecord.recorded_by": ACTOR,
    "programmes.meeting.organiser": ACTOR,
    "programmes.activityitem.participant": SCRUBBED,
    "programmes.activityitem.created_by": ACTOR,
    "programmes.outcome.recorded_by": ACTOR,
    "mentoring.mentorprofile.user": SCRUBBED + " (the same person signed up as a mentor)",
    "mentoring.mentorprofile.reviewed_by": ACTOR,
    "mentoring.matchconstraint.created_by": ACTOR,
    "mentoring.matchrun.created_by": ACTOR,
    "mentoring.matchrun.published_by": ACTOR,
    "mentoring.mentorship.proposed_by": ACTOR,
    "mentoring.mentorshipstatus.changed_by": ACTOR,
    "network.mentordirectoryconsent.recorded_by": ACTOR,
    "network.question.hidden_by": ACTOR,
    "network.question.author": SCRUBBED,
    "network.answer.hidden_by": ACTOR,
    "network.answer.author": SCRUBBED,
    "network.meetup.created_by": ACTOR,
    "network.meetupsignup.user": SCRUBBED,
    "mentorspace.goal.created_by": SCRUBBED + " (the pair's space)",
    "mentorspace.meetinglog.created_by": SCRUBBED + " (the pair's space)",
    "mentorspace.privatenote.author": SCRUBBED + " (the pair's space, both sides)",
    "mentorspace.message.sender": SCRUBBED + " (the pair's space, both sides)",
    "mentorspace.checkin.user": SCRUBBED + " (the pair's space)",
    "mentorspace.evaluation.user": SCRUBBED + " (the pair's space)",
    "mentorspace.resource.created_by": ACTOR,
    "events.event.created_by": ACTOR,
    "events.eventstatuschange.by": ACTOR,
    "events.schedulerun.requested_by": ACTOR,
    "events.candidateregistration.participant": SCRUBBED,
    "events.candidateregistration.registered_by": ACTOR,
    "events.candidateregistration.advisor": ACTOR,
    "recruitment.feedback.given_by": ACTOR,
    "recruitment.feedback.released_by": ACTOR,
    "recruitment.offer.decided_by": ACTOR,
    "recruitment.offercheck.answered_by": ACTOR,
    "privacy.erasure.participant": "the mark that the record was erased",
    "api.apitoken.user": ACTOR + " (a token acts as its maker; a closed login's tokens are refused)",
    "api.apitoken.revoked_by": ACTOR,
}

FILES = {"mentorspace.resource.file": "guides a coordinator uploads for mentors: not about a person"}


def relations_to_people() -> set[str]:
    targets = {"people.participant", settings.AUTH_USER_MODEL.lower()}
    found = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            if (
                f.is_relation
                and f.concrete
                and f.related_model
                and f.related_model._meta.label_lower in targets
            ):
                found.add(f"{model._meta.label_lower}.{f.name}")
    return found


def test_every_relation_to_a_person_is_reviewed():
    assert relations_to_people() == set(REVIEWED)


def test_every_uploaded_file_is_reviewed():
    found = {
        f"{model._meta.label_lower}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    }
    assert found == set(FILES)


def test_the_records_of_processing_name_real_tables_and_rules():
    for purpose in processing.PURPOSES:
        assert purpose.rule in processing.RULES, purpose.key
        for label in purpose.models:
            apps.get_model(label)  # raises for a table that does not exist
    listed = {label for purpose in processing.PURPOSES for label in purpose.models}
    with_people = {name.rsplit(".", 1)[0] for name, how in REVIEWED.items() if how in (SCRUBBED, KEPT)}
    assert with_people - {"core.invitation"} <= listed | {"core.membership"}
