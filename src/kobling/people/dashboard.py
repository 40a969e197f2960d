"""The start page: "my next things" for each role."""

from django.db.models import Count, Q
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.people.models import Participant, Task
from kobling.people.selectors import participants_visible_to
from kobling.programmes.models import OPEN_INTAKE, Enrolment


def dashboard_context(user) -> dict:
    caps = access.capabilities(user)
    today = timezone.localdate()
    context: dict = {
        "roles": sorted(access.roles(user)),
        "memberships": access.memberships(user),
        "today": today,
    }
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
        counts = Participant.objects.filter(advisor=user).aggregate(
            total=Count("pk"),
            new=Count("pk", filter=Q(enrolments__status__in=OPEN_INTAKE), distinct=True),
        )
        context["portfolio_counts"] = counts
    if access.has_role(user, Role.PARTICIPANT):
        own = Participant.objects.filter(user=user).first()
        context["own_participant"] = own
        if own:
            context["own_enrolments"] = list(own.enrolments.select_related("programme"))
    context["only_basic"] = not caps and not access.has_role(user, Role.PARTICIPANT)
    return context
