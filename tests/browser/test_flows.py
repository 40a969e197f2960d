"""Whole journeys, as each role makes them, in the browser."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from kobling.people.models import Participant
from kobling.programmes.models import Status
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_person_applies_on_a_phone_in_english_and_the_coordinator_accepts_them(
    phone_page, browser, live_server, programme, coordinator
):
    page = phone_page
    page.goto("/apply/")
    page.click(".language-switch button")
    page.wait_for_selector("text=Apply for a programme")
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
    # The mistake is shown beside the field, in English, and the rest is kept.
    page.locator("#id_phone_error").wait_for()
    assert page.locator("#id_phone_error").is_visible()
    assert page.input_value("#id_last_name") == "Tesfay"
    assert page.locator(".ds-error-summary").is_visible()
    page.fill("#id_phone", "+47 912 34 567")
    page.check("#id_consent")
    page.click("button:has-text('Send application')")
    page.wait_for_url("**/apply/thanks/")
    assert serious_violations(page) == []
    participant = Participant.objects.get(email="hiwet@example.no")

    context = browser.new_context(base_url=live_server.url)
    desk = context.new_page()
    log_in(desk, coordinator)
    desk.goto("/intake/")
    desk.click("text=Hiwet Tesfay")
    for question in ["motivation", "it_interest", "basic_it", "resilience", "learning", "collaboration"]:
        desk.check(f"input[name=q_{question}][value='4']")
    desk.select_option("#id_norwegian_level", "A2")
    desk.select_option("#id_english_level", "B2")
    desk.check("input[name=profile_type][value=practical]")
    desk.check("input[name=recommended_path][value=support]")
    desk.click("form:not([action]) button[type=submit]")
    desk.wait_for_selector("text=75,0")  # the score, in Norwegian number format
    desk.check("input[name=decision][value=accept]")
    desk.click("form[action$='/decide/'] button[type=submit]")
    desk.wait_for_url("**/intake/")
    context.close()
    enrolment = participant.enrolments.get()
    assert enrolment.status == Status.WAITING_START
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    assert [m.to for m in mail.outbox] == [["hiwet@example.no"], ["hiwet@example.no"]]
    assert re.search(r"/invitation/\S+/", mail.outbox[1].body)


def test_the_advisor_refers_a_person_and_follows_them(page, advisor, programme):
    log_in(page, advisor)
    page.goto("/refer/")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_first_name", "Jonas")
    page.fill("#id_last_name", "Lie")
    page.fill("#id_email", "jonas.lie@example.no")
    page.fill("#id_phone", "41234567")
    page.fill("#id_birth_year", "2001")
    page.select_option("#id_region", "03")
    page.fill("#id_municipality", "Oslo")
    page.check("#id_neet")
    page.fill("#id_note", "Interessert i drift.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/portfolio/")
    link = page.get_by_role("link", name="Jonas Lie")
    assert link.is_visible()
    link.click()
    page.click("#h-timeline ~ details summary")
    page.select_option("#id_entry-kind", "call")
    page.fill("#id_entry-title", "Ringte Jonas")
    page.click("form[action$='/timeline/'] button[type=submit]")
    entry = page.locator(".timeline >> text=Ringte Jonas")
    entry.wait_for()  # the POST and its redirect take a moment; is_visible() would not wait
    assert entry.is_visible()


def test_the_participant_withdraws_a_consent_and_switches_language(page, participant_user):
    log_in(page, participant_user)
    page.goto("/me/consents/")
    mentor_consent = "form:has(input[name=purpose][value=share_mentor])"
    page.click(f"{mentor_consent} button[name=given][value='1']")
    # Withdrawing goes through a page that says what it means; only its button withdraws (issue 8).
    page.click(f"{mentor_consent} a[href$='/share_mentor/withdraw/']")
    page.wait_for_url("**/me/consents/share_mentor/withdraw/")
    assert participant_user.participant.consents.first().given is True
    page.click("main form button[type=submit]")
    page.wait_for_selector(f"{mentor_consent} button[name=given][value='1']")
    consent = participant_user.participant.consents.first()
    assert consent.purpose == "share_mentor" and consent.given is False
    page.click(".language-switch button")
    page.wait_for_selector("text=My consents")
    participant_user.refresh_from_db()
    assert participant_user.language == "en"


def test_the_coordinator_searches_the_list_with_htmx(page, coordinator, participant):
    log_in(page, coordinator)
    page.goto("/participants/")
    page.fill("#id_q", "zzz-nobody")
    page.wait_for_function("() => !document.querySelector('#participant-rows tbody a')")
    page.fill("#id_q", participant.last_name[:4])
    page.wait_for_selector(f"#participant-rows >> text={participant.last_name}")
