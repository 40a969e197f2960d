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
from django.utils.translation import gettext as _

from kobling.core.audit import assign_and_log, create_and_log, delete_and_log, update_and_log
from kobling.core.models import Organisation
from kobling.people.models import Participant
from kobling.programmes.followup.selectors import require_right, rights_for
from kobling.programmes.models import ActivityItem, Enrolment, Placement

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
    return create_and_log(
        ActivityItem,
        actor=actor,
        organisation=participant.organisation,
        logged=["title", "state", *(["agreed_with_nav"] * agreed_with_nav)],
        note=f"participant {participant.pk}",
        participant=participant,
        state=state,
        agreed_with_nav=agreed_with_nav,
        created_by=actor,
        **values,
    )


def _lock_open_item(item: ActivityItem) -> ActivityItem:
    """The item, locked for a change; refused when it is completed or cancelled."""
    locked = ActivityItem.objects.select_for_update().get(pk=item.pk)
    locked.participant = item.participant
    if locked.locked:
        raise ValidationError(
            _("“%(title)s” is %(state)s and can no longer be changed.")
            % {"title": locked.title, "state": ActivityItem.State(locked.state).label.lower()}
        )
    return locked


@transaction.atomic(durable=True)
def activity_update(
    *, actor, item: ActivityItem, kind: str, title: str, description: str = "", due: date | None = None
) -> list[str]:
    rights = rights_for(actor, item.participant)
    require_right(rights.plan or rights.own)
    locked = _lock_open_item(item)
    if not rights.plan and not (locked.state == S.PROPOSAL and locked.created_by_id == actor.pk):
        raise ValidationError(_("You can change your own proposals, until they are planned."))
    values = _item_values(kind, title, description, due)
    organisation, note = locked.participant.organisation, f"participant {locked.participant_id}"
    return assign_and_log(locked, values, actor=actor, organisation=organisation, note=note)


@transaction.atomic
def activity_set_state(*, actor, item: ActivityItem, state: str) -> ActivityItem:
    rights = rights_for(actor, item.participant)
    require_right(rights.view)
    locked = _lock_open_item(item)
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
    note = f"participant {locked.participant_id} {locked.state} -> {state}"
    update_and_log(locked, actor=actor, organisation=locked.participant.organisation, note=note, state=state)
    item.state, item.updated_at = locked.state, locked.updated_at
    return item


@transaction.atomic(durable=True)
def activity_set_agreed(*, actor, item: ActivityItem, agreed: bool) -> ActivityItem:
    rights = rights_for(actor, item.participant)
    require_right(rights.view)
    locked = _lock_open_item(item)
    if not rights.agree:
        raise ValidationError(_("Only the NAV advisor or a coordinator can mark an item as agreed with NAV."))
    if locked.agreed_with_nav != agreed:
        note = f"participant {locked.participant_id} " + ("agreed" if agreed else "not agreed")
        organisation = locked.participant.organisation
        update_and_log(locked, actor=actor, organisation=organisation, note=note, agreed_with_nav=agreed)
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
    logged = [k for k, v in values.items() if v not in ("", None)]
    return create_and_log(
        Placement,
        actor=actor,
        organisation=participant.organisation,
        logged=logged,
        note=f"participant {participant.pk}",
        enrolment=enrolment,
        **values,
    )


@transaction.atomic(durable=True)
def placement_update(
    *, actor, placement: Placement, kind: str, host, start_date, end_date=None, supervisor: str = ""
) -> list[str]:
    participant = placement.enrolment.participant
    require_right(rights_for(actor, participant).coordinator)
    values = _placement_values(kind, host, start_date, end_date, supervisor)
    note = f"participant {participant.pk}"
    return assign_and_log(placement, values, actor=actor, organisation=participant.organisation, note=note)


@transaction.atomic(durable=True)
def placement_delete(*, actor, placement: Placement) -> None:
    participant = placement.enrolment.participant
    require_right(rights_for(actor, participant).coordinator)
    note = f"participant {participant.pk}"
    delete_and_log(placement, actor=actor, organisation=participant.organisation, note=note)
