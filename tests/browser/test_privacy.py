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
