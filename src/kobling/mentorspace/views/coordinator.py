"""The coordinator's pages: the pair-health board, the programme's space settings, and recording a
completed mentee's outcome in their enrolment."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.http import form_page
from kobling.core.roles import Cap
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentoring.models import Mentorship
from kobling.mentorspace import selectors, services
from kobling.mentorspace.forms import BoardFilterForm, OutcomeForm, SpaceSettingsForm
from kobling.programmes.followup.outcomes import Result, outcome_record


@access.require(Cap.MANAGE_MENTORING)
def board(request, slug):
    programme = mentoring_selectors.programme_for_manager(request.user, slug)
    states = [(s, Mentorship.State(s).label) for s in selectors.BOARD_STATES]
    filters = BoardFilterForm(request.GET or None, states=states)
    state = risk = q = ""
    if filters.is_valid():
        state, risk, q = (filters.cleaned_data[k] for k in ("state", "risk", "q"))
    pairs = selectors.board_pairs_filtered(programme, state=state, risk=bool(risk), q=q)
    page = Paginator(pairs, 50).get_page(request.GET.get("page"))
    nudges = selectors.nudge_settings_for(programme)
    return render(
        request,
        "mentorspace/board.html",
        {
            "programme": programme,
            "page": page,
            "filters": filters,
            "weeks": nudges.nudge_no_meeting_weeks,
            "query": f"state={state}&risk={risk}&q={q}",
            "today": timezone.localdate(),
        },
    )


@access.require(Cap.MANAGE_MENTORING)
def space_settings(request, slug):
    programme = mentoring_selectors.programme_for_manager(request.user, slug)
    current = selectors.space_settings_for(programme)
    form = SpaceSettingsForm(request.POST or None, initial={"coordinator_view": current.coordinator_view})
    return form_page(
        request,
        form,
        submit=lambda data: services.space_settings_save(
            actor=request.user, programme=programme, coordinator_view=data["coordinator_view"]
        ),
        done=_("Saved."),
        to=("mentorspace_settings", slug),
        template="mentorspace/settings.html",
        context={"programme": programme},
    )


@access.require(Cap.MANAGE_MENTORING)
def outcome(request, pk):
    """Record the completed mentee's outcome in their enrolment, with what the mentee said filled in."""
    space = selectors.space_for_user(request.user, pk)
    if space.side != "coordinator" or space.pair.state != Mentorship.State.COMPLETED:
        raise Http404
    enrolment = space.pair.mentee.enrolment
    said = selectors.mentee_evaluation(space)
    recorded = selectors.recorded_outcome(enrolment)
    initial = {"start_date": timezone.localdate()}
    if said is not None:
        initial["result"] = {"job": Result.JOB, "education": Result.EDUCATION}.get(said.outcome, Result.OTHER)
        initial["employer_name"] = said.employer_name
    # Once an outcome is recorded the form only shows it: a POST then records nothing.
    form = OutcomeForm(
        request.POST if request.method == "POST" and recorded is None else None, initial=initial
    )
    return form_page(
        request,
        form,
        submit=lambda data: outcome_record(actor=request.user, enrolment=enrolment, completed=True, **data),
        done=_("The outcome is recorded."),
        to=("mentorspace_space", pk),
        template="mentorspace/outcome.html",
        context={"space": space, "pair": space.pair, "said": said, "recorded": recorded},
    )
