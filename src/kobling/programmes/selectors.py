"""Reads of programme data that need access control."""

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.programmes.attendance import is_teaching_day, step_teaching_day
from kobling.programmes.models import (
    ActivityItem,
    AttendanceRecord,
    Enrolment,
    IntakeMatch,
    Meeting,
    Status,
)


def intake_matches_for_user(user) -> QuerySet[IntakeMatch]:
    """Possible matches are seen only by those who screen applicants at the provider."""
    return IntakeMatch.objects.filter(
        organisation_id__in=access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
    ).select_related("new", "existing")


def pending_intake_matches_for_user(user) -> QuerySet[IntakeMatch]:
    return intake_matches_for_user(user).filter(state=IntakeMatch.State.PENDING, new__isnull=False)


def intake_match_for_user(user, pk: int) -> IntakeMatch:
    try:
        return intake_matches_for_user(user).get(pk=pk)
    except (IntakeMatch.DoesNotExist, ValueError, TypeError):
        raise Http404


# ------------------------------------------------------------------ the participant's start page
def own_next_meeting(user):
    """The participant's next status or dialogue meeting (their own enrolments only), or None."""
    if not access.has_role(user, Role.PARTICIPANT):
        return None
    return (
        Meeting.objects.filter(enrolment__participant__user=user, starts_at__gte=timezone.now())
        .select_related("enrolment__programme")
        .order_by("starts_at", "pk")
        .first()
    )


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


PLAN_OPEN = (ActivityItem.State.PROPOSAL, ActivityItem.State.PLANNED, ActivityItem.State.IN_PROGRESS)


def own_plan_waiting(user, *, limit: int = 5) -> tuple[list, int]:
    """The participant's plan items not yet completed or cancelled, those with the nearest date first,
    and how many there are in all (two queries, however many there are)."""
    if not access.has_role(user, Role.PARTICIPANT):
        return [], 0
    items = ActivityItem.objects.filter(participant__user=user, state__in=PLAN_OPEN)
    shown = list(items.order_by(F("due").asc(nulls_last=True), "pk")[:limit])
    return shown, items.count()
