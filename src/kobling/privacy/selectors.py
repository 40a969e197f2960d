"""Reads for the privacy pages, each with its access rule.

Who has looked at my data
    The person sees every read of their national identity number and of their sensitive timeline
    entries, every export of their data by someone else, and every time a coordinator opened the
    messages of their mentor pair: when, which organisation and which role, never the reader's name
    (as NAV's "innsyn i logg" does: the organisation answers for its people, and naming them would
    invite contact outside the service). The organisation and role are the reader's as they stand
    now: the membership in the person's provider, else their NAV advisor membership, else any other.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kobling.core import access
from kobling.core.models import AuditLog, Membership
from kobling.core.roles import Cap, Role
from kobling.events.models import CandidateRegistration, EmployerRegistration
from kobling.mentoring.models import MentorProfile, Mentorship
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant, TimelineEntry
from kobling.privacy.models import Erasure
from kobling.programmes.models import ENDED, IntakeMatch

LOG_PAGE_SIZE = 25

WHAT = {
    "national_id": _("Your national identity number"),
    "sensitive_entry": _("A sensitive entry in your timeline"),
    "messages": _("The messages with your mentor"),
    "export": _("All your data (a copy was made)"),
}


def _as_text(queryset: QuerySet) -> QuerySet:
    """The primary keys of a queryset as text, to compare with AuditLog.object_id in a subquery."""
    return queryset.annotate(key=Cast("pk", CharField())).values("key")


def access_log(participant: Participant) -> QuerySet[AuditLog]:
    """Reads of the person's sensitive data and exports of it by others, newest first."""
    pk = str(participant.pk)
    entries = _as_text(TimelineEntry.objects.filter(participant=participant))
    pairs = _as_text(Mentorship.objects.filter(mentee__enrolment__participant=participant))
    read = AuditLog.Action.READ
    condition = (
        Q(action=read, object_type="people.participant", object_id=pk)
        | Q(action=read, object_type="people.timelineentry", object_id__in=entries)
        | Q(action=read, object_type="mentoring.mentorship", object_id__in=pairs)
        | Q(action=AuditLog.Action.EXPORT, object_type="people.participant", object_id=pk)
    )
    rows = AuditLog.objects.filter(condition)
    if participant.user_id:
        rows = rows.exclude(actor_id=participant.user_id)
    return rows.order_by("-at", "-id").prefetch_related(
        Prefetch("actor__memberships", queryset=Membership.objects.select_related("organisation"))
    )


@dataclass(frozen=True)
class LogLine:
    at: datetime
    organisation: str
    role: str
    what: str


def describe_actor(user, participant: Participant) -> tuple[str, str]:
    """(organisation, role) of someone who acted on the person's data, without their name.

    Uses `user.memberships.all()`, so prefetch `memberships__organisation` for many users."""
    return describe_reader(user, participant.organisation_id, participant.user_id)


def describe_reader(user, organisation_id: int | None, own_user_id: int | None) -> tuple[str, str]:
    """(organisation, role) of someone who acted on a person's data (`own_user_id` is the person's
    login): their membership in `organisation_id` (the organisation that holds the data), else their
    NAV advisor membership, else any other. Never their name."""
    if user is None:
        return "Kobling", str(_("Operations (command line or scheduled job)"))
    if user.pk == own_user_id:
        return "", str(_("You"))
    memberships = list(user.memberships.all())
    chosen = (
        next((m for m in memberships if m.organisation_id == organisation_id), None)
        or next((m for m in memberships if m.role == Role.NAV_ADVISOR), None)
        or next((m for m in memberships if m.organisation_id), None)
        or next(iter(memberships), None)
    )
    if chosen is None:
        return str(_("No longer in Kobling")), "—"
    organisation = chosen.organisation.name if chosen.organisation else "Kobling"
    return organisation, str(chosen.get_role_display())


def _what(row: AuditLog) -> str:
    if row.action == AuditLog.Action.EXPORT:
        return str(WHAT["export"])
    if row.object_type == "people.participant":
        return str(WHAT["national_id"])
    if row.object_type == "mentoring.mentorship":
        return str(WHAT["messages"])
    return str(WHAT["sensitive_entry"])


def log_lines(rows, participant: Participant) -> list[LogLine]:
    lines = []
    for row in rows:
        organisation, role = describe_actor(row.actor, participant)
        lines.append(LogLine(row.at, organisation, role, _what(row)))
    return lines


def addresses(participant: Participant) -> list[str]:
    """The person's e-mail addresses: on the record and on their login, lower case."""
    found = {participant.email.lower()} if participant.email else set()
    if participant.user_id and participant.user.email:
        found.add(participant.user.email.lower())
    return sorted(found)


def to_any(emails: list[str], field_name: str = "to") -> Q:
    condition = Q(pk__in=[])
    for email in emails:
        condition |= Q(**{f"{field_name}__iexact": email})
    return condition


# ----------------------------------------------------------------------------------------- access


def own_participant(user) -> Participant:
    """The logged-in participant's own record, or 404."""
    participant = own_participant_or_none(user)
    if participant is None:
        raise Http404
    return participant


def own_participant_or_none(user) -> Participant | None:
    if not access.has_role(user, Role.PARTICIPANT):
        return None
    return Participant.objects.filter(user=user, user__isnull=False).select_related("organisation").first()


def _provider_ids(user) -> set[int]:
    """Organisations where the user may act on people's privacy rights: coordinators, who both edit
    records and read sensitive data (the copy holds the national id and sensitive entries)."""
    return set(access.organisation_ids_with(user, Cap.EDIT_PARTICIPANTS)) & set(
        access.organisation_ids_with(user, Cap.READ_SENSITIVE)
    )


def participants_for_requests(user) -> QuerySet[Participant]:
    """The people whose access and erasure requests the user handles: a coordinator's own
    provider's participants. Everyone else: nobody."""
    ids = _provider_ids(user)
    if not ids:
        return Participant.objects.none()
    return Participant.objects.filter(organisation_id__in=ids)


def participant_for_request(user, pk) -> Participant:
    try:
        return participants_for_requests(user).select_related("organisation").get(pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404


def participant_for_erasure(user, pk) -> Participant:
    """A coordinator erases their own provider's people; a platform admin anyone."""
    people = Participant.objects.all() if access.is_platform_admin(user) else participants_for_requests(user)
    try:
        return people.select_related("organisation").get(pk=pk)
    except (Participant.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404


def is_erased(participant: Participant) -> bool:
    return Erasure.objects.filter(participant=participant).exists()


def erasure_preview(participant: Participant) -> list[tuple[str, int]]:
    """What an erasure will empty, counted, for the confirmation page."""
    emails = addresses(participant)
    return [
        (str(_("Timeline entries")), participant.timeline.count()),
        (str(_("Tasks about the person")), participant.tasks.count()),
        (str(_("Programmes (statuses and dates are kept)")), participant.enrolments.count()),
        (str(_("Activity plan items")), participant.activity_plan.count()),
        (
            str(_("Mentor pairs (the texts in their space are emptied)")),
            Mentorship.objects.filter(mentee__enrolment__participant=participant).count(),
        ),
        (
            str(_("Event registrations")),
            CandidateRegistration.objects.filter(participant=participant).count(),
        ),
        (
            str(_("E-mails to the person")),
            OutboxEmail.objects.filter(to_any(emails)).count() if emails else 0,
        ),
    ]


def open_enrolments(participant: Participant) -> list:
    """Enrolments not yet ended: erasure keeps their status (and a cohort seat), so the page asks
    the coordinator to end them first if the person has left."""
    return list(participant.enrolments.exclude(status__in=ENDED).select_related("programme"))


def other_records(participant: Participant) -> list[int]:
    """Records a coordinator has not yet compared with this one: possibly the same person."""
    pending = IntakeMatch.objects.filter(state=IntakeMatch.State.PENDING)
    found = set(pending.filter(new=participant).values_list("existing_id", flat=True))
    found |= set(pending.filter(existing=participant).exclude(new=None).values_list("new_id", flat=True))
    return sorted(found)


def mentor_profiles_of(mentor: MentorProfile) -> QuerySet[MentorProfile]:
    """The person's mentor profiles in the organisation of this one (each programme has its own): the
    same login, or the same e-mail address."""
    same = Q(email__iexact=mentor.email)
    if mentor.user_id:
        same |= Q(user_id=mentor.user_id)
    return MentorProfile.objects.filter(same, programme__organisation_id=mentor.programme.organisation_id)


def employer_contact(email: str) -> tuple[QuerySet, bool]:
    """The events' registrations naming this address as the employer's contact, and whether a login
    with the address holds the employer role."""
    address = email.strip()
    registrations = (
        (
            EmployerRegistration.objects.filter(contact_email__iexact=address)
            if address
            else EmployerRegistration.objects.none()
        )
        .select_related("event", "organisation")
        .order_by("-event__date", "pk")
    )
    login = (
        bool(address) and Membership.objects.filter(user__email__iexact=address, role=Role.EMPLOYER).exists()
    )
    return registrations, login


# ------------------------------------------------------------- a mentor's and a contact person's own


def own_mentor_profiles(user) -> QuerySet[MentorProfile]:
    """A mentor's own profiles, in every organisation: those tied to their login, and those with their
    login's address that no login holds yet (signed up or registered before the login was made). The
    same rule as `mentoring.services.mentor_claim_profiles`, which ties them at the next login: the
    invitation went to that address, so the login proves owning it. For a login with the mentor role
    only; an erased profile is nobody's."""
    if not access.has_role(user, Role.MENTOR):
        return MentorProfile.objects.none()
    mine = Q(user_id=user.pk)
    if user.email:
        mine |= Q(user__isnull=True, email__iexact=user.email)
    return MentorProfile.objects.filter(mine).exclude(state=MentorProfile.State.ERASED)


def own_contact_registrations(user) -> QuerySet[EmployerRegistration]:
    """The events' registrations that name the login's address as the employer's contact (as the
    contact's erasure finds them), for a login with the employer role."""
    if not access.has_role(user, Role.EMPLOYER) or not user.email:
        return EmployerRegistration.objects.none()
    return EmployerRegistration.objects.filter(contact_email__iexact=user.email)


# Field names in audit rows that have no wording of their own on the model.
FIELD_WORDS = {
    "state": _("status"),
    "user": _("login"),
    "languages": _("languages"),
    "no_show": _("did not come"),
    "checked_in_at": _("checked in"),
    "late_until_slot": _("late"),
    "registered_at": _("registered"),
    "token_hash": _("registration link"),
    "interests": _("candidates to meet"),
    "vetoes": _("candidates not to meet"),
}
PROFILE_WHAT = {
    AuditLog.Action.CREATE: _("Your mentor profile in %(name)s was made"),
    AuditLog.Action.UPDATE: _("Your mentor profile in %(name)s was changed"),
    AuditLog.Action.READ: _("Your mentor profile in %(name)s was read"),
    AuditLog.Action.EXPORT: _("A copy of your mentor profile in %(name)s was made"),
}
PAIR_WHAT = _("The messages of your mentor pair in %(name)s were read")
MENTOR_LIST_WHAT = _("The list of mentors in %(name)s, with you on it, was exported")
REGISTRATION_WHAT = {
    AuditLog.Action.CREATE: _("Your registration for %(name)s was made"),
    AuditLog.Action.UPDATE: _("Your registration for %(name)s was changed"),
    AuditLog.Action.EXPORT: _("A copy of your registration for %(name)s was made"),
}
OTHER_WHAT = _("%(name)s: %(action)s")


def mentor_log(user) -> QuerySet[AuditLog]:
    """What others did to the mentor's profiles (made, changed, copied), each time a coordinator
    opened the messages of their pairs, and each export of a programme's list of mentors made while
    they were on it (`exchange.services.mentors_export`), newest first. Reads of a profile on the web
    are not audited: the rows are its changes."""
    profiles = own_mentor_profiles(user)
    pairs = Mentorship.objects.filter(mentor__in=profiles)
    condition = Q(object_type="mentoring.mentorprofile", object_id__in=_as_text(profiles)) | Q(
        action=AuditLog.Action.READ, object_type="mentoring.mentorship", object_id__in=_as_text(pairs)
    )
    for programme_id, since in profiles.values_list("programme_id", "created_at"):
        condition |= Q(
            action=AuditLog.Action.EXPORT,
            object_type="programmes.programme",
            object_id=str(programme_id),
            at__gte=since,
        )
    return _others(AuditLog.objects.filter(condition), user)


def contact_log(user) -> QuerySet[AuditLog]:
    """What others did to the registrations naming the contact person, newest first."""
    registrations = _as_text(own_contact_registrations(user))
    rows = AuditLog.objects.filter(object_type="events.employerregistration", object_id__in=registrations)
    return _others(rows, user)


def _others(rows: QuerySet[AuditLog], user) -> QuerySet[AuditLog]:
    return (
        rows.exclude(actor_id=user.pk)
        .order_by("-at", "-id")
        .prefetch_related(
            Prefetch("actor__memberships", queryset=Membership.objects.select_related("organisation"))
        )
    )


def _changed(model, names: list[str]) -> str:
    """The changed fields in words: the model's own wording, else FIELD_WORDS."""
    words = []
    for name in names:
        try:
            found = getattr(model._meta.get_field(name), "verbose_name", None)  # a relation has none
        except FieldDoesNotExist:
            found = None
        words.append(str(FIELD_WORDS.get(name) or found or name))
    return ", ".join(dict.fromkeys(words))


def role_log_lines(rows, user, names: dict[tuple[str, str], str]) -> list[LogLine]:
    """A mentor's or a contact person's log in words. `names`: (object type, id) → the programme or
    event the row is about. A row without a login behind it was a public form or link (the mentor's
    sign-up, the event's registration link)."""
    models = {"mentoring.mentorprofile": MentorProfile, "events.employerregistration": EmployerRegistration}
    lines = []
    for row in rows:
        if row.actor_id is None:
            organisation, role = "", str(_("No login: a public form or link"))
        else:
            organisation, role = describe_reader(row.actor, row.organisation_id, user.pk)
        name = names.get((row.object_type, row.object_id), "—")
        if row.object_type == "mentoring.mentorship":
            what = PAIR_WHAT % {"name": name}
        elif row.object_type == "programmes.programme":
            what = MENTOR_LIST_WHAT % {"name": name}
        else:
            texts = PROFILE_WHAT if row.object_type == "mentoring.mentorprofile" else REGISTRATION_WHAT
            template = texts.get(row.action)
            what = (
                template % {"name": name}
                if template
                else OTHER_WHAT % {"name": name, "action": row.get_action_display()}
            )
            if row.action == AuditLog.Action.UPDATE and row.fields:
                what = f"{what}: {_changed(models[row.object_type], row.fields)}"
        lines.append(LogLine(row.at, organisation, role, what))
    return lines
