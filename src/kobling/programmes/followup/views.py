"""Pages for meetings, the activity plan, placements and outcomes.

Staff and advisor pages go through `@access.require` plus the participant helpers; pages the person
shares with them (a meeting, an item of the plan) through `login_only` plus `*_for_user`, which
answers 404 for anything out of reach.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import flash_errors, form_page, refusals_flashed, refusals_on
from kobling.core.roles import Cap, Role
from kobling.people import selectors as people_selectors
from kobling.people.models import Participant
from kobling.programmes.followup import meetings, outcomes, selectors, services
from kobling.programmes.followup.forms import (
    ActivityForm,
    ActivityStateForm,
    FollowUpForm,
    MeetingForm,
    MinutesForm,
    OutcomeForm,
    PlacementForm,
)
from kobling.programmes.followup.selectors import NO_MEETINGS, OUTCOME_STATUSES, rights_for
from kobling.programmes.models import ActivityItem, Status

STAFF = [Cap.VIEW_PARTICIPANTS, Cap.FOLLOW_OWN_PEOPLE]


def _participant_for_staff(request, pk) -> Participant:
    participant = people_selectors.participant_for_user(request.user, pk)
    if not people_selectors.works_with(request.user, participant):
        raise Http404
    return participant


def _own_participant(request) -> Participant:
    participant = (
        Participant.objects.filter(user=request.user).select_related("organisation", "advisor").first()
    )
    if participant is None:
        raise Http404
    return participant


def _rights_or_404(request, participant: Participant, right: str):
    """The user's rights over the person when they hold `right` ("meetings", "coordinator"), else 404."""
    rights = rights_for(request.user, participant)
    if not getattr(rights, right):
        raise Http404
    return rights


def _open_enrolments(participant: Participant):
    return participant.enrolments.exclude(status__in=NO_MEETINGS).select_related("programme")


# Meetings ------------------------------------------------------------------------------------------


@access.require(Cap.VIEW_PARTICIPANTS)
def meeting_new(request, pk: int):
    participant = _participant_for_staff(request, pk)
    rights = _rights_or_404(request, participant, "meetings")
    default_start = (timezone.localtime() + timedelta(days=7)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    return form_page(
        request,
        MeetingForm(
            request.POST or None,
            enrolments=_open_enrolments(participant),
            initial={"kind": "status", "starts_at": default_start},
        ),
        submit=lambda data: meetings.meeting_plan(actor=request.user, **data),
        done=_("The meeting is planned and the invitations are on their way."),
        to=lambda meeting: ("meeting_detail", meeting.pk),
        template="programmes/followup/meeting_form.html",
        context={"participant": participant, "meeting": None, "rights": rights},
    )


def _meeting_page(request, meeting, *, minutes_form=None, status=200):
    participant = meeting.enrolment.participant
    rights = rights_for(request.user, participant)
    published = bool(meeting.minutes_published_at)
    if minutes_form is None and rights.meetings and not published:
        minutes_form = MinutesForm(initial={"minutes": meeting.minutes})
    context = {
        "meeting": meeting,
        "participant": participant,
        "rights": rights,
        "ends_at": selectors.meeting_ends_at(meeting),
        "started": meeting.starts_at <= timezone.now(),
        "show_minutes": bool(meeting.minutes) and (published or rights.drafts),
        "minutes_form": minutes_form,
    }
    return render(request, "programmes/followup/meeting_detail.html", context, status=status)


@access.login_only
def meeting_detail(request, pk: int):
    return _meeting_page(request, selectors.meeting_for_user(request.user, pk))


@access.login_only
def meeting_ics(request, pk: int):
    meeting = selectors.meeting_for_user(request.user, pk)
    language = "en" if (get_language() or "nb").startswith("en") else "nb"
    response = HttpResponse(
        meetings.meeting_calendar(meeting, language=language),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


def _meeting_to_manage(request, pk):
    """The meeting and the user's rights over its person, when they may manage the person's meetings,
    else 404."""
    meeting = selectors.meeting_for_user(request.user, pk)
    return meeting, _rights_or_404(request, meeting.enrolment.participant, "meetings")


@access.require(Cap.VIEW_PARTICIPANTS)
def meeting_edit(request, pk: int):
    meeting, rights = _meeting_to_manage(request, pk)
    participant = meeting.enrolment.participant
    if meeting.minutes_published_at:
        messages.error(request, _("The minutes are published, so the meeting can no longer be changed."))
        return redirect("meeting_detail", pk=meeting.pk)
    initial = {name: getattr(meeting, name) for name in meetings.MEETING_FIELDS}
    initial["starts_at"] = timezone.localtime(meeting.starts_at)
    return form_page(
        request,
        MeetingForm(request.POST or None, initial=initial),
        submit=lambda data: meetings.meeting_update(actor=request.user, meeting=meeting, **data),
        done=lambda changed: (
            _("The meeting is changed and everyone gets the new invitation.")
            if changed
            else _("Nothing was changed.")
        ),
        to=("meeting_detail", meeting.pk),
        template="programmes/followup/meeting_form.html",
        context={"participant": participant, "meeting": meeting, "rights": rights},
    )


@require_POST
@access.require(Cap.VIEW_PARTICIPANTS)
def meeting_cancel(request, pk: int):
    meeting, _rights = _meeting_to_manage(request, pk)
    try:
        meetings.meeting_cancel(actor=request.user, meeting=meeting)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("meeting_detail", pk=meeting.pk)
    messages.success(request, _("The meeting is cancelled. Everyone invited gets a cancellation."))
    return redirect("participant_detail", pk=meeting.enrolment.participant_id)


@require_POST
@access.require(Cap.VIEW_PARTICIPANTS)
def meeting_minutes(request, pk: int):
    meeting, _rights = _meeting_to_manage(request, pk)
    form = MinutesForm(request.POST)
    publish = "publish" in request.POST
    if form.is_valid():
        with refusals_on(form):
            meetings.meeting_write_minutes(
                actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"], publish=publish
            )
            messages.success(
                request,
                _("The minutes are published to the participant.") if publish else _("The draft is saved."),
            )
            return redirect("meeting_detail", pk=meeting.pk)
    return _meeting_page(request, meeting, minutes_form=form, status=400)


# The activity plan ---------------------------------------------------------------------------------


def _plan_page(request, participant: Participant, *, own: bool, form=None, status=200):
    rights = rights_for(request.user, participant)
    items = selectors.with_colours(participant.activity_plan.select_related("created_by"))
    for item in items:
        if rights.plan and not item.locked:
            item.state_form = ActivityStateForm(item=item, prefix=f"item{item.pk}")
    context = {
        "participant": participant,
        "rights": rights,
        "own": own,
        "open_items": [item for item in items if not item.locked],
        "closed_items": [item for item in items if item.locked],
        "form": form or ActivityForm(rights=rights),
    }
    return render(request, "programmes/followup/plan.html", context, status=status)


def _plan_post(request, participant: Participant, *, own: bool):
    rights = rights_for(request.user, participant)
    form = ActivityForm(request.POST, rights=rights)
    if form.is_valid():
        data = form.cleaned_data
        with refusals_on(form):
            services.activity_create(
                actor=request.user,
                participant=participant,
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                due=data["due"],
                state=data.get("state", ActivityItem.State.PROPOSAL),
                agreed_with_nav=data.get("agreed_with_nav", False),
            )
            messages.success(
                request,
                _("Your proposal is sent to your NAV advisor and the provider.")
                if not rights.plan
                else _("The item is added to the plan."),
            )
            return redirect("my_plan") if own else redirect("participant_plan", pk=participant.pk)
    return _plan_page(request, participant, own=own, form=form, status=400)


@access.require(any_of=STAFF)
def participant_plan(request, pk: int):
    participant = _participant_for_staff(request, pk)
    if request.method == "POST":
        return _plan_post(request, participant, own=False)
    return _plan_page(request, participant, own=False)


@access.require_role(Role.PARTICIPANT)
def my_plan(request):
    participant = _own_participant(request)
    if request.method == "POST":
        return _plan_post(request, participant, own=True)
    return _plan_page(request, participant, own=True)


def _plan_of(request, item: ActivityItem) -> tuple:
    """Where an activity's plan is, for the reader: their own plan, or the person's plan page."""
    if rights_for(request.user, item.participant).own:
        return ("my_plan",)
    return ("participant_plan", item.participant_id)


def _back_to_plan(request, item: ActivityItem):
    return redirect(*_plan_of(request, item))


def _saved_or_unchanged(changed: bool) -> str:
    return _("Saved.") if changed else _("Nothing was changed.")


@access.login_only
def activity_edit(request, pk: int):
    item = selectors.activity_for_user(request.user, pk)
    rights = rights_for(request.user, item.participant)
    if item.locked:
        messages.error(request, _("A completed or cancelled item can no longer be changed."))
        return _back_to_plan(request, item)
    if not rights.plan and not (
        item.state == ActivityItem.State.PROPOSAL and item.created_by_id == request.user.pk
    ):
        messages.error(request, _("You can change your own proposals, until they are planned."))
        return _back_to_plan(request, item)
    initial = {"kind": item.kind, "title": item.title, "description": item.description, "due": item.due}
    return form_page(
        request,
        ActivityForm(request.POST or None, rights=rights, editing=True, initial=initial),
        submit=lambda data: services.activity_update(actor=request.user, item=item, **data),
        done=_saved_or_unchanged,
        to=_plan_of(request, item),
        template="programmes/followup/activity_form.html",
        context={"item": item, "participant": item.participant, "rights": rights},
    )


@require_POST
@access.login_only
def activity_state(request, pk: int):
    item = selectors.activity_for_user(request.user, pk)
    form = ActivityStateForm(request.POST, item=item, prefix=f"item{item.pk}")
    with refusals_flashed(request):
        if not form.is_valid():
            raise ValidationError(_("Choose a status this item can move to."))
        services.activity_set_state(actor=request.user, item=item, state=form.cleaned_data["state"])
        messages.success(
            request,
            _("“%(title)s” is now %(state)s.")
            % {"title": item.title, "state": item.get_state_display().lower()},
        )
    return _back_to_plan(request, item)


@require_POST
@access.login_only
def activity_agreed(request, pk: int):
    item = selectors.activity_for_user(request.user, pk)
    agreed = request.POST.get("agreed") == "1"
    with refusals_flashed(request):
        services.activity_set_agreed(actor=request.user, item=item, agreed=agreed)
        messages.success(
            request,
            _("“%(title)s” is marked as agreed with NAV.") % {"title": item.title}
            if agreed
            else _("“%(title)s” is no longer marked as agreed with NAV.") % {"title": item.title},
        )
    return _back_to_plan(request, item)


# Placements ----------------------------------------------------------------------------------------


def _placement_for_coordinator(request, pk):
    """The placement, when the user may manage its person's placements, else 404."""
    placement = selectors.placement_for_user(request.user, pk)
    _rights_or_404(request, placement.enrolment.participant, "coordinator")
    return placement


@access.require(Cap.EDIT_PARTICIPANTS)
def placement_new(request, pk: int):
    participant = _participant_for_staff(request, pk)
    _rights_or_404(request, participant, "coordinator")
    return form_page(
        request,
        PlacementForm(request.POST or None, enrolments=_open_enrolments(participant)),
        submit=lambda data: services.placement_create(actor=request.user, **data),
        done=_("The placement is recorded."),
        to=("participant_detail", participant.pk),
        template="programmes/followup/placement_form.html",
        context={
            "participant": participant,
            "placement": None,
            "rights": rights_for(request.user, participant),
        },
    )


@access.require(Cap.EDIT_PARTICIPANTS)
def placement_edit(request, pk: int):
    placement = _placement_for_coordinator(request, pk)
    participant = placement.enrolment.participant
    initial = {name: getattr(placement, name) for name in services.PLACEMENT_FIELDS}
    return form_page(
        request,
        PlacementForm(request.POST or None, initial=initial),
        submit=lambda data: services.placement_update(actor=request.user, placement=placement, **data),
        done=_saved_or_unchanged,
        to=("participant_detail", participant.pk),
        template="programmes/followup/placement_form.html",
        context={
            "participant": participant,
            "placement": placement,
            "rights": rights_for(request.user, participant),
        },
    )


@require_POST
@access.require(Cap.EDIT_PARTICIPANTS)
def placement_delete(request, pk: int):
    placement = _placement_for_coordinator(request, pk)
    services.placement_delete(actor=request.user, placement=placement)
    messages.success(request, _("The placement is removed."))
    return redirect("participant_detail", pk=placement.enrolment.participant_id)


# Outcomes ------------------------------------------------------------------------------------------


def _enrolment_for_coordinator(request, pk):
    enrolment = selectors.enrolment_for_user(request.user, pk)
    _rights_or_404(request, enrolment.participant, "coordinator")
    return enrolment


@access.require(Cap.EDIT_PARTICIPANTS)
def outcome_new(request, pk: int):
    enrolment = _enrolment_for_coordinator(request, pk)
    participant = enrolment.participant
    if hasattr(enrolment, "outcome"):
        messages.info(request, _("An outcome is already recorded for this programme."))
        return redirect("participant_detail", pk=participant.pk)
    participating = enrolment.status == Status.PARTICIPATING
    form = OutcomeForm(request.POST or None, participating=participating)
    return form_page(
        request,
        form,
        submit=lambda data: outcomes.outcome_record(
            actor=request.user, enrolment=enrolment, **form.outcome_data()
        ),
        done=lambda _outcome: (
            _("The outcome is recorded. The programme status is now “%(status)s”.")
            % {"status": enrolment.get_status_display()}
        ),
        to=("participant_detail", participant.pk),
        template="programmes/followup/outcome_form.html",
        context={
            "enrolment": enrolment,
            "participant": participant,
            "can_record": enrolment.status in OUTCOME_STATUSES,
            "rights": rights_for(request.user, participant),
        },
    )


@require_POST
@access.require(Cap.EDIT_PARTICIPANTS)
def outcome_remove(request, pk: int):
    enrolment = _enrolment_for_coordinator(request, pk)
    outcome = getattr(enrolment, "outcome", None)
    if outcome is None:
        raise Http404
    outcomes.outcome_remove(actor=request.user, outcome=outcome)
    messages.success(
        request, _("The outcome is removed. The programme status is unchanged; change it on the programme.")
    )
    return redirect("participant_detail", pk=enrolment.participant_id)


@access.require(Cap.EDIT_PARTICIPANTS)
def follow_up_answer(request, pk: int):
    follow_up = selectors.follow_up_for_user(request.user, pk)
    participant = follow_up.outcome.enrolment.participant
    rights = _rights_or_404(request, participant, "coordinator")
    initial = {}
    if follow_up.still_employed is not None:
        initial["still_employed"] = "yes" if follow_up.still_employed else "no"
    return form_page(
        request,
        FollowUpForm(request.POST or None, initial=initial),
        submit=lambda data: outcomes.follow_up_answer(
            actor=request.user, follow_up=follow_up, still_employed=data["still_employed"]
        ),
        done=_("Thank you. The answer is saved and the task is done."),
        to=("participant_detail", participant.pk),
        template="programmes/followup/follow_up.html",
        context={
            "follow_up": follow_up,
            "outcome": follow_up.outcome,
            "participant": participant,
            "not_yet_due": follow_up.due > timezone.localdate(),
            "rights": rights,
        },
    )
