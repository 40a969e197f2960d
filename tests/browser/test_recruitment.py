"""Feedback, offers and the recruitment reports in a real browser: axe-core per role, and the employer's
feedback on a phone."""

import pytest
from django.urls import reverse

from kobling.recruitment.models import Feedback, Offer
from tests.browser.conftest import log_in, serious_violations
from tests.fixtures.recruitment import give


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "role", ["market_coordinator", "advisor", "employer", "participant_user", "coordinator"]
)
def test_recruitment_pages_pass_axe(page, request, role, world, employer):  # noqa: F811
    event, interviews = world
    give(employer, interviews["amina_bolge"])
    offer = Offer.objects.get()
    paths = {
        "market_coordinator": [
            reverse("recruitment_home"),
            reverse("recruitment_event", args=[event.pk]),
            reverse("recruitment_series"),
            reverse("recruitment_employers"),
            reverse("recruitment_employer", args=[interviews["amina_bolge"].employer.organisation_id]),
        ],
        "advisor": [reverse("recruitment_home"), reverse("recruitment_offer", args=[offer.pk])],
        "coordinator": [reverse("recruitment_home"), reverse("recruitment_offer", args=[offer.pk])],
        "employer": [
            reverse("recruitment_home"),
            reverse("recruitment_feedback", args=[interviews["bilal_bolge"].pk]),
        ],
        "participant_user": [
            reverse("recruitment_home"),
            reverse("recruitment_reflection", args=[interviews["amina_bolge"].pk]),
        ],
    }[role]
    log_in(page, request.getfixturevalue(role))
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        assert serious_violations(page) == [], path


@pytest.mark.django_db(transaction=True)
def test_the_employer_gives_feedback_on_a_phone(phone_page, world, employer):  # noqa: F811
    _event, interviews = world
    page = phone_page
    log_in(page, employer)
    page.goto(reverse("recruitment_home"))
    page.get_by_role("link", name="Amina").first.click()
    page.wait_for_url("**/feedback/")
    assert serious_violations(page) == []
    # Nothing scrolls sideways on a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("form.feedback-form button[type=submit]").tap()
    page.locator(".ds-validation-message").first.wait_for()
    assert page.locator(".ds-validation-message").count() >= 4  # errors beside the fields, nothing saved
    assert not Feedback.objects.exists()
    for name in ("motivation", "communication", "skills", "fit"):
        page.locator(f"label[for=id_{name}_3]").tap()
    page.fill("#id_strengths", "Godt forberedt")
    page.locator("label[for=id_outcome_1]").tap()  # work-practice offer
    page.locator("form.feedback-form button[type=submit]").tap()
    page.wait_for_url("**/recruitment/")
    feedback = Feedback.objects.get()
    assert (feedback.motivation, feedback.outcome, feedback.strengths) == (
        4,
        "practice_offer",
        "Godt forberedt",
    )
    assert Offer.objects.get().kind == "practice"
