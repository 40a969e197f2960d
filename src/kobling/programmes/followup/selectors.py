"""Who may do what with a person's follow-up, the follow-up objects a user may reach (404 for the
rest), what the participant pages show of it, and the participant's own next meeting and plan on the
start page."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.core.selectors import get_or_404
from kobling.people import selectors
from kobling.people.models import Participant
from kobling.programmes.attendance.selectors import attendance_summary
from kobling.programmes.courses.selectors import certification_summary
from kobling.programmes.models import (
    ActivityItem,
    Enrolment,
    Meeting,
    OutcomeFollowUp,
    Placement,
    Status,
)
from kobling.programmes.selectors import enrolments_visible_to

S = ActivityItem.State


# Meetings are for people who have applied or take part; outcomes for those who take part or left.
NO_MEETINGS = (Status.DRAFT, Status.NOT_RELEVANT)
OUTCOME_STATUSES = (Status.PARTICIPATING, Status.COMPLETED, Status.LEFT, Status.BROKEN_OFF)


@dataclass(frozen=True)
class Rights:
    """What one user may do with one person's follow-up."""

    coordinator: bool  # coordinator of the owning provider: everything
    provider: bool  # provider staff (coordinators too): meetings, minutes, the plan
    advisor: bool  # the person's own NAV advisor
    own: bool  # the person themselves

    @property
    def view(self) -> bool:
        return self.provider or self.advisor or self.own

    @property
    def meetings(self) -> bool:
        return self.provider

    @property
    def plan(self) -> bool:
        return self.provider or self.advisor

    @property
    def agree(self) -> bool:
        return self.coordinator or self.advisor

    @property
    def drafts(self) -> bool:
        return self.provider or self.advisor


def rights_for(user, participant: Participant) -> Rights:
    """What `user` may do with `participant`'s follow-up."""
    org = participant.organisation_id
    return Rights(
        coordinator=org in access.organisation_ids_with(user, Cap.EDIT_PARTICIPANTS),
        provider=org in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS),
        advisor=participant.advisor_id == user.pk and access.can(user, Cap.FOLLOW_OWN_PEOPLE),
        own=selectors.is_own_record(user, participant) and access.has_role(user, Role.PARTICIPANT),
    )


def require_right(allowed: bool) -> None:
    """Refuse a service call the user has no right to (PermissionDenied). The views answer 404 before
    a service is reached; this is the backstop for other callers."""
    if not allowed:
        raise PermissionDenied


def meeting_ends_at(meeting: Meeting) -> datetime:
    """When the meeting ends, from its start and length."""
    return meeting.starts_at + timedelta(minutes=meeting.minutes_long)


def _object_for(user, queryset, pk, participant_of):
    obj = get_or_404(queryset, pk=pk)
    if not rights_for(user, participant_of(obj)).view:
        raise Http404
    return obj


def _person_row_for(user, model, pk, person: str, *related: str):
    """One `model` row whose person (reached by the lookup `person`, e.g. "enrolment__participant")
    the user may see and follow up, else 404; read with the person's organisation and `related`."""
    queryset = model.objects.filter(**{f"{person}__in": selectors.participants_visible_to(user)})
    queryset = queryset.select_related(f"{person}__organisation", *related)
    return _object_for(user, queryset, pk, attrgetter(person.replace("__", ".")))


def meeting_for_user(user, pk) -> Meeting:
    """One meeting of a person whose follow-up the user may see, else 404."""
    related = ("enrolment__programme", "enrolment__participant__advisor", "organiser")
    return _person_row_for(user, Meeting, pk, "enrolment__participant", *related)


def activity_for_user(user, pk) -> ActivityItem:
    """One item of a plan of a person whose follow-up the user may see, else 404."""
    return _person_row_for(user, ActivityItem, pk, "participant")


def placement_for_user(user, pk) -> Placement:
    """One placement of a person whose follow-up the user may see, else 404."""
    return _person_row_for(user, Placement, pk, "enrolment__participant", "enrolment__programme", "host")


def enrolment_for_user(user, pk) -> Enrolment:
    """One enrolment of a person whose follow-up the user may see, else 404."""
    return _object_for(user, enrolments_visible_to(user), pk, lambda e: e.participant)


def follow_up_for_user(user, pk) -> OutcomeFollowUp:
    """One "still employed?" check of a person whose follow-up the user may see, else 404."""
    related = ("outcome__enrolment__programme", "outcome__occupation", "outcome__employer", "task")
    return _person_row_for(user, OutcomeFollowUp, pk, "outcome__enrolment__participant", *related)


STATE_COLOURS = {
    S.PROPOSAL: "info",
    S.PLANNED: "accent",
    S.IN_PROGRESS: "warning",
    S.COMPLETED: "success",
    S.CANCELLED: "neutral",
}


def with_colours(items) -> list[ActivityItem]:
    """The items, each with the Designsystemet colour of its status tag."""
    items = list(items)
    for item in items:
        item.colour = STATE_COLOURS.get(item.state, "neutral")
    return items


def _progress(enrolment: Enrolment) -> tuple[dict | None, list[dict]]:
    """Attendance and certifications, from the modules that own them (a few queries per programme)."""
    attendance = attendance_summary(enrolment)
    if not attendance["marked_days"] and attendance["cohort"] is None:
        attendance = None
    return attendance, certification_summary(enrolment)


def followup_context(user, participant: Participant) -> dict:
    """Everything the follow-up sections of the participant pages show, in a constant number of queries."""
    rights = rights_for(user, participant)
    if not rights.view:
        return {"followup": None}
    enrolments = list(
        participant.enrolments.select_related("programme", "outcome__occupation", "outcome__employer")
        .prefetch_related(
            Prefetch("meetings", queryset=Meeting.objects.select_related("organiser")),
            Prefetch("placements", queryset=Placement.objects.select_related("host")),
            "outcome__follow_ups",
        )
        .order_by("-created_at", "-id")
    )
    now = timezone.now()
    meetings, placements, outcomes, progress = [], [], [], []
    for enrolment in enrolments:
        for meeting in enrolment.meetings.all():
            meeting.enrolment = enrolment
            meeting.ends_at = meeting_ends_at(meeting)
            meeting.upcoming = meeting.ends_at >= now
            meeting.show_minutes = bool(meeting.minutes) and (
                bool(meeting.minutes_published_at) or rights.drafts
            )
            meetings.append(meeting)
        placements += [(enrolment, p) for p in enrolment.placements.all()]
        outcome = getattr(enrolment, "outcome", None)
        if outcome is not None:
            outcomes.append((enrolment, outcome))
        if enrolment.status in OUTCOME_STATUSES:
            attendance, certifications = _progress(enrolment)
            if attendance or certifications:
                progress.append((enrolment, attendance, certifications))
    meetings.sort(key=lambda m: m.starts_at)
    plan = with_colours(participant.activity_plan.all())
    return {
        "followup": {
            "rights": rights,
            "upcoming": [m for m in meetings if m.upcoming],
            "past": [m for m in reversed(meetings) if not m.upcoming],
            "plan_open": [item for item in plan if not item.locked],
            "plan_done": sum(1 for item in plan if item.locked),
            "placements": placements,
            "outcomes": outcomes,
            "progress": progress,
            "can_plan_meetings": rights.meetings and any(e.status not in NO_MEETINGS for e in enrolments),
            "recordable": [
                e
                for e in enrolments
                if rights.coordinator and not hasattr(e, "outcome") and e.status in OUTCOME_STATUSES
            ],
        }
    }


def own_next_meeting(user):
    """The participant's next status or dialogue meeting (their own enrolments only), or None."""
    if not access.has_role(user, Role.PARTICIPANT):
        return None
    return (
        Meeting.objects.filter(enrolment__participant__user=user, starts_at__gte=timezone.now())
        .select_related("enrolment__programme")
        .order_by("starts_at", "pk")
        .first()
    )


PLAN_OPEN = (ActivityItem.State.PROPOSAL, ActivityItem.State.PLANNED, ActivityItem.State.IN_PROGRESS)


def own_plan_waiting(user, *, limit: int = 5) -> tuple[list, int]:
    """The participant's plan items not yet completed or cancelled, those with the nearest date first,
    and how many there are in all (two queries, however many there are)."""
    if not access.has_role(user, Role.PARTICIPANT):
        return [], 0
    items = ActivityItem.objects.filter(participant__user=user, state__in=PLAN_OPEN)
    shown = list(items.order_by(F("due").asc(nulls_last=True), "pk")[:limit])
    return shown, items.count()
