"""Reads of people data, always through the access helpers here."""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.models import User
from kobling.core.roles import Cap, Role
from kobling.core.selectors import get_or_404
from kobling.people.forms import LANGUAGE_NAMES
from kobling.people.models import Consent, ITEvidence, Participant, Task, TimelineEntry


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
    """The record, or a 404. A logged-in user asking for a record that exists but is not theirs to
    see is a security event in the audit log, for the organisation that holds the record."""
    try:
        return (
            participants_visible_to(user)
            .select_related("organisation", "advisor", "referring_office")
            .get(pk=pk)
        )
    except (Participant.DoesNotExist, ValueError, TypeError):
        held = (
            Participant.objects.filter(pk=pk).select_related("organisation").first() if _is_id(pk) else None
        )
        if held is not None:
            raise access.refused(user, note=f"participant {held.pk}", organisation=held.organisation)
        raise Http404


def _is_id(value) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


def participant_for_staff(user, pk: int) -> Participant:
    """The record for the staff pages: only for those who work with the person, else a 404. A
    participant reaches their own record through "My profile", not the staff pages."""
    participant = participant_for_user(user, pk)
    if not works_with(user, participant):
        raise Http404
    return participant


def own_participant(user) -> Participant:
    """The logged-in participant's own record, or a 404."""
    participant = Participant.objects.filter(user=user).select_related("organisation", "advisor").first()
    if participant is None:
        raise Http404
    return participant


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


def is_provider_side(user, participant: Participant) -> bool:
    """Staff of the provider that holds the record (not the NAV side)."""
    return participant.organisation_id in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)


def timeline_visible_to(user, participant: Participant) -> QuerySet[TimelineEntry]:
    entries = participant.timeline.select_related("author")
    if is_own_record(user, participant) and not works_with(user, participant):
        return entries.filter(visibility=TimelineEntry.Visibility.PARTICIPANT, sensitive=False)
    if not is_provider_side(user, participant):
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
    return get_or_404(tasks_visible_to(user), pk=pk)


def open_tasks_for(user, *, limit: int = 10) -> list[Task]:
    """The user's own open tasks, soonest due first (the start page's list)."""
    return list(
        Task.objects.filter(assignee=user, done_at__isnull=True)
        .select_related("participant", "assignee")
        .order_by("due", "id")[:limit]
    )


def task_assignees(participant: Participant) -> QuerySet[User]:
    """Who may be given a task about the person: the provider's coordinators and staff, and the
    person's NAV advisor."""
    ids = set(
        User.objects.filter(
            memberships__organisation=participant.organisation,
            memberships__role__in=[Role.COORDINATOR, Role.STAFF],
        ).values_list("pk", flat=True)
    )
    if participant.advisor_id:
        ids.add(participant.advisor_id)
    return User.objects.filter(pk__in=ids, is_active=True)


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
    phone clause is added only for words with digits, so a name search never scans the table. A NUL
    character matches nothing (and PostgreSQL refuses it in a query), so it is dropped.
    """
    for word in term.replace("\x00", "").split()[:5]:
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


def processing_contacts(participant: Participant) -> list[User]:
    """Who is told when the person withdraws the processing consent: the provider's coordinators and
    the person's NAV advisor (the confirmation page names them from this same list)."""
    coordinators = User.objects.filter(
        is_active=True,
        memberships__organisation_id=participant.organisation_id,
        memberships__role=Role.COORDINATOR,
    ).distinct()
    people = list(coordinators.order_by("full_name", "pk"))
    advisor = participant.advisor
    if advisor is not None and advisor.is_active and advisor.pk not in {u.pk for u in people}:
        people.append(advisor)
    return people


def participant_record(user, participant: Participant) -> dict:
    """What the record page shows of the person's own data, read as `user` may see it: facts,
    languages, the timeline (newest 100 entries), consents, and what the user may do there."""
    works = works_with(user, participant)
    sensitive = can_read_sensitive(user, participant)
    return {
        "participant": participant,
        "languages": [
            (LANGUAGE_NAMES.get(lang.language, lang.language), lang) for lang in participant.languages.all()
        ],
        "occupations": list(participant.target_occupations.all()),
        "it_evidence_labels": [
            ITEvidence(v).label for v in participant.it_evidence if v in ITEvidence.values
        ],
        "entries": list(timeline_visible_to(user, participant)[:100]),
        "consents": current_consents(participant),
        "works_with": works,
        "can_edit": can_edit_participant(user, participant),
        "can_read_sensitive": sensitive,
        "can_write": works and access.can(user, Cap.WRITE_TIMELINE),
        "is_own": is_own_record(user, participant),
    }
