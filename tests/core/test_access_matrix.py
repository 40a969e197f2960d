"""Every page, every role: each sees only what it may, and the rest is a 404 (never a 403)."""

import pytest
from django.urls import reverse

from tests.conftest import login

ROLES = [
    "coordinator",
    "staff",
    "advisor",
    "market_coordinator",
    "mentor",
    "employer",
    "participant_user",
    "admin",
    "outsider",
    "other_coordinator",
]


def url_for(name, participant):
    enrolment = participant.enrolments.first()
    args = {
        "participant_detail": [participant.pk],
        "participant_edit": [participant.pk],
        "intake_screen": [enrolment.pk],
        "intake_questions": [enrolment.programme.slug],
        "programme_detail": [enrolment.programme.slug],
        "results_programme": [enrolment.programme.slug],
        "results_csv": [enrolment.programme.slug],
        "participant_plan": [participant.pk],
        "meeting_new": [participant.pk],
        "placement_new": [participant.pk],
    }.get(name, [])
    return reverse(name, args=args)


# page -> roles that get 200; every other role gets 404.
ALLOWED = {
    "home": set(ROLES),
    "password_change": set(ROLES),
    "participant_list": {"coordinator", "staff", "advisor", "other_coordinator"},
    "participant_detail": {"coordinator", "staff", "advisor"},
    "participant_edit": {"coordinator"},
    "participant_new": {"coordinator", "other_coordinator"},
    "programme_list": {"coordinator", "staff", "other_coordinator"},
    "intake_questions": {"coordinator"},
    "portfolio": {"advisor"},
    "task_list": {"coordinator", "staff", "advisor", "other_coordinator"},
    "intake_queue": {"coordinator", "other_coordinator"},
    "intake_screen": {"coordinator"},
    "referral_create": {"advisor"},
    "invitation_list": {"coordinator", "other_coordinator", "market_coordinator"},
    "audit_log": {"coordinator", "other_coordinator", "admin"},
    "outbox": {"coordinator", "other_coordinator"},
    "organisation_list": {"admin"},
    "my_profile": {"participant_user"},
    "my_profile_edit": {"participant_user"},
    "my_consents": {"participant_user"},
    "my_plan": {"participant_user"},
    "programme_new": {"coordinator", "other_coordinator"},
    "programme_detail": {"coordinator", "staff"},
    "results_index": {"coordinator", "staff", "other_coordinator"},
    "results_programme": {"coordinator", "staff"},
    "results_csv": {"coordinator", "staff"},
    "participant_plan": {"coordinator", "staff", "advisor"},
    "meeting_new": {"coordinator", "staff"},
    "placement_new": {"coordinator"},
}


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_the_pages_it_may(client, request, participant, page, role):
    user = request.getfixturevalue(role)
    response = login(client, user).get(url_for(page, participant))
    expected = 200 if role in ALLOWED[page] else 404
    assert response.status_code == expected, f"{role} on {page}"


@pytest.mark.parametrize("page", sorted(set(ALLOWED) - {"home"}))
def test_anonymous_visitors_are_sent_to_the_login_page(client, participant, page):
    response = client.get(url_for(page, participant))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_public_pages_need_no_login(client, db):
    assert client.get(reverse("apply")).status_code == 200
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200


def test_another_providers_person_is_a_404_for_every_participant_page(
    client, coordinator, foreign_participant
):
    login(client, coordinator)
    enrolment = foreign_participant.enrolments.first()
    for url in [
        reverse("participant_detail", args=[foreign_participant.pk]),
        reverse("participant_edit", args=[foreign_participant.pk]),
        reverse("intake_screen", args=[enrolment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("national_id_reveal", args=[foreign_participant.pk]),
        reverse("timeline_add", args=[foreign_participant.pk]),
        reverse("participant_task_add", args=[foreign_participant.pk]),
        reverse("intake_decide", args=[enrolment.pk]),
    ]:
        assert client.post(url, {"title": "x"}).status_code == 404, url


def test_another_providers_people_never_appear_in_lists(
    client, coordinator, participant, foreign_participant
):
    login(client, coordinator)
    body = client.get(reverse("participant_list")).content.decode()
    assert participant.last_name in body
    assert foreign_participant.last_name not in body
    body = client.get(reverse("intake_queue")).content.decode()
    assert foreign_participant.last_name not in body
    api = client.get("/api/participants").json()
    assert [p["id"] for p in api["items"]] == [participant.pk]
    assert client.get(f"/api/participants/{foreign_participant.pk}").status_code == 404


def test_an_advisor_sees_only_the_people_they_follow(client, advisor, other_advisor, participant, provider):
    from tests.conftest import make_participant

    someone_else = make_participant(provider, first="Ola", last="Nordmann", advisor=other_advisor)
    login(client, advisor)
    body = client.get(reverse("participant_list")).content.decode()
    assert participant.last_name in body and someone_else.last_name not in body
    assert client.get(reverse("participant_detail", args=[someone_else.pk])).status_code == 404
    assert client.get(f"/api/participants/{someone_else.pk}").status_code == 404
    assert [p["id"] for p in client.get("/api/participants").json()["items"]] == [participant.pk]
