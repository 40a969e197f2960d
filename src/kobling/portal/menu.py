"""The main menu: what each person can do, grouped so it fits a laptop and folds away on a phone.

It sits in the composition layer (kobling.portal: it composes every app): the menu asks the feature
apps whether a participant has anything there yet, so no entry leads to an empty page.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kobling.core import access
from kobling.core.roles import Cap, Role
from kobling.events.models import CandidateRegistration, Interview
from kobling.mentoring.models import Mentorship
from kobling.mentoring.selectors import POOL_STATUSES
from kobling.people.models import Participant
from kobling.programmes.models import Enrolment, Programme


@dataclass
class MenuEntry:
    label: str
    href: str = ""
    children: list["MenuEntry"] = field(default_factory=list)
    current: bool = False  # this page, or (for a group) one of its pages


def _participant_has(user) -> dict[str, bool]:
    """What a participant has in the feature apps: one query, four answers."""
    person = OuterRef("pk")
    row = (
        Participant.objects.filter(user=user)
        .annotate(
            # In a mentor programme that can give them a mentor (mentoring.selectors.own_mentor_enrolments)
            mentee=Exists(
                Enrolment.objects.filter(
                    participant=person, programme__kind=Programme.Kind.MENTOR, status__in=POOL_STATUSES
                )
            ),
            paired=Exists(Mentorship.objects.filter(mentee__enrolment__participant=person)),
            events=Exists(CandidateRegistration.objects.filter(participant=person)),
            interviews=Exists(Interview.objects.filter(candidate__participant=person)),
        )
        .values("mentee", "paired", "events", "interviews")
        .first()
    )
    return row or {"mentee": False, "paired": False, "events": False, "interviews": False}


def _participant_entries(user) -> list[MenuEntry]:
    has = _participant_has(user)
    entries = [MenuEntry(_("My plan"), reverse("my_plan"))]
    if has["mentee"]:
        entries.append(MenuEntry(_("My mentor"), reverse("mentoring_mentee_home")))
        entries.append(MenuEntry(_("Network"), reverse("network_index")))
    if has["paired"]:
        entries.append(MenuEntry(_("Mentor space"), reverse("mentorspace_index")))
    if has["events"]:
        entries.append(MenuEntry(_("Events"), reverse("event_list")))
    if has["interviews"]:
        entries.append(MenuEntry(_("Feedback"), reverse("recruitment_home")))
    entries.append(MenuEntry(_("My profile"), reverse("my_profile")))
    return entries


def _work_entries(user, caps: set[str]) -> list[MenuEntry]:
    following_only = Cap.FOLLOW_OWN_PEOPLE in caps and Cap.VIEW_PARTICIPANTS not in caps
    items: list[tuple[bool, str, str]] = [
        (Cap.VIEW_PARTICIPANTS in caps, _("Participants"), "participant_list"),
        (Cap.FOLLOW_OWN_PEOPLE in caps, _("My people"), "portfolio"),
        (Cap.REFER in caps, _("Refer"), "referral_create"),
        (Cap.SCREEN_APPLICANTS in caps, _("Intake"), "intake_queue"),
        (Cap.VIEW_PARTICIPANTS in caps, _("Programmes"), "programme_list"),
        (Cap.VIEW_PARTICIPANTS in caps, _("Results"), "results_index"),
        (following_only, _("At risk"), "insights_warnings"),
        (Cap.MANAGE_MENTORING in caps, _("Mentoring"), "mentoring_index"),
        (Cap.MENTOR_OWN in caps, _("My mentoring"), "mentoring_mentor_home"),
        (Cap.MENTOR_OWN in caps and Cap.MANAGE_MENTORING not in caps, _("Mentor space"), "mentorspace_index"),
        (Cap.PARTNER_MENTORS in caps, _("Our mentors"), "mentoring_partner"),
        (bool(caps & {Cap.MENTOR_OWN, Cap.PARTNER_MENTORS}), _("Network"), "network_index"),
        (
            bool(caps & {Cap.MANAGE_EVENTS, Cap.REGISTER_CANDIDATES, Cap.EVENT_EMPLOYER}),
            _("Events"),
            "event_list",
        ),
        (
            bool(
                caps & {Cap.MANAGE_EVENTS, Cap.EVENT_EMPLOYER, Cap.FOLLOW_OWN_PEOPLE, Cap.EDIT_PARTICIPANTS}
            ),
            _("Feedback"),
            "recruitment_home",
        ),
        (Cap.ASSIGN_TASKS in caps, _("Tasks"), "task_list"),
    ]
    entries = [MenuEntry(label, reverse(name)) for shown, label, name in items if shown]
    if Cap.VIEW_PARTICIPANTS in caps:
        # Provider staff: the results table, what works and who is at risk, one group.
        results = next(e for e in entries if e.href == reverse("results_index"))
        results.href, results.children = (
            "",
            [
                MenuEntry(_("Results table"), reverse("results_index")),
                MenuEntry(_("What works"), reverse("insights_index")),
                MenuEntry(_("At risk"), reverse("insights_warnings")),
            ],
        )
    return entries


def _admin_entries(caps: set[str]) -> list[MenuEntry]:
    items = [
        (Cap.MANAGE_ORGANISATIONS in caps, _("Organisations"), "organisation_list"),
        (Cap.INVITE in caps, _("Invitations"), "invitation_list"),
        (Cap.READ_AUDIT in caps, _("Audit log"), "audit_log"),
        (Cap.READ_OUTBOX in caps, _("E-mail outbox"), "outbox"),
        (Cap.MANAGE_ORGANISATIONS in caps, _("Records of processing"), "privacy_records"),
        (
            bool(caps & {Cap.EDIT_PARTICIPANTS, Cap.MANAGE_MENTORING, Cap.MANAGE_EVENTS}),
            _("Import and export"),
            "exchange_index",
        ),
        (Cap.EDIT_PARTICIPANTS in caps, _("API tokens"), "api_tokens"),
        (bool(caps & {Cap.INVITE, Cap.MANAGE_ORGANISATIONS}), _("Webhooks"), "webhook_list"),
    ]
    return [MenuEntry(label, reverse(name)) for shown, label, name in items if shown]


def menu_for(user) -> list[MenuEntry]:
    """The user's menu: the start page, their work, and the administration pages in one group."""
    if not getattr(user, "is_authenticated", False):
        return []
    caps = access.capabilities(user)
    entries = [MenuEntry(_("Start"), reverse("home")), *_work_entries(user, caps)]
    if access.has_role(user, Role.PARTICIPANT):
        entries += _participant_entries(user)
    if access.has_role(user, Role.MENTOR, Role.EMPLOYER):
        # A participant finds "My data" on their profile; mentors and employer contacts have no such page.
        entries.append(MenuEntry(_("My data"), reverse("privacy_me")))
    admin = _admin_entries(caps)
    if len(admin) > 1:
        entries.append(MenuEntry(_("Administration"), children=admin))
    else:
        entries += admin
    return entries


def navigation(request):
    """Context processor: the menu, except while the two-factor step is still to come."""
    user = getattr(request, "user", None)
    if user is None or getattr(request, "mfa_pending", False):
        return {"menu": [], "current_path": getattr(request, "path", "")}
    menu = menu_for(user)
    for entry in menu:
        entry.current = entry.href == request.path or any(c.href == request.path for c in entry.children)
    return {"menu": menu, "current_path": request.path}
