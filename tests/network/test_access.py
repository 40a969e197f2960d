"""Who reaches which network page: each role sees only what it may, other organisations nothing."""

import pytest
from django.urls import reverse

from kobling.network.models import Question
from tests.conftest import login, make_participant, make_user
from tests.network.conftest import make_meetup

PEOPLE_PAGES = ["network_directory", "network_questions"]
MEMBER_PAGES = ["network_home", "network_meetups"]


@pytest.fixture
def meetup(network):
    return make_meetup(network)


@pytest.fixture
def question(network, participant_user, seat_of):

    from kobling.network import services

    return services.question_ask(
        actor=participant_user, seat=seat_of(participant_user, network), title="Hvordan skriver jeg CV?"
    )


def _pages(programme, meetup, question):
    slug = programme.slug
    return {
        "network_home": reverse("network_home", args=[slug]),
        "network_directory": reverse("network_directory", args=[slug]),
        "network_questions": reverse("network_questions", args=[slug]),
        "network_ask": reverse("network_ask", args=[slug]),
        "network_question": reverse("network_question", args=[slug, question.pk]),
        "network_meetups": reverse("network_meetups", args=[slug]),
        "network_meetup": reverse("network_meetup", args=[slug, meetup.pk]),
        "network_meetup_ics": reverse("network_meetup_ics", args=[slug, meetup.pk]),
        "network_meetup_new": reverse("network_meetup_new", args=[slug]),
        "network_meetup_edit": reverse("network_meetup_edit", args=[slug, meetup.pk]),
    }


EXPECTED = {
    # page: (coordinator, mentor, mentee, partner contact)
    "network_home": (200, 200, 200, 200),
    "network_directory": (200, 200, 200, 404),
    "network_questions": (200, 200, 200, 404),
    "network_ask": (404, 200, 200, 404),
    "network_question": (200, 200, 200, 404),
    "network_meetups": (200, 200, 200, 200),
    "network_meetup": (200, 200, 200, 200),
    "network_meetup_ics": (200, 200, 200, 200),
    "network_meetup_new": (200, 404, 404, 404),
    "network_meetup_edit": (200, 404, 404, 404),
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_role_reaches_only_its_network_pages(
    client, page, network, meetup, question, coordinator, mentor, participant_user, employer
):
    url = _pages(network, meetup, question)[page]
    for user, expected in zip((coordinator, mentor, participant_user, employer), EXPECTED[page], strict=True):
        login(client, user)
        assert client.get(url).status_code == expected, (page, user.email)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_outsiders_and_another_organisations_coordinator_get_404_everywhere(
    client, page, network, meetup, question, outsider, other_coordinator
):
    url = _pages(network, meetup, question)[page]
    for user in (outsider, other_coordinator):
        login(client, user)
        assert client.get(url).status_code == 404, (page, user.email)


def test_anonymous_visitors_are_sent_to_log_in(client, network):
    response = client.get(reverse("network_directory", args=[network.slug]))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_a_participant_only_in_a_course_has_no_network(client, provider, programme, coordinator):
    person = make_participant(provider, first="Kurs", last="Deltaker", programme=programme, actor=coordinator)
    user = make_user("kurs.deltaker@example.no", "participant", provider)
    person.user = user
    person.save(update_fields=["user"])
    login(client, user)
    response = client.get(reverse("network_index"))
    assert response.status_code == 200
    assert "mentor programmes" in response.content.decode() or "mentorprogram" in response.content.decode()


def test_a_mentee_who_has_left_the_programme_loses_the_network(
    client, network, mentee_enrolment, participant_user
):
    from django.db import transaction

    from kobling.programmes.models import Reason, Status
    from kobling.programmes.services import enrolment_change_status

    with transaction.atomic():
        enrolment_change_status(
            enrolment=mentee_enrolment, status=Status.NOT_RELEVANT, reason=Reason.NO_PLACE, actor=None
        )
    login(client, participant_user)
    assert client.get(reverse("network_home", args=[network.slug])).status_code == 404


def test_a_mentor_not_yet_approved_has_no_network(client, mentor_programme, mentor):
    from tests.fixtures.mentoring import make_mentor

    make_mentor(mentor_programme, name="Magnus Mentor", user=mentor, approved=False)
    login(client, mentor)
    assert client.get(reverse("network_home", args=[mentor_programme.slug])).status_code == 404


def test_the_index_goes_straight_to_the_only_network(client, network, mentor):
    login(client, mentor)
    response = client.get(reverse("network_index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("network_home", args=[network.slug])


def test_the_network_is_in_the_menu_of_members_and_on_the_coordinators_programme_page(
    client, network, coordinator, mentor, participant_user, employer, outsider
):
    for user in (mentor, participant_user, employer):
        login(client, user)
        assert reverse("network_index") in client.get(reverse("home")).content.decode(), user.email
    login(client, coordinator)
    programme_page = client.get(reverse("mentoring_programme", args=[network.slug])).content.decode()
    assert reverse("network_home", args=[network.slug]) in programme_page
    login(client, outsider)
    assert reverse("network_index") not in client.get(reverse("home")).content.decode()


def test_the_partner_contact_sees_seat_counts_but_not_who_signed_up(
    client, network, meetup, mentor, seat_of, employer
):

    from kobling.network import services

    services.meetup_signup(actor=mentor, seat=seat_of(mentor, network), meetup=meetup)
    login(client, employer)
    page = client.get(reverse("network_meetup", args=[network.slug, meetup.pk])).content.decode()
    assert "1 av 20" in page or "1 of 20" in page
    assert "Magnus Mentor" not in page
    response = client.post(reverse("network_meetup_signup", args=[network.slug, meetup.pk]))
    assert response.status_code == 404


def test_another_organisations_network_stays_invisible(
    client, network, foreign_member, other_mentor_programme
):
    login(client, foreign_member)
    assert client.get(reverse("network_home", args=[network.slug])).status_code == 404
    page = client.get(reverse("network_directory", args=[other_mentor_programme.slug])).content.decode()
    assert "Jonas Berg" in page
    assert "Magnus Mentor" not in page
    assert not Question.objects.filter(programme=network).exists()
