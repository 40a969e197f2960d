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
    MANAGE_EVENTS = "manage_events"  # set up recruitment events organised by the organisation
    REGISTER_CANDIDATES = "register_candidates"  # put one's own people forward for an event
    EVENT_EMPLOYER = "event_employer"  # take part in events on behalf of the employer
    MANAGE_MENTORING = "manage_mentoring"  # mentor programmes: review mentors, match, follow pairs
    MENTOR_OWN = "mentor_own"  # one's own mentor profile and pairs
    PARTNER_MENTORS = "partner_mentors"  # a partner company's contact: invite colleagues, see totals


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    # READ_OUTBOX held on the platform covers the platform's own e-mail (no organisation: password
    # resets), never an organisation's (notifications.selectors.outbox_visible_to).
    Role.PLATFORM_ADMIN: frozenset({Cap.MANAGE_ORGANISATIONS, Cap.READ_AUDIT, Cap.READ_OUTBOX}),
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
            Cap.MANAGE_MENTORING,
            Cap.MANAGE_EVENTS,
            Cap.REGISTER_CANDIDATES,
        }
    ),
    Role.STAFF: frozenset({Cap.VIEW_PARTICIPANTS, Cap.ASSIGN_TASKS, Cap.WRITE_TIMELINE}),
    Role.NAV_ADVISOR: frozenset(
        {
            Cap.REFER,
            Cap.FOLLOW_OWN_PEOPLE,
            Cap.READ_SENSITIVE,
            Cap.ASSIGN_TASKS,
            Cap.WRITE_TIMELINE,
            Cap.REGISTER_CANDIDATES,
        }
    ),
    # The office's first account (made with the office) invites its advisors.
    Role.NAV_MARKET: frozenset({Cap.MANAGE_EVENTS, Cap.INVITE}),
    Role.EMPLOYER: frozenset({Cap.PARTNER_MENTORS, Cap.EVENT_EMPLOYER}),
    Role.MENTOR: frozenset({Cap.MENTOR_OWN}),
    Role.PARTICIPANT: frozenset(),
}

PROVIDER_ROLES = (Role.COORDINATOR, Role.STAFF)
# Roles that must log in with a second factor (a TOTP code) whenever settings.MFA_ENFORCED is on:
# they reach many people's records or every organisation. Everyone else may turn it on.
MFA_REQUIRED_ROLES = (Role.PLATFORM_ADMIN, Role.COORDINATOR, Role.NAV_ADVISOR)
NAV_ROLES = (Role.NAV_ADVISOR, Role.NAV_MARKET)

# Which roles an organisation of each kind may hand out.
ROLES_FOR_KIND = {
    "provider": (Role.COORDINATOR, Role.STAFF, Role.MENTOR, Role.PARTICIPANT),
    "nav_office": (Role.NAV_ADVISOR, Role.NAV_MARKET),
    "employer": (Role.EMPLOYER, Role.MENTOR),
}


def invitable_roles(kind: str) -> tuple[str, ...]:
    """The roles someone with the invite capability may hand out in their own organisation of this
    kind. A participant's login is invited from their record, where it is tied to that record."""
    return tuple(r for r in ROLES_FOR_KIND[kind] if r != Role.PARTICIPANT)
