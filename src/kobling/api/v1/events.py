"""Recruitment events, candidate registrations and interview feedback.

Events are those `events.selectors.events_visible_to` shows the token's user; registrations those
`candidates_visible_to` shows them of one event (organisers all, registrars their own people), and
only ids and states: the short profile stays on the web. Registering uses the event page's form and
`candidate_register` (open events, consent to share with employers); feedback the feedback page's
form and `feedback_save` (the employer, or an organiser entering it for them)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from kobling.api import writes
from kobling.api.models import Scope
from kobling.api.v1.auth import need
from kobling.api.v1.forms import checked
from kobling.api.v1.pagination import PageQuery, page
from kobling.api.v1.problems import PROBLEMS, Problem
from kobling.api.v1.schemas import (
    EventOut,
    EventPage,
    FeedbackIn,
    FeedbackOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
)
from kobling.events.forms import CandidateForm
from kobling.events.selectors import (
    candidates_visible_to,
    event_for_user,
    events_visible_to,
    registrable_participants,
)
from kobling.recruitment.forms import FeedbackForm
from kobling.recruitment.selectors import interview_for_user

router = Router(tags=["events"])


@router.get("/events", response={200: EventPage, **PROBLEMS}, url_name="v1_events")
def list_events(request, query: Query[PageQuery]):
    """The events the token's user sees, in the order they were made (`created_at`, then id).
    Scope `events:read`."""
    who = need(request, Scope.EVENTS_READ)
    return page(events_visible_to(who.actor), query, field="created_at")


@router.get("/events/{pk}", response={200: EventOut, **PROBLEMS}, url_name="v1_event")
def get_event(request, pk: int):
    """One event. Scope `events:read`."""
    who = need(request, Scope.EVENTS_READ)
    return event_for_user(who.actor, pk)[0]


@router.get(
    "/events/{pk}/registrations", response={200: RegistrationPage, **PROBLEMS}, url_name="v1_registrations"
)
def list_registrations(request, pk: int, query: Query[PageQuery]):
    """The event's candidate registrations the token's user sees, in the order they were made.
    Scope `events:read`."""
    who = need(request, Scope.EVENTS_READ)
    event, rights = event_for_user(who.actor, pk)
    return page(candidates_visible_to(who.actor, event, rights), query, field="created_at")


@router.post(
    "/events/{pk}/registrations",
    response={201: RegistrationOut, **PROBLEMS},
    url_name="v1_registration_create",
)
def register_candidate(request, pk: int, body: RegistrationIn):
    """Put one of the token's user's people forward for an open event. Scope `events:write`."""
    who = need(request, Scope.EVENTS_WRITE)
    event, rights = event_for_user(who.actor, pk)
    if not rights.register:
        raise Problem(403, _("The token's user may not register candidates for this event."))
    data = {
        "participant": str(body.participant),
        "looking_for": body.looking_for,
        "experience": body.experience,
        "languages": body.languages,
        "advisor_attends": body.advisor_attends,
    }
    form = CandidateForm(data, event=event, participants=registrable_participants(who.actor))
    values = dict(checked(form))
    participant = values.pop("participant")
    registration = writes.candidate_add(
        token=who.token, actor=who.actor, event=event, participant=participant, data=values
    )
    return Answer(201, registration)


@router.post("/interviews/{pk}/feedback", response={200: FeedbackOut, **PROBLEMS}, url_name="v1_feedback")
def give_feedback(request, pk: int, body: FeedbackIn):
    """The employer's feedback on an interview that has begun (new, or changed until it is passed on
    to the candidate). Scope `feedback:write`."""
    who = need(request, Scope.FEEDBACK_WRITE)
    interview, rights = interview_for_user(who.actor, pk)
    if not (rights.employer or rights.manage):
        raise Http404
    form = FeedbackForm({name: str(value) for name, value in body.dict().items()})
    feedback = writes.feedback_give(
        token=who.token, actor=who.actor, interview=interview, values=checked(form)
    )
    return feedback
