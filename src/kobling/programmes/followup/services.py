"""Follow-up services shared by the provider, the person and NAV: the activity plan and placements.
Meetings are in `followup.meetings`, outcomes in `followup.outcomes`, who may do what in
`followup.selectors`.

Each service asks `rights_for` itself, so a view is never the only guard, and refuses nonsense with a
ValidationError (keyed by form field where there is one) before it writes anything. The services the
demo also composes in its one transaction (activity_create, activity_set_state, placement_create) are
not durable; the rest are.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.audit import Action, log_action
from kobling.core.models import Organisation
from kobling.people.models import Participant
from kobling.programmes.followup.selectors import require_right, rights_for
from kobling.programmes.models import ActivityItem, Enrolment, Placement
from kobling.programmes.services import assign_changes

S = ActivityItem.State
# Which status an item of the plan may move to from each.
PLAN_STEPS: dict[str, tuple[str, ...]] = {
    S.PROPOSAL: (S.PLANNED, S.CANCELLED),
    S.PLANNED: (S.IN_PROGRESS, S.COMPLETED, S.CANCELLED),
    S.IN_PROGRESS: (S.PLANNED, S.COMPLETED, S.CANCELLED),
    S.COMPLETED: (),
    S.CANCELLED: (),
}
NEW_ITEM_STATES = (S.PROPOSAL, S.PLANNED)


def _item_values(kind, title, description, due) -> dict:
    values = {
        "kind": kind,
        "title": (title or "").strip(),
        "description": (description or "").strip(),
        "due": due,
    }
    errors = {}
    if values["kind"] not in ActivityItem.Kind.values:
        errors["kind"] = _("Choose goal or activity.")
    if not values["title"]:
        errors["title"] = _("Give the activity a title.")
    if errors:
        raise ValidationError(errors)
    return values


def _refuse_if_locked(item: ActivityItem) -> None:
    if item.locked:
        raise ValidationError(
            _("“%(title)s” is %(state)s and can no longer be changed.")
            % {"title": item.title, "state": ActivityItem.State(item.state).label.lower()}
        )


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
    require_right(rights.plan or rights.own)
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
    values = _item_values(kind, title, description, due)
    item = ActivityItem.objects.create(
        participant=participant, state=state, agreed_with_nav=agreed_with_nav, created_by=actor, **values
    )
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=item,
        organisation=item.participant.organisation,
        fields=["title", "state", *(["agreed_with_nav"] * agreed_with_nav)],
        note=f"participant {item.participant_id}",
    )
    return item


def _lock_item(item: ActivityItem) -> ActivityItem:
    locked = ActivityItem.objects.select_for_update().get(pk=item.pk)
    locked.participant = item.participant
    return locked


@transaction.atomic(durable=True)
def activity_update(
    *, actor, item: ActivityItem, kind: str, title: str, description: str = "", due: date | None = None
) -> list[str]:
    rights = rights_for(actor, item.participant)
    require_right(rights.plan or rights.own)
    locked = _lock_item(item)
    _refuse_if_locked(locked)
    if not rights.plan and not (locked.state == S.PROPOSAL and locked.created_by_id == actor.pk):
        raise ValidationError(_("You can change your own proposals, until they are planned."))
    values = _item_values(kind, title, description, due)
    changed = assign_changes(locked, values)
    if changed:
        locked.updated_at = timezone.now()
        locked.save(update_fields=[*changed, "updated_at"])
        log_action(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            organisation=locked.participant.organisation,
            fields=changed,
            note=f"participant {locked.participant_id}",
        )
    return changed


@transaction.atomic
def activity_set_state(*, actor, item: ActivityItem, state: str) -> ActivityItem:
    rights = rights_for(actor, item.participant)
    require_right(rights.view)
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
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        organisation=locked.participant.organisation,
        fields=["state"],
        note=f"participant {locked.participant_id} {old} -> {state}",
    )
    item.state, item.updated_at = locked.state, locked.updated_at
    return item


@transaction.atomic(durable=True)
def activity_set_agreed(*, actor, item: ActivityItem, agreed: bool) -> ActivityItem:
    rights = rights_for(actor, item.participant)
    require_right(rights.view)
    locked = _lock_item(item)
    _refuse_if_locked(locked)
    if not rights.agree:
        raise ValidationError(_("Only the NAV advisor or a coordinator can mark an item as agreed with NAV."))
    if locked.agreed_with_nav != agreed:
        locked.agreed_with_nav, locked.updated_at = agreed, timezone.now()
        locked.save(update_fields=["agreed_with_nav", "updated_at"])
        log_action(
            actor=actor,
            action=Action.UPDATE,
            obj=locked,
            organisation=locked.participant.organisation,
            fields=["agreed_with_nav"],
            note=f"participant {locked.participant_id} " + ("agreed" if agreed else "not agreed"),
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
    require_right(rights_for(actor, participant).coordinator)
    values = _placement_values(kind, host, start_date, end_date, supervisor)
    placement = Placement.objects.create(enrolment=enrolment, **values)
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=placement,
        organisation=participant.organisation,
        fields=[k for k, v in values.items() if v not in ("", None)],
        note=f"participant {participant.pk}",
    )
    return placement


@transaction.atomic(durable=True)
def placement_update(
    *, actor, placement: Placement, kind: str, host, start_date, end_date=None, supervisor: str = ""
) -> list[str]:
    participant = placement.enrolment.participant
    require_right(rights_for(actor, participant).coordinator)
    values = _placement_values(kind, host, start_date, end_date, supervisor)
    changed = assign_changes(placement, values)
    if changed:
        placement.save(update_fields=changed)
        log_action(
            actor=actor,
            action=Action.UPDATE,
            obj=placement,
            organisation=participant.organisation,
            fields=changed,
            note=f"participant {participant.pk}",
        )
    return changed


@transaction.atomic(durable=True)
def placement_delete(*, actor, placement: Placement) -> None:
    participant = placement.enrolment.participant
    require_right(rights_for(actor, participant).coordinator)
    log_action(
        actor=actor,
        action=Action.DELETE,
        obj=placement,
        organisation=participant.organisation,
        note=f"participant {participant.pk}",
    )
    placement.delete()
