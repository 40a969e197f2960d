"""Erasure (GDPR article 17): every row that identifies a participant is anonymised in place.

Rows are never deleted, so every count in the results tables and reports stays as it was: what is
kept are ids, dates, statuses, codes, scores, the county and yes/no facts. What goes is everything
that names or describes the person: names, contact details, national id, birth year (no report uses
it), municipality, every free text written about them or by them (timeline, tasks, notes, minutes,
the plan, the pair's space, event registrations, feedback), e-mails to or about them, their login
(anonymised and closed, memberships and two-factor devices removed), login attempts with their
address, and the labels of audit rows about them.

`erase` runs the steps below inside the caller's transaction (`services.participant_erase`) and
rewrites audit rows under `audit_rewrite`. Files of the rows it touches are removed only after the
transaction commits, so a rolled-back erasure leaves every file in place.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from kobling.accounts.sso.models import ProviderSession
from kobling.core.audit import audit_rewrite
from kobling.core.models import AuditLog, Invitation, Membership, User
from kobling.core.roles import Role
from kobling.events.models import CandidateRegistration, EmployerRegistration, Interview
from kobling.mentoring.models import (
    MenteeProfile,
    MentorLanguage,
    MentorProfile,
    Mentorship,
    MentorshipStatus,
)
from kobling.mentorspace.models import CheckIn, Evaluation, Goal, MeetingLog, Message, PrivateNote, Side
from kobling.network.models import Answer, MeetupSignup, Question
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant, Task, TimelineEntry
from kobling.privacy.selectors import addresses, mentor_profiles_of, to_any
from kobling.programmes.models import (
    ActivityItem,
    Enrolment,
    EnrolmentStatus,
    IntakeInterview,
    Meeting,
    Outcome,
    Placement,
)
from kobling.recruitment.models import Feedback, Offer, Reflection

ERASED = "—"  # stands in for a name or a title
ERASED_LABEL = "erased person"  # the audit log's label for rows about an erased person
ERASED_EMAIL = "erased@erased.invalid"
# What identifies a mentor on their profile, emptied by every erasure that reaches one.
MENTOR_PROFILE_BLANK = {
    "full_name": ERASED,
    "email": ERASED_EMAIL,
    "phone": "",
    "municipality": "",
    "employer": "",
    "topic_detail": "",
    "bio": "",
    "review_note": "",
}
# Shorter names are not searched for in free text: they would match everything.
MIN_FULL_NAME = 5
MIN_FIRST_NAME = 3


def erased_user_email(user_id: int) -> str:
    return f"erased-{user_id}@erased.invalid"  # e-mail is unique on users


@dataclass
class Eraser:
    """Collects what one erasure changed: counts per kind, the querysets it touched (for the audit
    log) and the files to remove after commit."""

    participant: Participant | None = None
    user_id: int | None = None  # the person's login, if any
    # A mentor's erasure reaches only their organisation's e-mails, invitations and audit labels: the
    # address on a profile is whatever the coordinator typed, and may be someone else's elsewhere.
    organisation_id: int | None = None
    own_emails: list[str] = field(default_factory=list)  # their login's address: theirs everywhere
    names: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    touched: list[tuple[str, QuerySet]] = field(default_factory=list)
    files: list[tuple[object, str]] = field(default_factory=list)

    def __post_init__(self):
        p = self.participant
        if p is None:  # a mentor: the caller names them (`erase_mentor`)
            return
        self.user_id = p.user_id
        self.names = [
            n for n in {p.full_name, p.user.full_name if p.user_id else ""} if len(n) >= MIN_FULL_NAME
        ]
        invited = Invitation.objects.filter(participant=p).values_list("email", flat=True)
        self.emails = sorted(set(addresses(p)) | {e.lower() for e in invited if e})

    def scrub(self, queryset: QuerySet, kind: str, **values) -> int:
        """Overwrite `values` on every row of the queryset (never delete). FileFields of the model
        are emptied too, their files removed after commit."""
        model = queryset.model
        self.touched.append((model._meta.label_lower, queryset))
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                names = queryset.exclude(**{f.name: ""}).values_list(f.name, flat=True)
                self.files += [(f.storage, name) for name in names if name]
                values[f.name] = ""
        changed = model.objects.filter(pk__in=queryset.values("pk")).update(**values)
        self.counts[kind] += changed
        return changed

    def finish(self) -> None:
        """Remove the files of the scrubbed rows once the transaction has committed (never before:
        a rolled-back erasure must find every file in place)."""
        files = list(self.files)
        if files:
            transaction.on_commit(lambda: _remove_files(files))
            self.counts["files"] += len(files)

    def touch(self, queryset: QuerySet) -> None:
        """Nothing to overwrite on these rows, but audit rows about them must lose their labels."""
        self.touched.append((queryset.model._meta.label_lower, queryset))

    def delete(self, queryset: QuerySet, kind: str) -> int:
        """Only for rows no count depends on (login attempts, memberships, two-factor devices)."""
        deleted, _by_model = queryset.delete()
        self.counts[kind] += deleted
        return deleted

    def mentions(self, *fields: str, names: list[str] | None = None, emails: list[str] | None = None) -> Q:
        """Rows whose text fields contain one of the person's names or e-mail addresses."""
        words = (self.names if names is None else names) + (self.emails if emails is None else emails)
        condition = Q(pk__in=[])
        for name in fields:
            for word in words:
                condition |= Q(**{f"{name}__icontains": word})
        return condition

    def to_them(self, field_name: str = "to") -> Q:
        return to_any(self.emails, field_name)

    def within(self, own: Q | None = None) -> Q:
        """The rows of the organisation this erasure is limited to (or every row), and those `own`
        picks by the person's login address, which is theirs wherever it stands."""
        if not self.organisation_id:
            return Q()
        return Q(organisation_id=self.organisation_id) | (
            own if own is not None and self.own_emails else Q(pk__in=[])
        )


def _profile(e: Eraser) -> None:
    p = e.participant
    e.scrub(
        Participant.objects.filter(pk=p.pk),
        "participant",
        first_name=ERASED,
        last_name="",
        email="",
        phone="",
        national_id="",
        birth_year=None,
        municipality="",
        education_field="",
        it_interest_notes="",
        work_experience="",
        updated_at=timezone.now(),
    )


def _timeline_and_tasks(e: Eraser) -> None:
    p = e.participant
    e.scrub(TimelineEntry.objects.filter(participant=p), "timeline_entries", title=ERASED, body="")
    about = Q(participant=p) | (Q(organisation_id=p.organisation_id) & e.mentions("title"))
    e.scrub(Task.objects.filter(about), "tasks", title=ERASED)


def _programmes(e: Eraser) -> None:
    p = e.participant
    enrolments = Enrolment.objects.filter(participant=p)
    e.scrub(enrolments, "enrolments", referral_note="")
    e.scrub(EnrolmentStatus.objects.filter(enrolment__participant=p), "status_history", reason_text="")
    e.scrub(IntakeInterview.objects.filter(enrolment__participant=p), "intake_interviews", notes={})
    e.scrub(Meeting.objects.filter(enrolment__participant=p), "meetings", place="", agenda="", minutes="")
    e.scrub(ActivityItem.objects.filter(participant=p), "activity_plan", title=ERASED, description="")
    e.scrub(Placement.objects.filter(enrolment__participant=p), "placements", supervisor="")
    e.scrub(Outcome.objects.filter(enrolment__participant=p), "outcomes", note="")


def _mentoring(e: Eraser) -> None:
    p = e.participant
    e.scrub(MenteeProfile.objects.filter(enrolment__participant=p), "mentee_profiles", goals="")
    pairs = Mentorship.objects.filter(mentee__enrolment__participant=p)
    e.scrub(pairs, "mentor_pairs", decline_text="", intro_place="", intro_video_url="")
    e.scrub(MentorshipStatus.objects.filter(mentorship__in=pairs), "mentor_pair_history", note="")
    # The pair's space was a conversation with the person: both sides' words go.
    e.scrub(Goal.objects.filter(mentorship__in=pairs), "pair_goals", title=ERASED)
    e.scrub(MeetingLog.objects.filter(mentorship__in=pairs), "pair_meetings", shared_notes="")
    e.scrub(PrivateNote.objects.filter(meeting__mentorship__in=pairs), "pair_private_notes", text="")
    e.scrub(Message.objects.filter(mentorship__in=pairs), "pair_messages", body="")
    e.scrub(CheckIn.objects.filter(mentorship__in=pairs), "pair_checkins", comment="")
    e.scrub(Evaluation.objects.filter(mentorship__in=pairs), "pair_evaluations", comment="", employer_name="")
    if p.user_id:  # the same person signed up as a mentor with this login
        e.scrub(MentorProfile.objects.filter(user_id=p.user_id), "mentor_profiles", **MENTOR_PROFILE_BLANK)


def _events(e: Eraser) -> None:
    registrations = CandidateRegistration.objects.filter(participant=e.participant)
    e.scrub(
        registrations,
        "event_registrations",
        looking_for="",
        experience="",
        languages="",
        needs_interpreter="",
        needs_accessibility="",
    )
    interviews = Interview.objects.filter(candidate__in=registrations)
    e.touch(interviews)
    e.touch(Offer.objects.filter(candidate__in=registrations))
    e.scrub(Feedback.objects.filter(interview__in=interviews), "interview_feedback", strengths="", advice="")
    e.scrub(Reflection.objects.filter(interview__in=interviews), "interview_reflections", text="")


def _network(e: Eraser) -> None:
    user_id = e.user_id
    if not user_id:
        return
    e.scrub(
        Question.objects.filter(author_id=user_id),
        "network_questions",
        author_name=ERASED,
        title=ERASED,
        body="",
    )
    e.scrub(Answer.objects.filter(author_id=user_id), "network_answers", author_name=ERASED, body="")
    e.scrub(MeetupSignup.objects.filter(user_id=user_id), "meetup_signups", name=ERASED)


def _contacts(e: Eraser) -> list[str]:
    """Who wrote to or about the person in their work: their advisor, their mentors and the
    employers of their events. E-mails to them name the person by first name only."""
    p = e.participant
    found = set(
        MentorProfile.objects.filter(mentorships__mentee__enrolment__participant=p).values_list(
            "email", flat=True
        )
    )
    found |= set(
        EmployerRegistration.objects.filter(interviews__candidate__participant=p).values_list(
            "contact_email", flat=True
        )
    )
    if p.advisor_id:
        found.add(p.advisor.email)
    return sorted(address.lower() for address in found if address)


def _outbox(e: Eraser) -> None:
    first = [e.participant.first_name] if len(e.participant.first_name) >= MIN_FIRST_NAME else []
    about = e.mentions("subject", "body")
    contacts = _contacts(e)
    if first and contacts:
        about |= to_any(contacts) & e.mentions("subject", "body", names=first)
    _outbox_scrub(e, about)


def _outbox_scrub(e: Eraser, about: Q) -> None:
    """E-mails to the person, and those `about` them, lose their text; a queued one must not go out:
    it fails instead (and is never sent later)."""
    blank = {"subject": ERASED, "body": "", "attachments": [], "tokens": [], "last_error": ""}
    stop = {"state": OutboxEmail.State.FAILED}
    queued = Q(state=OutboxEmail.State.QUEUED)
    to_them = OutboxEmail.objects.filter(e.to_them(), e.within(to_any(e.own_emails)))
    e.scrub(to_them.filter(queued), "emails_stopped", to=ERASED_EMAIL, **blank, **stop)
    e.scrub(to_them, "emails_to_them", to=ERASED_EMAIL, **blank)
    about_them = OutboxEmail.objects.filter(about, e.within(to_any(e.own_emails))).exclude(
        body="", subject=ERASED
    )
    e.scrub(about_them.filter(queued), "emails_stopped", **blank, **stop)
    e.scrub(about_them, "emails_about_them", **blank)


def _login(e: Eraser) -> None:
    p = e.participant
    _invitations(e, Invitation.objects.filter(Q(participant=p) | e.to_them("email")))
    if p.user_id:
        _close_login(e, User.objects.get(pk=p.user_id))


def _invitations(e: Eraser, invitations: QuerySet) -> None:
    e.scrub(invitations.filter(accepted_at=None, revoked_at=None), "invitations", revoked_at=timezone.now())
    e.scrub(invitations, "invitations_anonymised", email=ERASED_EMAIL, full_name=ERASED)


def _close_login(e: Eraser, user: User) -> None:
    """The login is anonymised and closed; its memberships, two-factor devices and provider sessions
    go."""
    if apps.is_installed("django_otp"):
        from django_otp import devices_for_user

        for device in list(devices_for_user(user, confirmed=None)):
            device.delete()
            e.counts["two_factor_devices"] += 1
    e.delete(Membership.objects.filter(user=user), "memberships")
    e.delete(ProviderSession.objects.filter(user=user), "provider_sessions")
    e.scrub(
        User.objects.filter(pk=user.pk),
        "logins",
        email=erased_user_email(user.pk),
        full_name=ERASED,
        phone="",
        is_active=False,
        is_staff=False,
        is_superuser=False,
        password=make_password(None),
        last_login=None,
    )


def _login_attempts(e: Eraser) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    # An address that is another person's login keeps its attempts: deleting them would lift that
    # login's lock-out.
    others = {
        address.lower()
        for address in User.objects.filter(to_any(e.emails, "email"))
        .exclude(pk=e.user_id)
        .values_list("email", flat=True)
    }
    addresses = [address for address in e.emails if address not in others]
    if not addresses:
        return
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        e.delete(model.objects.filter(to_any(addresses, "username")), "login_attempts")


def _audit(e: Eraser) -> None:
    """Every audit row about the person or one of the rows touched above loses its label; a note
    that names them is emptied. Actions, times, actors and field names stay."""
    own_label = e.mentions("object_label", names=[], emails=e.own_emails) if e.own_emails else None
    about = e.mentions("object_label") & e.within(own_label)
    for label, queryset in e.touched:
        about |= Q(object_type=label, object_id__in=_pk_text(queryset))
    with audit_rewrite("erasure"):
        e.counts["audit_labels"] += AuditLog.objects.filter(about).update(object_label=ERASED_LABEL)
        own_note = e.mentions("note", names=[], emails=e.own_emails) if e.own_emails else None
        notes = AuditLog.objects.filter(e.mentions("note"), e.within(own_note))
        e.counts["audit_notes"] += notes.update(note="")


def _pk_text(queryset: QuerySet) -> QuerySet:
    return (
        queryset.model.objects.filter(pk__in=queryset.values("pk"))
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )


# In this order: the audit step needs what every other step touched; the profile goes after the
# steps that search free text for the person's name.
STEPS = (
    _timeline_and_tasks,
    _programmes,
    _mentoring,
    _events,
    _network,
    _outbox,
    _login_attempts,
    _login,
    _profile,
    _audit,
)


def erase(participant: Participant) -> Counter:
    """Anonymise everything about the person. Call inside a transaction with the row locked."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An erasure runs inside one transaction.")
    eraser = Eraser(participant)
    for step in STEPS:
        step(eraser)
    eraser.finish()
    return eraser.counts


# ------------------------------------------------------------------------------------- mentors


def erase_mentor(mentor: MentorProfile) -> Counter:
    """Anonymise a mentor, on their request, in the organisation of this profile: every profile of
    theirs there, their words in their pairs' spaces (the mentee's stay), the network, e-mails to or
    about them, their login when nothing else holds it, and audit labels. Pairs, dates and states stay,
    so the figures do. Call inside a transaction with the profile locked."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An erasure runs inside one transaction.")
    # Fixed by id first: the steps change the very e-mail and login the profiles are found by.
    profiles = MentorProfile.objects.filter(
        pk__in=list(mentor_profiles_of(mentor).values_list("pk", flat=True))
    )
    names = {p.full_name for p in profiles} | ({mentor.user.full_name} if mentor.user_id else set())
    emails = {p.email.lower() for p in profiles if p.email} | (
        {mentor.user.email.lower()} if mentor.user_id else set()
    )
    e = Eraser(
        user_id=mentor.user_id,
        organisation_id=mentor.programme.organisation_id,
        own_emails=[mentor.user.email.lower()] if mentor.user_id else [],
        names=sorted(n for n in names if len(n) >= MIN_FULL_NAME),
        emails=sorted(emails),
    )
    _mentor_pairs(e, profiles)
    _network(e)
    _outbox_scrub(e, e.mentions("subject", "body"))
    _login_attempts(e)
    _mentor_login(e, profiles)
    _mentor_profiles(e, profiles)
    _audit(e)
    e.finish()
    return e.counts


def _mentor_pairs(e: Eraser, profiles: QuerySet) -> None:
    pairs = Mentorship.objects.filter(mentor__in=profiles)
    e.scrub(pairs, "mentor_pairs", decline_text="", intro_place="", intro_video_url="")
    e.scrub(MentorshipStatus.objects.filter(mentorship__in=pairs), "mentor_pair_history", note="")
    mentor_side = {"mentorship__in": pairs, "side": Side.MENTOR}
    e.scrub(Message.objects.filter(**mentor_side), "pair_messages", body="")
    e.scrub(CheckIn.objects.filter(**mentor_side), "pair_checkins", comment="")
    e.scrub(Evaluation.objects.filter(**mentor_side), "pair_evaluations", comment="", employer_name="")
    if e.user_id:
        written = {"mentorship__in": pairs, "created_by_id": e.user_id}
        e.scrub(MeetingLog.objects.filter(**written), "pair_meetings", shared_notes="")
        notes = PrivateNote.objects.filter(meeting__mentorship__in=pairs, author_id=e.user_id)
        e.scrub(notes, "pair_private_notes", text="")


def _mentor_login(e: Eraser, profiles: QuerySet) -> None:
    """Invitations to them go. The login is closed only when mentoring here was all it was for: no
    mentor profile left elsewhere, no participant record, no membership but as a mentor here."""
    _invitations(e, Invitation.objects.filter(e.to_them("email"), e.within()))
    if not e.user_id:
        return
    user = User.objects.get(pk=e.user_id)
    organisation_id = profiles.first().programme.organisation_id
    elsewhere = MentorProfile.objects.filter(user=user).exclude(pk__in=profiles.values("pk")).exists()
    other_roles = (
        Membership.objects.filter(user=user)
        .exclude(organisation_id=organisation_id, role=Role.MENTOR)
        .exists()
    )
    if elsewhere or other_roles or Participant.objects.filter(user=user).exists():
        e.delete(
            Membership.objects.filter(user=user, organisation_id=organisation_id, role=Role.MENTOR),
            "memberships",
        )
        return
    _close_login(e, user)


def _mentor_profiles(e: Eraser, profiles: QuerySet) -> None:
    e.delete(MentorLanguage.objects.filter(mentor__in=profiles), "mentor_languages")
    e.scrub(
        profiles,
        "mentor_profiles",
        **MENTOR_PROFILE_BLANK,
        gender="",
        availability=[],
        user=None,
        state=MentorProfile.State.ERASED,
        updated_at=timezone.now(),
    )


# ---------------------------------------------------------------------------- employer contacts


def erase_employer_contact(email: str) -> Counter:
    """Anonymise an employer's contact person, on their request: the events' registrations naming
    them (their join links stop working), e-mails to or about them, invitations, login attempts, their
    login when it holds nothing but the employer role, and audit labels. The employer, its openings,
    interviews, feedback and offers stay: they are the company's, and the figures count them. Call
    inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("An erasure runs inside one transaction.")
    address = email.strip().lower()
    registrations = EmployerRegistration.objects.filter(
        pk__in=list(
            EmployerRegistration.objects.filter(contact_email__iexact=address).values_list("pk", flat=True)
        )
    )
    user = User.objects.filter(email__iexact=address).first()
    names = set(registrations.values_list("contact_name", flat=True)) | ({user.full_name} if user else set())
    e = Eraser(user_id=user.pk if user else None, names=sorted(n for n in names if len(n) >= MIN_FULL_NAME))
    e.emails = [address]
    e.scrub(
        registrations,
        "employer_registrations",
        contact_name=ERASED,
        contact_email=ERASED_EMAIL,
        token_hash="",
    )
    _outbox_scrub(e, e.mentions("subject", "body"))  # e-mails to them, and naming them
    _login_attempts(e)
    _invitations(e, Invitation.objects.filter(e.to_them("email")))
    if user is not None:
        other_roles = Membership.objects.filter(user=user).exclude(role=Role.EMPLOYER).exists()
        if other_roles or Participant.objects.filter(user=user).exists():
            e.delete(Membership.objects.filter(user=user, role=Role.EMPLOYER), "memberships")
        else:
            _close_login(e, user)
    _audit(e)
    e.finish()
    return e.counts


def _remove_files(files: list[tuple[object, str]]) -> None:
    for storage, name in files:
        storage.delete(name)
