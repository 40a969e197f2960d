"""What /api/v1 reads and writes. Never the national id, the health barrier or a sensitive timeline
entry: the API leaves out what the web shows only to some roles, whatever the token's user may read."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, create_model

from kobling.people.models import PROFILE_FIELDS


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store or compare text holding a NUL character; no one types one.
    if "\x00" in value:
        raise ValueError("A NUL character is not allowed.")
    return value


# Every text the API takes in.
Text = Annotated[str, AfterValidator(_no_nul)]

# The record's fields the API reads and writes: the profile (people.models.PROFILE_FIELDS) less the
# national id, the health barrier and who follows the person at NAV (set on the web).
PROFILE = [
    f for f in PROFILE_FIELDS if f not in {"national_id", "barrier_health", "advisor", "referring_office"}
]


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The schema of one page of a list (what `pagination.page` answers), named `name` in the OpenAPI
    document: the rows as `item` under `items`, and the cursor of the next page (None at the end)."""
    return create_model(name, __base__=Schema, items=(list[item], ...), next_cursor=(str | None, ...))


class Language(Schema):
    language: Text = Field(description="ISO 639 code, e.g. `no`, `en`, `ar`")
    level: Text = Field(description="CEFR level (A1…C2) or `native`")


class ParticipantOut(Schema):
    id: int
    organisation: int = Field(alias="organisation_id")
    first_name: str
    last_name: str
    email: str
    phone: str
    birth_year: int | None
    region: str
    municipality: str
    preferred_language: str
    education_level: str
    education_field: str
    education_completed: bool
    education_abroad: bool
    it_evidence: list[str]
    it_interest_notes: str
    work_experience: str
    nav_user: bool
    immigrant: bool
    neet: bool
    barrier_income: bool
    barrier_housing: bool
    barrier_childcare: bool
    source: str
    languages: list[Language]
    target_occupations: list[str] = Field(description="STYRK-08 unit group codes")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    last_activity_at: datetime.datetime | None
    next_meeting_at: datetime.datetime | None

    @staticmethod
    def resolve_languages(obj):
        return [{"language": lang.language, "level": lang.level} for lang in obj.languages.all()]

    @staticmethod
    def resolve_target_occupations(obj):
        return [o.code for o in obj.target_occupations.all()]

    @staticmethod
    def resolve_it_evidence(obj):
        return [str(value) for value in obj.it_evidence or []]


class ParticipantPatch(Schema):
    """Only the fields sent change; the rest stay as they are."""

    first_name: Text | None = None
    last_name: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    birth_year: int | None = None
    region: Text | None = None
    municipality: Text | None = None
    preferred_language: Text | None = None
    education_level: Text | None = None
    education_field: Text | None = None
    education_completed: bool | None = None
    education_abroad: bool | None = None
    it_evidence: list[Text] | None = None
    it_interest_notes: Text | None = None
    work_experience: Text | None = None
    nav_user: bool | None = None
    immigrant: bool | None = None
    neet: bool | None = None
    barrier_income: bool | None = None
    barrier_housing: bool | None = None
    barrier_childcare: bool | None = None
    languages: list[Language] | None = None
    target_occupations: list[Text] | None = Field(None, description="STYRK-08 unit group codes")


class ParticipantIn(ParticipantPatch):
    first_name: Text
    last_name: Text
    programme: Text | None = Field(None, description="The slug of a programme to apply the person to")


ParticipantPage = page_of(ParticipantOut, "ParticipantPage")


class EnrolmentOut(Schema):
    id: int
    participant: int = Field(alias="participant_id")
    programme: str = Field(description="The programme's slug")
    cohort: int | None = Field(alias="cohort_id")
    status: str
    status_since: datetime.datetime
    created_at: datetime.datetime

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug


EnrolmentPage = page_of(EnrolmentOut, "EnrolmentPage")


class StatusIn(Schema):
    status: Text
    reason: Text = ""
    reason_text: Text = ""


class TimelineOut(Schema):
    id: int
    participant: int = Field(alias="participant_id")
    kind: str
    visibility: str
    title: str
    body: str
    occurred_at: datetime.datetime
    created_at: datetime.datetime


TimelinePage = page_of(TimelineOut, "TimelinePage")


class TimelineIn(Schema):
    kind: Text = "note"
    visibility: Text = "nav"
    title: Text
    body: Text = ""
    occurred_at: datetime.datetime | None = None


class Mark(Schema):
    enrolment: int
    mark: Text = Field(description="present, late, excused or unexcused")


class AttendanceIn(Schema):
    day: datetime.date
    marks: list[Mark]


class AttendanceOut(Schema):
    cohort: int
    day: datetime.date
    saved: int
    alerted: list[int] = Field(description="Enrolments whose run of unexcused absences set off an alert")


class OutcomeIn(Schema):
    result: Text = Field(description="job, education, other or dropped_out")
    completed: bool = Field(True, description="For a participating person: finished, or left before the end")
    occupation: Text | None = Field(None, description="STYRK-08 unit group code (for a job)")
    employer: int | None = Field(None, description="An employer organisation's id (for a job)")
    employer_name: Text = ""
    start_date: datetime.date | None = None
    dropout_reason: Text = ""
    note: Text = ""


class OutcomeOut(Schema):
    id: int
    enrolment: int = Field(alias="enrolment_id")
    kind: str
    occupation: str | None = Field(alias="occupation_id")
    start_date: datetime.date
    enrolment_status: str

    @staticmethod
    def resolve_enrolment_status(obj):
        return obj.enrolment.status


class EventOut(Schema):
    id: int
    title: str
    description: str
    status: str
    date: datetime.date
    starts_at: str = Field(description="Oslo time, HH:MM", pattern=r"^\d\d:\d\d$")
    ends_at: str = Field(description="Oslo time, HH:MM", pattern=r"^\d\d:\d\d$")
    address: str
    venue: int = Field(alias="venue_id")
    candidate_deadline: datetime.date
    employer_deadline: datetime.date
    created_at: datetime.datetime

    @staticmethod
    def resolve_starts_at(obj):
        return obj.starts_at.strftime("%H:%M")

    @staticmethod
    def resolve_ends_at(obj):
        return obj.ends_at.strftime("%H:%M")


EventPage = page_of(EventOut, "EventPage")


class RegistrationOut(Schema):
    id: int
    event: int = Field(alias="event_id")
    participant: int = Field(alias="participant_id")
    state: str
    created_at: datetime.datetime


RegistrationPage = page_of(RegistrationOut, "RegistrationPage")


class RegistrationIn(Schema):
    participant: int
    looking_for: Text
    experience: Text = ""
    languages: Text = ""
    advisor_attends: bool = False


class FeedbackIn(Schema):
    motivation: int = Field(description="1–5")
    communication: int = Field(description="1–5")
    skills: int = Field(description="1–5")
    fit: int = Field(description="1–5")
    strengths: Text = ""
    advice: Text = ""
    outcome: Text


class FeedbackOut(Schema):
    id: int
    interview: int = Field(alias="interview_id")
    outcome: str
    released: bool
    updated_at: datetime.datetime

    @staticmethod
    def resolve_released(obj):
        return obj.released_at is not None
