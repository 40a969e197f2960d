"""Daily attendance: a cohort's teaching days, saving one day's marks, each person's attendance
rate and run of unexcused absences, and the alert when a run reaches the cohort's threshold."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.core.audit import log_action
from kobling.core.models import AuditLog, User
from kobling.core.roles import Role
from kobling.programmes.holidays import holiday_name
from kobling.programmes.models import AttendanceRecord, Cohort, Enrolment, Status

M = AttendanceRecord.Mark
ATTENDED = (M.PRESENT, M.LATE)
# The audit note that marks an alert as sent for the run that began on the given day.
ALERT_NOTE = "absence alert, run from "
# People who left the cohort after a day still belong on that day's list.
LEFT_LATER = (Status.LEFT, Status.COMPLETED, Status.BROKEN_OFF)
RECENT_DAYS = 30


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# --------------------------------------------------------------------------- teaching days


def is_teaching_day(cohort: Cohort, day: date) -> bool:
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


# --------------------------------------------------------------------------- figures per person


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


# --------------------------------------------------------------------------- saving a day


def _audit_marks(*, actor, cohort: Cohort, day: date, created: list[int], changed: list[int]) -> None:
    """One audit row per person whose mark was written, in one insert whatever the cohort's size."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    AuditLog.objects.bulk_create(
        AuditLog(
            actor=actor,
            organisation_id=cohort.programme.organisation_id,
            action=action,
            object_type="programmes.enrolment",
            object_id=str(enrolment_id),
            object_label=f"attendance {day.isoformat()}",
            fields=["attendance"],
            note=f"cohort {cohort.pk}, {day.isoformat()}",
        )
        for action, ids in ((AuditLog.Action.CREATE, created), (AuditLog.Action.UPDATE, changed))
        for enrolment_id in ids
    )


@transaction.atomic
def attendance_save(*, actor, cohort: Cohort, day: date, marks: dict[int, str]) -> list[Enrolment]:
    """Save one day's marks (enrolment id → mark). Returns the people whose run of unexcused
    absences reached the cohort's threshold with this save, and who were alerted about."""
    # Locking the cohort makes two instructors saving the same day take turns instead of both
    # inserting the same person's mark.
    locked = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)
    problem = day_problem(locked, day)
    if problem:
        raise ValidationError(problem)
    if any(mark not in M.values for mark in marks.values()):
        raise ValidationError(_("Choose one of the four marks for each person."))
    allowed = set(roster_ids(locked, day))
    if not set(marks) <= allowed:
        raise ValidationError(_("Some of these people are not in the cohort on this day."))
    existing = {r.enrolment_id: r for r in AttendanceRecord.objects.filter(enrolment_id__in=marks, day=day)}
    now = timezone.now()
    new, changed = [], []
    for enrolment_id, mark in marks.items():
        record = existing.get(enrolment_id)
        if record is None:
            new.append(
                AttendanceRecord(
                    enrolment_id=enrolment_id, day=day, mark=mark, recorded_by=actor, recorded_at=now
                )
            )
        elif record.mark != mark:
            record.mark, record.recorded_by, record.recorded_at = mark, actor, now
            changed.append(record)
    if new:
        AttendanceRecord.objects.bulk_create(new)
    if changed:
        AttendanceRecord.objects.bulk_update(changed, ["mark", "recorded_by", "recorded_at"])
    if new or changed:
        _audit_marks(
            actor=actor,
            cohort=locked,
            day=day,
            created=[r.enrolment_id for r in new],
            changed=[r.enrolment_id for r in changed],
        )
    unexcused = [e for e, mark in marks.items() if mark == M.UNEXCUSED]
    return _absence_alerts(actor=actor, cohort=locked, enrolment_ids=unexcused) if unexcused else []


def _absence_alerts(*, actor, cohort: Cohort, enrolment_ids: list[int]) -> list[Enrolment]:
    """Alert once per run: a run is known by the day it began, and an alert already sent for that
    run (or for a later start inside it) is not sent again, however often the day is saved."""
    reached = [
        e
        for e in add_figures(
            Enrolment.objects.filter(pk__in=enrolment_ids).select_related("participant__advisor", "programme")
        )
        if e.att_run >= cohort.absence_alert_after
    ]
    if not reached:
        return []
    sent: dict[int, list[date]] = {}
    for object_id, note in AuditLog.objects.filter(
        object_type="programmes.enrolment",
        object_id__in=[str(e.pk) for e in reached],
        note__startswith=ALERT_NOTE,
    ).values_list("object_id", "note"):
        sent.setdefault(int(object_id), []).append(date.fromisoformat(note.removeprefix(ALERT_NOTE)))
    due = [e for e in reached if not any(start >= e.att_run_start for start in sent.get(e.pk, []))]
    if due:
        coordinators = list(
            User.objects.filter(
                is_active=True,
                memberships__organisation_id=cohort.programme.organisation_id,
                memberships__role=Role.COORDINATOR,
            ).distinct()
        )
        for enrolment in due:
            _alert(actor=actor, cohort=cohort, enrolment=enrolment, coordinators=coordinators)
    return due


def _alert(*, actor, cohort: Cohort, enrolment: Enrolment, coordinators: list[User]) -> None:
    from kobling.notifications.services import email_send
    from kobling.people.models import Task
    from kobling.people.services import task_create

    participant = enrolment.participant
    provider = cohort.programme.organisation
    recipients = {user.pk: (user, Task.WaitingOn.PROVIDER) for user in coordinators}
    if participant.advisor is not None and participant.advisor.is_active:
        recipients[participant.advisor.pk] = (participant.advisor, Task.WaitingOn.NAV)
    url = settings.SITE_URL + reverse("participant_detail", args=[participant.pk])
    for user, waiting_on in recipients.values():
        with translation.override(user.language):
            title = _("Follow up: %(name)s has %(count)s unexcused absences in a row") % {
                "name": participant.full_name,
                "count": enrolment.att_run,
            }
        task_create(
            actor=actor,
            organisation=provider,
            title=title[:200],
            assignee=user,
            due=timezone.localdate(),
            participant=participant,
            waiting_on=waiting_on,
        )
        email_send(
            to=user.email,
            template="absence_alert",
            language=user.language,
            organisation=provider,
            context={
                "name": user.full_name,
                "participant": participant.full_name,
                "count": enrolment.att_run,
                "cohort": cohort.name,
                "programme": cohort.programme.name,
                "provider": provider.name,
                "url": url,
            },
        )
    log_action(
        actor=actor,
        action=AuditLog.Action.CREATE,
        obj=enrolment,
        organisation=provider,
        fields=["absence_alert"],
        note=f"{ALERT_NOTE}{enrolment.att_run_start.isoformat()}",
    )
