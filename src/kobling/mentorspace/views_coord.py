"""The coordinator's pages: the pair-health board, the programme's space settings, curated resources,
and recording a completed mentee's outcome in their enrolment."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.roles import Cap
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentoring.models import Mentorship
from kobling.mentorspace import selectors, services
from kobling.mentorspace.forms import BoardFilterForm, OutcomeForm, ResourceForm, SpaceSettingsForm
from kobling.mentorspace.models import Evaluation, Resource
from kobling.mentorspace.views import _errors_to_form
from kobling.programmes.models import Outcome, Programme


@access.require(Cap.MANAGE_MENTORING)
def board(request, slug):
    programme = mentoring_selectors.programme_for_manager(request.user, slug)
    states = [(s, Mentorship.State(s).label) for s in selectors.BOARD_STATES]
    filters = BoardFilterForm(request.GET or None, states=states)
    pairs = selectors.board_pairs(programme)
    state = risk = q = ""
    if filters.is_valid():
        state, risk, q = (filters.cleaned_data[k] for k in ("state", "risk", "q"))
    pairs = pairs.filter(state=state) if state else pairs.filter(state__in=selectors.SPACE_STATES)
    if risk:
        pairs = pairs.filter(selectors.AT_RISK)
    if q:
        for word in q.split()[:3]:
            pairs = pairs.filter(
                Q(mentor__full_name__icontains=word)
                | Q(mentee__enrolment__participant__first_name__icontains=word)
                | Q(mentee__enrolment__participant__last_name__icontains=word)
            )
    pairs = pairs.order_by("-risk_low", "-risk_quiet", "-risk_ending", "ends_on", "pk")
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
    if request.method == "POST" and form.is_valid():
        try:
            services.space_settings_save(
                actor=request.user,
                programme=programme,
                coordinator_view=form.cleaned_data["coordinator_view"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            flash.success(request, _("Saved."))
            return redirect("mentorspace_settings", slug=slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "mentorspace/settings.html", {"programme": programme, "form": form}, status=status)


def _resources_in_reach(user, programme: Programme):
    return Resource.objects.filter(organisation_id=programme.organisation_id).filter(
        Q(programme__isnull=True) | Q(programme=programme)
    )


@access.require(Cap.MANAGE_MENTORING)
def resource_admin(request, slug):
    programme = mentoring_selectors.programme_for_manager(request.user, slug)
    found = _resources_in_reach(request.user, programme).select_related("programme").order_by("title", "pk")
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "mentorspace/resource_admin.html", {"programme": programme, "page": page})


@access.require(Cap.MANAGE_MENTORING)
def resource_edit(request, slug, rid=None):
    programme = mentoring_selectors.programme_for_manager(request.user, slug)
    resource = None
    if rid is not None:
        resource = _resources_in_reach(request.user, programme).filter(pk=rid).first()
        if resource is None:
            raise Http404
    own_programmes = mentoring_selectors.managed_programmes(request.user).filter(
        organisation_id=programme.organisation_id
    )
    form = ResourceForm(
        request.POST or None,
        request.FILES or None,
        instance=resource,
        programmes=own_programmes,
        initial=None if resource else {"programme": programme},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        upload = request.FILES.get("file")
        try:
            services.resource_save(
                actor=request.user,
                organisation=programme.organisation,
                data=data,
                upload=upload,
                resource=Resource.objects.get(pk=resource.pk) if resource else None,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            flash.success(request, _("The resource is saved."))
            return redirect("mentorspace_resource_admin", slug=slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mentorspace/resource_form.html",
        {"programme": programme, "form": form, "resource": resource},
        status=status,
    )


@access.require(Cap.MANAGE_MENTORING)
def outcome(request, pk):
    """Record the completed mentee's outcome in their enrolment, with what the mentee said filled in."""
    from kobling.programmes.followup_outcomes import Result, outcome_record

    space = selectors.space_for_user(request.user, pk)
    if space.side != "coordinator" or space.pair.state != Mentorship.State.COMPLETED:
        raise Http404
    enrolment = space.pair.mentee.enrolment
    said = Evaluation.objects.filter(mentorship=space.pair, side="mentee").first()
    recorded = Outcome.objects.filter(enrolment=enrolment).first()
    initial = {"start_date": timezone.localdate()}
    if said is not None:
        initial["result"] = {"job": Result.JOB, "education": Result.EDUCATION}.get(said.outcome, Result.OTHER)
        initial["employer_name"] = said.employer_name
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and recorded is None and form.is_valid():
        data = form.cleaned_data
        try:
            outcome_record(
                actor=request.user,
                enrolment=enrolment,
                result=data["result"],
                start_date=data["start_date"],
                occupation=data["occupation"],
                employer_name=data["employer_name"],
                dropout_reason=data["dropout_reason"],
                completed=True,
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            flash.success(request, _("The outcome is recorded."))
            return redirect("mentorspace_space", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mentorspace/outcome.html",
        {"space": space, "pair": space.pair, "form": form, "said": said, "recorded": recorded},
        status=status,
    )
