"""The "what works" page in a real browser on a phone: the forest plot fits 360 px and passes axe."""

import datetime

import pytest
from django.urls import reverse

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.programmes.models import Enrolment
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _occupations(db):
    if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
        load_occupations(Occupation)


def test_the_forest_plot_page_fits_a_phone_and_passes_axe(phone_page, seed, coordinator):
    with_cv = [enrolment.pk for enrolment in seed.jobs[:15] + seed.dropouts[:2]]
    Enrolment.objects.filter(pk__in=with_cv).update(cv_done_on=datetime.date(2024, 3, 1))
    log_in(phone_page, coordinator)
    response = phone_page.goto(reverse("insights_programme", args=[seed.programme.slug]))
    assert response.status == 200
    assert phone_page.locator("svg.results-chart").first.is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone_page) == []
