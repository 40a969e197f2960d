"""The pages: upload → preview (every row, each problem at its cell) → import → result, the exports,
and who reaches them. Bad files give a message, never a 500."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kobling.core.models import AuditLog
from kobling.people.models import Participant
from tests.conftest import login, make_participant
from tests.exchange.conftest import csv_bytes, nid, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="people.csv", url="exchange_participants_import", **fields):
    return client.post(reverse(url), {"file": SimpleUploadedFile(name, data), **fields})


def fingerprint(page) -> str:
    return re.search(r'name="fingerprint" value="([0-9a-f]+)"', page.content.decode()).group(1)


@pytest.fixture
def english(coordinator):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


def test_upload_preview_import_result(client, english, provider, people_rows):
    login(client, english)
    assert client.get(reverse("exchange_participants_import")).status_code == 200
    response = upload(client, xlsx_bytes(people_rows), name="people.xlsx")
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Amina" in text and "Nobody is e-mailed by this import." in text
    assert "3 new" in text and "Import 3 rows" in text
    assert not Participant.objects.exists()
    response = client.post(preview_url, {"fingerprint": fingerprint(page), "confirm": "yes"})
    assert response.status_code == 302 and response["Location"].endswith("/done/")
    assert Participant.objects.filter(organisation=provider).count() == 3
    result = client.get(response["Location"])
    assert result.status_code == 200 and "3 new" in result.content.decode()
    # The upload is gone: the preview cannot import it twice.
    assert client.post(preview_url, {"fingerprint": fingerprint(page)}).status_code == 404
    assert AuditLog.objects.filter(action=AuditLog.Action.IMPORT).count() == 1


def test_the_preview_shows_each_problem_at_its_cell_and_offers_no_import(client, english, people_rows):
    login(client, english)
    people_rows.append(["Per", "Feil", "ikke-en-adresse", "", "", "", "", ""])
    preview_url = upload(client, csv_bytes(people_rows, delimiter=";", bom=True))["Location"]
    page = client.get(preview_url)
    text = page.content.decode()
    cell = re.search(r'<td class="cell-wrong"[^>]*>ikke-en-adresse\s*<p class="ds-validation-message"', text)
    assert cell is not None
    assert 'href="?show=problems&amp;page=1#row-5"' in text and 'id="row-5"' in text
    assert "Row 5, column “E-post”: Enter a valid e-mail address." in text
    assert 'name="fingerprint"' not in text
    response = client.post(preview_url, {"fingerprint": "0" * 32})
    assert response.status_code == 400 and not Participant.objects.exists()


def test_a_preview_that_went_stale_is_shown_again_not_imported(client, coordinator, provider, people_rows):
    login(client, coordinator)
    preview_url = upload(client, csv_bytes(people_rows))["Location"]
    page = client.get(preview_url)
    make_participant(provider, first="Jonas", last="Berg", email="jonas@example.no")
    response = client.post(preview_url, {"fingerprint": fingerprint(page)})
    assert response.status_code == 409
    assert Participant.objects.count() == 1


def test_cancel_forgets_the_upload(client, coordinator, people_rows):
    login(client, coordinator)
    preview_url = upload(client, csv_bytes(people_rows))["Location"]
    assert client.post(preview_url, {"cancel": "yes"}).status_code == 302
    assert client.get(preview_url).status_code == 404


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"Fornavn;Etternavn\r\n", "headings but no rows"),
        ("Fornavn;Etternavn\r\nÅse;Ødegård\r\n".encode("latin-1"), "not saved as UTF-8"),
        (b"%PDF-1.4\x00\x00binary", "not a CSV or XLSX file"),
        (b"PK\x03\x04broken", "damaged"),
        (b"Skonummer;Farge\r\n41;bl\xc3\xa5\r\n", "Unknown columns: “Skonummer”, “Farge”"),
    ],
)
def test_bad_files_get_a_message_never_a_500(client, english, data, says):
    login(client, english)
    response = upload(client, data)
    if response.status_code == 302:  # readable, but its headings are wrong: the preview says so
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not Participant.objects.exists()


def test_another_organisation_is_a_404(client, coordinator, other_provider, people_rows):
    login(client, coordinator)
    response = upload(client, csv_bytes(people_rows), target=other_provider.pk)
    assert response.status_code == 404
    assert not Participant.objects.exists()
    response = client.post(
        reverse("exchange_participants_export"), {"participants-target": other_provider.pk}
    )
    assert response.status_code == 404


def test_someone_elses_upload_is_a_404(client, coordinator, other_coordinator, people_rows):
    login(client, coordinator)
    preview_url = upload(client, csv_bytes(people_rows))["Location"]
    client.logout()
    login(client, other_coordinator)
    assert client.get(preview_url).status_code == 404


@pytest.mark.parametrize("persona", ["participant_user", "advisor", "staff", "outsider", "employer"])
def test_participants_advisors_and_others_cannot_reach_the_pages(client, persona, request):
    login(client, request.getfixturevalue(persona))
    for name in ("exchange_index", "exchange_participants_import"):
        assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse("exchange_participants_export")).status_code == 404


def test_the_export_form_downloads_with_national_ids_only_when_asked(client, coordinator, provider):
    make_participant(provider, first="Amina", last="Hassan", national_id=nid("010190"))
    login(client, coordinator)
    assert "participants-national_id" in client.get(reverse("exchange_index")).content.decode()
    plain = client.post(reverse("exchange_participants_export"), {"participants-format": "csv"})
    assert plain["Content-Type"].startswith("text/csv") and nid("010190") not in plain.content.decode()
    full = client.post(
        reverse("exchange_participants_export"),
        {"participants-format": "xlsx", "participants-national_id": "on"},
    )
    assert full["Content-Disposition"].endswith('.xlsx"')
    assert client.get(reverse("exchange_participants_export")).status_code == 405


def test_a_long_file_is_previewed_a_page_at_a_time(client, english, people_rows, monkeypatch):
    monkeypatch.setattr("kobling.exchange.preview.PAGE_ROWS", 2)
    login(client, english)
    preview_url = upload(client, csv_bytes(people_rows))["Location"]
    first = client.get(preview_url).content.decode()
    assert "Rows 1–2 of 3" in first and 'id="row-2"' in first and 'id="row-4"' not in first
    second = client.get(preview_url + "?page=2").content.decode()
    assert "Rows 3–3 of 3" in second and 'id="row-4"' in second
    assert client.get(preview_url + "?page=999999999999").status_code == 200


def test_mentors_page_asks_before_anyone_is_invited(client, coordinator, provider):
    from kobling.mentoring.models import MentorProfile
    from kobling.notifications.models import OutboxEmail
    from kobling.programmes.models import Programme

    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    programme = Programme.objects.create(
        organisation=provider, name="M", slug="m", kind=Programme.Kind.MENTOR
    )
    login(client, coordinator)
    rows = [
        ["Navn", "E-post", "Yrke", "Fylke", "Kommune"],
        ["Eva Eng", "eva@example.no", "2512", "46", "Bergen"],
    ]
    preview_url = upload(client, csv_bytes(rows), url="exchange_mentors_import", target=programme.pk)[
        "Location"
    ]
    page = client.get(preview_url)
    assert "eva@example.no" in page.content.decode() and 'name="invite"' in page.content.decode()
    response = client.post(preview_url, {"fingerprint": fingerprint(page), "invite": "on"})
    assert response.status_code == 302
    assert MentorProfile.objects.get().state == MentorProfile.State.APPROVED
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["eva@example.no"]


def test_new_employer_contacts_need_the_box_ticked(client, market_coordinator, nav_office, employer_org):
    from kobling.core.models import Invitation

    login(client, market_coordinator)
    rows = [["Arbeidsgiver", "Navn", "E-post"], [employer_org.name, "Per Post", "per@example.no"]]
    preview_url = upload(client, csv_bytes(rows), url="exchange_contacts_import")["Location"]
    page = client.get(preview_url)
    assert "per@example.no" in page.content.decode()
    refused = client.post(preview_url, {"fingerprint": fingerprint(page)})
    assert refused.status_code == 400 and not Invitation.objects.exists()
    done = client.post(preview_url, {"fingerprint": fingerprint(page), "invite": "on"})
    assert done.status_code == 302 and Invitation.objects.get().email == "per@example.no"
