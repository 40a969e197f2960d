"""The pair's own pages: phone-first, one short form each. Every view asks `space_for_user` first."""

from functools import wraps

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import form_page, refusals_flashed, refusals_on
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
    checkin_form_for,
)


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
    due = selectors.checkin_due(space)
    context = {
        **selectors.space_overview(space),
        "goal_form": GoalForm(),
        "checkin_form": checkin_form_for(due[0]) if due else None,
        "due": due,
    }
    return render(request, "mentorspace/space.html", context)


def _writer_space(request, pk):
    """The space, for the two of an active pair only (a 404 for everyone else)."""
    space = selectors.space_for_user(request.user, pk)
    if not space.can_write:
        raise Http404
    return space


def _writer_post(form_class):
    """Decorate the view of a small form the two of an active pair post in their space: POST only, a 404
    for everyone else. The view gets the space and the bound form in place of the pair's pk."""

    def decorator(view):
        @require_POST
        @access.login_only
        @wraps(view)
        def wrapped(request, pk, **kwargs):
            return view(request, _writer_space(request, pk), form_class(request.POST), **kwargs)

        return wrapped

    return decorator


def _space_context(space) -> dict:
    return {"space": space, "pair": space.pair}


@access.login_only
def meeting_new(request, pk):
    space = _writer_space(request, pk)
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate(), "minutes": 60})
    return form_page(
        request,
        form,
        submit=lambda data: services.meeting_log(actor=request.user, space=space, **data),
        done=_("The meeting is logged."),
        to=("mentorspace_space", pk),
        template="mentorspace/meeting_form.html",
        context=_space_context(space),
    )


@access.login_only
def meeting_list(request, pk):
    space = selectors.space_for_user(request.user, pk)
    page = Paginator(selectors.space_meetings(space), 25).get_page(request.GET.get("page"))
    context = {**_space_context(space), **selectors.names(space)}
    context |= {"page": page, "rows": selectors.meetings_with_own_notes(space, request.user, page)}
    return render(request, "mentorspace/meetings.html", context)


@_writer_post(PrivateNoteForm)
def private_note(request, space, form, meeting_id):
    meeting = selectors.space_meeting(space, meeting_id)
    if form.is_valid():
        services.private_note_save(
            actor=request.user, space=space, meeting=meeting, text=form.cleaned_data["text"]
        )
        flash.success(request, _("Your private note is saved."))
    return redirect("mentorspace_meetings", pk=space.pair.pk)


@_writer_post(GoalForm)
def goal_add(request, space, form):
    if form.is_valid():
        with refusals_flashed(request, one_line=True):
            services.goal_add(actor=request.user, space=space, title=form.cleaned_data["title"])
            flash.success(request, _("The goal is added."))
    else:
        flash.error(request, _("Write the goal."))
    return redirect("mentorspace_space", pk=space.pair.pk)


@_writer_post(GoalProgressForm)
def goal_progress(request, space, form):
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
    return redirect("mentorspace_space", pk=space.pair.pk)


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
            with refusals_on(form):
                services.message_send(actor=request.user, space=space, body=form.cleaned_data["body"])
                return redirect("mentorspace_messages", pk=pk)
    thread = selectors.message_thread(space)
    services.messages_read(actor=request.user, space=space, shown=bool(thread))
    context = {**_space_context(space), "thread": thread, "form": form, **selectors.names(space)}
    return render(
        request, "mentorspace/messages.html", context, status=400 if request.method == "POST" else 200
    )


@access.login_only
def checkin(request, pk):
    space = selectors.space_for_user(request.user, pk)
    due = selectors.checkin_due(space)
    if due is None:
        if request.method == "POST":
            flash.info(request, _("No check-in is waiting for you just now."))
        return redirect("mentorspace_space", pk=pk)
    return form_page(
        request,
        checkin_form_for(due[0], request.POST or None),
        submit=lambda data: services.checkin_answer(actor=request.user, space=space, **data),
        done=_("Thank you for your answer."),
        to=("mentorspace_space", pk),
        template="mentorspace/checkin.html",
        context={**_space_context(space), "due": due},
    )


@access.login_only
def evaluation(request, pk):
    space = selectors.space_for_user(request.user, pk)
    if not space.is_member:
        raise Http404
    mine = selectors.own_evaluation(space)
    if mine is not None or not selectors.evaluation_open(space):
        context = {**_space_context(space), "mine": mine, "form": None, "closed": mine is None}
        return render(request, "mentorspace/evaluation.html", context)
    return form_page(
        request,
        EvaluationForm(request.POST or None, side=space.side),
        submit=lambda data: services.evaluation_submit(actor=request.user, space=space, **data),
        done=_("Thank you for your evaluation."),
        to=("mentorspace_space", pk),
        template="mentorspace/evaluation.html",
        context=_space_context(space),
    )
