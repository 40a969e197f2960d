"""Timeline entries and attendance.

The timeline is read as `people.selectors.timeline_visible_to` shows it to the token's user, less every
sensitive entry (the API never carries them), and written with the record page's form, which cannot
mark an entry sensitive here. Attendance is one teaching day of a cohort, saved by the attendance
page's service (`attendance_save`: the day's checks, the roster, the absence alerts)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja import Status as Answer

from kobling.api import writes
from kobling.api.models import Scope
from kobling.api.v1.auth import need, need_capability
from kobling.api.v1.forms import checked
from kobling.api.v1.pagination import PageQuery, page
from kobling.api.v1.problems import PROBLEMS, validation_problem
from kobling.api.v1.schemas import AttendanceIn, AttendanceOut, TimelineIn, TimelineOut, TimelinePage
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.people.forms import TimelineEntryForm
from kobling.people.selectors import is_provider_side, participant_for_staff, timeline_visible_to
from kobling.programmes.attendance.days import day_problem
from kobling.programmes.attendance.selectors import roster_ids
from kobling.programmes.models import AttendanceRecord
from kobling.programmes.selectors import cohorts_visible_to

router = Router(tags=["timeline and attendance"])


@router.get("/participants/{pk}/timeline", response={200: TimelinePage, **PROBLEMS}, url_name="v1_timeline")
def list_timeline(request, pk: int, query: Query[PageQuery]):
    """The person's timeline entries the token's user may read, never sensitive ones, in the order they
    were written (`created_at`, then id). Scope `timeline:read`."""
    who = need(request, Scope.TIMELINE_READ)
    participant = participant_for_staff(who.actor, pk)
    entries = timeline_visible_to(who.actor, participant).filter(sensitive=False)
    return page(entries, query, field="created_at")


@router.post(
    "/participants/{pk}/timeline", response={201: TimelineOut, **PROBLEMS}, url_name="v1_timeline_create"
)
def add_timeline_entry(request, pk: int, body: TimelineIn):
    """Add an entry to the person's timeline (never a sensitive one). Scope `timeline:write`."""
    who = need(request, Scope.TIMELINE_WRITE)
    need_capability(who, Cap.WRITE_TIMELINE)
    participant = participant_for_staff(who.actor, pk)
    data = {
        "kind": body.kind,
        "title": body.title,
        "body": body.body,
        "visibility": body.visibility,
        "occurred_at": body.occurred_at or timezone.now(),
    }
    form = TimelineEntryForm(
        data, can_mark_sensitive=False, provider_side=is_provider_side(who.actor, participant)
    )
    values = checked(form)
    entry = writes.timeline_entry_add(token=who.token, actor=who.actor, participant=participant, **values)
    return Answer(201, entry)


@router.post("/cohorts/{pk}/attendance", response={200: AttendanceOut, **PROBLEMS}, url_name="v1_attendance")
def record_attendance(request, pk: int, body: AttendanceIn):
    """Save marks for one teaching day of a cohort: each person of the day's roster named gets their
    mark (present, late, excused, unexcused); others are left as they are. Scope `attendance:write`."""
    who = need(request, Scope.ATTENDANCE_WRITE)
    need_capability(who, Cap.VIEW_PARTICIPANTS)
    cohort = get_or_404(cohorts_visible_to(who.actor, Cap.VIEW_PARTICIPANTS), pk=pk)
    errors = {}
    problem = day_problem(cohort, body.day)
    if problem:
        errors["day"] = [problem]
    marks = {row.enrolment: row.mark for row in body.marks}
    if not marks:
        errors["marks"] = [_("Give at least one mark.")]
    elif len(marks) < len(body.marks):
        errors["marks"] = [_("Give each person one mark.")]
    elif any(mark not in AttendanceRecord.Mark.values for mark in marks.values()):
        errors["marks"] = [_("Choose one of the four marks for each person.")]
    elif not problem and not set(marks) <= set(roster_ids(cohort, body.day)):
        errors["marks"] = [_("Some of these people are not in the cohort on this day.")]
    if errors:
        raise validation_problem(errors)
    alerted = writes.attendance_record(
        token=who.token, actor=who.actor, cohort=cohort, day=body.day, marks=marks
    )
    return {"cohort": cohort.pk, "day": body.day, "saved": len(marks), "alerted": [e.pk for e in alerted]}
