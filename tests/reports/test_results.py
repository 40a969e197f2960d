"""The results table, the funnel, time to job and employment held, computed from the history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kobling.programmes.models import Cohort, Outcome, OutcomeFollowUp, Programme, Status
from kobling.programmes.services import enrolment_change_status
from kobling.reports.results import ROW_KEYS, results_for
from tests.conftest import make_participant
from tests.fixtures.reports import journey, oslo, started_journey

S = Status
K = Outcome.Kind


def table(results):
    return {r.key: (r.count, r.share) for r in results.rows}


def test_the_seed_pilot_gives_the_published_table(seed):
    results = results_for(programme=seed.programme)
    assert results.total == 30
    assert table(results) == {
        "it_job": (11, 0.367),
        "other_job": (8, 0.267),
        "education": (0, 0.0),
        "other": (0, 0.0),
        "dropped_out": (11, 0.367),
        "participating": (0, 0.0),
    }
    assert [r.key for r in results.rows] == list(ROW_KEYS)
    assert not results.small and not any(r.small for r in results.rows)


def test_dropout_reasons_are_broken_down_as_shares_of_those_who_dropped_out(seed):
    reasons = {r.key: (r.count, r.of, r.share) for r in results_for(programme=seed.programme).reasons}
    assert reasons == {
        "leave": (2, 11, 0.182),
        "motivation": (4, 11, 0.364),
        "health": (3, 11, 0.273),
        "other": (2, 11, 0.182),
    }


def test_the_funnel_counts_each_stage_reached_at_any_time_not_only_the_current_status(seed):
    funnel = {f.key: f.count for f in results_for(programme=seed.programme).funnel}
    # 30 started + 4 declined after an interview + 2 declined at once + 3 waiting list + 2 accepted.
    assert funnel == {
        "referred": 41,
        "screened": 39,
        "accepted": 32,
        "started": 30,
        "completed": 15,
        "in_job": 19,
    }


def test_the_funnel_shares_are_of_those_referred_and_name_where_people_came_from(seed):
    results = results_for(programme=seed.programme)
    assert [f.share for f in results.funnel] == [1.0, 0.951, 0.78, 0.732, 0.366, 0.463]
    assert results.sources == {"referral": 41, "application": 0, "registered": 0}


def test_an_intake_interview_alone_counts_as_screened(seed, provider, coordinator):
    from kobling.programmes.models import IntakeInterview

    enrolment = make_participant(
        provider, first="Ny", last="Søker", programme=seed.programme, actor=coordinator
    ).enrolments.get()
    IntakeInterview.objects.create(
        enrolment=enrolment, score=50, profile_type="technical", recommended_path="support"
    )
    funnel = {f.key: f.count for f in results_for(programme=seed.programme).funnel}
    assert (funnel["referred"], funnel["screened"]) == (42, 40)


def test_the_median_time_to_job_is_counted_from_the_first_start(seed):
    results = results_for(programme=seed.programme)
    assert (results.median_days_to_job, results.jobs_timed) == (120.0, 19)


def test_the_median_of_an_even_number_of_jobs_is_the_mean_of_the_middle_two(seed):
    # Cohort A holds the jobs with an even index: 30, 60, 75, 90, 110, 130, 150, 170, 190, 210 days.
    results = results_for(programme=seed.programme, cohort=seed.cohort_a)
    assert (results.median_days_to_job, results.jobs_timed) == (120.0, 10)
    results = results_for(programme=seed.programme, cohort=seed.cohort_b)
    assert (results.median_days_to_job, results.jobs_timed) == (120.0, 9)


def test_employment_held_counts_only_answered_follow_ups_and_flags_small_numbers(seed):
    retention = {r.months: r for r in results_for(programme=seed.programme).retention}
    six, twelve = retention[6], retention[12]
    assert (six.held.count, six.held.of, six.held.share, six.held.small, six.unanswered) == (
        12,
        15,
        0.8,
        False,
        4,
    )
    assert (twelve.held.count, twelve.held.of, twelve.held.share, twelve.held.small) == (3, 4, 0.75, True)


def test_a_cohort_filter_counts_only_that_cohort(seed):
    a = results_for(programme=seed.programme, cohort=seed.cohort_a)
    b = results_for(programme=seed.programme, cohort=seed.cohort_b)
    assert (a.total, b.total) == (16, 14)
    assert table(a)["it_job"][0] + table(b)["it_job"][0] == 11
    assert table(a)["dropped_out"] == (6, 0.375)
    # The people who never started belong to no cohort, so the cohort's funnel starts with its own.
    assert a.funnel[0].count == 16


def test_a_period_counts_the_people_whose_first_start_falls_in_it(seed):
    january = results_for(
        programme=seed.programme, date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 1, 31)
    )
    assert january.total == 16
    spring = results_for(programme=seed.programme, date_from=datetime.date(2024, 2, 1))
    assert spring.total == 14
    until = results_for(programme=seed.programme, date_to=datetime.date(2024, 1, 8))
    assert until.total == 16


def test_the_period_is_in_oslo_time_and_includes_both_end_days(seed, provider, coordinator):
    late = make_participant(provider, first="Sen", last="Start", programme=seed.programme, actor=coordinator)
    journey(
        late.enrolments.get(),
        coordinator,
        started_journey(oslo(datetime.date(2024, 1, 31), 23, 30)),
        created=oslo(datetime.date(2024, 1, 1)),
    )
    early = make_participant(
        provider, first="Tidlig", last="Start", programme=seed.programme, actor=coordinator
    )
    journey(
        early.enrolments.get(),
        coordinator,
        started_journey(oslo(datetime.date(2024, 2, 1), 0, 10)),
        created=oslo(datetime.date(2024, 1, 1)),
    )
    january = results_for(
        programme=seed.programme, date_from=datetime.date(2024, 1, 31), date_to=datetime.date(2024, 1, 31)
    )
    assert (january.total, table(january)["participating"]) == (1, (1, 1.0))
    assert january.small and all(r.small for r in january.rows)


def test_the_funnel_in_a_period_counts_enrolments_created_in_it(seed):
    december = results_for(
        programme=seed.programme, date_from=datetime.date(2023, 12, 1), date_to=datetime.date(2023, 12, 31)
    )
    # Cohort A and the 11 who never started were referred on 9 December 2023.
    assert december.funnel[0].count == 16 + 11
    assert december.funnel[3].count == 16


def test_people_who_started_without_a_recorded_outcome_are_counted_in_other_and_named(
    seed, provider, coordinator
):
    for n, end in enumerate([S.COMPLETED, S.BROKEN_OFF, None]):
        p = make_participant(
            provider, first="Uten", last=f"Utfall{n}", programme=seed.programme, actor=coordinator
        )
        reason = "ill" if end == S.BROKEN_OFF else ""
        journey(
            p.enrolments.get(),
            coordinator,
            started_journey(oslo(datetime.date(2024, 4, 1)), end, 30, reason),
            created=oslo(datetime.date(2024, 3, 1)),
        )
    results = results_for(programme=seed.programme)
    assert results.total == 33
    assert table(results)["other"] == (2, 0.061)
    assert table(results)["participating"] == (1, 0.03)
    assert results.no_outcome_recorded == 2
    assert sum(r.count for r in results.rows) == results.total


def test_a_recorded_outcome_decides_the_row_even_while_the_person_still_participates(
    seed, provider, coordinator
):
    p = make_participant(provider, first="Fikk", last="Jobb", programme=seed.programme, actor=coordinator)
    enrolment = journey(
        p.enrolments.get(),
        coordinator,
        started_journey(oslo(datetime.date(2024, 4, 1))),
        created=oslo(datetime.date(2024, 3, 1)),
    )
    Outcome.objects.create(enrolment=enrolment, kind=K.EDUCATION, start_date=datetime.date(2024, 8, 15))
    results = results_for(programme=seed.programme)
    assert table(results)["education"] == (1, 0.032)
    assert table(results)["participating"] == (0, 0.0)


def test_rows_imported_without_the_participating_row_still_count_as_started(seed, provider, coordinator):
    from kobling.programmes.models import EnrolmentStatus

    p = make_participant(provider, first="Import", last="Ert", programme=seed.programme, actor=coordinator)
    enrolment = p.enrolments.get()
    EnrolmentStatus.objects.filter(enrolment=enrolment).update(status=S.COMPLETED)
    type(enrolment).objects.filter(pk=enrolment.pk).update(status=S.COMPLETED)
    results = results_for(programme=seed.programme)
    assert results.total == 31 and results.no_outcome_recorded == 1
    assert {f.key: f.count for f in results.funnel}["completed"] == 16


def test_an_empty_programme_gives_zeros_no_shares_and_small_flags(provider):
    empty = Programme.objects.create(organisation=provider, name="Tomt", slug="tomt", kind="course")
    results = results_for(programme=empty)
    assert results.total == 0
    assert all(r.count == 0 and r.share is None and r.small for r in results.rows)
    assert results.median_days_to_job is None and results.jobs_timed == 0
    assert [f.count for f in results.funnel] == [0] * 6
    assert results.as_dict()["rows"][0] == {"outcome": "it_job", "count": 0, "share": None}


def test_another_programmes_people_are_not_counted(seed, other_programme, other_coordinator, other_provider):
    p = make_participant(
        other_provider, first="Annen", last="Person", programme=other_programme, actor=other_coordinator
    )
    journey(
        p.enrolments.get(),
        other_coordinator,
        started_journey(oslo(datetime.date(2024, 1, 8))),
        created=oslo(datetime.date(2023, 12, 1)),
    )
    assert results_for(programme=seed.programme).total == 30
    assert results_for(programme=other_programme).total == 1


def test_a_cohort_of_another_programme_or_a_reversed_period_is_refused(seed, other_programme):
    foreign = Cohort.objects.create(
        programme=other_programme,
        name="X",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 2, 1),
        seats=3,
    )
    with pytest.raises(ValueError):
        results_for(programme=seed.programme, cohort=foreign)
    with pytest.raises(ValueError):
        results_for(
            programme=seed.programme, date_from=datetime.date(2024, 2, 1), date_to=datetime.date(2024, 1, 1)
        )


def test_the_started_statuses_are_final_so_the_current_status_tells_who_started():
    """results.py reads "ever started" and "ever referred" from the current status; that holds only
    while no transition leads out of the started statuses or back to draft."""
    from kobling.programmes.services import TRANSITIONS
    from kobling.reports.results import STARTED

    for status in STARTED:
        assert TRANSITIONS[status] <= set(STARTED), status
    for status in set(STARTED) - {S.PARTICIPATING}:
        assert {old for old, new in TRANSITIONS.items() if status in new} == {S.PARTICIPATING}, status
    assert TRANSITIONS[S.COMPLETED] == set()
    assert not any(S.DRAFT in new for new in TRANSITIONS.values())


def test_the_json_form_starts_with_programme_total_and_rows_in_order(seed):
    data = results_for(programme=seed.programme).as_dict()
    assert list(data)[:3] == ["programme", "total", "rows"]
    assert data["programme"] == "salesforce" and data["total"] == 30
    assert data["rows"] == [
        {"outcome": "it_job", "count": 11, "share": 0.367},
        {"outcome": "other_job", "count": 8, "share": 0.267},
        {"outcome": "education", "count": 0, "share": 0.0},
        {"outcome": "other", "count": 0, "share": 0.0},
        {"outcome": "dropped_out", "count": 11, "share": 0.367},
        {"outcome": "participating", "count": 0, "share": 0.0},
    ]


def test_the_report_costs_the_same_few_queries_however_many_people(seed, provider, coordinator):
    with CaptureQueriesContext(connection) as first:
        results_for(programme=seed.programme)
    for n in range(5):
        p = make_participant(
            provider, first="Flere", last=f"F{n}", programme=seed.programme, actor=coordinator
        )
        enrolment = p.enrolments.get()
        for status in (S.WAITING_START, S.PARTICIPATING):
            enrolment_change_status(enrolment=enrolment, status=status, actor=coordinator)
        Outcome.objects.create(
            enrolment=enrolment, kind=K.IT_JOB, occupation_id="2512", start_date=datetime.date.today()
        )
        OutcomeFollowUp.objects.create(
            outcome=enrolment.outcome, months=6, due=datetime.date.today(), still_employed=True
        )
    with CaptureQueriesContext(connection) as second:
        assert results_for(programme=seed.programme).total == 35
    selects = [q for q in second.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(first) == len(second) and len(selects) == 4
