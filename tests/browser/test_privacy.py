"""A participant on a phone: "My data" from their profile, the log of who has looked, the JSON download
and the printable copy."""

import json
from pathlib import Path

import pytest

from kobling.people import services as people
from tests.browser.conftest import log_in, serious_violations
from tests.conftest import add_entry

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_participant_downloads_their_data_and_sees_who_looked_on_a_phone(
    phone_page, participant, participant_user, coordinator, advisor
):
    entry = add_entry(participant, advisor, sensitive=True, title="Helse", body="Ryggplager")
    people.national_id_reveal(actor=coordinator, participant=participant)
    people.sensitive_entries_read(actor=advisor, participant=participant, entries=[entry])
    page = phone_page
    log_in(page, participant_user)
    page.goto("/me/")
    page.click("a[href='/privacy/me/']")
    page.wait_for_url("**/privacy/me/")
    log = page.locator("table")
    assert log.locator("tbody tr").count() == 2
    assert "Fjordkompetanse" in log.inner_text() and "NAV Lillestrand" in log.inner_text()
    assert "Kari" not in page.content() and "Vera" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.click("button[value=json]")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["participant_id"] == participant.pk
    assert [e["body"] for e in data["timeline"] if e["sensitive"]] == ["Ryggplager"]

    page.click("button[value=html]")
    page.wait_for_selector("h1")
    assert "Ryggplager" in page.content() and "Amina" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    assert not page.locator(".no-print").first.is_visible()


def test_a_platform_admin_erases_an_employer_contact_from_the_records(
    page, admin, event, employer_org, employer
):
    from kobling.events.models import EmployerRegistration
    from tests.fixtures.events import register_employer

    reg = register_employer(event, employer_org, admin, email=employer.email)
    log_in(page, admin)
    page.goto("/privacy/records/")
    page.fill("#id_email", employer.email)
    page.click("form[action$='/privacy/employer-contacts/erase/'] button")
    page.wait_for_url("**/privacy/employer-contacts/erase/?email=*")
    assert event.title in page.content()
    assert serious_violations(page) == []
    page.check("#id_confirm")
    page.click("button[data-color=danger]")
    page.wait_for_url("**/privacy/records/")
    assert page.locator(".ds-alert[data-color=success], [role=status]").count() >= 1
    reg.refresh_from_db()
    assert (
        reg.contact_email != employer.email
        and not EmployerRegistration.objects.filter(contact_email=employer.email).exists()
    )


def test_a_mentor_finds_my_data_in_the_menu_reads_it_and_takes_a_copy_on_a_phone(
    phone_page, pair, mentor, participant_user
):
    from kobling.mentorspace.models import Message
    from kobling.people.models import Participant

    Participant.objects.filter(pk=participant_user.participant.pk).update(phone="+4791234567")
    Message.objects.create(mentorship=pair, sender=mentor, side="mentor", body="Magnus her: lykke til!")
    Message.objects.create(mentorship=pair, sender=participant_user, side="mentee", body="Takk, det hjalp")
    page = phone_page
    log_in(page, mentor)
    page.click(".menu-toggle")
    page.click("#site-menu a[href='/privacy/me/']")
    page.wait_for_url("**/privacy/me/")
    assert page.locator("h2", has_text="Opplysningene dine som mentor").is_visible()
    for summary in page.locator("details > summary").all():
        summary.click()
    main = page.locator("main").inner_text()
    assert "Fagmentor" in main and "Amina" in main and "Magnus her: lykke til!" in main
    for hidden in ("Hassan", "91234567", "amina.hassan@example.no", "Takk, det hjalp"):
        assert hidden not in page.content(), hidden
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert serious_violations(page) == []

    with page.expect_download() as download:
        page.click("form[action$='/privacy/me/mentor/copy/'] button[value=json]")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["format"] == "kobling-personal-data-mentor"
    assert [p["mentee"] for p in data["mentor_pairs"]] == ["Amina"]

    page.click("form[action$='/privacy/me/mentor/copy/'] button[value=html]")
    page.wait_for_selector("h1:has-text('Alt Kobling har om deg som mentor')")
    assert "Magnus her: lykke til!" in page.content() and "Hassan" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert serious_violations(page) == []


def test_an_employer_contact_reads_their_data_on_a_phone(phone_page, employer, event, employer_org, admin):
    from tests.fixtures.events import register_employer

    register_employer(event, employer_org, admin, email=employer.email)
    page = phone_page
    log_in(page, employer)
    page.goto("/privacy/me/")
    assert page.locator("h2", has_text="Opplysningene dine som arbeidsgiverens kontaktperson").is_visible()
    for summary in page.locator("details > summary").all():
        summary.click()
    assert event.title in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1
    assert serious_violations(page) == []
    page.click("form[action$='/privacy/me/employer-contact/copy/'] button[value=html]")
    page.wait_for_selector("h1:has-text('Alt Kobling har om deg som arbeidsgiverens kontaktperson')")
    assert "Bølgedata AS" in page.content()
    assert serious_violations(page) == []
