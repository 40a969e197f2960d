"""The schedule pages: the organiser's grid and shortfalls, personal schedules, and the day itself."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import flash_errors
from kobling.core.roles import Cap
from kobling.events import day, personal, scheduling, selectors
from kobling.events.forms import LateForm, MoveForm, slot_choices
from kobling.events.models import CandidateRegistration, EmployerRegistration, EventStatus, Interview
from kobling.events.views import _managed


def _interview_for_manager(request, pk) -> Interview:
    interview = get_object_or_404(
        Interview.objects.select_related("event", "candidate__participant", "employer__organisation"), pk=pk
    )
    _managed(request, interview.event_id)
    return interview


@access.require(Cap.MANAGE_EVENTS)
def schedule(request, pk: int):
    event = _managed(request, pk)
    slots = slot_choices(event)
    interviews = list(selectors.interviews_of(event))
    employers = list(
        EmployerRegistration.objects.filter(
            event=event, state=EmployerRegistration.State.REGISTERED
        ).select_related("organisation")
    )
    candidates = list(
        CandidateRegistration.objects.filter(
            event=event, state=CandidateRegistration.State.REGISTERED
        ).select_related("participant")
    )
    by_emp: dict[tuple[int, int], list] = defaultdict(list)
    by_cand: dict[tuple[int, int], Interview] = {}
    count: dict[int, int] = defaultdict(int)
    for i in interviews:
        if i.state in scheduling.LIVE:
            by_emp[(i.employer_id, i.slot)].append(i)
            by_cand[(i.candidate_id, i.slot)] = i
            count[i.candidate_id] += 1
    grid = [(e, [by_emp.get((e.pk, s), []) for s, _label in slots]) for e in employers]
    days = [(c, count[c.pk], [by_cand.get((c.pk, s)) for s, _label in slots]) for c in candidates]
    short = scheduling.shortfalls(event) if interviews and candidates else []
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "slots": slots,
            "grid": grid,
            "days": days,
            "short": short,
            "has_schedule": bool(interviews),
            "editable": event.status in (EventStatus.SCHEDULING, EventStatus.PUBLISHED, EventStatus.HELD),
        },
    )


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def schedule_generate(request, pk: int):
    event = _managed(request, pk)
    try:
        result = scheduling.generate(actor=request.user, event=event)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        text = _("A schedule with %(n)s interviews was made.") % {"n": len(result.interviews)}
        if result.shortfall:
            text += " " + _("%(n)s interviews are missing to reach everyone's minimum: see below.") % {
                "n": result.shortfall
            }
        messages.success(request, text)
    return redirect("event_schedule", event.pk)


@access.require(Cap.MANAGE_EVENTS)
def schedule_publish(request, pk: int):
    """GET shows who will get which e-mail; only the confirmed POST publishes and sends."""
    event = _managed(request, pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        if request.method == "POST":
            return redirect("event_schedule_publish", event.pk)
        mails = personal.schedule_mails(event=event)
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
    try:
        sent = personal.publish(actor=request.user, event=event)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The schedule was published and %(n)s e-mails were sent.") % {"n": sent})
    return redirect("event_schedule", event.pk)


@access.require(Cap.MANAGE_EVENTS)
def interview_move(request, pk: int):
    interview = _interview_for_manager(request, pk)
    event = interview.event
    form = MoveForm(request.POST or None, event=event, initial={"slot": interview.slot})
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.interview_move(actor=request.user, interview=interview, slot=form.cleaned_data["slot"])
        except ValidationError as error:
            for text in error.messages:
                form.add_error("slot", text)
        else:
            messages.success(request, _("The interview was moved."))
            return redirect("event_schedule", event.pk)
    return render(
        request, "events/interview_move.html", {"event": event, "interview": interview, "form": form}
    )


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def interview_lock(request, pk: int):
    interview = _interview_for_manager(request, pk)
    scheduling.interview_lock(
        actor=request.user, interview=interview, locked=request.POST.get("locked") == "1"
    )
    return redirect("event_schedule", interview.event_id)


# Personal schedules ---------------------------------------------------------------------------------


def _one_for_organiser(request, event):
    """The organiser opens (and prints) one candidate's or one employer's day: ?candidate=ID or
    ?employer=ID. Anything else there, or someone of another event, is a 404."""
    for key, model, lines, kind in (
        ("candidate", CandidateRegistration, personal.candidate_lines, "candidate"),
        ("employer", EmployerRegistration, personal.employer_lines, "employer"),
    ):
        raw = request.GET.get(key)
        if raw is None:
            continue
        if not raw.isdigit():
            raise Http404
        reg = get_object_or_404(model.objects.select_related("event"), event=event, pk=int(raw))
        return (kind, reg, lines(reg))
    return None


def _personal(request, pk):
    event, rights = selectors.event_for_user(request.user, pk)
    sections = []
    if event.status not in (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED):
        return event, rights, sections
    if rights.manage:
        one = _one_for_organiser(request, event)
        if one is not None:
            return event, rights, [one]
    for reg in CandidateRegistration.objects.filter(pk__in=rights.candidate_ids).select_related(
        "event", "participant"
    ):
        sections.append(("candidate", reg, personal.candidate_lines(reg)))
    for reg in EmployerRegistration.objects.filter(pk__in=rights.employer_ids).select_related(
        "event", "organisation"
    ):
        sections.append(("employer", reg, personal.employer_lines(reg)))
    if access.can(request.user, Cap.FOLLOW_OWN_PEOPLE):
        lines = personal.advisor_lines(event, request.user)
        if lines:
            sections.append(("advisor", None, lines))
    return event, rights, sections


@access.login_only
def my_schedule(request, pk: int):
    event, rights, sections = _personal(request, pk)
    on_behalf = rights.manage and bool(request.GET.get("candidate") or request.GET.get("employer"))
    return render(
        request,
        "events/my_schedule.html",
        {
            "event": event,
            "rights": rights,
            "sections": sections,
            "info_meeting": event.info_meeting(),
            "on_behalf": on_behalf,
            "query": request.GET.urlencode() if on_behalf else "",
            "now": timezone.now(),
        },
    )


@access.login_only
def my_schedule_ics(request, pk: int):
    event, _rights, sections = _personal(request, pk)
    if not sections:
        raise Http404
    lines = [line for _who, _reg, section in sections for line in section]
    who = sections[0][0] if len(sections) == 1 else "advisor"
    response = HttpResponse(
        personal.calendar_file(event, lines, who=who), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="kobling-{event.pk}.ics"'
    return response


# On the day -----------------------------------------------------------------------------------------


@access.require(Cap.MANAGE_EVENTS)
def event_day(request, pk: int):
    event = _managed(request, pk)
    now_slot = scheduling.current_slot(event)
    slots = slot_choices(event)
    candidates = CandidateRegistration.objects.filter(
        event=event, state=CandidateRegistration.State.REGISTERED
    ).select_related("participant", "advisor")
    employers = EmployerRegistration.objects.filter(
        event=event, state=EmployerRegistration.State.REGISTERED
    ).select_related("organisation")
    return render(
        request,
        "events/day.html",
        {
            "event": event,
            "candidates": candidates,
            "employers": employers,
            "now_slot": now_slot,
            "now_label": slots[now_slot][1] if now_slot < len(slots) else None,
            "late_form": LateForm(event=event),
            "open": event.status in day.ON_THE_DAY,
        },
    )


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def day_candidate(request, pk: int):
    reg = get_object_or_404(CandidateRegistration.objects.select_related("event", "participant"), pk=pk)
    event = _managed(request, reg.event_id)
    action = request.POST.get("action")
    try:
        if action in ("in", "out"):
            day.candidate_check_in(actor=request.user, registration=reg, present=action == "in")
        elif action == "no_show":
            day.candidate_no_show(
                actor=request.user, registration=reg, from_slot=scheduling.current_slot(event)
            )
            messages.info(
                request,
                _("%(name)s is marked as not coming. Re-plan to fill the freed tables.")
                % {"name": reg.participant.full_name},
            )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("event_day", event.pk)


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def day_employer(request, pk: int):
    reg = get_object_or_404(EmployerRegistration.objects.select_related("event", "organisation"), pk=pk)
    event = _managed(request, reg.event_id)
    action = request.POST.get("action")
    try:
        if action in ("in", "out"):
            day.employer_check_in(actor=request.user, registration=reg, present=action == "in")
        elif action in ("late", "no_show"):
            until = None
            if action == "late":
                form = LateForm(request.POST, event=event)
                if not form.is_valid():
                    raise ValidationError(_("Choose when the employer will be there."))
                until = form.cleaned_data["until_slot"]
            day.employer_absent(
                actor=request.user,
                registration=reg,
                until_slot=until,
                from_slot=scheduling.current_slot(event),
            )
            messages.info(
                request,
                _("%(name)s is marked. Re-plan to move their candidates.") % {"name": reg.organisation.name},
            )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("event_day", event.pk)


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def day_replan(request, pk: int):
    event = _managed(request, pk)
    try:
        result = personal.replan(actor=request.user, event=event)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The rest of the day was re-planned: %(n)s interviews from now on.")
            % {"n": len(result.interviews)},
        )
    return redirect("event_day", event.pk)
