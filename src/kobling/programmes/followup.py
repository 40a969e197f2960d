"""Follow-up shared by the provider, the person and NAV: who may do what, the activity plan,
placements, and what the participant pages show. Meetings live in `followup_meetings`, outcomes in
`followup_outcomes`.

Each service asks `rights_for` itself, so a view is never the only guard, and refuses nonsense with a
ValidationError (keyed by form field where there is one) before it writes anything.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.audit import changed_fields, log_action, snapshot
from kobling.core.models import AuditLog, Organisation
from kobling.core.roles import Cap, Role
from kobling.people import selectors
from kobling.people.models import Participant
from kobling.programmes.models import (
    ActivityItem,
    Enrolment,
    Meeting,
    OutcomeFollowUp,
    Placement,
    Status,
)

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
    org = participant.organisation_id
    return Rights(
        coordinator=org in access.organisation_ids_with(user, Cap.EDIT_PARTICIPANTS),
        provider=org in access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS),
        advisor=participant.advisor_id == user.pk and access.can(user, Cap.FOLLOW_OWN_PEOPLE),
        own=selectors.is_own_record(user, participant) and access.has_role(user, Role.PARTICIPANT),
    )


def _require(allowed: bool) -> None:
    # The views answer 404 before a service is reached; this is the backstop for other callers.
    if not allowed:
        raise PermissionDenied


def audit(actor, action: str, obj, participant: Participant, fields=(), note: str = "") -> None:
    log_action(
        actor=actor,
        action=action,
        obj=obj,
        organisation=participant.organisation,
        fields=fields,
        note=f"participant {participant.pk}" + (f" {note}" if note else ""),
    )


def meeting_ends_at(meeting: Meeting) -> datetime:
    return meeting.starts_at + timedelta(minutes=meeting.minutes_long)


def _object_for(user, queryset, pk, participant_of):
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404
    if not rights_for(user, participant_of(obj)).view:
        raise Http404
    return obj


def meeting_for_user(user, pk) -> Meeting:
    visible = selectors.participants_visible_to(user)
    queryset = Meeting.objects.filter(enrolment__participant__in=visible).select_related(
        "enrolment__programme",
        "enrolment__participant__organisation",
        "enrolment__participant__advisor",
        "organiser",
    )
    return _object_for(user, queryset, pk, lambda m: m.enrolment.participant)


def activity_for_user(user, pk) -> ActivityItem:
    visible = selectors.participants_visible_to(user)
    queryset = ActivityItem.objects.filter(participant__in=visible).select_related(
        "participant__organisation"
    )
    return _object_for(user, queryset, pk, lambda item: item.participant)


def placement_for_user(user, pk) -> Placement:
    visible = selectors.participants_visible_to(user)
    queryset = Placement.objects.filter(enrolment__participant__in=visible).select_related(
        "enrolment__participant__organisation", "enrolment__programme", "host"
    )
    return _object_for(user, queryset, pk, lambda p: p.enrolment.participant)


def enrolment_for_user(user, pk) -> Enrolment:
    visible = selectors.participants_visible_to(user)
    queryset = Enrolment.objects.filter(participant__in=visible).select_related(
        "participant__organisation", "programme"
    )
    return _object_for(user, queryset, pk, lambda e: e.participant)


def follow_up_for_user(user, pk) -> OutcomeFollowUp:
    visible = selectors.participants_visible_to(user)
    queryset = OutcomeFollowUp.objects.filter(outcome__enrolment__participant__in=visible).select_related(
        "outcome__enrolment__participant__organisation",
        "outcome__enrolment__programme",
        "outcome__occupation",
        "outcome__employer",
        "task",
    )
    return _object_for(user, queryset, pk, lambda f: f.outcome.enrolment.participant)


# The activity plan ---------------------------------------------------------------------------------

S = ActivityItem.State
PLAN_STEPS: dict[str, tuple[str, ...]] = {
    S.PROPOSAL: (S.PLANNED, S.CANCELLED),
    S.PLANNED: (S.IN_PROGRESS, S.COMPLETED, S.CANCELLED),
    S.IN_PROGRESS: (S.PLANNED, S.COMPLETED, S.CANCELLED),
    S.COMPLETED: (),
    S.CANCELLED: (),
}
NEW_ITEM_STATES = (S.PROPOSAL, S.PLANNED)
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


ITEM_FIELDS = ["kind", "title", "description", "due"]


def _check_item(values: dict) -> None:
    errors = {}
    if values["kind"] not in ActivityItem.Kind.values:
        errors["kind"] = _("Choose goal or activity.")
    if not values["title"]:
        errors["title"] = _("Give the activity a title.")
    if errors:
        raise ValidationError(errors)


def _refuse_if_locked(item: ActivityItem) -> None:
    if item.locked:
        raise ValidationError(
            _("“%(title)s” is %(state)s and can no longer be changed.")
            % {"title": item.title, "state": ActivityItem.State(item.state).label.lower()}
        )


def _audit_item(actor, item: ActivityItem, action: str, fields, note: str = "") -> None:
    audit(actor, action, item, item.participant, fields, note)


@transaction.atomic
def activity_create(
    *,
    actor,
    participant: Participant,
    kind: str,
    title: str,
    description: str = "",
    due: date | None = None,
    state: str = S.PLANNED,
    agreed_with_nav: bool = False,
) -> ActivityItem:
    """The provider and the advisor plan items; the person can only propose them."""
    rights = rights_for(actor, participant)
    _require(rights.plan or rights.own)
    if not rights.plan and (state != S.PROPOSAL or agreed_with_nav):
        raise ValidationError(_("You can propose activities. Your NAV advisor or the provider plans them."))
    if state not in NEW_ITEM_STATES:
        raise ValidationError({"state": _("A new item is a proposal or planned.")})
    if agreed_with_nav and not rights.agree:
        raise ValidationError(
            {
                "agreed_with_nav": _(
                    "Only the NAV advisor or a coordinator can mark an item as agreed with NAV."
                )
            }
        )
    values = {
        "kind": kind,
        "title": (title or "").strip(),
        "description": (description or "").strip(),
        "due": due,
    }
    _check_item(values)
    item = ActivityItem.objects.create(
        participant=participant, state=state, agreed_with_nav=agreed_with_nav, created_by=actor, **values
    )
    _audit_item(
        actor, item, AuditLog.Action.CREATE, ["title", "state", *(["agreed_with_nav"] * agreed_with_nav)]
    )
    return item


def _lock_item(item: ActivityItem) -> ActivityItem:
    locked = ActivityItem.objects.select_for_update().get(pk=item.pk)
    locked.participant = item.participant
    return locked


@transaction.atomic
def activity_update(
    *, actor, item: ActivityItem, kind: str, title: str, description: str = "", due: date | None = None
) -> list[str]:
    rights = rights_for(actor, item.participant)
    _require(rights.plan or rights.own)
    locked = _lock_item(item)
    _refuse_if_locked(locked)
    if not rights.plan and not (locked.state == S.PROPOSAL and locked.created_by_id == actor.pk):
        raise ValidationError(_("You can change your own proposals, until they are planned."))
    values = {
        "kind": kind,
        "title": (title or "").strip(),
        "description": (description or "").strip(),
        "due": due,
    }
    _check_item(values)
    before = snapshot(locked, ITEM_FIELDS)
    for name, value in values.items():
        setattr(locked, name, value)
    changed = changed_fields(before, snapshot(locked, ITEM_FIELDS))
    if changed:
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*changed, "updated_at"])
        _audit_item(actor, locked, AuditLog.Action.UPDATE, changed)
    return changed


@transaction.atomic
def activity_set_state(*, actor, item: ActivityItem, state: str) -> ActivityItem:
    rights = rights_for(actor, item.participant)
    _require(rights.view)
    locked = _lock_item(item)
    _refuse_if_locked(locked)
    if not rights.plan:
        raise ValidationError(
            _("Only your NAV advisor or the provider can approve an activity or change its status.")
        )
    if state not in PLAN_STEPS[locked.state]:
        raise ValidationError(
            {
                "state": _("An item cannot go from “%(old)s” to “%(new)s”.")
                % {"old": S(locked.state).label, "new": S(state).label if state in S.values else state}
            }
        )
    old = locked.state
    locked.state, locked.updated_at = state, timezone.now()
    locked.save(update_fields=["state", "updated_at"])
    _audit_item(actor, locked, AuditLog.Action.UPDATE, ["state"], f"{old} -> {state}")
    item.state, item.updated_at = locked.state, locked.updated_at
    return item


@transaction.atomic
def activity_set_agreed(*, actor, item: ActivityItem, agreed: bool) -> ActivityItem:
    rights = rights_for(actor, item.participant)
    _require(rights.view)
    locked = _lock_item(item)
    _refuse_if_locked(locked)
    if not rights.agree:
        raise ValidationError(_("Only the NAV advisor or a coordinator can mark an item as agreed with NAV."))
    if locked.agreed_with_nav != agreed:
        locked.agreed_with_nav, locked.updated_at = agreed, timezone.now()
        locked.save(update_fields=["agreed_with_nav", "updated_at"])
        _audit_item(
            actor, locked, AuditLog.Action.UPDATE, ["agreed_with_nav"], "agreed" if agreed else "not agreed"
        )
    item.agreed_with_nav = locked.agreed_with_nav
    return item


# Placements ----------------------------------------------------------------------------------------

PLACEMENT_FIELDS = ["kind", "host", "start_date", "end_date", "supervisor"]


def _placement_values(kind, host, start_date, end_date, supervisor) -> dict:
    errors = {}
    if kind not in Placement.Kind.values:
        errors["kind"] = _("Choose the kind of placement.")
    if not isinstance(host, Organisation) or host.kind != Organisation.Kind.EMPLOYER:
        errors["host"] = _("Choose the host employer.")
    if start_date is None:
        errors["start_date"] = _("Give the start date.")
    elif end_date is not None and end_date < start_date:
        errors["end_date"] = _("The end date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "host": host,
        "start_date": start_date,
        "end_date": end_date,
        "supervisor": (supervisor or "").strip(),
    }


@transaction.atomic
def placement_create(
    *, actor, enrolment: Enrolment, kind: str, host, start_date, end_date=None, supervisor: str = ""
) -> Placement:
    participant = enrolment.participant
    _require(rights_for(actor, participant).coordinator)
    values = _placement_values(kind, host, start_date, end_date, supervisor)
    placement = Placement.objects.create(enrolment=enrolment, **values)
    audit(
        actor,
        AuditLog.Action.CREATE,
        placement,
        participant,
        [k for k, v in values.items() if v not in ("", None)],
    )
    return placement


@transaction.atomic
def placement_update(
    *, actor, placement: Placement, kind: str, host, start_date, end_date=None, supervisor: str = ""
) -> list[str]:
    participant = placement.enrolment.participant
    _require(rights_for(actor, participant).coordinator)
    values = _placement_values(kind, host, start_date, end_date, supervisor)
    before = snapshot(placement, PLACEMENT_FIELDS)
    for name, value in values.items():
        setattr(placement, name, value)
    changed = changed_fields(before, snapshot(placement, PLACEMENT_FIELDS))
    if changed:
        placement.save(update_fields=changed)
        audit(actor, AuditLog.Action.UPDATE, placement, participant, changed)
    return changed


@transaction.atomic
def placement_delete(*, actor, placement: Placement) -> None:
    participant = placement.enrolment.participant
    _require(rights_for(actor, participant).coordinator)
    audit(actor, AuditLog.Action.DELETE, placement, participant)
    placement.delete()


# What the person and the advisor see ---------------------------------------------------------------


def _progress(enrolment: Enrolment) -> tuple[dict | None, list[dict]]:
    """Attendance and certifications, from the modules that own them (a few queries per programme)."""
    from kobling.programmes.attendance import attendance_summary
    from kobling.programmes.courses import certification_summary

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
