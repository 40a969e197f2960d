"""Participants: the list (for syncing), one record, registering a person and changing a record.

Reads go through `people.selectors` (the list is the participant list's people, a record the staff
pages' `participant_for_staff`); writes through the provider's form and the people services, as the
"new participant" and "edit" pages do, and need `edit_participants` in the token's organisation."""

from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from kobling.api import writes
from kobling.api.models import Scope
from kobling.api.v1.auth import need, need_capability
from kobling.api.v1.forms import errors_of, languages_checked, profile_form
from kobling.api.v1.pagination import PageQuery, page
from kobling.api.v1.problems import PROBLEMS, Problem, validation_problem
from kobling.api.v1.schemas import ParticipantIn, ParticipantOut, ParticipantPage, ParticipantPatch
from kobling.core.roles import Cap
from kobling.people.selectors import can_edit_participant, participant_for_staff, participants_visible_to
from kobling.portal.forms import ParticipantNewForm
from kobling.portal.selectors import programmes_of

router = Router(tags=["participants"])


def _participants(actor):
    return participants_visible_to(actor).prefetch_related("languages", "target_occupations")


def _one(actor, pk: int):
    """The record as the staff pages reach it (a 404 for anything else), with what the schema reads."""
    participant_for_staff(actor, pk)
    return _participants(actor).get(pk=pk)


def _validated(form, languages) -> tuple[dict, dict | None]:
    """The form's data and the languages, or one 422 problem with the errors of both."""
    errors = {} if form.is_valid() else errors_of(form)
    try:
        checked_languages = languages_checked(languages)
    except Problem as problem:
        errors.update(problem.errors or {})
        checked_languages = None
    if errors:
        raise validation_problem(errors)
    return form.cleaned_data, checked_languages


@router.get("/participants", response={200: ParticipantPage, **PROBLEMS}, url_name="v1_participants")
def list_participants(request, query: Query[PageQuery]):
    """The people the token's user sees in the token's organisation, in the order they last changed
    (`updated_at`, then id). Scope `participants:read`."""
    who = need(request, Scope.PARTICIPANTS_READ)
    return page(_participants(who.actor), query, field="updated_at")


@router.get("/participants/{pk}", response={200: ParticipantOut, **PROBLEMS}, url_name="v1_participant")
def get_participant(request, pk: int):
    """One record. Scope `participants:read`."""
    who = need(request, Scope.PARTICIPANTS_READ)
    return _one(who.actor, pk)


@router.post("/participants", response={201: ParticipantOut, **PROBLEMS}, url_name="v1_participant_create")
def create_participant(request, body: ParticipantIn):
    """Register a person in the token's organisation, and apply them to one of its programmes when
    `programme` names it. Scope `participants:write`."""
    who = need(request, Scope.PARTICIPANTS_WRITE)
    need_capability(who, Cap.EDIT_PARTICIPANTS)
    programmes = programmes_of([who.organisation])
    payload = body.dict(exclude_unset=True)
    if payload.get("programme"):
        found = programmes.filter(slug=payload["programme"]).values_list("pk", flat=True).first()
        payload["programme"] = found or payload["programme"]
    form = profile_form(payload, form_class=ParticipantNewForm, programmes=programmes)
    data, languages = _validated(form, body.languages)
    participant = writes.participant_register(
        token=who.token,
        actor=who.actor,
        organisation=who.organisation,
        data=form.profile_data(),
        languages=languages or {},
        occupations=list(data["target_occupations"]),
        programme=data.get("programme"),
    )
    return Answer(201, _one(who.actor, participant.pk))


@router.patch(
    "/participants/{pk}", response={200: ParticipantOut, **PROBLEMS}, url_name="v1_participant_update"
)
def update_participant(request, pk: int, body: ParticipantPatch):
    """Change the fields sent; the rest stay. Scope `participants:write`."""
    who = need(request, Scope.PARTICIPANTS_WRITE)
    participant = participant_for_staff(who.actor, pk)
    if not can_edit_participant(who.actor, participant):
        raise Problem(403, _("The token's user may read this record but not change it."))
    payload = body.dict(exclude_unset=True)
    form = profile_form(payload, participant=participant)
    data, languages = _validated(form, body.languages)
    writes.participant_change(
        token=who.token,
        actor=who.actor,
        # The form has written its values onto the instance it checked: the service gets a fresh one.
        participant=participant_for_staff(who.actor, pk),
        data=form.profile_data(),
        languages=languages,
        occupations=list(data["target_occupations"]),
    )
    return _one(who.actor, pk)
