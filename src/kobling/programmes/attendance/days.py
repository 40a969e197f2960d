"""A cohort's teaching days: its weekdays between its start and end, public holidays skipped."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.programmes.attendance.holidays import holiday_name
from kobling.programmes.models import Cohort


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def is_teaching_day(cohort: Cohort, day: date) -> bool:
    """Whether the cohort teaches on `day`."""
    return (
        cohort.start_date <= day <= cohort.end_date
        and day.weekday() in cohort.weekdays
        and holiday_name(day) is None
    )


def day_problem(cohort: Cohort, day: date) -> str | None:
    """Why attendance cannot be kept on `day`, in words, or None when it can."""
    if not cohort.start_date <= day <= cohort.end_date:
        return _("%(day)s is outside the cohort, which runs from %(start)s to %(end)s.") % {
            "day": _short(day),
            "start": _short(cohort.start_date),
            "end": _short(cohort.end_date),
        }
    if day > timezone.localdate():
        return _("%(day)s has not come yet: attendance is kept on the day or afterwards.") % {
            "day": _short(day)
        }
    name = holiday_name(day)
    if name:
        return _("%(day)s is a public holiday (%(name)s).") % {"day": _short(day), "name": name}
    if day.weekday() not in cohort.weekdays:
        return _("%(day)s is not one of the cohort's teaching days.") % {"day": _short(day)}
    return None


def teaching_days(cohort: Cohort, *, start: date | None = None, end: date | None = None) -> list[date]:
    """The cohort's teaching days from `start` to `end` (by default its whole run)."""
    day = max(start or cohort.start_date, cohort.start_date)
    last = min(end or cohort.end_date, cohort.end_date)
    days = []
    while day <= last:
        if is_teaching_day(cohort, day):
            days.append(day)
        day += timedelta(days=1)
    return days


def step_teaching_day(cohort: Cohort, day: date, step: int) -> date | None:
    """The teaching day before (step -1) or after (step 1) `day`, if the cohort has one."""
    day += timedelta(days=step)
    while cohort.start_date <= day <= cohort.end_date:
        if is_teaching_day(cohort, day):
            return day
        day += timedelta(days=step)
    if step > 0 and day < cohort.start_date:
        return step_teaching_day(cohort, cohort.start_date - timedelta(days=1), 1)
    if step < 0 and day > cohort.end_date:
        return step_teaching_day(cohort, cohort.end_date + timedelta(days=1), -1)
    return None


def default_day(cohort: Cohort, today: date) -> date | None:
    """Today if it is a teaching day, else the last teaching day before it: attendance is kept on
    the day or afterwards, never ahead. Before the cohort starts, its first teaching day."""
    if is_teaching_day(cohort, today):
        return today
    return step_teaching_day(cohort, today, -1) or step_teaching_day(cohort, today, 1)
