"""The engine's table from the real records: one row per enrolment that started, the factors Kobling
stores, and the outcome.

The scope is the enrolments of the given programmes whose status is one a person reaches by starting
(`reports.results.STARTED`: participating, left, completed, broken off). Every factor is derived from
the records as below; an empty value (`None` / NaN) means unknown, never "no".

Factor (kind): how it is derived.

- `intake_score` (numeric): the intake interview's weighted score (0–100).
- `profile_type` (categorical): the intake interview's profile type.
- `it_evidence` (boolean): the record names at least one kind of documented IT interest.
- `norwegian_level`, `english_level` (numeric): the CEFR level as an ordinal (A1 = 1 … C2 = 6, mother
  tongue = 7): the intake interview's level, else the record's language (`no`/`nb`/`nn`, `en`).
- `barrier_income`, `barrier_housing`, `barrier_childcare` (boolean): the record's barriers.
- `attendance_rate` (numeric): present or late over all attendance marks of the enrolment (unknown
  without marks).
- `longest_absence` (numeric): the longest run of unexcused absences in a row, over the marked days
  (unknown without marks).
- `certifications_passed` (numeric): distinct certifications with a passed attempt.
- `cv_done`, `mock_interview` (boolean): the enrolment's "CV done" / "mock interview done" dates are set.
- `work_practice` (boolean): a placement as work practice, internship or hire-out (a job placement is
  an outcome, not a factor).
- `mentor` (boolean): the person has an active or completed mentor pair (in any programme).
- `source` (categorical): how the person came (referred by NAV, applied, registered by the provider).
- `age` (numeric): the year the enrolment was made minus the birth year.
- `early_advisor_contact` (boolean): the person has a NAV advisor and a meeting (a status or dialogue
  meeting, to which the advisor is invited) from a week before to EARLY_WEEKS weeks after the start
  (the cohort's start date, else the day the enrolment was made).
- `group_age_spread` (numeric): the standard deviation of the ages in the person's cohort (unknown
  without a cohort or with fewer than 2 known ages).

The health barrier is special category data (GDPR art. 9) that instructors may not read, and the
page is shown to the whole provider team, so it is left out of the analysis altogether.

The outcome: the recorded Outcome's kind (it_job, other_job, education, other, dropped_out); without
one, `participating` while the status is participating, `dropped_out` when broken off, and `other`
when the person completed or left without a recorded outcome (as the results table counts them).

Every query here reads whole columns for the scope (a fixed number of queries, whatever its size).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.db.models import Count
from django.utils import timezone

from kobling.mentoring.models import Mentorship
from kobling.outcomes.table import (
    BOOLEAN,
    CATEGORICAL,
    MIN_FINISHED,
    NUMERIC,
    OUTCOMES,
    PARTICIPATING,
    Factor,
    InputError,
    Table,
)
from kobling.people.models import CEFR_ORDER, ParticipantLanguage
from kobling.programmes.models import (
    AttendanceRecord,
    CertificationAttempt,
    Meeting,
    Placement,
    Status,
)
from kobling.reports.results import STARTED

EARLY_WEEKS = 6
NORWEGIAN = ("no", "nb", "nn")
PRACTICE = (Placement.Kind.PRACTICE, Placement.Kind.INTERNSHIP, Placement.Kind.HIRE_OUT)
PAIRED = (Mentorship.State.ACTIVE, Mentorship.State.COMPLETED)
BOOLEAN_FACTORS = (
    "it_evidence",
    "barrier_income",
    "barrier_housing",
    "barrier_childcare",
    "cv_done",
    "mock_interview",
    "work_practice",
    "mentor",
    "early_advisor_contact",
)
CATEGORICAL_FACTORS = ("profile_type", "source")
NUMERIC_FACTORS = (
    "intake_score",
    "norwegian_level",
    "english_level",
    "attendance_rate",
    "longest_absence",
    "certifications_passed",
    "age",
    "group_age_spread",
)
FACTOR_NAMES = (
    "intake_score",
    "profile_type",
    "it_evidence",
    "norwegian_level",
    "english_level",
    "barrier_income",
    "barrier_housing",
    "barrier_childcare",
    "attendance_rate",
    "longest_absence",
    "certifications_passed",
    "cv_done",
    "mock_interview",
    "work_practice",
    "mentor",
    "source",
    "age",
    "early_advisor_contact",
    "group_age_spread",
)
FIELDS = (
    "pk",
    "status",
    "created_at",
    "cv_done_on",
    "mock_interview_on",
    "cohort_id",
    "cohort__start_date",
    "outcome__kind",
    "interview__score",
    "interview__profile_type",
    "interview__norwegian_level",
    "interview__english_level",
    "participant_id",
    "participant__it_evidence",
    "participant__birth_year",
    "participant__barrier_income",
    "participant__barrier_housing",
    "participant__barrier_childcare",
    "participant__advisor_id",
    "participant__source",
)


@dataclass
class Rows:
    """The scope's rows: enrolment ids, outcomes and each factor's values (None = unknown)."""

    ids: list[int] = field(default_factory=list)
    participants: list[int] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    values: dict[str, list] = field(default_factory=lambda: {name: [] for name in FACTOR_NAMES})


def cefr_number(level: str | None) -> float | None:
    """A CEFR level as an ordinal number (A1 = 1 … C2 = 6, mother tongue = 7), None when unknown."""
    return float(CEFR_ORDER.index(level) + 1) if level in CEFR_ORDER else None


def outcome_of(kind: str | None, status: str) -> str:
    """The engine's outcome word for an enrolment (see the module docstring)."""
    if kind:
        return kind
    if status == Status.PARTICIPATING:
        return "participating"
    return "dropped_out" if status == Status.BROKEN_OFF else "other"


def longest_run(marks: Iterable[str]) -> int:
    """The longest run of unexcused absences in a row."""
    best = run = 0
    for mark in marks:
        run = run + 1 if mark == AttendanceRecord.Mark.UNEXCUSED else 0
        best = max(best, run)
    return best


def attendance(enrolments) -> dict[int, tuple[float, int]]:
    """Per enrolment: (share present or late, longest run of unexcused absences)."""
    marks: dict[int, list[str]] = defaultdict(list)
    rows = (
        AttendanceRecord.objects.filter(enrolment_id__in=enrolments)
        .order_by("enrolment_id", "day")
        .values_list("enrolment_id", "mark")
    )
    for enrolment, mark in rows.iterator(chunk_size=20_000):
        marks[enrolment].append(mark)
    present = {AttendanceRecord.Mark.PRESENT, AttendanceRecord.Mark.LATE}
    return {
        enrolment: (sum(mark in present for mark in day_marks) / len(day_marks), longest_run(day_marks))
        for enrolment, day_marks in marks.items()
    }


def languages(participants) -> dict[tuple[int, str], str]:
    """The record's Norwegian and English levels: (participant, "no" | "en") → CEFR level."""
    rows = ParticipantLanguage.objects.filter(
        participant_id__in=participants, language__in=(*NORWEGIAN, "en")
    ).values_list("participant_id", "language", "level")
    return {(person, "en" if code == "en" else "no"): level for person, code, level in rows}


def early_meetings(enrolments, starts: dict[int, date]) -> set[int]:
    """The enrolments with a meeting within EARLY_WEEKS weeks after their start."""
    found: set[int] = set()
    rows = Meeting.objects.filter(enrolment_id__in=enrolments).values_list("enrolment_id", "starts_at")
    for enrolment, starts_at in rows.iterator(chunk_size=20_000):
        start = starts[enrolment]
        day = timezone.localdate(starts_at)
        if start - timedelta(weeks=1) <= day <= start + timedelta(weeks=EARLY_WEEKS):
            found.add(enrolment)
    return found


def age_spreads(ages: dict[int, list[float]]) -> dict[int, float]:
    """Per cohort, the standard deviation of its members' known ages (2 or more)."""
    return {cohort: float(np.std(values)) for cohort, values in ages.items() if len(values) >= 2}


def scope_of(enrolments):
    """The started enrolments of a queryset: the scope every factor reads (as a subquery, so the
    lookups never send the database a list of 100,000 ids)."""
    return enrolments.filter(status__in=STARTED).order_by()


@dataclass
class Lookups:
    """What the factors read beside the enrolment rows, one query each."""

    attendance: dict[int, tuple[float, int]]
    languages: dict[tuple[int, str], str]
    met_early: set[int]
    passed: dict[int, int]
    practice: set[int]
    paired: set[int]
    ages: dict[int, float | None]
    spreads: dict[int, float]


def lookups(records: list[dict], scope) -> Lookups:
    """Attendance, languages, meetings, certifications, placements, pairs and ages of the scope."""
    ids = scope.values("pk")
    people = scope.values("participant_id")
    starts = {r["pk"]: r["cohort__start_date"] or timezone.localdate(r["created_at"]) for r in records}
    passed = (
        CertificationAttempt.objects.filter(enrolment_id__in=ids, state=CertificationAttempt.State.PASSED)
        .order_by()
        .values_list("enrolment_id")
        .annotate(n=Count("certification_id", distinct=True))
    )
    practice = Placement.objects.filter(enrolment_id__in=ids, kind__in=PRACTICE)
    paired = Mentorship.objects.filter(mentee__enrolment__participant_id__in=people, state__in=PAIRED)
    ages = {r["pk"]: age_of(r) for r in records}
    cohort_ages: dict[int, list[float]] = defaultdict(list)
    for record in records:
        if record["cohort_id"] and ages[record["pk"]] is not None:
            cohort_ages[record["cohort_id"]].append(ages[record["pk"]])
    return Lookups(
        attendance=attendance(ids),
        languages=languages(people),
        met_early=early_meetings(ids, starts),
        passed=dict(passed),
        practice=set(practice.values_list("enrolment_id", flat=True)),
        paired=set(paired.values_list("mentee__enrolment__participant_id", flat=True)),
        ages=ages,
        spreads=age_spreads(cohort_ages),
    )


def derive(record: dict, found: Lookups) -> dict:
    """The factors of one enrolment (see the module docstring)."""
    pk, person = record["pk"], record["participant_id"]
    rate, run = found.attendance.get(pk, (None, None))
    score = record["interview__score"]
    return {
        "intake_score": float(score) if score is not None else None,
        "profile_type": record["interview__profile_type"] or None,
        "it_evidence": bool(record["participant__it_evidence"]),
        "norwegian_level": cefr_number(
            record["interview__norwegian_level"] or found.languages.get((person, "no"))
        ),
        "english_level": cefr_number(
            record["interview__english_level"] or found.languages.get((person, "en"))
        ),
        "barrier_income": record["participant__barrier_income"],
        "barrier_housing": record["participant__barrier_housing"],
        "barrier_childcare": record["participant__barrier_childcare"],
        "attendance_rate": rate,
        "longest_absence": float(run) if run is not None else None,
        "certifications_passed": float(found.passed.get(pk, 0)),
        "cv_done": record["cv_done_on"] is not None,
        "mock_interview": record["mock_interview_on"] is not None,
        "work_practice": pk in found.practice,
        "mentor": person in found.paired,
        "source": record["participant__source"] or None,
        "age": found.ages[pk],
        "early_advisor_contact": bool(record["participant__advisor_id"]) and pk in found.met_early,
        "group_age_spread": found.spreads.get(record["cohort_id"]),
    }


def rows_for(enrolments) -> Rows:
    """The factors and outcomes of the started enrolments of `enrolments` (a queryset)."""
    scope = scope_of(enrolments)
    records = list(scope.order_by("pk").values(*FIELDS))
    found = lookups(records, scope)
    rows = Rows(ids=[r["pk"] for r in records], participants=[r["participant_id"] for r in records])
    for record in records:
        derived = derive(record, found)
        for name in FACTOR_NAMES:
            rows.values[name].append(derived[name])
        rows.outcomes.append(outcome_of(record["outcome__kind"], record["status"]))
    return rows


def age_of(record: dict) -> float | None:
    """The age in the enrolment's year, None without a birth year."""
    born = record["participant__birth_year"]
    return float(timezone.localdate(record["created_at"]).year - born) if born else None


def factor_of(name: str, values: list, numeric: bool = False) -> Factor:
    """One engine factor column from a list of values (None = unknown); `numeric` for a factor not
    named in NUMERIC_FACTORS (the intake questions)."""
    if numeric or name in NUMERIC_FACTORS:
        column = np.array([math.nan if v is None else float(v) for v in values], dtype=np.float64)
        return Factor(name, NUMERIC, [], values=column)
    if name in BOOLEAN_FACTORS:
        codes = np.array([-1 if v is None else (0 if v else 1) for v in values], dtype=np.int32)
        return Factor(name, BOOLEAN, ["yes", "no"], codes=codes)
    levels = sorted({v for v in values if v is not None})
    index = {level: code for code, level in enumerate(levels)}
    codes = np.array([-1 if v is None else index[v] for v in values], dtype=np.int32)
    return Factor(name, CATEGORICAL, levels, codes=codes)


def table_of(rows: Rows, numeric: Iterable[str] = ()) -> Table:
    """The engine's table of every factor in `rows` (`numeric` names more numeric factors);
    InputError when fewer than MIN_FINISHED people have finished."""
    outcomes = np.array([OUTCOMES.index(word) for word in rows.outcomes], dtype=np.int8)
    finished = int(np.count_nonzero(outcomes != PARTICIPATING))
    if finished < MIN_FINISHED:
        raise InputError(f"only {finished} finished people; at least {MIN_FINISHED} are needed")
    numeric = set(numeric)
    factors = [factor_of(name, values, name in numeric) for name, values in rows.values.items()]
    return Table(ids=[str(pk) for pk in rows.ids], outcomes=outcomes, factors=factors)
