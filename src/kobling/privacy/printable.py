"""The printable copy: the dict `export.build` makes, laid out for a person to read.

Every key gets a label in the reader's language (LABELS; a test checks none is missing), every
stored choice its display text (CHOICES, by the key's path), dates dd.mm.yyyy and times 24-hour in
Oslo time. Lists of flat rows become tables, everything else nested blocks. A `Layout` holds what
one kind of copy needs for that: `PARTICIPANT` here, the mentor's and the employer contact's in
`printable_people`.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kobling.core.models import LANGUAGE_CHOICES, Region
from kobling.core.roles import Role
from kobling.events.models import CandidateRegistration, Interview, Veto
from kobling.mentoring.models import Availability, Gender, Industry, Mentorship, Mode, Topic
from kobling.mentorspace.models import CheckIn, Evaluation, Goal, ResourceTopic
from kobling.network.models import MeetupSignup
from kobling.notifications.models import OutboxEmail
from kobling.people.forms import LANGUAGE_NAMES
from kobling.people.models import CEFR, Consent, EducationLevel, ITEvidence, Source, Task, TimelineEntry
from kobling.programmes.intake.questions import QUESTION_TEXT
from kobling.programmes.models import (
    ActivityItem,
    AttendanceRecord,
    CertificationAttempt,
    IntakeInterview,
    Meeting,
    Outcome,
    Placement,
    Reason,
    Status,
)
from kobling.recruitment.models import FeedbackOutcome, Offer

SITE_LANGUAGES = dict(LANGUAGE_CHOICES)

# The sections, in order; the rest of the dict (format, version, id) is in the page's heading.
SECTIONS = (
    "profile",
    "languages",
    "consents",
    "login",
    "enrolments",
    "activity_plan",
    "timeline",
    "tasks",
    "mentoring",
    "events",
    "network",
    "emails",
    "access_log",
)

LABELS = {
    # sections
    "profile": _("Profile"),
    "languages": _("Languages"),
    "consents": _("Consents, with their history"),
    "login": _("Your login"),
    "enrolments": _("Programmes"),
    "activity_plan": _("Activity plan"),
    "timeline": _("Timeline"),
    "tasks": _("Tasks about you"),
    "mentoring": _("Mentor pairs"),
    "events": _("Recruitment events"),
    "network": _("The network"),
    "emails": _("E-mails to you"),
    "access_log": _("Who has looked at your data"),
    # profile
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("E-mail"),
    "phone": _("Phone"),
    "birth_year": _("Birth year"),
    "national_id": _("National identity number"),
    "county": _("County"),
    "municipality": _("Municipality"),
    "preferred_language": _("Preferred language"),
    "education": _("Education"),
    "level": _("Level"),
    "field": _("Field of study"),
    "completed": _("Completed"),
    "abroad": _("Taken abroad"),
    "it_evidence": _("Documented IT interest"),
    "it_interest_notes": _("IT interest, in words"),
    "work_experience": _("Work experience"),
    "target_occupations": _("Target occupations"),
    "background": _("Background"),
    "nav_user": _("Receives NAV follow-up"),
    "immigrant": _("Immigrant or refugee"),
    "neet": _("Young, outside school and work"),
    "barriers": _("Practical barriers"),
    "income": _("Income or benefits not sorted out"),
    "housing": _("Housing not sorted out"),
    "childcare": _("Needs childcare"),
    "health": _("Health needs adaptation"),
    "provider": _("Provider"),
    "referring_office": _("Referring NAV office"),
    "nav_advisor": _("NAV advisor"),
    "organisation": _("Organisation"),
    "role": _("Role"),
    "source": _("Came through"),
    "registered_at": _("Registered"),
    "language": _("Language"),
    # consents, login
    "purpose": _("Purpose"),
    "given": _("Given"),
    "at": _("When"),
    "recorded_by": _("Recorded by"),
    "full_name": _("Full name"),
    "active": _("Active"),
    "joined_at": _("Joined"),
    "last_login_at": _("Last logged in"),
    "roles": _("Roles"),
    # programmes
    "programme": _("Programme"),
    "status": _("Status"),
    "status_since": _("Since"),
    "created_at": _("Created"),
    "referral_note": _("Why this programme"),
    "cohort": _("Cohort"),
    "name": _("Name"),
    "start_date": _("Start date"),
    "end_date": _("End date"),
    "cv_done_on": _("CV done"),
    "profile_online_on": _("Profile online"),
    "mock_interview_on": _("Mock interview done"),
    "status_history": _("Status history"),
    "reason": _("Reason"),
    "reason_text": _("In words"),
    "valid_from": _("From"),
    "valid_to": _("To"),
    "intake_interview": _("Intake interview"),
    "held_at": _("Held"),
    "answers": _("Answers"),
    "question": _("Question"),
    "score": _("Score"),
    "note": _("Note"),
    "norwegian_level": _("Norwegian"),
    "english_level": _("English"),
    "profile_type": _("Profile type"),
    "recommended_path": _("Recommended path"),
    "phases": _("Phases"),
    "phase": _("Phase"),
    "started_on": _("Started"),
    "ended_on": _("Ended"),
    "attendance": _("Attendance"),
    "day": _("Day"),
    "mark": _("Attendance"),
    "certifications": _("Certifications"),
    "certification": _("Certification"),
    "attempt": _("Attempt"),
    "state": _("Status"),
    "exam_date": _("Exam date"),
    "fee": _("Fee (NOK)"),
    "nav_pays": _("NAV pays (NOK)"),
    "meetings": _("Meetings"),
    "kind": _("Kind"),
    "starts_at": _("Starts"),
    "minutes_long": _("Length (minutes)"),
    "place": _("Place"),
    "agenda": _("Agenda"),
    "minutes": _("Minutes"),
    "minutes_published_at": _("Minutes published"),
    "placements": _("Placements"),
    "host": _("Host employer"),
    "outcome": _("Outcome"),
    "dropout_reason": _("Why"),
    "occupation": _("Occupation"),
    "employer": _("Employer"),
    "follow_ups": _("Still employed?"),
    "months": _("Months"),
    "due": _("Due"),
    "still_employed": _("Still employed"),
    "mentee_profile": _("What you want from a mentor"),
    "goals": _("Goals"),
    "topics": _("Topics"),
    "industries": _("Industries"),
    "mode": _("How you can meet"),
    "availability": _("When you can meet"),
    "gender": _("Gender"),
    "same_gender_wish": _("A mentor of my own gender"),
    # plan, timeline, tasks
    "title": _("Title"),
    "description": _("Description"),
    "agreed_with_nav": _("Agreed with NAV"),
    "occurred_at": _("When"),
    "visibility": _("Who can see it"),
    "sensitive": _("Sensitive"),
    "body": _("Text"),
    "written_by": _("Written by"),
    "waiting_on": _("Waiting on"),
    "done_at": _("Done"),
    # mentoring
    "proposed_at": _("Proposed"),
    "mentor": _("Mentor"),
    "intro_starts_at": _("Intro meeting"),
    "intro_place": _("Intro meeting place"),
    "your_answer": _("Your answer"),
    "decline_reason": _("Reason"),
    "decline_text": _("In words"),
    "ends_on": _("Ends"),
    "ended_at": _("Ended"),
    "history": _("History"),
    "goal": _("Goal"),
    "progress": _("Progress"),
    "held_on": _("Date"),
    "shared_notes": _("Notes you both see"),
    "your_private_note": _("Your private note"),
    "your_messages": _("Your messages"),
    "sent_at": _("Sent"),
    "message": _("Message"),
    "your_checkins": _("Your check-ins"),
    "month": _("Month"),
    "good_fit": _("A good fit"),
    "comment": _("Comment"),
    "your_evaluation": _("Your evaluation"),
    "rating": _("Rating"),
    "goals_met": _("Most important goal reached"),
    "employer_name": _("Employer"),
    # events
    "event": _("Event"),
    "date": _("Date"),
    "venue": _("NAV office"),
    "looking_for": _("What you look for"),
    "experience": _("Experience"),
    "needs_interpreter": _("Interpreter needed (language)"),
    "needs_accessibility": _("Accessibility needs"),
    "advisor_attends": _("The advisor comes along"),
    "consent_at": _("Consent to share the profile given"),
    "checked_in_at": _("Checked in"),
    "no_show": _("Did not come"),
    "wishes": _("Your wishes"),
    "rank": _("Rank"),
    "vetoes": _("Pairs that should not meet"),
    "side": _("Whose"),
    "interested_employers": _("Employers interested in you"),
    "interviews": _("Interviews"),
    "feedback": _("Feedback"),
    "motivation": _("Motivation"),
    "communication": _("Communication"),
    "skills": _("Relevant skills"),
    "fit": _("Fit for the workplace"),
    "strengths": _("Strengths"),
    "advice": _("Advice"),
    "given_at": _("Given"),
    "released_at": _("Released to you"),
    "your_reflection": _("Your reflection"),
    "offer": _("Offer"),
    # network, e-mail, log
    "questions": _("Your questions"),
    "asked_at": _("Asked"),
    "detail": _("Detail"),
    "hidden": _("Hidden by a coordinator"),
    "answered_at": _("Answered"),
    "answer": _("Your answer"),
    "meetups": _("Meetups"),
    "meetup": _("Meetup"),
    "attended": _("Attended"),
    "subject": _("Subject"),
    "queued_at": _("Queued"),
    "what": _("What"),
}


def _choices(choices) -> dict:
    return dict(choices.choices) if hasattr(choices, "choices") else dict(choices)


CHOICES = {
    path: _choices(choices)
    for path, choices in {
        "profile.county": Region,
        "profile.preferred_language": SITE_LANGUAGES,
        "profile.education.level": EducationLevel,
        "profile.it_evidence": ITEvidence,
        "profile.source": Source,
        "languages.language": LANGUAGE_NAMES,
        "languages.level": CEFR,
        "consents.purpose": Consent.Purpose,
        "login.language": SITE_LANGUAGES,
        "login.roles.role": Role,
        "enrolments.status": Status,
        "enrolments.status_history.status": Status,
        "enrolments.status_history.reason": Reason,
        "enrolments.intake_interview.answers.question": {
            k: text for k, (text, _help) in QUESTION_TEXT.items()
        },
        "enrolments.intake_interview.norwegian_level": CEFR,
        "enrolments.intake_interview.english_level": CEFR,
        "enrolments.intake_interview.profile_type": IntakeInterview.ProfileType,
        "enrolments.intake_interview.recommended_path": IntakeInterview.Path,
        "enrolments.attendance.mark": AttendanceRecord.Mark,
        "enrolments.certifications.state": CertificationAttempt.State,
        "enrolments.meetings.kind": Meeting.Kind,
        "enrolments.placements.kind": Placement.Kind,
        "enrolments.outcome.kind": Outcome.Kind,
        "enrolments.outcome.dropout_reason": Outcome.DropoutReason,
        "enrolments.mentee_profile.topics": Topic,
        "enrolments.mentee_profile.industries": Industry,
        "enrolments.mentee_profile.mode": Mode,
        "enrolments.mentee_profile.availability": Availability,
        "enrolments.mentee_profile.gender": Gender,
        "activity_plan.kind": ActivityItem.Kind,
        "activity_plan.state": ActivityItem.State,
        "timeline.kind": TimelineEntry.Kind,
        "timeline.visibility": TimelineEntry.Visibility,
        "tasks.waiting_on": Task.WaitingOn,
        "mentoring.state": Mentorship.State,
        "mentoring.your_answer": Mentorship.Answer,
        "mentoring.decline_reason": Mentorship.DeclineReason,
        "mentoring.history.state": Mentorship.State,
        "mentoring.goals.progress": Goal.Progress,
        "mentoring.meetings.topics": ResourceTopic,
        "mentoring.your_checkins.kind": CheckIn.Kind,
        "mentoring.your_evaluation.outcome": Evaluation.Outcome,
        "events.state": CandidateRegistration.State,
        "events.vetoes.side": Veto.Side,
        "events.vetoes.reason": Veto.Reason,
        "events.interviews.state": Interview.State,
        "events.interviews.feedback.outcome": FeedbackOutcome,
        "events.interviews.offer.kind": Offer.Kind,
        "events.interviews.offer.state": Offer.State,
        "network.meetups.state": MeetupSignup.State,
        "emails.state": OutboxEmail.State,
    }.items()
}

# A list of nested items gets one block per item, titled by this key of the item.
ITEM_TITLE = {
    "enrolments": "programme",
    "mentoring": "programme",
    "events": "event",
    "events.interviews": "employer",
}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Block:
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    children: list["Block"] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """How one kind of copy reads: its heading, a line under it, its sections in order, a label for
    every key, the display text of stored choices by the key's path, which key of an item titles
    each item of a list of nested items, and which lists are always laid out item by item. The
    participant's copy is `PARTICIPANT`; the mentor's and the employer contact's are in
    `printable_people`."""

    heading: object
    note: object
    sections: tuple[str, ...]
    labels: dict
    choices: dict
    item_title: dict
    # Lists laid out item by item even when their items are flat (a table of many columns would be
    # too wide to read).
    as_items: frozenset[str] = frozenset()

    def label(self, key: str) -> str:
        return str(self.labels.get(key, key))

    def scalar(self, value, path: str) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return gettext("Yes") if value else gettext("No")
        choices = self.choices.get(path)
        if choices is not None and value in choices:
            return str(choices[value])
        if isinstance(value, str) and ISO_DATE.match(value):
            return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if isinstance(value, str) and ISO_DATETIME.match(value):
            moment = timezone.localtime(datetime.datetime.fromisoformat(value))
            return date_format(moment, "SHORT_DATETIME_FORMAT")
        return str(value)

    def value_text(self, value, path: str) -> str:
        if isinstance(value, list):
            return ", ".join(self.scalar(v, path) for v in value) or "—"
        if isinstance(value, dict):  # a small description such as {organisation, role}
            shown = (self.scalar(v, f"{path}.{k}") for k, v in value.items() if v not in (None, ""))
            return " · ".join(shown) or "—"
        return self.scalar(value, path)

    def table(self, title: str, items: list[dict], path: str) -> Table:
        keys = list(dict.fromkeys(k for item in items for k in item))
        return Table(
            title,
            [self.label(k) for k in keys],
            [[self.value_text(item.get(k), f"{path}.{k}") for k in keys] for item in items],
        )

    def items(self, title: str, items: list[dict], path: str) -> Block:
        key = self.item_title.get(path)
        children = [
            self.block(self.value_text(item.get(key), f"{path}.{key}") if key else f"{title} {n}", item, path)
            for n, item in enumerate(items, start=1)
        ]
        return Block(title, children=children)

    def block(self, title: str, data: dict, path: str) -> Block:
        block = Block(title)
        for key, value in data.items():
            sub = f"{path}.{key}"
            if isinstance(value, dict) and (len(value) > 2 or not _flat({key: value})):
                block.children.append(self.block(self.label(key), value, sub))
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                if all(_flat(v) for v in value) and sub not in self.as_items:
                    block.tables.append(self.table(self.label(key), value, sub))
                else:
                    block.children.append(self.items(self.label(key), value, sub))
            else:
                block.rows.append((self.label(key), self.value_text(value, sub)))
        return block

    def section(self, key: str, value) -> Block:
        if isinstance(value, dict):
            return self.block(self.label(key), value, key)
        if isinstance(value, list) and value and all(_flat(v) for v in value) and key not in self.as_items:
            return Block(self.label(key), tables=[self.table("", value, key)])
        if isinstance(value, list) and value:
            return self.items(self.label(key), value, key)
        return Block(self.label(key), rows=[("", gettext("Nothing recorded."))])


def _flat(item: dict) -> bool:
    def simple(v) -> bool:
        return not isinstance(v, dict | list)

    return all(
        simple(v)
        or (isinstance(v, list) and all(simple(x) for x in v))
        or (isinstance(v, dict) and all(simple(x) for x in v.values()))
        for v in item.values()
    )


PARTICIPANT = Layout(
    heading=_("Everything Kobling holds about you"),
    note=_(
        "Staff are named by their organisation and role. Other people's notes and messages are not included."
    ),
    sections=SECTIONS,
    labels=LABELS,
    choices=CHOICES,
    item_title=ITEM_TITLE,
)


def sections(data: dict, layout: Layout = PARTICIPANT, keys: tuple[str, ...] | None = None) -> list[Block]:
    """The copy as blocks, one per section (or per one of `keys`), in the reader's current language."""
    return [layout.section(key, data[key]) for key in (layout.sections if keys is None else keys)]
