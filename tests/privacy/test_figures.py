"""Erasure anonymises rows and deletes none, so every figure in the results table and the recruitment
reports is exactly what it was before."""

import datetime

import pytest
from django.utils import timezone

from kobling.core.models import Occupation
from kobling.privacy import services
from kobling.programmes.models import Enrolment
from kobling.recruitment import services as recruitment
from kobling.recruitment.models import FeedbackOutcome, Offer
from kobling.recruitment.reports import figures as reports
from kobling.reports.results import results_for
from tests.fixtures.recruitment import give

pytestmark = pytest.mark.django_db


def all_results(seed):  # noqa: F811
    return [
        results_for(programme=seed.programme).as_dict(),
        results_for(programme=seed.programme, cohort=seed.cohort_a).as_dict(),
        results_for(programme=seed.programme, cohort=seed.cohort_b).as_dict(),
        results_for(
            programme=seed.programme, date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 2, 1)
        ).as_dict(),
    ]


def test_the_results_table_is_the_same_after_erasing_people(seed, admin):  # noqa: F811
    before = all_results(seed)
    assert before[0]["total"] == 30
    erased = [seed.jobs[0], seed.jobs[-1], seed.dropouts[0], seed.dropouts[-1], *seed.not_started[:3]]
    for enrolment in erased:
        services.participant_erase(actor=admin, participant=enrolment.participant)
    assert Enrolment.objects.filter(pk__in=[e.pk for e in erased], participant__first_name="—").count() == 7
    assert all_results(seed) == before


def test_the_recruitment_reports_are_the_same_after_erasing_candidates(
    world,  # noqa: F811
    employer,
    coordinator,
    admin,
    nav_office,
):
    event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.JOB_OFFER)
    give(employer, interviews["bilal_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    job = Offer.objects.get(kind="job")
    recruitment.offer_accept(
        actor=coordinator,
        offer=job,
        start_date=timezone.localdate() - datetime.timedelta(days=31),
        occupation=Occupation.objects.get(code="2512"),
    )
    recruitment.check_answer(actor=coordinator, check=job.checks.get(days=30), answer=True)

    def figures():
        return (
            reports.event_report(event),
            reports.series_report(nav_office),
            reports.employers_report(nav_office),
        )

    before = figures()
    assert before[0].offers == {"job": 1, "practice": 1} and before[1].people.job == 1
    for name in ("amina_bolge", "bilal_bolge", "jonas_bolge"):
        services.participant_erase(actor=admin, participant=interviews[name].candidate.participant)
    after = figures()
    assert after[0] == before[0]
    assert (after[1].total, after[1].people) == (before[1].total, before[1].people)
    assert after[2] == before[2]
