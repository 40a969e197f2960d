"""Who sees what: each page per role, another provider's data invisible, list queries constant."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kobling.mentoring import services
from tests.conftest import login
from tests.fixtures.mentoring import make_mentee, make_mentor

pytestmark = pytest.mark.django_db

COORDINATOR_PAGES = [
    "mentoring_index",
    "mentoring_programme",
    "mentoring_settings",
    "mentoring_mentors",
    "mentoring_pairs",
    "mentoring_matching",
    "mentoring_unmatched",
]


def url(name, programme):
    return reverse(name) if name == "mentoring_index" else reverse(name, args=[programme.slug])


@pytest.fixture
def pair(mentor_programme, coordinator):
    mentee = make_mentee(mentor_programme, coordinator)
    mentor = make_mentor(mentor_programme)
    with transaction.atomic():
        return services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)


def test_coordinator_sees_every_coordinator_page(client, coordinator, mentor_programme, pair):
    login(client, coordinator)
    for name in COORDINATOR_PAGES:
        assert client.get(url(name, mentor_programme)).status_code == 200, name
    assert client.get(reverse("mentoring_mentor_review", args=[pair.mentor_id])).status_code == 200
    assert client.get(reverse("mentorship_detail", args=[pair.pk])).status_code == 200


@pytest.mark.parametrize("role", ["staff", "advisor", "mentor", "employer", "participant_user", "outsider"])
def test_other_roles_get_404_on_coordinator_pages(client, request, role, mentor_programme, pair):
    login(client, request.getfixturevalue(role))
    for name in COORDINATOR_PAGES[1:]:
        assert client.get(url(name, mentor_programme)).status_code == 404, (role, name)
    assert client.get(reverse("mentoring_mentor_review", args=[pair.mentor_id])).status_code == 404
    assert client.get(reverse("mentorship_detail", args=[pair.pk])).status_code == 404
    response = client.post(url("mentoring_matching", mentor_programme), {"action": "run"})
    assert response.status_code == 404


def test_another_providers_coordinator_sees_nothing_of_ours(
    client, other_coordinator, mentor_programme, pair
):
    login(client, other_coordinator)
    assert "Fagmentor" not in client.get(reverse("mentoring_index")).content.decode()
    for name in COORDINATOR_PAGES[1:]:
        assert client.get(url(name, mentor_programme)).status_code == 404, name
    assert client.get(reverse("mentorship_detail", args=[pair.pk])).status_code == 404
    assert client.post(reverse("mentoring_mentee_exclude", args=[pair.mentee_id])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_except_on_the_sign_up_page(client, mentor_programme, pair):
    assert client.get(reverse("mentor_signup")).status_code == 200
    for target in (url("mentoring_matching", mentor_programme), reverse("mentorship_detail", args=[pair.pk])):
        response = client.get(target)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "page", "status"),
    [
        ("mentor", "mentoring_mentor_home", 200),
        ("mentor", "mentoring_partner", 404),
        ("employer", "mentoring_partner", 200),
        ("employer", "mentoring_mentor_home", 404),
        ("participant_user", "mentoring_mentee_home", 200),
        ("participant_user", "mentoring_mentor_home", 404),
        ("coordinator", "mentoring_mentee_home", 404),
        ("outsider", "mentoring_partner", 404),
        ("outsider", "mentoring_mentee_home", 404),
    ],
)
def test_own_pages_per_role(client, request, role, page, status):
    login(client, request.getfixturevalue(role))
    assert client.get(reverse(page)).status_code == status


def test_menu_shows_mentoring_to_the_roles_that_use_it(client, coordinator, mentor, employer):
    for user, label in (
        (coordinator, "/mentoring/"),
        (mentor, "/mentoring/mentor/"),
        (employer, "/mentoring/partner/"),
    ):
        login(client, user)
        assert f'href="{label}"' in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("page", ["mentoring_mentors", "mentoring_pairs"])
def test_list_pages_use_the_same_number_of_queries_for_few_and_many_rows(
    client, coordinator, mentor_programme, page
):
    login(client, coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(page, mentor_programme)).status_code == 200
        return len(queries)

    def add(n, start):
        for i in range(start, start + n):
            mentor = make_mentor(mentor_programme, name=f"Mentor Nr{i}", capacity=1)
            mentee = make_mentee(mentor_programme, coordinator, first=f"Mentee{i}", last="Test")
            with transaction.atomic():
                services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)

    add(2, 0)
    few = count()
    add(8, 2)
    assert count() == few


@pytest.mark.parametrize(
    "action",
    [
        "mentorship_intro",
        "mentorship_answer",
        "mentorship_respond",
        "mentorship_withdraw",
        "mentorship_decline",
    ],
)
def test_anonymous_visitors_cannot_act_on_a_pair(client, pair, action):
    state = pair.state
    response = client.post(reverse(action, args=[pair.pk]), {"answer": "yes"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    pair.refresh_from_db()
    assert pair.state == state
