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
    if user is None:
        return "Kobling", str(_("Operations (command line or scheduled job)"))
    if user.pk == participant.user_id:
        return "", str(_("You"))
    memberships = list(user.memberships.all())
    chosen = (
        next((m for m in memberships if m.organisation_id == participant.organisation_id), None)
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
    participant = (
        Participant.objects.filter(user=user, user__isnull=False).select_related("organisation").first()
    )
    if participant is None:
        raise Http404
    return participant


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
