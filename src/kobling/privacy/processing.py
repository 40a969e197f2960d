"""The records of processing (GDPR article 30) and the retention rules: one registry.

The retention job (`retention.py`) runs the rules listed here with the periods from
`settings.PRIVACY_RETENTION`, and the platform admins' page (/privacy/records/) shows the same
purposes, rules and periods. Who can see each purpose is worked out from the capabilities the views
ask for (`kobling.core.roles.ROLE_CAPABILITIES`), so the page follows the access rules as they are.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from kobling.core.roles import ROLE_CAPABILITIES, Cap, Role


@dataclass(frozen=True)
class RetentionRule:
    """How long one kind of record is kept. `setting` names the period in settings.PRIVACY_RETENTION;
    a rule without one has no automatic end, and says what happens instead."""

    key: str
    title: Promise
    text: Promise
    setting: str | None = None

    @property
    def period(self) -> int | None:
        return settings.PRIVACY_RETENTION[self.setting] if self.setting else None

    def describe(self) -> str:
        if self.setting is None:
            return str(self.text)
        return str(self.text % {"n": self.period})  # ngettext_lazy picks the plural form from n


PARTICIPANT = "participant"
OUTBOX_BODY = "outbox_body"
WEBHOOK_DELIVERY = "webhook_delivery"
LOGIN_THROTTLE = "login_throttle"
AUDIT = "audit"
ACCOUNT = "account"
UNTIL_REMOVED = "until_removed"

RULES: dict[str, RetentionRule] = {
    rule.key: rule
    for rule in [
        RetentionRule(
            PARTICIPANT,
            _("Participants"),
            ngettext_lazy(
                "Anonymised %(n)s year after the last enrolment ended (with no enrolment: after the "
                "record was made or last active), or at once when the person asks to be erased. "
                "Rows are anonymised, not deleted, so the counts in results and reports stay.",
                "Anonymised %(n)s years after the last enrolment ended (with no enrolment: after the "
                "record was made or last active), or at once when the person asks to be erased. "
                "Rows are anonymised, not deleted, so the counts in results and reports stay.",
                "n",
            ),
            "participant_years",
        ),
        RetentionRule(
            OUTBOX_BODY,
            _("E-mail bodies"),
            ngettext_lazy(
                "The text and attachments of a sent or failed e-mail are removed %(n)s day after it "
                "was queued; recipient and subject stay as the delivery record until the person is "
                "erased.",
                "The text and attachments of a sent or failed e-mail are removed %(n)s days after it "
                "was queued; recipient and subject stay as the delivery record until the person is "
                "erased.",
                "n",
            ),
            "outbox_body_days",
        ),
        RetentionRule(
            WEBHOOK_DELIVERY,
            _("Webhook deliveries"),
            ngettext_lazy(
                "A sent or failed delivery to another system (the ids and codes of a change, never "
                "names) is deleted %(n)s day after it was queued.",
                "A sent or failed delivery to another system (the ids and codes of a change, never "
                "names) is deleted %(n)s days after it was queued.",
                "n",
            ),
            "webhook_delivery_days",
        ),
        RetentionRule(
            LOGIN_THROTTLE,
            _("Login attempts"),
            ngettext_lazy(
                "Deleted %(n)s day after the attempt, and at once when the person is erased.",
                "Deleted %(n)s days after the attempt, and at once when the person is erased.",
                "n",
            ),
            "login_throttle_days",
        ),
        RetentionRule(
            AUDIT,
            _("Audit log"),
            _(
                "Kept, and never changed, with one exception: when a person is erased, the rows "
                "about them lose every label that names them."
            ),
        ),
        RetentionRule(
            ACCOUNT,
            _("Logins"),
            _(
                "Kept while the account is in use. A participant's login is anonymised and closed "
                "with their record."
            ),
        ),
        RetentionRule(
            UNTIL_REMOVED,
            _("Mentors"),
            _(
                "No period is set: kept while the mentor takes part. A mentor who asks to be erased "
                "is erased by the coordinator (on the mentor's page); their pairs stay, without a name."
            ),
        ),
    ]
}

# Retention rules the daily job runs (retention.py has one function per key).
AUTOMATIC = tuple(key for key, rule in RULES.items() if rule.setting)


@dataclass(frozen=True)
class Purpose:
    key: str
    title: Promise
    subjects: Promise
    categories: tuple[Promise, ...]
    rule: str
    capabilities: tuple[str, ...] = ()
    # Roles that reach the data other than by a capability, each with how far.
    also: tuple[tuple[str, Promise], ...] = ()
    sensitive: tuple[Promise, ...] = ()
    sensitive_capability: str | None = None
    models: tuple[str, ...] = field(default=())

    @property
    def retention(self) -> RetentionRule:
        return RULES[self.rule]

    def roles(self) -> list[tuple[str, str]]:
        """(role label, how far) for everyone who can see this purpose's data."""
        wanted = set(self.capabilities)
        found = [(str(Role(r).label), "") for r, caps in ROLE_CAPABILITIES.items() if caps & wanted]
        return found + [(str(Role(r).label), str(note)) for r, note in self.also]

    def sensitive_roles(self) -> list[str]:
        if self.sensitive_capability is None:
            return []
        return [
            str(Role(r).label) for r, caps in ROLE_CAPABILITIES.items() if self.sensitive_capability in caps
        ]


OWN = _("their own")

PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        "follow_up",
        _("Following people through a programme"),
        _("Participants and applicants"),
        (
            _("Name, e-mail, phone, birth year, county and municipality"),
            _("Education, languages, work experience, IT interest and target occupations"),
            _("Background and practical barriers"),
            _("Enrolments, status history and intake interviews"),
            _("Attendance, phases and certifications"),
            _("Meetings, activity plan, placements and outcomes"),
            _("Timeline entries and tasks"),
            _("Consents"),
        ),
        PARTICIPANT,
        capabilities=(Cap.VIEW_PARTICIPANTS, Cap.FOLLOW_OWN_PEOPLE),
        also=((Role.PARTICIPANT, OWN),),
        sensitive=(
            _("National identity number"),
            _("Health needs adaptation"),
            _("Timeline entries marked sensitive"),
        ),
        sensitive_capability=Cap.READ_SENSITIVE,
        models=(
            "people.participant",
            "people.participantlanguage",
            "people.consent",
            "people.timelineentry",
            "people.task",
            "programmes.enrolment",
            "programmes.enrolmentstatus",
            "programmes.intakeinterview",
            "programmes.intakematch",
            "programmes.phaserecord",
            "programmes.attendancerecord",
            "programmes.certificationattempt",
            "programmes.meeting",
            "programmes.activityitem",
            "programmes.placement",
            "programmes.outcome",
            "programmes.outcomefollowup",
        ),
    ),
    Purpose(
        "mentoring",
        _("Mentor programmes: matching mentees with mentors and the pair's space"),
        _("Participants (mentees)"),
        (
            _("What the mentee wants from a mentor (goals, topics, gender if given)"),
            _("Proposed and active pairs, with their history"),
            _("The pair's goals, meeting log, private notes, messages, check-ins and evaluations"),
            _("The network: directory, questions, answers and meetups"),
        ),
        PARTICIPANT,
        capabilities=(Cap.MANAGE_MENTORING, Cap.MENTOR_OWN),
        also=((Role.PARTICIPANT, OWN),),
        models=(
            "mentoring.menteeprofile",
            "mentoring.mentorship",
            "mentoring.mentorshipstatus",
            "mentorspace.goal",
            "mentorspace.meetinglog",
            "mentorspace.privatenote",
            "mentorspace.message",
            "mentorspace.checkin",
            "mentorspace.evaluation",
            "network.question",
            "network.answer",
            "network.meetupsignup",
        ),
    ),
    Purpose(
        "mentors",
        _("Mentor sign-up and review"),
        _("Mentors"),
        (
            _("Name, e-mail, phone, occupation, employer, county and municipality"),
            _("Languages, topics, availability, gender if given, and a short bio"),
            _("Review decisions"),
        ),
        UNTIL_REMOVED,
        capabilities=(Cap.MANAGE_MENTORING, Cap.PARTNER_MENTORS),
        also=((Role.MENTOR, OWN),),
        models=("mentoring.mentorprofile", "mentoring.mentorlanguage", "network.mentordirectoryconsent"),
    ),
    Purpose(
        "recruitment",
        _("Recruitment events: registrations, interviews, feedback and offers"),
        _("Participants (candidates) and employer contacts"),
        (
            _("What the candidate looks for, experience and languages"),
            _("Needs for an interpreter or accessibility"),
            _("Wishes and vetoes, interviews, check-in and no-shows"),
            _("Employers' feedback, the candidate's reflections, offers and whether a job held"),
            _("Employer contacts' names and e-mail addresses"),
        ),
        PARTICIPANT,
        capabilities=(Cap.MANAGE_EVENTS, Cap.REGISTER_CANDIDATES, Cap.EVENT_EMPLOYER),
        also=((Role.PARTICIPANT, OWN),),
        models=(
            "events.candidateregistration",
            "events.candidatewish",
            "events.employerinterest",
            "events.veto",
            "events.interview",
            "events.employerregistration",
            "recruitment.feedback",
            "recruitment.reflection",
            "recruitment.offer",
            "recruitment.offercheck",
        ),
    ),
    Purpose(
        "results",
        _("Results tables and reports"),
        _("Participants and candidates, counted"),
        (_("Statuses, outcomes, dates and offers, counted: no names are shown"),),
        PARTICIPANT,
        capabilities=(Cap.VIEW_PARTICIPANTS, Cap.MANAGE_EVENTS),
    ),
    Purpose(
        "email",
        _("E-mail"),
        _("Everyone Kobling writes to"),
        (_("Recipient address, subject, text and attachments (calendar invitations)"),),
        OUTBOX_BODY,
        capabilities=(Cap.READ_OUTBOX,),
        models=("notifications.outboxemail",),
    ),
    Purpose(
        "audit",
        _("Audit log and security events"),
        _("Everyone with a login, and the people whose records they touch"),
        (
            _("Who did what, when, to which record; the names of changed fields, never their values"),
            _("Reads of sensitive information, failed logins and lock-outs"),
        ),
        AUDIT,
        capabilities=(Cap.READ_AUDIT,),
        also=((Role.PARTICIPANT, _("who has read their sensitive information")),),
        models=("core.auditlog",),
    ),
    Purpose(
        "login_protection",
        _("Protecting the login against guessing"),
        _("Everyone who tries to log in"),
        (_("The e-mail address typed, network address, browser and time of each attempt"),),
        LOGIN_THROTTLE,
        models=("axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"),
    ),
    Purpose(
        "accounts",
        _("Logins and invitations"),
        _("Everyone with a login or an invitation"),
        (
            _("Name, e-mail, phone and language"),
            _("Roles in organisations, invitations, password (hashed) and two-factor devices"),
        ),
        ACCOUNT,
        capabilities=(Cap.MANAGE_ORGANISATIONS, Cap.INVITE),
        models=("core.user", "core.membership", "core.invitation"),
    ),
)


def purpose(key: str) -> Purpose:
    return next(p for p in PURPOSES if p.key == key)
