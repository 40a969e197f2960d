"""The participant on a phone: where they stand, their plan (they propose an activity), their consents
(withdrawing one goes through a page that says what it means) and the switch to English."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from kobling.people.models import Consent
from kobling.programmes.models import ActivityItem, Status
from kobling.programmes.services import enrolment_change_status
from tests.browser.conftest import log_in, serious_violations
from tests.browser.journeys.conftest import fits_the_screen

pytestmark = pytest.mark.django_db(transaction=True)


def mentor_sharing(person) -> bool:
    """The person's latest answer about sharing their profile with a mentor (answers are kept)."""
    return person.consents.filter(purpose=Consent.Purpose.MENTOR).latest("pk").given


def test_the_participant_reads_their_status_and_plan_and_withdraws_a_consent_on_a_phone(
    phone_page, participant_user, coordinator
):
    person = participant_user.participant
    with transaction.atomic():
        enrolment_change_status(
            enrolment=person.enrolments.get(), status=Status.WAITING_START, actor=coordinator
        )
    due = timezone.localdate() + datetime.timedelta(days=10)
    ActivityItem.objects.create(
        participant=person, kind="goal", title="Lage en CV", state="planned", due=due, created_by=coordinator
    )
    page = phone_page
    log_in(page, participant_user)

    # The start page: the programme and where they stand, and what in the plan waits.
    programme = page.locator(".ds-card", has_text="Salesforce-kurs")
    assert "Venter på oppstart" in programme.inner_text()
    assert "Lage en CV" in page.inner_text("#participant-plan")
    assert fits_the_screen(page)
    assert serious_violations(page) == []

    page.click("#participant-plan a[href='/me/plan/']")
    page.wait_for_url("**/me/plan/")
    assert "Lage en CV" in page.inner_text("#h-open ~ ul")
    page.select_option("#id_kind", "activity")
    page.fill("#id_title", "Øve på intervju")
    page.click("main form button[type=submit]")
    page.locator(".tasks li", has_text="Øve på intervju").wait_for()
    proposal = person.activity_plan.get(title="Øve på intervju")
    assert (proposal.state, proposal.created_by) == (ActivityItem.State.PROPOSAL, participant_user)
    assert fits_the_screen(page)

    page.goto("/me/consents/")
    mentor_consent = "form:has(input[name=purpose][value=share_mentor])"
    page.click(f"{mentor_consent} button[name=given][value='1']")
    # Withdrawing goes through a page that says what it means; only its button withdraws (issue 8).
    page.click(f"{mentor_consent} a[href$='/share_mentor/withdraw/']")
    page.wait_for_url("**/me/consents/share_mentor/withdraw/")
    assert mentor_sharing(person) is True
    assert fits_the_screen(page)
    assert serious_violations(page) == []
    page.click("main form button[type=submit]")
    page.wait_for_selector(f"{mentor_consent} button[name=given][value='1']")
    assert mentor_sharing(person) is False
    assert fits_the_screen(page)

    page.click(".language-switch button")
    page.wait_for_selector("h1:has-text('My consents')")
    participant_user.refresh_from_db()
    assert participant_user.language == "en"
    page.goto("/")
    assert "Waiting to start" in page.locator(".ds-card", has_text="Salesforce-kurs").inner_text()
    assert fits_the_screen(page)
