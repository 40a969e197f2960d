"""Reads of attendance: each person's rate and run of unexcused absences, a day's list, the summary
on the participant pages, and the participant's own day on the start page."""

from datetime import date, datetime, time

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Role
from kobling.programmes.attendance.days import is_teaching_day, step_teaching_day, teaching_days
from kobling.programmes.models import AttendanceRecord, Cohort, Enrolment, Status

M = AttendanceRecord.Mark
ATTENDED = (M.PRESENT, M.LATE)


# People who left the cohort after a day still belong on that day's list.
LEFT_LATER = (Status.LEFT, Status.COMPLETED, Status.BROKEN_OFF)


RECENT_DAYS = 30


def add_figures(enrolments) -> list:
    """Give each enrolment `att_marked`, `att_present` (present or late), `att_run` (the current run
    of unexcused absences), `att_run_start` (the day it began), `att_rate` (0–1 or None) and
    `att_percent`. At most two plain queries whatever the number of people: nested subqueries per
    row cost more to compile than to run."""
    rows = list(enrolments)
    ids = [e.pk for e in rows]
    figures = {
        f["enrolment_id"]: f
        for f in AttendanceRecord.objects.filter(enrolment_id__in=ids)
        .order_by()
        .values("enrolment_id")
        .annotate(
            marked=Count("pk"),
            present=Count("pk", filter=Q(mark__in=ATTENDED)),
            last_good=Max("day", filter=~Q(mark=M.UNEXCUSED)),
            last_bad=Max("day", filter=Q(mark=M.UNEXCUSED)),
        )
    }
    # The current run is the unexcused marks after a person's last other mark; only people whose
    # newest unexcused mark is later than that have one, and only their marks are read.
    in_run = {
        i: f["last_good"]
        for i, f in figures.items()
        if f["last_bad"] is not None and (f["last_good"] is None or f["last_bad"] > f["last_good"])
    }
    runs: dict[int, list[date]] = {}
    if in_run:
        earliest = min((d for d in in_run.values() if d is not None), default=None)
        after = Q(enrolment_id__in=[i for i, d in in_run.items() if d is None])
        if earliest is not None:
            after |= Q(day__gt=earliest)
        for enrolment_id, day in AttendanceRecord.objects.filter(
            after, enrolment_id__in=list(in_run), mark=M.UNEXCUSED
        ).values_list("enrolment_id", "day"):
            if in_run[enrolment_id] is None or day > in_run[enrolment_id]:
                runs.setdefault(enrolment_id, []).append(day)
    for e in rows:
        f = figures.get(e.pk, {"marked": 0, "present": 0})
        run = runs.get(e.pk, [])
        e.att_marked, e.att_present = f["marked"], f["present"]
        e.att_run, e.att_run_start = len(run), min(run, default=None)
        e.att_rate = rate(e.att_present, e.att_marked)
        e.att_percent = None if e.att_rate is None else round(e.att_rate * 100)
    return rows


def rate(attended: int, marked: int) -> float | None:
    """The share of marked days attended, or None before any day is marked."""
    return attended / marked if marked else None


def _roster_base(cohort: Cohort, day: date) -> QuerySet[Enrolment]:
    day_start = timezone.make_aware(datetime.combine(day, time.min))
    marked = AttendanceRecord.objects.filter(enrolment_id=OuterRef("pk"), day=day)
    return Enrolment.objects.filter(cohort=cohort).filter(
        Q(status=Status.PARTICIPATING)
        | Q(status__in=LEFT_LATER, status_since__gte=day_start)
        | Exists(marked)
    )


def roster_ids(cohort: Cohort, day: date) -> list[int]:
    """The ids of the people on a day's list."""
    return list(_roster_base(cohort, day).values_list("pk", flat=True))


def roster(cohort: Cohort, day: date) -> list[Enrolment]:
    """The people on a day's list with their mark that day (`day_mark`), rate and run."""
    rows = add_figures(
        _roster_base(cohort, day)
        .select_related("participant")
        .only("pk", "status", "participant__first_name", "participant__last_name")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    marks = dict(
        AttendanceRecord.objects.filter(enrolment_id__in=[e.pk for e in rows], day=day).values_list(
            "enrolment_id", "mark"
        )
    )
    for e in rows:
        e.day_mark = marks.get(e.pk)
    return rows


def attendance_summary(enrolment: Enrolment, *, today: date | None = None) -> dict:
    """Rate, run of unexcused absences and the marks of the last 30 teaching days, for the
    participant's and the advisor's pages."""
    today = today or timezone.localdate()
    (figures,) = add_figures([Enrolment(pk=enrolment.pk)])  # a stand-in, so the caller's object is left alone
    cohort = Cohort.objects.filter(pk=enrolment.cohort_id).first() if enrolment.cohort_id else None
    recent = []
    if cohort is not None:
        days = teaching_days(cohort, end=min(today, cohort.end_date))[-RECENT_DAYS:]
        marks = (
            dict(
                AttendanceRecord.objects.filter(enrolment_id=enrolment.pk, day__gte=days[0]).values_list(
                    "day", "mark"
                )
            )
            if days
            else {}
        )
        recent = [
            {"day": d, "mark": marks.get(d), "label": M(marks[d]).label if d in marks else ""} for d in days
        ]
    return {
        "rate": figures.att_rate,
        "rate_percent": figures.att_percent,
        "marked_days": figures.att_marked,
        "attended_days": figures.att_present,
        "consecutive_unexcused": figures.att_run,
        "alert_after": cohort.absence_alert_after if cohort else None,
        "cohort": cohort,
        "recent": recent,
    }


def own_attendance_today(user, *, today) -> list:
    """Each cohort the participant takes part in, with today's mark (or None) and whether today is
    a teaching day there; when it is not, the next teaching day. One query."""
    if not access.has_role(user, Role.PARTICIPANT):
        return []
    mark = AttendanceRecord.objects.filter(enrolment=OuterRef("pk"), day=today).values("mark")[:1]
    enrolments = list(
        Enrolment.objects.filter(participant__user=user, status=Status.PARTICIPATING, cohort__isnull=False)
        .select_related("cohort__programme")
        .annotate(today_mark=Subquery(mark))
        .order_by("cohort__start_date", "pk")
    )
    for enrolment in enrolments:
        cohort = enrolment.cohort
        enrolment.teaching_today = is_teaching_day(cohort, today)
        enrolment.next_teaching_day = (
            None if enrolment.teaching_today else step_teaching_day(cohort, today, 1)
        )
        enrolment.today_mark_label = (
            AttendanceRecord.Mark(enrolment.today_mark).label if enrolment.today_mark else ""
        )
    return enrolments
