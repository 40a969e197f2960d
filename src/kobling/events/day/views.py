"""The day itself, for its organisers: the check-in list, no-shows and late employers, and re-planning."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import refusals_flashed
from kobling.core.roles import Cap
from kobling.events.day import selectors, services
from kobling.events.forms import LateForm, slot_choices
from kobling.events.selectors import event_managed_or_404


@access.require(Cap.MANAGE_EVENTS)
def event_day(request, pk: int):
    event = event_managed_or_404(request.user, pk)
    now_slot = selectors.current_slot(event)
    slots = slot_choices(event)
    return render(
        request,
        "events/day.html",
        {
            "event": event,
            "candidates": selectors.day_candidates(event),
            "employers": selectors.day_employers(event),
            "now_slot": now_slot,
            "now_label": slots[now_slot][1] if now_slot < len(slots) else None,
            "late_form": LateForm(event=event),
            "open": event.status in selectors.ON_THE_DAY,
        },
    )


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def day_candidate(request, pk: int):
    reg, event = selectors.candidate_on_the_day_or_404(request.user, pk)
    action = request.POST.get("action")
    with refusals_flashed(request):
        if action in ("in", "out"):
            services.candidate_check_in(actor=request.user, registration=reg, present=action == "in")
        elif action == "no_show":
            services.candidate_no_show(actor=request.user, registration=reg)
            messages.info(
                request,
                _("%(name)s is marked as not coming. Re-plan to fill the freed tables.")
                % {"name": reg.participant.full_name},
            )
    return redirect("event_day", event.pk)


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def day_employer(request, pk: int):
    reg, event = selectors.employer_on_the_day_or_404(request.user, pk)
    action = request.POST.get("action")
    with refusals_flashed(request):
        if action in ("in", "out"):
            services.employer_check_in(actor=request.user, registration=reg, present=action == "in")
        elif action in ("late", "no_show"):
            until = None
            if action == "late":
                form = LateForm(request.POST, event=event)
                if not form.is_valid():
                    raise ValidationError(_("Choose when the employer will be there."))
                until = form.cleaned_data["until_slot"]
            services.employer_absent(actor=request.user, registration=reg, until_slot=until)
            messages.info(
                request,
                _("%(name)s is marked. Re-plan to move their candidates.") % {"name": reg.organisation.name},
            )
    return redirect("event_day", event.pk)


@require_POST
@access.require(Cap.MANAGE_EVENTS)
def day_replan(request, pk: int):
    event = event_managed_or_404(request.user, pk)
    with refusals_flashed(request):
        result = services.day_replan(actor=request.user, event=event)
        messages.success(
            request,
            _("The rest of the day was re-planned: %(n)s interviews from now on.")
            % {"n": len(result.interviews)},
        )
    return redirect("event_day", event.pk)
