"""The seed-001 pilot as test data: 30 started, 11 got an IT job, 8 another job, 11 dropped out.

History goes through the real services (enrolment_create, enrolment_change_status, the intake
interview); each journey's timestamps are then moved to the dates the story needs. Outcome rows are
created directly.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from kobling.programmes.intake.services import intake_interview_record
from kobling.programmes.models import Cohort, Enrolment, Outcome, OutcomeFollowUp, Status
from kobling.programmes.services import enrolment_change_status
from tests.conftest import make_participant

S = Status
K = Outcome.Kind
R = Outcome.DropoutReason
ANSWERS = {
    "motivation": 4,
    "it_interest": 5,
    "basic_it": 3,
    "resilience": 4,
    "learning": 4,
    "collaboration": 3,
}

IT_CODES = ["2512", "3512", "2511", "3513", "2519", "2522", "3511", "2513", "2514", "2523", "3514"]
OTHER_CODES = ["4110", "5223", "9112", "4222", "5120", "8322", "4321", "5153"]
# Days from the first start to the job's first day: 19 jobs, so the median is the 10th, 120 days.
DAYS_TO_JOB = [30, 45, 60, 60, 75, 90, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210]
DROPOUTS = [
    (R.LEAVE, S.LEFT, "other", "Foreldrepermisjon"),
    (R.LEAVE, S.LEFT, "other", "Permisjon"),
    (R.MOTIVATION, S.BROKEN_OFF, "no_show", ""),
    (R.MOTIVATION, S.BROKEN_OFF, "no_show", ""),
    (R.MOTIVATION, S.BROKEN_OFF, "other", "Mistet motivasjonen"),
    (R.MOTIVATION, S.LEFT, "other", "Ville noe annet"),
    (R.HEALTH, S.BROKEN_OFF, "ill", ""),
    (R.HEALTH, S.BROKEN_OFF, "ill", ""),
    (R.HEALTH, S.LEFT, "ill", ""),
    (R.OTHER, S.BROKEN_OFF, "other_support", ""),
    (R.OTHER, S.LEFT, "other", "Flyttet"),
]


def oslo(day: datetime.date, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def journey(enrolment: Enrolment, actor, steps: list[tuple], *, created: datetime.datetime) -> Enrolment:
    """Walk the enrolment through `steps` [(status, when, reason, reason_text)] with the real service,
    then move the history rows to the given times."""
    for status, _when, reason, text in steps:
        if status == S.ASSESSING and not hasattr(enrolment, "interview"):
            intake_interview_record(
                enrolment=enrolment,
                actor=actor,
                answers=ANSWERS,
                notes={},
                norwegian_level="B2",
                english_level="B1",
                profile_type="technical",
                recommended_path="support",
            )
            continue
        enrolment_change_status(
            enrolment=enrolment, status=status, actor=actor, reason=reason, reason_text=text
        )
    rows = list(enrolment.history.order_by("valid_from", "id"))
    times = [created] + [when for _status, when, _r, _t in steps]
    assert len(rows) == len(times), "one history row per step"
    for row, start, end in zip(rows, times, [*times[1:], None], strict=True):
        row.valid_from, row.valid_to = start, end
        row.save(update_fields=["valid_from", "valid_to"])
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=created)
    enrolment.refresh_from_db()
    return enrolment


def started_journey(start: datetime.datetime, end_status=None, end_days=120, reason="", text=""):
    steps = [
        (S.ASSESSING, start - datetime.timedelta(days=20), "", ""),
        (S.WAITING_START, start - datetime.timedelta(days=10), "", ""),
        (S.PARTICIPATING, start, "", ""),
    ]
    if end_status:
        steps.append((end_status, start + datetime.timedelta(days=end_days), reason, text))
    return steps


@dataclass
class Seed:
    programme: object
    cohort_a: Cohort
    cohort_b: Cohort
    starts: dict
    jobs: list = field(default_factory=list)
    dropouts: list = field(default_factory=list)
    not_started: list = field(default_factory=list)


def person(provider, programme, coordinator, advisor, n: int, cohort=None):
    participant = make_participant(
        provider, first="P", last=f"Seed{n:03d}", advisor=advisor, programme=programme, actor=coordinator
    )
    enrolment = participant.enrolments.get()
    if cohort:
        Enrolment.objects.filter(pk=enrolment.pk).update(cohort=cohort)
        enrolment.cohort = cohort
    return enrolment


@pytest.fixture
def seed(provider, programme, coordinator, advisor):
    """Cohort A (16 people) started 8 January 2024, cohort B (14) on 4 March 2024, all referred a month
    before. Plus 11 who never started: declined after an interview (4), declined at once (2), on the
    waiting list (3) and accepted but not yet started (2)."""
    cohort_a = Cohort.objects.create(
        programme=programme,
        name="Pilot 1A",
        start_date=datetime.date(2024, 1, 8),
        end_date=datetime.date(2024, 6, 28),
        seats=16,
    )
    cohort_b = Cohort.objects.create(
        programme=programme,
        name="Pilot 1B",
        start_date=datetime.date(2024, 3, 4),
        end_date=datetime.date(2024, 8, 30),
        seats=16,
    )
    starts = {cohort_a: oslo(cohort_a.start_date), cohort_b: oslo(cohort_b.start_date)}
    result = Seed(programme, cohort_a, cohort_b, starts)
    n = 0
    # Jobs: 11 IT, 8 other; the first 15 completed, the last 4 left early for the job.
    codes = [(K.IT_JOB, c) for c in IT_CODES] + [(K.OTHER_JOB, c) for c in OTHER_CODES]
    for index, ((kind, code), days) in enumerate(zip(codes, DAYS_TO_JOB, strict=True)):
        cohort = cohort_a if index % 2 == 0 else cohort_b
        start = starts[cohort]
        enrolment = person(provider, programme, coordinator, advisor, n, cohort)
        n += 1
        end = (S.COMPLETED, "", "") if index < 15 else (S.LEFT, "got_job", "")
        journey(
            enrolment,
            coordinator,
            started_journey(start, end[0], days, end[1], end[2]),
            created=start - datetime.timedelta(days=30),
        )
        outcome = Outcome.objects.create(
            enrolment=enrolment,
            kind=kind,
            occupation_id=code,
            start_date=start.date() + datetime.timedelta(days=days),
        )
        result.jobs.append(enrolment)
        # Six-month answers for the first 15 (12 still employed), 12-month answers for 4 (3 still).
        if index < 15:
            OutcomeFollowUp.objects.create(
                outcome=outcome, months=6, due=outcome.start_date, still_employed=index not in (3, 7, 11)
            )
        else:
            OutcomeFollowUp.objects.create(outcome=outcome, months=6, due=outcome.start_date)
        if index < 4:
            OutcomeFollowUp.objects.create(
                outcome=outcome, months=12, due=outcome.start_date, still_employed=index != 2
            )
    for index, (why, status, reason, text) in enumerate(DROPOUTS):
        cohort = cohort_a if index < 6 else cohort_b
        start = starts[cohort]
        enrolment = person(provider, programme, coordinator, advisor, n, cohort)
        n += 1
        journey(
            enrolment,
            coordinator,
            started_journey(start, status, 40 + index, reason, text),
            created=start - datetime.timedelta(days=30),
        )
        Outcome.objects.create(
            enrolment=enrolment, kind=K.DROPPED_OUT, dropout_reason=why, start_date=start.date()
        )
        result.dropouts.append(enrolment)
    before_a = starts[cohort_a] - datetime.timedelta(days=30)
    never = (
        [
            [
                (S.ASSESSING, before_a + datetime.timedelta(days=5), "", ""),
                (S.NOT_RELEVANT, before_a + datetime.timedelta(days=9), "requirements", ""),
            ],
        ]
        * 4
        + [
            [(S.NOT_RELEVANT, before_a + datetime.timedelta(days=2), "no_place", "")],
        ]
        * 2
        + [
            [
                (S.ASSESSING, before_a + datetime.timedelta(days=5), "", ""),
                (S.WAITING_LIST, before_a + datetime.timedelta(days=9), "", ""),
            ],
        ]
        * 3
        + [
            [
                (S.ASSESSING, before_a + datetime.timedelta(days=5), "", ""),
                (S.WAITING_START, before_a + datetime.timedelta(days=9), "", ""),
            ],
        ]
        * 2
    )
    for steps in never:
        enrolment = person(provider, programme, coordinator, advisor, n)
        n += 1
        result.not_started.append(journey(enrolment, coordinator, steps, created=before_a))
    return result
