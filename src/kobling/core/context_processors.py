from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kobling.core import access
from kobling.core.roles import Cap, Role


def nav_items(user) -> list[tuple[str, str]]:
    """The main menu: one entry per thing the user's roles let them do."""
    if not user.is_authenticated:
        return []
    caps = access.capabilities(user)
    items = [(reverse("home"), _("Start"))]
    if Cap.VIEW_PARTICIPANTS in caps:
        items.append((reverse("participant_list"), _("Participants")))
    if Cap.SCREEN_APPLICANTS in caps:
        items.append((reverse("intake_queue"), _("Intake")))
    if Cap.VIEW_PARTICIPANTS in caps:
        items.append((reverse("programme_list"), _("Programmes")))
        items.append((reverse("results_index"), _("Results")))
    if Cap.MANAGE_MENTORING in caps:
        items.append((reverse("mentoring_index"), _("Mentoring")))
    if Cap.MENTOR_OWN in caps:
        items.append((reverse("mentoring_mentor_home"), _("My mentoring")))
    pair_member = Cap.MENTOR_OWN in caps or access.has_role(user, Role.PARTICIPANT)
    if pair_member and Cap.MANAGE_MENTORING not in caps:
        items.append((reverse("mentorspace_index"), _("Mentor space")))
    if Cap.PARTNER_MENTORS in caps:
        items.append((reverse("mentoring_partner"), _("Our mentors")))
    if caps & {Cap.MENTOR_OWN, Cap.PARTNER_MENTORS} or access.has_role(user, Role.PARTICIPANT):
        items.append((reverse("network_index"), _("Network")))
    if Cap.FOLLOW_OWN_PEOPLE in caps:
        items.append((reverse("portfolio"), _("My people")))
    if Cap.REFER in caps:
        items.append((reverse("referral_create"), _("Refer")))
    if caps & {Cap.MANAGE_EVENTS, Cap.REGISTER_CANDIDATES, Cap.EVENT_EMPLOYER} or access.has_role(
        user, Role.PARTICIPANT
    ):
        items.append((reverse("event_list"), _("Events")))
    if caps & {Cap.MANAGE_EVENTS, Cap.EVENT_EMPLOYER, Cap.FOLLOW_OWN_PEOPLE, Cap.EDIT_PARTICIPANTS} or (
        access.has_role(user, Role.PARTICIPANT)
    ):
        items.append((reverse("recruitment_home"), _("Interview feedback")))
    if Cap.ASSIGN_TASKS in caps:
        items.append((reverse("task_list"), _("Tasks")))
    if Cap.INVITE in caps:
        items.append((reverse("invitation_list"), _("Invitations")))
    if Cap.READ_AUDIT in caps:
        items.append((reverse("audit_log"), _("Audit log")))
    if Cap.READ_OUTBOX in caps:
        items.append((reverse("outbox"), _("E-mail outbox")))
    if Cap.MANAGE_ORGANISATIONS in caps:
        items.append((reverse("organisation_list"), _("Organisations")))
    if access.has_role(user, Role.PARTICIPANT):
        items.append((reverse("my_profile"), _("My profile")))
        items.append((reverse("my_plan"), _("My plan")))
        items.append((reverse("mentoring_mentee_home"), _("My mentor")))
    return items


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"nav_items": nav_items(user), "current_path": request.path}
