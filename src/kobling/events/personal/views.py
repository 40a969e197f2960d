"""Each person's own day at an event, on a page and as a calendar file."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kobling.core import access
from kobling.events.personal.calendar import calendar_file
from kobling.events.personal.selectors import personal_schedule


@access.login_only
def my_schedule(request, pk: int):
    event, rights, sections = personal_schedule(request.user, pk, request.GET)
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
    event, _rights, sections = personal_schedule(request.user, pk, request.GET)
    if not sections:
        raise Http404
    lines = [line for _who, _reg, section in sections for line in section]
    who = sections[0][0] if len(sections) == 1 else "advisor"
    response = HttpResponse(calendar_file(event, lines, who=who), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kobling-{event.pk}.ics"'
    return response
