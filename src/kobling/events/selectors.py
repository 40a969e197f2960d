"""Who sees which event, registration and interview. Everything out of reach is a 404.

* Organisers (NAV market coordinators and provider coordinators of an organising organisation) see
  and manage the whole event.
* Those who register candidates (NAV advisors, provider coordinators) see events once they are open,
  and in them only their own candidates: an advisor the people they follow, a coordinator the
  people of their provider.
* An employer contact sees the events their organisation takes part in, and in them the candidates'
  short profiles (first name and profile), only while the candidate's consent holds.
* A participant sees the events they are registered for, and their own day.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from kobling.core import access
from kobling.core.models import Organisation
from kobling.core.roles import Cap, Role
from kobling.core.selectors import get_or_404
from kobling.events.models import (
    CandidateRegistration,
    EmployerRegistration,
    Event,
    EventStatus,
    Interview,
)
from kobling.people.models import Consent, Participant

# The interviews that hold a slot and a table: planned, or held.
LIVE_STATES = (Interview.State.PLANNED, Interview.State.HELD)


def managed_event_ids(user) -> QuerySet:
    org_ids = access.organisation_ids_with(user, Cap.MANAGE_EVENTS)
    return Event.objects.filter(organisers__in=org_ids).values("pk")


def events_visible_to(user) -> QuerySet[Event]:
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    condition = Q(pk__in=managed_event_ids(user))
    if access.can(user, Cap.REGISTER_CANDIDATES):
        condition |= ~Q(status=EventStatus.DRAFT)
    employer_ids = access.organisation_ids_with(user, Cap.EVENT_EMPLOYER)
    if employer_ids:
        condition |= Q(
            pk__in=EmployerRegistration.objects.filter(organisation__in=employer_ids)
            .exclude(state=EmployerRegistration.State.WITHDRAWN)
            .values("event")
        )
    if access.has_role(user, Role.PARTICIPANT):
        condition |= Q(
            pk__in=CandidateRegistration.objects.filter(
                participant__user=user, state=CandidateRegistration.State.REGISTERED
            ).values("event")
        )
    return Event.objects.filter(condition).distinct()


def event_home(event: Event) -> Organisation | None:
    """The organisation an event's audit rows and e-mails belong to: its first organiser."""
    return event.organisers.order_by("pk").first()


@dataclass(frozen=True)
class EventRights:
    manage: bool
    register: bool  # may register their own people
    employer_ids: frozenset[int]  # employer registrations the user speaks for
    candidate_ids: frozenset[int]  # own candidate registrations (participant)


def event_for_user(user, pk) -> tuple[Event, EventRights]:
    event = get_or_404(events_visible_to(user).select_related("venue"), pk=pk)
    return event, rights_for(user, event)


def event_managed_or_404(user, pk) -> Event:
    """The event, for those who organise it; a 404 for everyone else, whatever else they may see of it."""
    event, rights = event_for_user(user, pk)
    if not rights.manage:
        raise Http404
    return event


def rights_for(user, event: Event) -> EventRights:
    org_ids = access.organisation_ids_with(user, Cap.MANAGE_EVENTS)
    manage = bool(org_ids) and event.organisers.filter(pk__in=org_ids).exists()
    employer_orgs = access.organisation_ids_with(user, Cap.EVENT_EMPLOYER)
    employer_ids = frozenset(
        EmployerRegistration.objects.filter(event=event, organisation__in=employer_orgs)
        .exclude(state=EmployerRegistration.State.WITHDRAWN)
        .values_list("pk", flat=True)
        if employer_orgs
        else []
    )
    candidate_ids = frozenset(
        CandidateRegistration.objects.filter(event=event, participant__user=user).values_list("pk", flat=True)
        if access.has_role(user, Role.PARTICIPANT)
        else []
    )
    register = access.can(user, Cap.REGISTER_CANDIDATES) and event.status != EventStatus.DRAFT
    return EventRights(manage, register, employer_ids, candidate_ids)


def registrable_participants(user) -> QuerySet[Participant]:
    """The people this user may put forward: an advisor's own people, a coordinator's provider's."""
    condition = Q(pk__in=[])
    org_ids = [
        o
        for o in access.organisation_ids_with(user, Cap.REGISTER_CANDIDATES)
        if o in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    ]
    if org_ids:
        condition |= Q(organisation_id__in=org_ids)
    if access.can(user, Cap.FOLLOW_OWN_PEOPLE) and access.can(user, Cap.REGISTER_CANDIDATES):
        condition |= Q(advisor=user)
    return Participant.objects.filter(condition)


def candidates_visible_to(user, event: Event, rights: EventRights) -> QuerySet[CandidateRegistration]:
    """Full candidate registrations: organisers all, registrars their own people, a participant themself."""
    regs = CandidateRegistration.objects.filter(event=event).select_related("participant", "advisor")
    if rights.manage:
        return regs
    condition = Q(pk__in=rights.candidate_ids)
    if rights.register or access.can(user, Cap.REGISTER_CANDIDATES):
        condition |= Q(participant__in=registrable_participants(user))
    return regs.filter(condition)


def candidate_for_user(user, pk) -> tuple[CandidateRegistration, EventRights]:
    reg = get_or_404(CandidateRegistration.objects.select_related("event", "participant", "advisor"), pk=pk)
    if not events_visible_to(user).filter(pk=reg.event_id).exists():
        raise Http404
    rights = rights_for(user, reg.event)
    if not candidates_visible_to(user, reg.event, rights).filter(pk=reg.pk).exists():
        raise Http404
    return reg, rights


def employer_for_user(user, pk) -> tuple[EmployerRegistration, EventRights]:
    """An employer registration, for its organisers and its own contacts."""
    reg = get_or_404(EmployerRegistration.objects.select_related("event", "organisation"), pk=pk)
    rights = rights_for(user, reg.event)
    if not (rights.manage or reg.pk in rights.employer_ids):
        raise Http404
    return reg, rights


def consenting_candidates(event: Event) -> QuerySet[CandidateRegistration]:
    """Candidates whose consent to share a short profile with employers still holds.

    Each person's newest consent row for the purpose decides, read in one query for the whole list.
    """
    regs = list(
        CandidateRegistration.objects.filter(
            event=event, state=CandidateRegistration.State.REGISTERED
        ).values_list("pk", "participant_id")
    )
    newest: dict[int, bool] = {}
    for participant_id, given in (
        Consent.objects.filter(participant__in=[p for _, p in regs], purpose=Consent.Purpose.EMPLOYERS)
        .order_by("participant_id", "-at", "-id")
        .values_list("participant_id", "given")
    ):
        newest.setdefault(participant_id, given)
    ok = [pk for pk, participant_id in regs if newest.get(participant_id)]
    return CandidateRegistration.objects.filter(pk__in=ok).select_related("participant")


def interviews_of(event: Event) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(event=event)
        .exclude(state=Interview.State.CANCELLED)
        .select_related("candidate__participant", "employer__organisation", "candidate__advisor")
    )


# ------------------------------------------------------------------ start pages


def organiser_coming_events(user, *, today, limit: int = 10) -> list[Event]:
    """The events the user organises from today on, each with its counts and what it still lacks
    (`event.lacks`: codes the start page words), in one query."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    def count(model, **filters):
        rows = model.objects.filter(event=OuterRef("pk"), **filters).order_by().values("event")
        return Coalesce(
            Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0
        )

    events = list(
        Event.objects.filter(pk__in=managed_event_ids(user), date__gte=today)
        .exclude(status__in=[EventStatus.HELD, EventStatus.CLOSED])
        .annotate(
            employers_n=count(EmployerRegistration, state=EmployerRegistration.State.REGISTERED),
            candidates_n=count(CandidateRegistration, state=CandidateRegistration.State.REGISTERED),
            interviews_n=count(Interview, state__in=LIVE_STATES),
        )
        .select_related("venue")
        .order_by("date", "pk")[:limit]
    )
    for event in events:
        event.lacks = event_lacks(event, today=today)
        event.is_today = event.date == today
    return events


def event_lacks(event: Event, *, today) -> list[str]:
    """What an event still needs before its day, as codes: "draft" (not open for registration),
    "employers", "candidates" (nobody registered), "deadline" (registration closed but still open),
    "schedule" (none made), "publish" (made but not published)."""
    lacks = []
    if event.status == EventStatus.DRAFT:
        lacks.append("draft")
    if event.status in (EventStatus.DRAFT, EventStatus.OPEN, EventStatus.SCHEDULING):
        if not event.employers_n:
            lacks.append("employers")
        if not event.candidates_n:
            lacks.append("candidates")
    if event.status == EventStatus.OPEN and event.candidate_deadline < today:
        lacks.append("deadline")
    if event.status == EventStatus.SCHEDULING:
        lacks.append("publish" if event.interviews_n else "schedule")
    return lacks
