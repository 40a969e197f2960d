"""A coordinator on a laptop imports participants from Norwegian Excel's CSV: upload, the preview of
every row, import, the result; no serious accessibility problem on the preview."""

import pytest

from kobling.people.models import Participant
from tests.browser.conftest import log_in, serious_violations
from tests.exchange.conftest import csv_bytes, nid

pytestmark = pytest.mark.django_db(transaction=True)


def test_upload_preview_and_import_on_a_laptop(page, coordinator, provider, programme):
    rows = [
        ["Fornavn", "Etternavn", "E-post", "Telefon", "Fødselsår", "Fødselsnummer", "Kommune", "Program"],
        ["Amina", "Hassan", "amina@example.no", "912 34 567", "1990", nid("010190"), "Bergen", "salesforce"],
        ["Jonas", "Berg", "jonas@example.no", "", "1985", "", "Oslo", ""],
    ]
    log_in(page, coordinator)
    page.goto("/exchange/participants/import/")
    page.set_input_files(
        "input[type=file]",
        {"name": "deltakere.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows, delimiter=";", bom=True)},
    )
    page.click("form button[type=submit]")
    page.wait_for_url("**/exchange/import/*/")
    assert page.locator("table.import-preview tbody tr").count() == 2
    assert page.locator("td.cell-wrong").count() == 0
    assert serious_violations(page) == []
    page.click("button[name=confirm]")
    page.wait_for_url("**/done/")
    assert Participant.objects.filter(organisation=provider).count() == 2
    assert programme.enrolments.count() == 1
