"""The factors derived from the real records, and the engine's answer on them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kobling.insights.analysis import insight_for
from kobling.insights.factors import FACTOR_NAMES, cefr_number, longest_run, outcome_of, rows_for
from kobling.programmes.models import AttendanceRecord, Enrolment, Meeting, Placement

M = AttendanceRecord.Mark


def test_cefr_levels_are_ordinal_and_unknown_is_none():
    assert [cefr_number(x) for x in ("A1", "B2", "C2", "native", "", None)] == [1, 4, 6, 7, None, None]


def test_the_longest_run_counts_only_unexcused_absences_in_a_row():
    marks = [
        M.UNEXCUSED,
        M.UNEXCUSED,
        M.PRESENT,
        M.UNEXCUSED,
        M.EXCUSED,
        M.UNEXCUSED,
        M.UNEXCUSED,
        M.UNEXCUSED,
    ]
    assert longest_run(marks) == 3
    assert longest_run([]) == 0


def test_the_outcome_comes_from_the_recorded_outcome_else_the_status():
    assert outcome_of("it_job", "completed") == "it_job"
    assert outcome_of(None, "participating") == "participating"
    assert outcome_of(None, "broken_off") == "dropped_out"
    assert outcome_of(None, "completed") == "other"


def test_the_seed_gives_one_row_per_started_enrolment_with_each_factor(seed, coordinator, employer_org):
    first = seed.jobs[0]
    start = seed.cohort_a.start_date
    for offset, mark in enumerate([M.PRESENT, M.UNEXCUSED, M.UNEXCUSED, M.LATE]):
        AttendanceRecord.objects.create(
            enrolment=first, day=start + datetime.timedelta(days=offset), mark=mark
        )
    Placement.objects.create(
        enrolment=first, kind=Placement.Kind.PRACTICE, host=employer_org, start_date=start
    )
    Meeting.objects.create(
        enrolment=first,
        kind=Meeting.Kind.STATUS,
        starts_at=seed.starts[seed.cohort_a] + datetime.timedelta(days=14),
        place="NAV",
    )
    Enrolment.objects.filter(pk=first.pk).update(cv_done_on=start)
    rows = rows_for(Enrolment.objects.filter(programme=seed.programme))
    assert len(rows.ids) == 30 and set(rows.values) == set(FACTOR_NAMES)
    assert sorted(set(rows.outcomes)) == ["dropped_out", "it_job", "other_job"]
    at = rows.ids.index(first.pk)
    values = {name: rows.values[name][at] for name in FACTOR_NAMES}
    assert values["attendance_rate"] == 0.5 and values["longest_absence"] == 2
    assert values["work_practice"] and values["cv_done"] and values["early_advisor_contact"]
    assert values["norwegian_level"] == 4 and values["english_level"] == 3  # the interview: B2, B1
    assert values["intake_score"] is not None and values["profile_type"] == "technical"
    assert values["source"] == "referral" and values["age"] is None
    other = rows.ids.index(seed.jobs[1].pk)
    assert rows.values["attendance_rate"][other] is None and not rows.values["work_practice"][other]
    assert not rows.values["early_advisor_contact"][other]


def test_the_health_barrier_is_never_a_factor():
    assert not any("health" in name for name in FACTOR_NAMES)


def test_the_queries_do_not_grow_with_the_scope(seed):
    with CaptureQueriesContext(connection) as queries:
        rows_for(Enrolment.objects.filter(programme=seed.programme))
    assert len(queries) <= 8


def test_the_seed_runs_through_the_engine_and_suppresses_small_groups(seed):
    with translation.override("en"):
        insight = insight_for(Enrolment.objects.filter(programme=seed.programme))
    assert not insight.too_few and insight.finished == 30 and insight.n == 30
    assert insight.dropout_rate == pytest.approx(11 / 30, abs=0.001)
    for finding in insight.findings:
        if finding.small:
            assert finding.n is None and finding.rate is None and finding.ratio is None
        else:
            assert finding.n >= 5
    assert insight.summary[-1].startswith("These are associations")


def test_fewer_than_twenty_finished_people_is_too_few(programme):
    insight = insight_for(Enrolment.objects.filter(programme=programme))
    assert insight.too_few and insight.n == 0
