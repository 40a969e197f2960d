"""Enrolments: the list (for syncing, by status change), one enrolment, a status change and the outcome.

Reads go through `programmes.selectors.enrolments_visible_to` and the follow-up pages'
`enrolment_for_user`; a status change through the cohort page's form and
`programmes.services.enrolment_change_status` (the one way a status changes: its transitions, reasons
and cohort seats), an outcome through the outcome page's form and `followup.outcomes.outcome_record`.
Both need the coordinator's right over the person (`edit_participants` in their provider), as on the
web."""

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from kobling.api import writes
from kobling.api.models import Scope
from kobling.api.v1.auth import need
from kobling.api.v1.forms import checked
from kobling.api.v1.pagination import PageQuery, page
from kobling.api.v1.problems import PROBLEMS, Problem
from kobling.api.v1.schemas import EnrolmentOut, EnrolmentPage, OutcomeIn, OutcomeOut, StatusIn
from kobling.programmes.courses.forms import StatusForm
from kobling.programmes.followup.forms import OutcomeForm
from kobling.programmes.followup.selectors import enrolment_for_user, rights_for
from kobling.programmes.models import Status
from kobling.programmes.selectors import enrolments_visible_to

router = Router(tags=["enrolments"])


class EnrolmentQuery(PageQuery):
    participant: int | None = None


def _coordinated(actor, pk: int):
    """The enrolment, if the token's user may change it: a 404 if they cannot see it, 403 if only see."""
    enrolment = enrolment_for_user(actor, pk)
    if not rights_for(actor, enrolment.participant).coordinator:
        raise Problem(403, _("The token's user may see this enrolment but not change it."))
    return enrolment


@router.get("/enrolments", response={200: EnrolmentPage, **PROBLEMS}, url_name="v1_enrolments")
def list_enrolments(request, query: Query[EnrolmentQuery]):
    """The enrolments of the people the token's user sees, in the order their status last changed
    (`status_since`, then id), optionally of one person. Scope `participants:read`."""
    who = need(request, Scope.PARTICIPANTS_READ)
    enrolments = enrolments_visible_to(who.actor)
    if query.participant is not None:
        enrolments = enrolments.filter(participant_id=query.participant)
    return page(enrolments, query, field="status_since")


@router.get("/enrolments/{pk}", response={200: EnrolmentOut, **PROBLEMS}, url_name="v1_enrolment")
def get_enrolment(request, pk: int):
    """One enrolment. Scope `participants:read`."""
    who = need(request, Scope.PARTICIPANTS_READ)
    return enrolment_for_user(who.actor, pk)


@router.post(
    "/enrolments/{pk}/status", response={200: EnrolmentOut, **PROBLEMS}, url_name="v1_enrolment_status"
)
def change_status(request, pk: int, body: StatusIn):
    """Move the enrolment to another status (with a reason where leaving needs one). Scope
    `enrolments:write`."""
    who = need(request, Scope.ENROLMENTS_WRITE)
    enrolment = _coordinated(who.actor, pk)
    # The cohort page's form: only the statuses that may follow this one, and a reason where needed.
    form = StatusForm(body.dict(), current=enrolment.status)
    data = checked(form)
    writes.enrolment_status_change(
        token=who.token,
        actor=who.actor,
        enrolment=enrolment,
        status=data["status"],
        reason=data["reason"],
        reason_text=data["reason_text"],
    )
    return enrolment_for_user(who.actor, pk)


@router.post("/enrolments/{pk}/outcome", response={201: OutcomeOut, **PROBLEMS}, url_name="v1_outcome")
def record_outcome(request, pk: int, body: OutcomeIn):
    """Record what happened when the person completed or left (a job, education, other, dropped out);
    a participating enrolment is closed with it. Scope `outcomes:write`."""
    who = need(request, Scope.OUTCOMES_WRITE)
    enrolment = _coordinated(who.actor, pk)
    if hasattr(enrolment, "outcome"):
        raise Problem(409, _("An outcome is already recorded for this programme."))
    participating = enrolment.status == Status.PARTICIPATING
    data = {
        "result": body.result,
        "ending": "completed" if body.completed else "left",
        "occupation": body.occupation or "",
        "employer": "" if body.employer is None else str(body.employer),
        "employer_name": body.employer_name,
        "start_date": body.start_date.isoformat() if body.start_date else "",
        "dropout_reason": body.dropout_reason,
        "note": body.note,
    }
    form = OutcomeForm(data, participating=participating)
    checked(form)
    outcome = writes.outcome_add(token=who.token, actor=who.actor, enrolment=enrolment, **form.outcome_data())
    return Answer(201, outcome)
