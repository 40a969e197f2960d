"""The organiser's schedule: the grid and who falls short, generating (with its progress while a large
event is solved on the task worker), moving and locking interviews, and publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kobling.core import access
from kobling.core.http import refusals_flashed
from kobling.core.roles import Cap
from kobling.events.forms import MoveForm
from kobling.events.models import EventStatus, ScheduleRun
from kobling.events.personal.selectors import schedule_mails
from kobling.events.schedule import selectors, services
from kobling.events.selectors import event_managed_or_404


def run_summary(run: ScheduleRun) -> str:
    """What a finished run made, for the organiser."""
    text = _("A schedule with %(n)s interviews was made.") % {"n": run.interviews}
    if run.shortfall:
        text += " " + _("%(n)s interviews are missing to reach everyone's minimum: see below.") % {
            "n": run.shortfall
        }
    return text


@access.require(Cap.MANAGE_EVENTS)
def schedule(request, pk: int):
    event = event_managed_or_404(request.user, pk)
    grid = selectors.schedule_grid(event)
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "slots": grid.slots,
            "grid": grid.employers,
            "days": grid.candidates,
            "short": grid.short,
            "has_schedule": grid.has_schedule,
            "run": selectors.schedule_run_latest(event),
            "editable": event.status in selectors.EDITABLE,
        },
    )


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def schedule_generate(request, pk: int):
    """Solved now for a small event; a large one's run is queued and the page shows its progress."""
    event = event_managed_or_404(request.user, pk)
    with refusals_flashed(request):
        run = services.schedule_run_create(actor=request.user, event=event)
        if run.state == ScheduleRun.State.DONE:
            messages.success(request, run_summary(run))
    return redirect("event_schedule", event.pk)


@require_GET
@access.require(Cap.MANAGE_EVENTS)
def schedule_run(request, pk: int):
    """The generating run's progress, which the schedule page asks for every second while it waits
    (htmx). Once the run is done the page reloads to show the schedule; anyone else goes to the page."""
    event = event_managed_or_404(request.user, pk)
    if not request.headers.get("HX-Request"):
        return redirect("event_schedule", event.pk)
    run = selectors.schedule_run_latest(event)
    response = render(request, "events/_schedule_run.html", {"event": event, "run": run})
    if run is not None and run.state == ScheduleRun.State.DONE:
        messages.success(request, run_summary(run))
        response["HX-Refresh"] = "true"
    return response


@access.require(Cap.MANAGE_EVENTS)
def schedule_publish(request, pk: int):
    """GET shows who will get which e-mail; only the confirmed POST publishes and sends."""
    event = event_managed_or_404(request.user, pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        if request.method == "POST":
            return redirect("event_schedule_publish", event.pk)
        mails = schedule_mails(event=event)
        return render(
            request,
            "events/schedule_publish.html",
            {
                "event": event,
                "mails": mails,
                "sending": sum(1 for m in mails if m.to),
                "without_email": [m for m in mails if not m.to],
                "can_publish": event.status == EventStatus.SCHEDULING and bool(mails),
            },
        )
    with refusals_flashed(request):
        sent = services.schedule_publish(actor=request.user, event=event)
        messages.success(request, _("The schedule was published and %(n)s e-mails were sent.") % {"n": sent})
    return redirect("event_schedule", event.pk)


@access.require(Cap.MANAGE_EVENTS)
def interview_move(request, pk: int):
    interview = selectors.interview_managed_or_404(request.user, pk)
    event = interview.event
    form = MoveForm(request.POST or None, event=event, initial={"slot": interview.slot})
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_move(actor=request.user, interview=interview, slot=form.cleaned_data["slot"])
        except ValidationError as error:
            form.add_error("slot", error.messages)
        else:
            messages.success(request, _("The interview was moved."))
            return redirect("event_schedule", event.pk)
    return render(
        request, "events/interview_move.html", {"event": event, "interview": interview, "form": form}
    )


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def interview_lock(request, pk: int):
    interview = selectors.interview_managed_or_404(request.user, pk)
    services.interview_lock(actor=request.user, interview=interview, locked=request.POST.get("locked") == "1")
    return redirect("event_schedule", interview.event_id)
