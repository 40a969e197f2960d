"""The pair's own pages: phone-first, one short form each. Every view asks `space_for_user` first."""

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.audit import log_action
from kobling.core.models import AuditLog
from kobling.core.roles import Cap
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentorspace import selectors, services
from kobling.mentorspace.forms import (
    EvaluationForm,
    GoalForm,
    GoalProgressForm,
    MeetingForm,
    MessageForm,
    PrivateNoteForm,
    ResourceFilterForm,
    checkin_form_for,
)
from kobling.mentorspace.models import CheckIn, Evaluation, Goal, MeetingLog, Message, PrivateNote, Resource
from kobling.network.selectors import seats_for as network_seats


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _names(space):
    participant = space.pair.mentee.enrolment.participant
    return {"mentee_name": participant.first_name, "mentor_name": space.pair.mentor.full_name}


@access.login_only
def space_index(request):
    own = list(selectors.own_spaces(request.user))
    if len(own) == 1 and not access.can(request.user, Cap.MANAGE_MENTORING):
        return redirect("mentorspace_space", pk=own[0].pk)
    programmes = list(mentoring_selectors.managed_programmes(request.user).order_by("name"))
    return render(request, "mentorspace/index.html", {"own": own, "programmes": programmes})


@access.login_only
def space_detail(request, pk):
    space = selectors.space_for_user(request.user, pk)
    pair = space.pair
    goals = list(Goal.objects.filter(mentorship=pair))
    meetings = list(MeetingLog.objects.filter(mentorship=pair)[:5])
    due = selectors.checkin_due(space)
    evaluations = {e.side: e for e in Evaluation.objects.filter(mentorship=pair)}
    unread = (
        Message.objects.filter(mentorship=pair, read_at__isnull=True).exclude(side=space.side).count()
        if space.is_member
        else 0
    )
    checkins = list(CheckIn.objects.filter(mentorship=pair)[:6]) if not space.is_member else []
    context = {
        "space": space,
        "pair": pair,
        "goals": goals,
        "meetings": meetings,
        "goal_form": GoalForm(),
        "progress_choices": Goal.Progress.choices,
        "due": due,
        "checkin_form": checkin_form_for(due[0]) if due else None,
        "evaluation_open": selectors.evaluation_open(space),
        "my_evaluation": evaluations.get(space.side),
        "evaluations": evaluations,
        "unread": unread,
        "checkins": checkins,
        "resources": list(selectors.resources_for(pair.programme, region=selectors.region_of(space))[:3]),
        **_names(space),
    }
    return render(request, "mentorspace/space.html", context)


@access.login_only
def meeting_new(request, pk):
    space = selectors.space_for_user(request.user, pk)
    if not space.can_write:
        raise Http404
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate(), "minutes": 60})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            flash.success(request, _("The meeting is logged."))
            return redirect("mentorspace_space", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mentorspace/meeting_form.html",
        {"space": space, "pair": space.pair, "form": form},
        status=status,
    )


@access.login_only
def meeting_list(request, pk):
    space = selectors.space_for_user(request.user, pk)
    meetings = MeetingLog.objects.filter(mentorship=space.pair).select_related("created_by")
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    notes = {}
    if space.is_member:
        notes = {
            n.meeting_id: n
            for n in PrivateNote.objects.filter(author=request.user, meeting__in=[m.pk for m in page])
        }
    rows = [(m, notes.get(m.pk)) for m in page]
    return render(
        request,
        "mentorspace/meetings.html",
        {"space": space, "pair": space.pair, "page": page, "rows": rows, **_names(space)},
    )


@require_POST
@access.login_only
def private_note(request, pk, meeting_id):
    space = selectors.space_for_user(request.user, pk)
    meeting = MeetingLog.objects.filter(mentorship=space.pair, pk=meeting_id).first()
    if meeting is None or not space.can_write:
        raise Http404
    form = PrivateNoteForm(request.POST)
    if form.is_valid():
        services.private_note_save(
            actor=request.user, space=space, meeting=meeting, text=form.cleaned_data["text"]
        )
        flash.success(request, _("Your private note is saved."))
    return redirect("mentorspace_meetings", pk=pk)


@require_POST
@access.login_only
def goal_add(request, pk):
    space = selectors.space_for_user(request.user, pk)
    if not space.can_write:
        raise Http404
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            services.goal_add(actor=request.user, space=space, title=form.cleaned_data["title"])
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(request, _("The goal is added."))
    else:
        flash.error(request, _("Write the goal."))
    return redirect("mentorspace_space", pk=pk)


@require_POST
@access.login_only
def goal_progress(request, pk):
    space = selectors.space_for_user(request.user, pk)
    if not space.can_write:
        raise Http404
    form = GoalProgressForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.goal_set_progress(
            actor=request.user,
            space=space,
            goal_id=form.cleaned_data["goal"],
            progress=form.cleaned_data["progress"],
        )
    except ValidationError:
        raise Http404 from None
    flash.success(request, _("Progress saved."))
    return redirect("mentorspace_space", pk=pk)


@access.login_only
def message_thread(request, pk):
    space = selectors.space_for_user(request.user, pk)
    if not space.sees_messages:
        raise Http404
    form = MessageForm(request.POST or None) if space.can_write else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.message_send(actor=request.user, space=space, body=form.cleaned_data["body"])
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                return redirect("mentorspace_messages", pk=pk)
    thread = list(Message.objects.filter(mentorship=space.pair).order_by("-created_at", "-pk")[:100])[::-1]
    if space.is_member:
        services.messages_mark_read(space=space)
    elif thread:
        with transaction.atomic():  # a coordinator reading the pair's messages is logged
            log_action(
                actor=request.user,
                action=AuditLog.Action.READ,
                obj=space.pair,
                organisation=space.pair.programme.organisation,
                fields=["messages"],
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mentorspace/messages.html",
        {"space": space, "pair": space.pair, "thread": thread, "form": form, **_names(space)},
        status=status,
    )


@access.login_only
def checkin(request, pk):
    space = selectors.space_for_user(request.user, pk)
    due = selectors.checkin_due(space)
    if due is None:
        if request.method == "POST":
            flash.info(request, _("No check-in is waiting for you just now."))
        return redirect("mentorspace_space", pk=pk)
    form = checkin_form_for(due[0], request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_answer(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            flash.success(request, _("Thank you for your answer."))
            return redirect("mentorspace_space", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mentorspace/checkin.html",
        {"space": space, "pair": space.pair, "form": form, "due": due},
        status=status,
    )


@access.login_only
def evaluation(request, pk):
    space = selectors.space_for_user(request.user, pk)
    if not space.is_member:
        raise Http404
    mine = Evaluation.objects.filter(mentorship=space.pair, side=space.side).first()
    if mine is not None or not selectors.evaluation_open(space):
        return render(
            request,
            "mentorspace/evaluation.html",
            {"space": space, "pair": space.pair, "mine": mine, "form": None, "closed": mine is None},
        )
    form = EvaluationForm(request.POST or None, side=space.side)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(actor=request.user, space=space, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            flash.success(request, _("Thank you for your evaluation."))
            return redirect("mentorspace_space", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mentorspace/evaluation.html",
        {"space": space, "pair": space.pair, "form": form},
        status=status,
    )


@access.login_only
def resource_list(request, pk):
    space = selectors.space_for_user(request.user, pk)
    filters = ResourceFilterForm(request.GET or None)
    topic = stage = ""
    if filters.is_valid():
        topic, stage = filters.cleaned_data["topic"], filters.cleaned_data["stage"]
    region = selectors.region_of(space)
    found = selectors.resources_for(space.pair.programme, region=region, topic=topic, stage=stage)
    page = Paginator(found, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "mentorspace/resources.html",
        {
            "space": space,
            "pair": space.pair,
            "page": page,
            "filters": filters,
            "region": region,
            "query": f"topic={topic}&stage={stage}",
        },
    )


def resource_visible_to(user, resource: Resource) -> bool:
    if resource.organisation_id in access.organisation_ids_with(user, Cap.MANAGE_MENTORING):
        return True
    if not resource.published:
        return False
    spaces = selectors.own_spaces(user).filter(programme__organisation_id=resource.organisation_id)
    if resource.programme_id:
        spaces = spaces.filter(programme_id=resource.programme_id)
    if spaces.exists():
        return True
    # People still waiting for a mentor already get the resources, through the programme's network.
    return any(
        seat.is_member
        and seat.programme.organisation_id == resource.organisation_id
        and resource.programme_id in (None, seat.programme.pk)
        for seat in network_seats(user)
    )


@access.login_only
def resource_detail(request, rid):
    resource = Resource.objects.filter(pk=rid).select_related("programme").first()
    if resource is None or not resource_visible_to(request.user, resource):
        raise Http404
    return render(request, "mentorspace/resource.html", {"resource": resource})


@access.login_only
def resource_file(request, rid):
    resource = Resource.objects.filter(pk=rid).first()
    if resource is None or not resource.file or not resource_visible_to(request.user, resource):
        raise Http404
    try:
        handle = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=resource.file.name.rsplit("/", 1)[-1])
