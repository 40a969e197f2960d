"""How a mentor's and an employer contact person's copies read (`export_people`): the labels and
choices they add to the participant's (`printable.LABELS`, which they share), on the same `Layout`."""

from django.utils.translation import gettext_lazy as _

from kobling.core.models import Region
from kobling.core.roles import Role
from kobling.events.models import EmployerRegistration, InclusionTag, Opening, Veto
from kobling.mentoring.models import Availability, Gender, Industry, MentorProfile, Mentorship, Mode, Topic
from kobling.mentorspace.models import CheckIn, Evaluation, Goal, ResourceTopic
from kobling.network.models import MeetupSignup
from kobling.notifications.models import OutboxEmail
from kobling.people.forms import LANGUAGE_NAMES
from kobling.people.models import CEFR
from kobling.privacy.printable import LABELS, SITE_LANGUAGES, Layout

LABELS_PEOPLE = {
    **LABELS,
    # mentors
    "mentor_profiles": _("Your mentor profiles"),
    "mentor_pairs": _("Your mentor pairs"),
    "mentor_log": _("Who has changed or read your data as a mentor"),
    "email_language": _("Language for e-mails"),
    "partner_company": _("Partner company"),
    "capacity": _("Mentees at a time"),
    "topic_detail": _("Certification or technology"),
    "bio": _("About you"),
    "review_note": _("Note from the coordinator"),
    "reviewed_at": _("Reviewed"),
    "directory": _("Shown in the network's directory"),
    "updated_at": _("Last changed"),
    "mentee": _("Mentee (first name)"),
    "declined_by": _("Who said no"),
    # employer contacts
    "registrations": _("Events where you are the employer's contact"),
    "contact_log": _("Who has changed your registrations"),
    "address": _("Address"),
    "organisers": _("Organisers"),
    "company": _("Company"),
    "contact_name": _("Contact person"),
    "contact_email": _("Contact e-mail"),
    "tables": _("Interviewers (tables)"),
    "arrives_at": _("Arrival time"),
    "unavailable": _("Slots you could not take"),
    "openings": _("Openings"),
    "places": _("Places"),
    "inclusion": _("Inclusion"),
    "interested_in": _("Candidates you wanted to meet (first names)"),
    "not_to_meet": _("Candidates you did not want to meet"),
    "candidate": _("Candidate (first name)"),
    "invited_at": _("Invited"),
    "late_until": _("Late until"),
}


def _choices(choices) -> dict:
    return dict(choices.choices) if hasattr(choices, "choices") else dict(choices)


LOGIN_CHOICES = {"login.language": SITE_LANGUAGES, "login.roles.role": Role}

MENTOR_CHOICES = {
    path: _choices(choices)
    for path, choices in {
        **LOGIN_CHOICES,
        "mentor_profiles.state": MentorProfile.State,
        "mentor_profiles.source": MentorProfile.Source,
        "mentor_profiles.email_language": SITE_LANGUAGES,
        "mentor_profiles.gender": Gender,
        "mentor_profiles.industries": Industry,
        "mentor_profiles.county": Region,
        "mentor_profiles.mode": Mode,
        "mentor_profiles.availability": Availability,
        "mentor_profiles.topics": Topic,
        "mentor_profiles.languages.language": LANGUAGE_NAMES,
        "mentor_profiles.languages.level": CEFR,
        "mentor_pairs.state": Mentorship.State,
        "mentor_pairs.your_answer": Mentorship.Answer,
        "mentor_pairs.declined_by": dict(Mentorship.DECLINED_BY),
        "mentor_pairs.decline_reason": Mentorship.DeclineReason,
        "mentor_pairs.history.state": Mentorship.State,
        "mentor_pairs.goals.progress": Goal.Progress,
        "mentor_pairs.meetings.topics": ResourceTopic,
        "mentor_pairs.your_checkins.kind": CheckIn.Kind,
        "mentor_pairs.your_evaluation.outcome": Evaluation.Outcome,
        "network.meetups.state": MeetupSignup.State,
        "emails.state": OutboxEmail.State,
    }.items()
}

CONTACT_CHOICES = {
    path: _choices(choices)
    for path, choices in {
        **LOGIN_CHOICES,
        "registrations.state": EmployerRegistration.State,
        "registrations.email_language": SITE_LANGUAGES,
        "registrations.openings.kind": Opening.Kind,
        "registrations.openings.inclusion": InclusionTag,
        "registrations.not_to_meet.reason": Veto.Reason,
        "emails.state": OutboxEmail.State,
    }.items()
}

MENTOR = Layout(
    heading=_("Everything Kobling holds about you as a mentor"),
    note=_(
        "Staff are named by their organisation and role, mentees by their first name. What your mentees "
        "wrote for themselves is not included."
    ),
    sections=("login", "mentor_profiles", "mentor_pairs", "network", "emails", "mentor_log"),
    labels=LABELS_PEOPLE,
    choices=MENTOR_CHOICES,
    item_title={"mentor_profiles": "programme", "mentor_pairs": "mentee"},
    as_items=frozenset({"mentor_profiles", "mentor_pairs"}),
)

CONTACT = Layout(
    heading=_("Everything Kobling holds about you as an employer's contact person"),
    note=_(
        "Staff are named by their organisation and role, candidates by their first name. Interview "
        "feedback and offers are the employer's, and are not included."
    ),
    sections=("login", "registrations", "emails", "contact_log"),
    labels=LABELS_PEOPLE,
    choices=CONTACT_CHOICES,
    item_title={"registrations": "event"},
    as_items=frozenset({"registrations"}),
)
