"""Intake criteria against outcomes: the programme's questions through the same engine."""

import pytest
from django.urls import reverse

from kobling.insights.intake import intake_rows_for, question_labels
from kobling.insights.precompute import insight_for_scope
from kobling.programmes.intake.questions import DEFAULT_QUESTIONS
from kobling.programmes.models import Enrolment, IntakeInterview
from tests.conftest import login
from tests.fixtures.reports import ANSWERS


@pytest.fixture
def motivated(seed):
    """A planted effect: those who got a job answered motivation 5 (one in four: 3), those who
    dropped out 2 (one in four: 4); every other answer as the seed's."""
    for index, enrolment in enumerate(seed.jobs):
        answers = {**ANSWERS, "motivation": 3 if index % 4 == 0 else 5}
        IntakeInterview.objects.filter(enrolment=enrolment).update(answers=answers)
    for index, enrolment in enumerate(seed.dropouts):
        answers = {**ANSWERS, "motivation": 4 if index % 4 == 0 else 2}
        IntakeInterview.objects.filter(enrolment=enrolment).update(answers=answers)
    return seed


def test_each_question_is_a_numeric_factor_with_the_answers(motivated):
    rows = intake_rows_for(Enrolment.objects.filter(programme=motivated.programme), DEFAULT_QUESTIONS)
    assert len(rows.ids) == 30
    assert set(rows.values) == {f"question_{q['key']}" for q in DEFAULT_QUESTIONS} | {
        "intake_score",
        "profile_type",
    }
    assert sorted(set(rows.values["question_motivation"])) == [2.0, 3.0, 4.0, 5.0]


def test_the_planted_question_is_found(motivated):
    programme = motivated.programme
    insight = insight_for_scope("intake", programme.pk, question_labels(programme))
    job = {f.factor: f for f in insight.shown("job")}
    dropout = {f.factor: f for f in insight.shown("dropout")}
    assert job["question_motivation"].ratio > 1 and job["question_motivation"].q < 0.05
    assert dropout["question_motivation"].ratio < 1


def test_the_intake_page_is_for_the_providers_staff(client, coordinator, other_coordinator, motivated):
    url = reverse("insights_intake", args=[motivated.programme.slug])
    assert login(client, other_coordinator).get(url).status_code == 404
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    response = login(client, coordinator).get(url)
    assert response.status_code == 200
    assert "Motivation" in [f.label for f in response.context["insight"].shown("job")]
    assert "Intake criteria: Salesforce-kurs" in response.content.decode()
