"""Roles and the named capabilities they carry.

Views ask for a capability ("can screen applicants"), never for a role name, so a new role
is one line here instead of a hunt through the code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    COORDINATOR = "coordinator", _("Provider coordinator")
    STAFF = "staff", _("Provider staff (instructor)")
    NAV_ADVISOR = "nav_advisor", _("NAV advisor")
    NAV_MARKET = "nav_market", _("NAV market coordinator")
    EMPLOYER = "employer", _("Employer contact")
    MENTOR = "mentor", _("Mentor")
    PARTICIPANT = "participant", _("Participant")


class Cap:
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_PARTICIPANTS = "view_participants"  # the provider's participant records
    EDIT_PARTICIPANTS = "edit_participants"
    SCREEN_APPLICANTS = "screen_applicants"
    INVITE = "invite"
    READ_AUDIT = "read_audit"
    READ_OUTBOX = "read_outbox"
    READ_SENSITIVE = "read_sensitive"  # sensitive timeline entries, the national id
    REFER = "refer"
    FOLLOW_OWN_PEOPLE = "follow_own_people"
    ASSIGN_TASKS = "assign_tasks"
    WRITE_TIMELINE = "write_timeline"


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.PLATFORM_ADMIN: frozenset({Cap.MANAGE_ORGANISATIONS}),
    Role.COORDINATOR: frozenset(
        {
            Cap.VIEW_PARTICIPANTS,
            Cap.EDIT_PARTICIPANTS,
            Cap.SCREEN_APPLICANTS,
            Cap.INVITE,
            Cap.READ_AUDIT,
            Cap.READ_OUTBOX,
            Cap.READ_SENSITIVE,
            Cap.ASSIGN_TASKS,
            Cap.WRITE_TIMELINE,
        }
    ),
    Role.STAFF: frozenset({Cap.VIEW_PARTICIPANTS, Cap.ASSIGN_TASKS, Cap.WRITE_TIMELINE}),
    Role.NAV_ADVISOR: frozenset(
        {Cap.REFER, Cap.FOLLOW_OWN_PEOPLE, Cap.READ_SENSITIVE, Cap.ASSIGN_TASKS, Cap.WRITE_TIMELINE}
    ),
    Role.NAV_MARKET: frozenset(),
    Role.EMPLOYER: frozenset(),
    Role.MENTOR: frozenset(),
    Role.PARTICIPANT: frozenset(),
}

PROVIDER_ROLES = (Role.COORDINATOR, Role.STAFF)
NAV_ROLES = (Role.NAV_ADVISOR, Role.NAV_MARKET)

# Which roles an organisation of each kind may hand out.
ROLES_FOR_KIND = {
    "provider": (Role.COORDINATOR, Role.STAFF, Role.MENTOR, Role.PARTICIPANT),
    "nav_office": (Role.NAV_ADVISOR, Role.NAV_MARKET),
    "employer": (Role.EMPLOYER, Role.MENTOR),
}
