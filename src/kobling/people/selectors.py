"""Reads of people data, always through the access helpers here."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.people.models import Consent, Participant, Task, TimelineEntry


def participants_visible_to(user) -> QuerySet[Participant]:
    """Provider staff see their provider's people; a NAV advisor the people they follow;
    a participant only themselves. Everyone else: nobody."""
    if not getattr(user, "is_authenticated", False):
        return Participant.objects.none()
    condition = Q(pk__in=[])
    provider_ids = access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    if provider_ids:
        condition |= Q(organisation_id__in=provider_ids)
    if access.can(user, Cap.FOLLOW_OWN_PEOPLE):
        condition |= Q(advisor=user)
    if access.has_role(user, Role.PARTICIPANT):
        condition |= Q(user=user)
    return Participant.objects.filter(condition)


def participant_for_user(user, pk: int) -> Participant:
    try:
        return (
            participants_visible_to(user)
            .select_related("organisation", "advisor", "referring_office")
            .get(pk=pk)
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404


def is_own_record(user, participant: Participant) -> bool:
    return participant.user_id is not None and participant.user_id == user.pk


def works_with(user, participant: Participant) -> bool:
    """Provider staff of the owning provider, or the person's NAV advisor."""
    return participant.organisation_id in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS) or (
        participant.advisor_id == user.pk and access.can(user, Cap.FOLLOW_OWN_PEOPLE)
    )


def can_edit_participant(user, participant: Participant) -> bool:
    return participant.organisation_id in access.organisation_ids_with(user, Cap.EDIT_PARTICIPANTS)


def can_read_sensitive(user, participant: Participant) -> bool:
    """Coordinators of the owning provider and the person's own advisor."""
    return participant.organisation_id in access.organisation_ids_with(user, Cap.READ_SENSITIVE) or (
        participant.advisor_id == user.pk and access.can(user, Cap.READ_SENSITIVE)
    )


def timeline_visible_to(user, participant: Participant) -> QuerySet[TimelineEntry]:
    entries = participant.timeline.select_related("author")
    if is_own_record(user, participant) and not works_with(user, participant):
        return entries.filter(visibility=TimelineEntry.Visibility.PARTICIPANT, sensitive=False)
    is_provider = participant.organisation_id in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    if not is_provider:
        entries = entries.exclude(visibility=TimelineEntry.Visibility.PROVIDER)
    if not can_read_sensitive(user, participant):
        entries = entries.filter(sensitive=False)
    return entries


def current_consents(participant: Participant) -> list[tuple[str, str, Consent | None]]:
    """(purpose, label, newest row) for every purpose; a purpose never answered has None."""
    newest: dict[str, Consent] = {}
    for consent in participant.consents.all():  # ordered newest first
        newest.setdefault(consent.purpose, consent)
    return [(value, label, newest.get(value)) for value, label in Consent.Purpose.choices]


def has_consent(participant: Participant, purpose: str) -> bool:
    consent = participant.consents.filter(purpose=purpose).first()
    return bool(consent and consent.given)


def tasks_visible_to(user) -> QuerySet[Task]:
    """Tasks assigned to the user, plus those of their provider organisations."""
    condition = Q(assignee=user)
    org_ids = access.organisation_ids_with(user, Cap.ASSIGN_TASKS)
    provider_ids = access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    if provider_ids:
        condition |= Q(organisation_id__in=[i for i in org_ids if i in provider_ids])
    return Task.objects.filter(condition).select_related("participant", "assignee", "organisation")


def task_for_user(user, pk: int) -> Task:
    try:
        return tasks_visible_to(user).get(pk=pk)
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404


def open_tasks_waiting_on(waiting_on: str):
    return Exists(
        Task.objects.filter(participant=OuterRef("pk"), done_at__isnull=True, waiting_on=waiting_on)
    )


def meetings_today_q() -> Q:
    today = timezone.localdate()
    return Q(next_meeting_at__date=today)


def participants_like(participant: Participant) -> dict[int, list[str]]:
    """Other records of the same provider that may be the same person: {pk: reasons}.

    A system read for the intake's possible-match check; what it finds is shown only to the
    provider's coordinators, never to whoever submitted the new record."""
    condition = Q(pk__in=[])
    if participant.email:
        condition |= Q(email__iexact=participant.email)
    if participant.national_id:
        condition |= Q(national_id=participant.national_id)
    if participant.birth_year:
        condition |= Q(
            first_name__iexact=participant.first_name,
            last_name__iexact=participant.last_name,
            birth_year=participant.birth_year,
        )
    found: dict[int, list[str]] = {}
    others = Participant.objects.filter(condition, organisation_id=participant.organisation_id).exclude(
        pk=participant.pk
    )
    for other in others.only("email", "national_id", "first_name", "last_name", "birth_year"):
        reasons = []
        if participant.email and other.email.lower() == participant.email.lower():
            reasons.append("email")
        if participant.national_id and other.national_id == participant.national_id:
            reasons.append("national_id")
        if (
            participant.birth_year
            and other.birth_year == participant.birth_year
            and other.first_name.lower() == participant.first_name.lower()
            and other.last_name.lower() == participant.last_name.lower()
        ):
            reasons.append("name")
        found[other.pk] = reasons
    return found


def participants_search(participants: QuerySet, term: str) -> QuerySet:
    """Every word must match a name, the e-mail or, when it holds a digit, the phone number.

    On PostgreSQL the name and e-mail clauses use trigram indexes (people migration 0002); the
    phone clause is added only for words with digits, so a name search never scans the table.
    """
    for word in term.split()[:5]:
        condition = Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        digits = word.lstrip("+0").replace(" ", "")
        if any(c.isdigit() for c in digits):
            condition |= Q(phone__contains=digits)
        participants = participants.filter(condition)
    return participants


def with_consent_state(participants: QuerySet, purpose: str, name: str) -> QuerySet:
    """Annotate each person with whether their newest consent for the purpose is given (`name`)."""
    newest = Consent.objects.filter(participant=OuterRef("pk"), purpose=purpose).order_by("-at", "-id")
    return participants.annotate(**{name: Coalesce(Subquery(newest.values("given")[:1]), Value(False))})
