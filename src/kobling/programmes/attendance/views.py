"""The daily attendance screen: one day of one cohort, made for a phone.

Coordinators and provider staff (instructors) keep attendance; everyone else gets a 404. The page
costs the same number of queries whatever the size of the cohort.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.http import error_text
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.programmes.attendance import days, selectors, services
from kobling.programmes.attendance.forms import attendance_marks
from kobling.programmes.attendance.holidays import holiday_name
from kobling.programmes.models import AttendanceRecord, Cohort, Status
from kobling.programmes.selectors import cohorts_visible_to


def _cohort(request, pk: int) -> Cohort:
    return get_or_404(cohorts_visible_to(request.user, Cap.VIEW_PARTICIPANTS), pk=pk)


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise Http404


def _day_page(request, cohort: Cohort, day: date | None, *, error: str = "", status: int = 200):
    problem = days.day_problem(cohort, day) if day else _("This cohort has no teaching days.")
    rows = selectors.roster(cohort, day) if day and not problem else []
    if rows and request.method == "POST":
        # After a refused save, show what was chosen rather than what is stored.
        for row in rows:
            row.day_mark = request.POST.get(f"mark_{row.pk}", row.day_mark)
    counts = {value: 0 for value in AttendanceRecord.Mark.values}
    for row in rows:
        if row.day_mark in counts:
            counts[row.day_mark] += 1
    return render(
        request,
        "programmes/attendance/day.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "day": day,
            "holiday": holiday_name(day) if day else None,
            "problem": problem,
            "error": error,
            "rows": rows,
            "marks": AttendanceRecord.Mark.choices,
            "counts": [(label, counts[value]) for value, label in AttendanceRecord.Mark.choices],
            "unmarked": sum(1 for row in rows if not row.day_mark),
            "previous": days.step_teaching_day(cohort, day, -1) if day else None,
            "next": days.step_teaching_day(cohort, day, 1) if day else None,
            "waiting": cohort.enrolments.filter(status=Status.WAITING_START).count(),
        },
        status=status,
    )


@access.require(Cap.VIEW_PARTICIPANTS)
def attendance_today(request, pk: int):
    """Today, or the nearest teaching day; `?day=` (the date picker) goes to that day."""
    cohort = _cohort(request, pk)
    if request.GET.get("day"):
        return redirect("attendance_day", pk=cohort.pk, day=_parse_day(request.GET["day"]).isoformat())
    return _day_page(request, cohort, days.default_day(cohort, timezone.localdate()))


@access.require(Cap.VIEW_PARTICIPANTS)
def attendance_day(request, pk: int, day: str):
    cohort = _cohort(request, pk)
    the_day = _parse_day(day)
    if request.method != "POST":
        return _day_page(request, cohort, the_day)
    problem = days.day_problem(cohort, the_day)
    if problem:
        return _day_page(request, cohort, the_day, error=problem, status=400)
    ids = selectors.roster_ids(cohort, the_day)
    marks, bad = attendance_marks(request.POST, ids)
    if bad:
        return _day_page(
            request, cohort, the_day, error=_("Choose one of the four marks for each person."), status=400
        )
    if request.POST.get("fill") == "present":
        marks = {**{i: AttendanceRecord.Mark.PRESENT for i in ids}, **marks}
    try:
        alerted = services.attendance_save(actor=request.user, cohort=cohort, day=the_day, marks=marks)
    except ValidationError as error:
        return _day_page(request, cohort, the_day, error=error_text(error), status=400)
    messages.success(
        request, _("Attendance for %(day)s is saved.") % {"day": date_format(the_day, "SHORT_DATE_FORMAT")}
    )
    if alerted:
        messages.warning(
            request,
            _(
                "Unexcused absences in a row reached %(count)s for: %(names)s. The coordinators and the "
                "NAV advisor have each got a task and an e-mail."
            )
            % {
                "names": ", ".join(e.participant.full_name for e in alerted),
                "count": cohort.absence_alert_after,
            },
        )
    return redirect("attendance_day", pk=cohort.pk, day=the_day.isoformat())
