"""Who reaches which interview, feedback and offer. Anything out of reach is a 404.

* The employer side: contacts of the employer (Cap.EVENT_EMPLOYER in its organisation) give feedback on
  their own interviews and read only what they wrote.
* The candidate's side: the candidate's NAV advisor (of the registration or of the person) and the
  coordinators of the person's provider read the feedback at once, release it to the candidate, and
  record what became of an offer.
* The candidate reads feedback once it is released, and writes a reflection on each interview.
* Organisers (Cap.MANAGE_EVENTS in an organising organisation) see outcomes and the reports, never the
  free text of feedback or reflections.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.core.selectors import get_or_404
from kobling.events.models import EmployerRegistration, Event, EventStatus, Interview
from kobling.recruitment.models import EventSettings, Feedback, Offer, OfferCheck

# Feedback can be given once the schedule is published and the interview's time has come.
AFTER_PUBLISHING = (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED)
NOT_HELD = (Interview.State.CANCELLED, Interview.State.NO_SHOW)


@dataclass(frozen=True)
class InterviewRights:
    employer: bool  # speaks for the employer of the interview
    follows: bool  # the candidate's advisor or a coordinator of their provider
    own: bool  # the candidate themselves
    manage: bool  # organiser of the event

    @property
    def any(self) -> bool:
        return self.employer or self.follows or self.own or self.manage


def managed_event_ids(user) -> QuerySet:
    return Event.objects.filter(organisers__in=access.organisation_ids_with(user, Cap.MANAGE_EVENTS)).values(
        "pk"
    )


def followed_condition(user, prefix: str = "candidate__") -> Q:
    """Candidate registrations whose person the user follows (advisor) or whose provider they coordinate."""
    condition = Q(pk__in=[])
    if access.can(user, Cap.FOLLOW_OWN_PEOPLE):
        condition |= Q(**{f"{prefix}advisor": user}) | Q(**{f"{prefix}participant__advisor": user})
    org_ids = access.organisation_ids_with(user, Cap.EDIT_PARTICIPANTS)
    if org_ids:
        condition |= Q(**{f"{prefix}participant__organisation__in": org_ids})
    return condition


def interview_rights(user, interview: Interview) -> InterviewRights:
    candidate = interview.candidate
    participant = candidate.participant
    follows = (
        access.can(user, Cap.FOLLOW_OWN_PEOPLE) and user.pk in (candidate.advisor_id, participant.advisor_id)
    ) or participant.organisation_id in access.organisation_ids_with(user, Cap.EDIT_PARTICIPANTS)
    return InterviewRights(
        employer=interview.employer.organisation_id in access.organisation_ids_with(user, Cap.EVENT_EMPLOYER),
        follows=follows,
        own=participant.user_id == user.pk and access.has_role(user, Role.PARTICIPANT),
        manage=Event.organisers.through.objects.filter(
            event_id=interview.event_id,
            organisation_id__in=access.organisation_ids_with(user, Cap.MANAGE_EVENTS),
        ).exists(),
    )


def _interviews():
    return Interview.objects.select_related(
        "event__venue",
        "candidate__participant__organisation",
        "candidate__participant__advisor",
        "candidate__advisor",
        "employer__organisation",
        "feedback",
        "reflection",
        "offer",
    )


def interview_for_user(user, pk) -> tuple[Interview, InterviewRights]:
    interview = get_or_404(_interviews(), pk=pk, published=True, event__status__in=AFTER_PUBLISHING)
    rights = interview_rights(user, interview)
    if not rights.any:
        raise Http404
    return interview, rights


def has_begun(interview: Interview) -> bool:
    """Whether the interview's slot has started (feedback and reflections come after it)."""
    slots = interview.event.slots()
    if interview.slot < len(slots):
        return slots[interview.slot][0] <= timezone.now()
    return interview.event.date <= timezone.localdate()


def employer_interviews(user) -> QuerySet[Interview]:
    """The interviews the user's employers held or will hold, in published schedules."""
    org_ids = access.organisation_ids_with(user, Cap.EVENT_EMPLOYER)
    return (
        _interviews()
        .filter(employer__organisation__in=org_ids, published=True, event__status__in=AFTER_PUBLISHING)
        .exclude(state=Interview.State.CANCELLED)
        .order_by("-event__date", "event_id", "slot", "table")
    )


def own_interviews(user) -> QuerySet[Interview]:
    if not access.has_role(user, Role.PARTICIPANT):
        return Interview.objects.none()
    return (
        _interviews()
        .filter(candidate__participant__user=user, published=True, event__status__in=AFTER_PUBLISHING)
        .exclude(state=Interview.State.CANCELLED)
        .order_by("-event__date", "slot")
    )


def feedback_for_followers(user) -> QuerySet[Feedback]:
    """Feedback on the interviews of the people the user follows, newest first."""
    return (
        Feedback.objects.filter(followed_condition(user, "interview__candidate__"))
        .select_related(
            "interview__event",
            "interview__candidate__participant",
            "interview__employer__organisation",
            "interview__reflection",
            "interview__offer",
        )
        .order_by("released_at", "-given_at", "-id")
    )


def feedback_for_user(user, pk) -> Feedback:
    """Feedback the user may release: only the candidate's side."""
    feedback = get_or_404(
        Feedback.objects.select_related(
            "interview__event__venue",
            "interview__candidate__participant__organisation",
            "interview__candidate__participant__advisor",
            "interview__candidate__advisor",
            "interview__employer__organisation",
        ),
        pk=pk,
    )
    if not interview_rights(user, feedback.interview).follows:
        raise Http404
    return feedback


def offers_for_followers(user) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(followed_condition(user))
        .select_related("event", "candidate__participant", "employer__organisation", "occupation")
        .order_by("state", "-created_at", "-id")
    )


def offer_for_user(user, pk) -> tuple[Offer, InterviewRights]:
    offer = get_or_404(
        Offer.objects.select_related(
            "interview__event__venue",
            "interview__candidate__participant__organisation",
            "interview__candidate__participant__advisor",
            "interview__candidate__advisor",
            "interview__employer__organisation",
            "occupation",
        ),
        pk=pk,
    )
    rights = interview_rights(user, offer.interview)
    if not (rights.follows or rights.manage):
        raise Http404
    return offer, rights


def checks_due_for(user) -> QuerySet[OfferCheck]:
    return (
        OfferCheck.objects.filter(
            followed_condition(user, "offer__candidate__"),
            answer__isnull=True,
            due__lte=timezone.localdate(),
        )
        .select_related("offer__candidate__participant", "offer__employer__organisation")
        .order_by("due", "id")
    )


def check_for_user(user, pk) -> OfferCheck:
    check = get_or_404(OfferCheck.objects.select_related("offer"), pk=pk)
    offer_for_user(user, check.offer_id)
    return check


def managed_events(user) -> QuerySet[Event]:
    return Event.objects.filter(pk__in=managed_event_ids(user))


def managed_event_for_user(user, pk) -> Event:
    return get_or_404(managed_events(user).select_related("venue"), pk=pk)


def releases_automatically(event: Event) -> bool:
    """Whether the event's employers' feedback reaches the candidate at once (the event's setting)."""
    return EventSettings.objects.filter(event=event, release_automatically=True).exists()


def event_interviews(event: Event) -> QuerySet[Interview]:
    """The event's published interviews (not the cancelled ones) with their outcomes, for the organisers'
    event page, in the schedule's order."""
    return (
        Interview.objects.filter(event=event, published=True)
        .exclude(state=Interview.State.CANCELLED)
        .select_related("candidate__participant", "employer__organisation", "feedback", "offer")
        .order_by("slot", "employer__organisation__name", "table")
    )


# ------------------------------------------------------------------ start pages
def employer_coming_registrations(user, *, today, limit: int = 5):
    """The user's employers' registrations for events from today on (not withdrawn), soonest first,
    with the event; the start page links each to the employer's schedule once it is published."""
    org_ids = access.organisation_ids_with(user, Cap.EVENT_EMPLOYER)
    return list(
        EmployerRegistration.objects.filter(
            organisation__in=org_ids,
            event__date__gte=today,
            event__status__in=[EventStatus.OPEN, EventStatus.SCHEDULING, *AFTER_PUBLISHING],
        )
        .exclude(state=EmployerRegistration.State.WITHDRAWN)
        .select_related("event__venue", "organisation")
        .order_by("event__date", "event_id", "pk")[:limit]
    )


def feedback_due(user, *, limit: int = 20) -> list[Interview]:
    """The user's employers' interviews that have begun, took place and have no feedback yet, oldest
    first: the ones the feedback form waits for. One query."""
    candidates = (
        employer_interviews(user)
        .filter(feedback__isnull=True, event__date__lte=timezone.localdate())
        .exclude(state__in=NOT_HELD)
        .order_by("event__date", "event_id", "slot", "table")[: limit * 3]
    )
    return [i for i in candidates if has_begun(i)][:limit]
