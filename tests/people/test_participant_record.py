"""The participant record: editing with an audit trail, and the masked national identity number."""

from django.urls import reverse

from kobling.core.models import AuditLog
from tests.conftest import login
from tests.core.test_validators import first_valid

NATIONAL_ID = first_valid("150585")


def edit_data(participant, **overrides):
    data = {
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "email": participant.email,
        "phone": "",
        "birth_year": "1990",
        "region": "46",
        "municipality": "Bergen",
        "preferred_language": "nb",
        "education_level": "",
        "education_field": "",
        "it_interest_notes": "",
        "work_experience": "",
        "advisor": participant.advisor_id or "",
        "referring_office": "",
        "lang-TOTAL_FORMS": "2",
        "lang-INITIAL_FORMS": "0",
        "lang-MIN_NUM_FORMS": "0",
        "lang-MAX_NUM_FORMS": "12",
        "lang-0-language": "no",
        "lang-0-level": "B2",
        "lang-1-language": "",
        "lang-1-level": "",
    }
    data.update(overrides)
    return data


def test_the_coordinator_edits_a_record_and_the_audit_log_names_the_fields(client, coordinator, participant):
    login(client, coordinator)
    response = client.post(
        reverse("participant_edit", args=[participant.pk]),
        edit_data(participant, new_national_id=NATIONAL_ID, barrier_housing="on"),
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.national_id == NATIONAL_ID and participant.barrier_housing
    assert dict(participant.languages.values_list("language", "level")) == {"no": "B2"}
    entry = AuditLog.objects.filter(action="update", object_type="people.participant").latest("at")
    assert {"national_id", "barrier_housing", "languages", "birth_year", "municipality"} <= set(entry.fields)
    assert NATIONAL_ID not in str(entry.fields) + entry.note + entry.object_label


def test_an_invalid_national_id_is_refused_and_nothing_changes(client, coordinator, participant):
    login(client, coordinator)
    response = client.post(
        reverse("participant_edit", args=[participant.pk]),
        edit_data(participant, new_national_id="15058512345", municipality="Tromsø"),
    )
    assert response.status_code == 200
    assert 'id="id_new_national_id_error"' in response.content.decode()
    participant.refresh_from_db()
    assert participant.national_id == "" and participant.municipality == ""


def test_the_national_id_is_masked_and_every_reveal_is_audited(client, coordinator, staff, participant):
    participant.national_id = NATIONAL_ID
    participant.save()
    detail = reverse("participant_detail", args=[participant.pk])
    body = login(client, coordinator).get(detail).content.decode()
    assert NATIONAL_ID not in body and NATIONAL_ID[:2] + "•" in body
    response = client.post(reverse("national_id_reveal", args=[participant.pk]), HTTP_HX_REQUEST="true")
    assert NATIONAL_ID in response.content.decode()
    assert AuditLog.objects.filter(action="read", fields=["national_id"], actor=coordinator).count() == 1
    # Provider staff (instructors) may not read it at all.
    assert client.post(reverse("national_id_reveal", args=[participant.pk])).status_code == 200
    login(client, staff)
    assert client.post(reverse("national_id_reveal", args=[participant.pk])).status_code == 404


def test_the_audit_log_is_append_only(coordinator, participant):
    import pytest

    entry = AuditLog.objects.first()
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_the_coordinator_reads_and_filters_the_audit_log_of_their_own_organisation(
    client, coordinator, participant, foreign_participant
):
    login(client, coordinator)
    body = client.get(reverse("audit_log")).content.decode()
    assert participant.full_name in body and foreign_participant.full_name not in body
    body = client.get(reverse("audit_log") + "?action=read").content.decode()
    assert participant.full_name not in body
