"""Networking meetups: the list (the reader's county first), sign-up, cancel, attendance, calendar file."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import form_page, refusals_flashed
from kobling.network import selectors, services
from kobling.network.forms import MeetupForm
from kobling.network.models import MeetupSignup


def _coordinator_seat(request, slug):
    seat = selectors.seat_for(request.user, slug)
    if not seat.is_coordinator:
        raise Http404
    return seat


def _member_seat(request, slug):
    seat = selectors.seat_for(request.user, slug)
    if not seat.is_member:
        raise Http404
    return seat


def _seat_and_meetup(request, slug, pk, *, seat_of=_member_seat):
    """The reader's seat (by `seat_of`, a 404 for a reader it refuses) and the programme's meetup `pk`."""
    seat = seat_of(request, slug)
    return seat, selectors.meetup_for(seat, pk)


@access.login_only
def meetup_list(request, slug):
    seat = selectors.seat_for(request.user, slug)
    context = {"seat": seat, "meetups": list(selectors.upcoming_meetups(seat))}
    if seat.is_coordinator:
        context["past"] = list(selectors.past_meetups(seat)[:20])
    return render(request, "network/meetups.html", context)


@access.login_only
def meetup_detail(request, slug, pk):
    seat = selectors.seat_for(request.user, slug)
    meetup = selectors.meetup_for(seat, pk)
    context = {"seat": seat, "meetup": meetup, "signup": selectors.own_signup(seat, meetup)}
    if seat.is_coordinator:
        context["signups"] = list(selectors.meetup_signups(meetup))
    return render(request, "network/meetup.html", context)


def _meetup_form(request, seat, form, *, save, done: str, meetup=None):
    """The coordinator's meetup form: a valid POST goes to `save` (the one service; it returns the
    meetup)."""
    return form_page(
        request,
        form,
        submit=save,
        done=done,
        to=lambda saved: ("network_meetup", seat.programme.slug, saved.pk),
        template="network/meetup_form.html",
        context={"seat": seat, **({"meetup": meetup} if meetup else {})},
    )


@access.login_only
def meetup_new(request, slug):
    seat = _coordinator_seat(request, slug)
    return _meetup_form(
        request,
        seat,
        MeetupForm(request.POST or None),
        save=lambda data: services.meetup_create(actor=request.user, programme=seat.programme, data=data),
        done=_("The meetup is published to the network."),
    )


@access.login_only
def meetup_edit(request, slug, pk):
    seat, meetup = _seat_and_meetup(request, slug, pk, seat_of=_coordinator_seat)

    def save(cleaned: dict):
        data = {name: cleaned[name] for name in services.MEETUP_FIELDS}
        services.meetup_update(actor=request.user, meetup=meetup, data=data)
        return meetup

    form = MeetupForm(request.POST or None, instance=meetup)
    return _meetup_form(request, seat, form, save=save, done=_("Your changes are saved."), meetup=meetup)


@access.login_only
@require_POST
def meetup_signup(request, slug, pk):
    seat, meetup = _seat_and_meetup(request, slug, pk)
    with refusals_flashed(request, one_line=True):
        signup = services.meetup_signup(actor=request.user, seat=seat, meetup=meetup)
        if signup.state == MeetupSignup.State.CONFIRMED:
            messages.success(request, _("You have a seat. We have e-mailed you a calendar invitation."))
        else:
            messages.info(
                request,
                _("The meetup is full, so you are on the waiting list. We e-mail you if a seat frees up."),
            )
    return redirect("network_meetup", slug, meetup.pk)


@access.login_only
@require_POST
def meetup_cancel(request, slug, pk):
    seat, meetup = _seat_and_meetup(request, slug, pk)
    if services.meetup_cancel_signup(actor=request.user, seat=seat, meetup=meetup):
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect("network_meetup", slug, meetup.pk)


@access.login_only
@require_POST
def meetup_attendance(request, slug, pk):
    seat, meetup = _seat_and_meetup(request, slug, pk, seat_of=_coordinator_seat)
    values = {"yes": True, "no": False}
    attended = {}
    for key, value in request.POST.items():
        if key.startswith("attended-") and key.removeprefix("attended-").isdigit():
            attended[int(key.removeprefix("attended-"))] = values.get(value)
    with refusals_flashed(request, one_line=True):
        changed = services.meetup_attendance(actor=request.user, seat=seat, meetup=meetup, attended=attended)
        messages.success(request, _("Attendance saved (%(n)s changed).") % {"n": changed})
    return redirect("network_meetup", slug, meetup.pk)


@access.login_only
def meetup_ics(request, slug, pk):
    seat = selectors.seat_for(request.user, slug)
    meetup = selectors.meetup_for(seat, pk)
    language = "en" if (get_language() or "nb").startswith("en") else "nb"
    body = services.meetup_calendar(meetup, language=language)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meetup-{meetup.pk}.ics"'
    return response
