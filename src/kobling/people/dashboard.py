"""The start page: "my next things" for each role.

Each role's reads live in the app that owns the data (and its access rules); this module only puts
them together. Every block is shown to its role even when empty, with a line saying what will appear
there and when, so no start page is ever blank.
"""

from django.db.models import Count, Q
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.people.models import Participant, Task
from kobling.people.selectors import participants_visible_to, portfolio_people
from kobling.programmes.models import OPEN_INTAKE, Enrolment


def dashboard_context(user) -> dict:
    caps = access.capabilities(user)
    today = timezone.localdate()
    context: dict = {
        "roles": sorted(access.roles(user)),
        "memberships": access.memberships(user),
        "today": today,
    }
    _provider_and_nav(context, user, caps, today)
    if Cap.MENTOR_OWN in caps:
        context["mentor"] = _mentor(user, today)
    if Cap.MANAGE_EVENTS in caps:
        from kobling.events.selectors import organiser_coming_events

        events = organiser_coming_events(user, today=today)
        # The market coordinator's day is the events; a provider coordinator sees them when there are some.
        if events or access.has_role(user, Role.NAV_MARKET):
            context["organiser_events"] = events
    if Cap.EVENT_EMPLOYER in caps:
        from kobling.recruitment.selectors import employer_coming_registrations, feedback_due

        context["employer"] = {
            "registrations": employer_coming_registrations(user, today=today),
            "feedback_due": feedback_due(user),
        }
    if access.has_role(user, Role.PARTICIPANT):
        _participant(context, user, today)
    context["only_basic"] = not caps and not access.has_role(user, Role.PARTICIPANT)
    return context


def _provider_and_nav(context: dict, user, caps: set[str], today) -> None:
    """Coordinators, instructors and NAV advisors: tasks, the intake queue, meetings, the portfolio."""
    if Cap.ASSIGN_TASKS in caps:
        context["my_tasks"] = list(
            Task.objects.filter(assignee=user, done_at__isnull=True)
            .select_related("participant", "assignee")
            .order_by("due", "id")[:10]
        )
        context["overdue"] = sum(1 for t in context["my_tasks"] if t.due and t.due < today)
    if Cap.SCREEN_APPLICANTS in caps:
        org_ids = access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
        queue = Enrolment.objects.filter(
            participant__organisation_id__in=org_ids, status__in=OPEN_INTAKE
        ).select_related("participant", "programme")
        context["intake_count"] = queue.count()
        context["intake_newest"] = list(queue.order_by("-created_at")[:5])
    if Cap.VIEW_PARTICIPANTS in caps or Cap.FOLLOW_OWN_PEOPLE in caps:
        mine = participants_visible_to(user)
        if Cap.FOLLOW_OWN_PEOPLE in caps and Cap.VIEW_PARTICIPANTS not in caps:
            mine = mine.filter(advisor=user)
        context["meetings_today"] = list(
            mine.filter(next_meeting_at__date=today).order_by("next_meeting_at")[:10]
        )
    if Cap.FOLLOW_OWN_PEOPLE in caps:
        # Each person once, counted from the portfolio's own queryset (issue 8, defect 8).
        context["portfolio_counts"] = portfolio_people(user).aggregate(
            total=Count("pk"), new=Count("pk", filter=Q(is_new=True))
        )


def _mentor(user, today) -> dict:
    from kobling.mentoring.selectors import mentor_start, own_mentor_profiles
    from kobling.mentorspace.selectors import quiet_pairs_for

    return {
        **mentor_start(user),
        "quiet": quiet_pairs_for(user, today=today),
        "has_profile": own_mentor_profiles(user).exists(),
    }


def _participant(context: dict, user, today) -> None:
    from kobling.mentoring.selectors import mentee_next_intro
    from kobling.programmes.selectors import own_attendance_today, own_next_meeting, own_plan_waiting

    own = Participant.objects.filter(user=user).first()
    context["own_participant"] = own
    if own is None:
        return
    context["own_enrolments"] = list(own.enrolments.select_related("programme"))
    meeting, intro = own_next_meeting(user), mentee_next_intro(user)
    # The nearer of the next programme meeting and the next intro meeting with a mentor.
    if meeting and intro:
        intro = intro if intro.intro_starts_at < meeting.starts_at else None
        meeting = meeting if intro is None else None
    context["next_meeting"], context["next_intro"] = meeting, intro
    context["attendance_today"] = own_attendance_today(user, today=today)
    context["plan_items"], context["plan_total"] = own_plan_waiting(user)
