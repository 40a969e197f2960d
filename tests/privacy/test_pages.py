"""Every privacy page for every role, GET and POST: who gets through, and 404 for everyone else
(never 403); bad input is refused with a message and changes nothing; a GET never erases."""

import pytest
from django.urls import reverse

from kobling.core.models import AuditLog
from kobling.people.models import Participant
from kobling.privacy.erasure import ERASED
from kobling.privacy.models import Erasure
from tests.conftest import login
from tests.personas import PERSONAS

pytestmark = pytest.mark.django_db


def urls(participant) -> dict[str, str]:
    pk = participant.pk
    return {
        "privacy_me": reverse("privacy_me"),
        "privacy_me_copy": reverse("privacy_me_copy"),
        "privacy_me_mentor_copy": reverse("privacy_me_mentor_copy"),
        "privacy_me_contact_copy": reverse("privacy_me_contact_copy"),
        "privacy_participant": reverse("privacy_participant", args=[pk]),
        "privacy_participant_copy": reverse("privacy_participant_copy", args=[pk]),
        "privacy_erase": reverse("privacy_erase", args=[pk]),
        "privacy_records": reverse("privacy_records"),
        "privacy_erase_find": reverse("privacy_erase_find") + f"?participant={pk}",
    }


# (route, method) -> {role: status}; every role not named gets 404.
EXPECTED = {
    # "My data": a part for each of the person's roles, each with its own copy.
    ("privacy_me", "GET"): {"participant_user": 200, "mentor": 200, "employer": 200},
    ("privacy_me", "POST"): dict.fromkeys(PERSONAS, 405),
    ("privacy_me_copy", "GET"): dict.fromkeys(PERSONAS, 405),
    ("privacy_me_copy", "POST"): {"participant_user": 200},
    ("privacy_me_mentor_copy", "GET"): dict.fromkeys(PERSONAS, 405),
    ("privacy_me_mentor_copy", "POST"): {"mentor": 200},
    ("privacy_me_contact_copy", "GET"): dict.fromkeys(PERSONAS, 405),
    ("privacy_me_contact_copy", "POST"): {"employer": 200},
    ("privacy_participant", "GET"): {"coordinator": 200},
    ("privacy_participant", "POST"): dict.fromkeys(PERSONAS, 405),
    ("privacy_participant_copy", "GET"): dict.fromkeys(PERSONAS, 405),
    ("privacy_participant_copy", "POST"): {"coordinator": 200},
    ("privacy_erase", "GET"): {"coordinator": 200, "admin": 200},
    ("privacy_erase", "POST"): {"coordinator": 302, "admin": 302},
    ("privacy_records", "GET"): {"admin": 200},
    ("privacy_records", "POST"): dict.fromkeys(PERSONAS, 405),
    ("privacy_erase_find", "GET"): {"admin": 302},
    ("privacy_erase_find", "POST"): dict.fromkeys(PERSONAS, 405),
}
POST_DATA = {
    "privacy_me_copy": {"format": "html"},
    "privacy_me_mentor_copy": {"format": "html"},
    "privacy_me_contact_copy": {"format": "json"},
    "privacy_participant_copy": {"format": "json"},
}


@pytest.mark.parametrize("role", PERSONAS)
def test_each_role_reaches_only_its_pages(client, request, role, participant, participant_user):
    login(client, request.getfixturevalue(role))
    paths = urls(participant)
    for (name, method), expected in EXPECTED.items():
        if (name, method) == ("privacy_erase", "POST"):
            continue  # changes the data: its own test below
        if method == "GET":
            response = client.get(paths[name])
        else:
            response = client.post(paths[name], POST_DATA.get(name, {}))
        assert response.status_code == expected.get(role, 404), (role, name, method)
    assert Participant.objects.get(pk=participant.pk).first_name == "Amina"


@pytest.mark.parametrize("role", PERSONAS)
def test_only_the_coordinator_and_a_platform_admin_erase(
    client, request, role, participant, participant_user
):
    login(client, request.getfixturevalue(role))
    response = client.post(reverse("privacy_erase", args=[participant.pk]), {"confirm": "on"})
    expected = EXPECTED[("privacy_erase", "POST")].get(role, 404)
    assert response.status_code == expected, role
    assert Erasure.objects.filter(participant=participant).exists() == (expected == 302)


def test_anonymous_visitors_are_sent_to_log_in(client, participant):
    paths = urls(participant)
    for name in (
        "privacy_me",
        "privacy_participant",
        "privacy_erase",
        "privacy_records",
        "privacy_erase_find",
    ):
        response = client.get(paths[name])
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_another_providers_person_is_out_of_reach(client, coordinator, foreign_participant):
    login(client, coordinator)
    for name, path in urls(foreign_participant).items():
        if "participant" in name or name == "privacy_erase":
            assert client.get(path).status_code in (404, 405), name
            assert client.post(path, {"confirm": "on", "format": "json"}).status_code in (404, 405), name
    assert Participant.objects.get(pk=foreign_participant.pk).first_name == "Jonas"
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


def test_the_confirmation_page_shows_what_will_happen_and_a_get_never_erases(
    client, coordinator, participant
):
    login(client, coordinator)
    page = client.get(reverse("privacy_erase", args=[participant.pk])).content.decode()
    assert "Amina Hassan" in page and 'name="confirm"' in page
    assert "Salesforce-kurs" in page  # her open application: the page asks to end it first if she left
    assert Participant.objects.get(pk=participant.pk).first_name == "Amina"


def test_erasing_without_ticking_the_box_is_refused(client, coordinator, participant):
    login(client, coordinator)
    response = client.post(reverse("privacy_erase", args=[participant.pk]), {})
    assert response.status_code == 400
    assert 'id="id_confirm_error"' in response.content.decode()
    assert not Erasure.objects.exists() and Participant.objects.get(pk=participant.pk).first_name == "Amina"


def test_erasing_twice_on_the_web_says_so(client, coordinator, participant):
    login(client, coordinator)
    path = reverse("privacy_erase", args=[participant.pk])
    assert client.post(path, {"confirm": "on"}).status_code == 302
    assert Participant.objects.get(pk=participant.pk).first_name == ERASED
    again = client.post(path, {"confirm": "on"})
    assert again.status_code == 400
    assert AuditLog.objects.filter(action=AuditLog.Action.ERASE).count() == 1
    assert client.get(path).status_code == 200 and 'name="confirm"' not in client.get(path).content.decode()


def test_a_copy_in_an_unknown_format_is_refused_and_not_logged(
    client, participant_user, coordinator, participant
):
    login(client, participant_user)
    assert client.post(reverse("privacy_me_copy"), {"format": "xml"}).status_code == 400
    login(client, coordinator)
    assert client.post(reverse("privacy_participant_copy", args=[participant.pk]), {}).status_code == 400
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


def test_the_admin_finds_a_record_by_its_number(client, admin, participant):
    login(client, admin)
    found = client.get(reverse("privacy_erase_find"), {"participant": participant.pk})
    assert found["Location"] == reverse("privacy_erase", args=[participant.pk])
    for bad in ("999999", "abc", "-1", "99999999999999999999999"):
        assert client.get(reverse("privacy_erase_find"), {"participant": bad}).status_code == 400, bad


def test_huge_and_odd_ids_are_404_not_500(client, admin, coordinator):
    login(client, admin)
    assert client.get("/privacy/participants/99999999999999999999/erase/").status_code == 404
    login(client, coordinator)
    assert client.get("/privacy/participants/99999999999999999999/").status_code == 404


def test_the_pages_link_to_each_other(client, participant_user, coordinator, participant):
    login(client, participant_user)
    assert reverse("privacy_me") in client.get(reverse("my_profile")).content.decode()
    login(client, coordinator)
    detail = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert reverse("privacy_participant", args=[participant.pk]) in detail
