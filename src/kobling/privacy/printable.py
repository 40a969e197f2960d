"""The printable copy: the dict `export.build` makes, laid out for a person to read.

Every key gets a label in the reader's language (LABELS; a test checks none is missing), every
stored choice its display text (CHOICES, by the key's path), dates dd.mm.yyyy and times 24-hour in
Oslo time. Lists of flat rows become tables, everything else nested blocks.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

L = gettext_lazy
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
    "profile": L("Profile"),
    "languages": L("Languages"),
    "consents": L("Consents, with their history"),
    "login": L("Your login"),
    "enrolments": L("Programmes"),
    "activity_plan": L("Activity plan"),
    "timeline": L("Timeline"),
    "tasks": L("Tasks about you"),
    "mentoring": L("Mentor pairs"),
    "events": L("Recruitment events"),
    "network": L("The network"),
    "emails": L("E-mails to you"),
    "access_log": L("Who has looked at your data"),
    # profile
    "first_name": L("First name"),
    "last_name": L("Last name"),
    "email": L("E-mail"),
    "phone": L("Phone"),
    "birth_year": L("Birth year"),
    "national_id": L("National identity number"),
    "county": L("County"),
    "municipality": L("Municipality"),
    "preferred_language": L("Preferred language"),
    "education": L("Education"),
    "level": L("Level"),
    "field": L("Field of study"),
    "completed": L("Completed"),
    "abroad": L("Taken abroad"),
    "it_evidence": L("Documented IT interest"),
    "it_interest_notes": L("IT interest, in words"),
    "work_experience": L("Work experience"),
    "target_occupations": L("Target occupations"),
    "background": L("Background"),
    "nav_user": L("Receives NAV follow-up"),
    "immigrant": L("Immigrant or refugee"),
    "neet": L("Young, outside school and work"),
    "barriers": L("Practical barriers"),
    "income": L("Income or benefits not sorted out"),
    "housing": L("Housing not sorted out"),
    "childcare": L("Needs childcare"),
    "health": L("Health needs adaptation"),
    "provider": L("Provider"),
    "referring_office": L("Referring NAV office"),
    "nav_advisor": L("NAV advisor"),
    "organisation": L("Organisation"),
    "role": L("Role"),
    "source": L("Came through"),
    "registered_at": L("Registered"),
    "language": L("Language"),
    # consents, login
    "purpose": L("Purpose"),
    "given": L("Given"),
    "at": L("When"),
    "recorded_by": L("Recorded by"),
    "full_name": L("Full name"),
    "active": L("Active"),
    "joined_at": L("Joined"),
    "last_login_at": L("Last logged in"),
    "roles": L("Roles"),
    # programmes
    "programme": L("Programme"),
    "status": L("Status"),
    "status_since": L("Since"),
    "created_at": L("Created"),
    "referral_note": L("Why this programme"),
    "cohort": L("Cohort"),
    "name": L("Name"),
    "start_date": L("Start date"),
    "end_date": L("End date"),
    "cv_done_on": L("CV done"),
    "profile_online_on": L("Profile online"),
    "mock_interview_on": L("Mock interview done"),
    "status_history": L("Status history"),
    "reason": L("Reason"),
    "reason_text": L("In words"),
    "valid_from": L("From"),
    "valid_to": L("To"),
    "intake_interview": L("Intake interview"),
    "held_at": L("Held"),
    "answers": L("Answers"),
    "question": L("Question"),
    "score": L("Score"),
    "note": L("Note"),
    "norwegian_level": L("Norwegian"),
    "english_level": L("English"),
    "profile_type": L("Profile type"),
    "recommended_path": L("Recommended path"),
    "phases": L("Phases"),
    "phase": L("Phase"),
    "started_on": L("Started"),
    "ended_on": L("Ended"),
    "attendance": L("Attendance"),
    "day": L("Day"),
    "mark": L("Attendance"),
    "certifications": L("Certifications"),
    "certification": L("Certification"),
    "attempt": L("Attempt"),
    "state": L("Status"),
    "exam_date": L("Exam date"),
    "fee": L("Fee (NOK)"),
    "nav_pays": L("NAV pays (NOK)"),
    "meetings": L("Meetings"),
    "kind": L("Kind"),
    "starts_at": L("Starts"),
    "minutes_long": L("Length (minutes)"),
    "place": L("Place"),
    "agenda": L("Agenda"),
    "minutes": L("Minutes"),
    "minutes_published_at": L("Minutes published"),
    "placements": L("Placements"),
    "host": L("Host employer"),
    "outcome": L("Outcome"),
    "dropout_reason": L("Why"),
    "occupation": L("Occupation"),
    "employer": L("Employer"),
    "follow_ups": L("Still employed?"),
    "months": L("Months"),
    "due": L("Due"),
    "still_employed": L("Still employed"),
    "mentee_profile": L("What you want from a mentor"),
    "goals": L("Goals"),
    "topics": L("Topics"),
    "industries": L("Industries"),
    "mode": L("How you can meet"),
    "availability": L("When you can meet"),
    "gender": L("Gender"),
    "same_gender_wish": L("A mentor of my own gender"),
    # plan, timeline, tasks
    "title": L("Title"),
    "description": L("Description"),
    "agreed_with_nav": L("Agreed with NAV"),
    "occurred_at": L("When"),
    "visibility": L("Who can see it"),
    "sensitive": L("Sensitive"),
    "body": L("Text"),
    "written_by": L("Written by"),
    "waiting_on": L("Waiting on"),
    "done_at": L("Done"),
    # mentoring
    "proposed_at": L("Proposed"),
    "mentor": L("Mentor"),
    "intro_starts_at": L("Intro meeting"),
    "intro_place": L("Intro meeting place"),
    "your_answer": L("Your answer"),
    "decline_reason": L("Reason"),
    "decline_text": L("In words"),
    "ends_on": L("Ends"),
    "ended_at": L("Ended"),
    "history": L("History"),
    "goal": L("Goal"),
    "progress": L("Progress"),
    "held_on": L("Date"),
    "shared_notes": L("Notes you both see"),
    "your_private_note": L("Your private note"),
    "your_messages": L("Your messages"),
    "sent_at": L("Sent"),
    "message": L("Message"),
    "your_checkins": L("Your check-ins"),
    "month": L("Month"),
    "good_fit": L("A good fit"),
    "comment": L("Comment"),
    "your_evaluation": L("Your evaluation"),
    "rating": L("Rating"),
    "goals_met": L("Most important goal reached"),
    "employer_name": L("Employer"),
    # events
    "event": L("Event"),
    "date": L("Date"),
    "venue": L("NAV office"),
    "looking_for": L("What you look for"),
    "experience": L("Experience"),
    "needs_interpreter": L("Interpreter needed (language)"),
    "needs_accessibility": L("Accessibility needs"),
    "advisor_attends": L("The advisor comes along"),
    "consent_at": L("Consent to share the profile given"),
    "checked_in_at": L("Checked in"),
    "no_show": L("Did not come"),
    "wishes": L("Your wishes"),
    "rank": L("Rank"),
    "vetoes": L("Pairs that should not meet"),
    "side": L("Whose"),
    "interested_employers": L("Employers interested in you"),
    "interviews": L("Interviews"),
    "feedback": L("Feedback"),
    "motivation": L("Motivation"),
    "communication": L("Communication"),
    "skills": L("Relevant skills"),
    "fit": L("Fit for the workplace"),
    "strengths": L("Strengths"),
    "advice": L("Advice"),
    "given_at": L("Given"),
    "released_at": L("Released to you"),
    "your_reflection": L("Your reflection"),
    "offer": L("Offer"),
    # network, e-mail, log
    "questions": L("Your questions"),
    "asked_at": L("Asked"),
    "detail": L("Detail"),
    "hidden": L("Hidden by a coordinator"),
    "answered_at": L("Answered"),
    "answer": L("Your answer"),
    "meetups": L("Meetups"),
    "meetup": L("Meetup"),
    "attended": L("Attended"),
    "subject": L("Subject"),
    "queued_at": L("Queued"),
    "what": L("What"),
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


def label(key: str) -> str:
    return str(LABELS.get(key, key))


def _scalar(value, path: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = CHOICES.get(path)
    if choices is not None and value in choices:
        return str(choices[value])
    if isinstance(value, str) and ISO_DATE.match(value):
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(value, str) and ISO_DATETIME.match(value):
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return date_format(moment, "SHORT_DATETIME_FORMAT")
    return str(value)


def value_text(value, path: str) -> str:
    if isinstance(value, list):
        return ", ".join(_scalar(v, path) for v in value) or "—"
    if isinstance(value, dict):  # a small description such as {organisation, role}
        return " · ".join(_scalar(v, f"{path}.{k}") for k, v in value.items() if v not in (None, "")) or "—"
    return _scalar(value, path)


def _flat(item: dict) -> bool:
    def simple(v) -> bool:
        return not isinstance(v, dict | list)

    return all(
        simple(v)
        or (isinstance(v, list) and all(simple(x) for x in v))
        or (isinstance(v, dict) and all(simple(x) for x in v.values()))
        for v in item.values()
    )


def _table(title: str, items: list[dict], path: str) -> Table:
    keys = list(dict.fromkeys(k for item in items for k in item))
    return Table(
        title,
        [label(k) for k in keys],
        [[value_text(item.get(k), f"{path}.{k}") for k in keys] for item in items],
    )


def _items(title: str, items: list[dict], path: str) -> Block:
    key = ITEM_TITLE.get(path)
    children = [
        _block(value_text(item.get(key), f"{path}.{key}") if key else f"{title} {n}", item, path)
        for n, item in enumerate(items, start=1)
    ]
    return Block(title, children=children)


def _block(title: str, data: dict, path: str) -> Block:
    block = Block(title)
    for key, value in data.items():
        sub = f"{path}.{key}"
        if isinstance(value, dict) and (len(value) > 2 or not _flat({key: value})):
            block.children.append(_block(label(key), value, sub))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            if all(_flat(v) for v in value):
                block.tables.append(_table(label(key), value, sub))
            else:
                block.children.append(_items(label(key), value, sub))
        else:
            block.rows.append((label(key), value_text(value, sub)))
    return block


def sections(data: dict) -> list[Block]:
    """The copy as blocks, one per section, in the reader's current language."""
    result = []
    for key in SECTIONS:
        value = data[key]
        if isinstance(value, dict):
            result.append(_block(label(key), value, key))
        elif isinstance(value, list) and value and all(_flat(v) for v in value):
            result.append(Block(label(key), tables=[_table("", value, key)]))
        elif isinstance(value, list) and value:
            result.append(_items(label(key), value, key))
        else:
            result.append(Block(label(key), rows=[("", _("Nothing recorded."))]))
    return result
