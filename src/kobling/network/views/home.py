"""The network's start page, showing oneself in the directory, and the directory."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import render_htmx
from kobling.mentorspace.selectors import resources_for
from kobling.network import selectors, services
from kobling.network.forms import DirectoryFilterForm
from kobling.people.forms import LANGUAGE_NAMES

DIRECTORY_PAGE_SIZE = 25


def query_without_page(request) -> str:
    """The list's query string without its page, for the pager's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _resources(seat) -> list:
    """Published resources the coordinators curate for the programme, the reader's county first, so
    people still waiting for a mentor have them too (mentorspace lets network members open them)."""
    if not seat.is_member:
        return []
    return list(resources_for(seat.programme, region=seat.region)[:8])


@access.login_only
def network_index(request):
    seats = selectors.seats_for(request.user)
    if len(seats) == 1:
        return redirect("network_home", seats[0].programme.slug)
    return render(request, "network/index.html", {"seats": seats})


@access.login_only
def network_home(request, slug):
    seat = selectors.seat_for(request.user, slug)
    context = {
        "seat": seat,
        "meetups": list(selectors.upcoming_meetups(seat)[:3]),
        "resources": _resources(seat),
    }
    if seat.sees_people:
        context["questions"] = list(selectors.questions_for(seat)[:5])
    if seat.is_member:
        context["visible"] = selectors.is_visible(seat)
        context["unmatched"] = selectors.is_unmatched(seat)
    return render(request, "network/home.html", context)


@access.login_only
@require_POST
def visibility(request, slug):
    seat = selectors.seat_for(request.user, slug)
    if not seat.is_member:
        raise Http404
    given = request.POST.get("given") == "1"
    services.visibility_set(actor=request.user, seat=seat, given=given)
    if given:
        messages.success(request, _("You are now shown in the network's directory."))
    else:
        messages.success(request, _("You are no longer shown in the network's directory."))
    return redirect("network_home", slug)


@access.login_only
def directory(request, slug):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    form = DirectoryFilterForm(request.GET or None)
    rows = selectors.directory_rows(seat, **form.filters())
    page = Paginator(rows, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    people = selectors.directory_details(list(page.object_list))
    return render_htmx(
        request,
        "network/directory.html",
        "network/_directory_rows.html",
        {
            "seat": seat,
            "form": form,
            "page": page,
            "people": people,
            "language_names": LANGUAGE_NAMES,
            "query": query_without_page(request),
        },
    )
