"""A person applies on a phone, in English: mistakes are shown at their fields in English, then the
application goes through and the person hears from the provider in English."""

import pytest
from django.core import mail

from kobling.people.models import Consent, Participant
from kobling.programmes.models import Status
from tests.browser.conftest import serious_violations
from tests.browser.journeys.conftest import fits_the_screen, run_the_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_applies_on_a_phone_in_english_mistakes_first(phone_page, programme):
    page = phone_page
    page.goto("/apply/")
    page.click(".language-switch button")
    page.wait_for_selector("h1:has-text('Apply for a programme')")
    assert page.locator("html").get_attribute("lang") == "en"
    assert fits_the_screen(page)
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_first_name", "Hiwet")
    page.fill("#id_last_name", "Tesfay")
    page.fill("#id_email", "hiwet@example.no")
    page.fill("#id_phone", "not a phone")
    page.fill("#id_birth_year", "1995")
    page.select_option("#id_region", "34")
    page.fill("#id_municipality", "Hamar")
    page.select_option("#id_preferred_language", "en")
    page.select_option("#id_norwegian_level", "A2")
    page.check("#id_it_evidence_2")
    page.click("button:has-text('Send application')")

    # Each mistake is shown beside its field, in English; what was written is kept; nothing is saved.
    page.locator("#id_phone_error").wait_for()
    assert "Enter a phone number" in page.inner_text("#id_phone_error")
    assert page.locator("#id_consent_error").is_visible()
    assert page.get_attribute("#id_phone", "aria-invalid") == "true"
    assert page.locator(".ds-error-summary").is_visible()
    assert page.input_value("#id_last_name") == "Tesfay"
    assert not Participant.objects.exists()
    assert fits_the_screen(page)
    assert serious_violations(page) == []

    page.fill("#id_phone", "+47 912 34 567")
    page.check("#id_consent")
    page.click("button:has-text('Send application')")
    page.wait_for_url("**/apply/thanks/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert fits_the_screen(page)
    assert serious_violations(page) == []

    person = Participant.objects.get(email="hiwet@example.no")
    assert (person.first_name, person.phone, person.preferred_language) == ("Hiwet", "+4791234567", "en")
    assert person.enrolments.get().status == Status.APPLIED
    assert person.consents.get(purpose=Consent.Purpose.PROCESSING).given
    run_the_worker()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["hiwet@example.no"], "We have received your application – Salesforce-kurs")
    ]
