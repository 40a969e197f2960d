"""Regression tests for what the matrix and the fuzz found, each performing the attack (the other
findings' tests live beside their apps' own tests, e.g. tests/recruitment/test_feedback.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kobling.programmes.models import Cohort
from tests.conftest import login

pytestmark = pytest.mark.django_db

TOO_BIG = "99999999999999999999999"  # beyond 64 bits: SQLite's driver cannot even compare it


def test_a_number_too_large_for_the_database_in_a_list_field_is_a_wrong_choice_not_a_500(
    client, coordinator, staff, programme
):
    login(client, coordinator)
    response = client.post(
        reverse("cohort_new", args=[programme.slug]),
        {
            "name": "Høst",
            "start_date": "2026-08-17",
            "end_date": "2026-12-18",
            "seats": "10",
            "weekdays": ["0", "1"],
            "instructors": [str(staff.pk), TOO_BIG],
            "absence_alert_after": "3",
        },
    )
    assert response.status_code == 400
    assert not Cohort.objects.exists()


def test_a_number_too_large_for_the_database_as_an_event_organiser_is_refused(
    client, market_coordinator, nav_office
):
    login(client, market_coordinator)
    response = client.post(reverse("event_new"), {"title": "Ta sjansen", "organisers": [TOO_BIG]})
    assert response.status_code == 400
    assert "organisers" in response.context["form"].errors


def test_a_nul_byte_in_an_occupation_is_refused_before_the_search(client, coordinator, participant):
    """On PostgreSQL the occupation search with a NUL in it was a 500 (mentor outcome, openings...)."""
    from kobling.core.fields import OccupationField

    field = OccupationField()
    with pytest.raises(ValidationError) as refused:
        field.clean("utvikler\x00")
    assert refused.value.code == "null_characters_not_allowed"
    login(client, coordinator)
    enrolment = participant.enrolments.get()
    response = client.post(
        reverse("outcome_new", args=[enrolment.pk]),
        {"result": "job", "occupation": "2512\x00", "employer_name": "X", "start_date": "2026-03-02"},
    )
    assert response.status_code < 500


def test_a_nul_byte_in_the_portfolio_search_finds_nothing_odd_and_is_no_500(client, advisor, participant):
    """The portfolio reads its search from the query string; on PostgreSQL a NUL in it was a 500."""
    login(client, advisor)
    response = client.get(reverse("portfolio"), {"q": f"{participant.last_name}\x00"})
    assert response.status_code == 200
    assert participant.last_name in response.content.decode()
