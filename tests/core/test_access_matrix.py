"""What another provider's person and an advisor's other people look like from inside: 404s, and never a
line in a list. Which role reaches which page, for every route, is the central matrix in
tests/security/matrix.py."""

from django.urls import reverse

from tests.conftest import login


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
