"""Who sees a pair's space: the two, the coordinator as far as the programme allows, nobody else."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog
from kobling.mentorspace import services
from kobling.mentorspace.models import CoordinatorView
from tests.conftest import login
from tests.fixtures.mentoring import make_mentee, make_mentor
from tests.fixtures.mentorspace import activate, space_of

pytestmark = pytest.mark.django_db

MEMBER_PAGES = [
    "mentorspace_space",
    "mentorspace_meetings",
    "mentorspace_meeting_new",
    "mentorspace_messages",
    "mentorspace_resources",
    "mentorspace_evaluation",
]


def fill(pair, mentor, participant_user):
    mentor_space, mentee_space = space_of(mentor, pair), space_of(participant_user, pair)
    services.meeting_log(
        actor=participant_user,
        space=mentee_space,
        held_on=timezone.localdate(),
        minutes=60,
        topics=["cv"],
        shared_notes="Delte notater om CV-en",
        private_note="Hemmelig notat fra mentee",
    )
    services.message_send(actor=mentor, space=mentor_space, body="Hei, skal vi møtes torsdag?")
    services.goal_add(actor=mentor, space=mentor_space, title="Norsk CV ferdig")


@pytest.mark.parametrize("who", ["mentor", "participant_user"])
def test_the_two_of_the_pair_see_every_page_of_their_space(client, request, pair, who):
    login(client, request.getfixturevalue(who))
    for name in MEMBER_PAGES:
        assert client.get(reverse(name, args=[pair.pk])).status_code == 200, name
    assert client.get(reverse("mentorspace_index")).status_code == 302  # straight into the one space


@pytest.mark.parametrize(
    "role", ["staff", "advisor", "employer", "outsider", "other_coordinator", "market_coordinator"]
)
def test_everyone_else_gets_404_on_every_page(client, request, pair, role, employer_org):
    # The mentor comes from the partner company: its contact still sees nothing of the pair.
    pair.mentor.partner = employer_org
    pair.mentor.save(update_fields=["partner"])
    login(client, request.getfixturevalue(role))
    for name in MEMBER_PAGES + ["mentorspace_checkin", "mentorspace_outcome"]:
        assert client.get(reverse(name, args=[pair.pk])).status_code == 404, (role, name)
    for name in ("mentorspace_goal_add", "mentorspace_goal_progress"):
        assert (
            client.post(reverse(name, args=[pair.pk]), {"title": "x", "goal": 1, "progress": 50}).status_code
            == 404
        )
    assert client.get(reverse("mentorspace_board", args=[pair.programme.slug])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, pair):
    response = client.get(reverse("mentorspace_space", args=[pair.pk]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_pair_not_yet_active_has_no_space(client, mentor_programme, coordinator):
    from kobling.mentoring import services as mentoring

    mentee = make_mentee(mentor_programme, coordinator, first="Ny", last="Mentee")
    mentor = make_mentor(mentor_programme, name="Nils Ny")
    with transaction.atomic():
        proposed = mentoring.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)
    login(client, coordinator)
    assert client.get(reverse("mentorspace_space", args=[proposed.pk])).status_code == 404


def test_private_notes_only_for_their_author_and_messages_not_for_coordinators_by_default(
    client, pair, mentor, participant_user, coordinator
):
    fill(pair, mentor, participant_user)
    login(client, participant_user)
    assert (
        "Hemmelig notat fra mentee"
        in client.get(reverse("mentorspace_meetings", args=[pair.pk])).content.decode()
    )
    login(client, mentor)
    page = client.get(reverse("mentorspace_meetings", args=[pair.pk])).content.decode()
    assert "Delte notater om CV-en" in page and "Hemmelig notat" not in page
    login(client, coordinator)
    page = client.get(reverse("mentorspace_space", args=[pair.pk])).content.decode()
    assert "Norsk CV ferdig" in page and timezone.localdate().strftime("%-d.%-m.%Y") in page
    assert "Delte notater" not in page and "Hemmelig" not in page
    assert "Delte notater" not in client.get(reverse("mentorspace_meetings", args=[pair.pk])).content.decode()
    assert client.get(reverse("mentorspace_messages", args=[pair.pk])).status_code == 404


def test_the_programme_setting_lets_coordinators_see_notes_then_messages_never_private_notes(
    client, pair, mentor, participant_user, coordinator
):
    fill(pair, mentor, participant_user)
    login(client, coordinator)
    response = client.post(
        reverse("mentorspace_settings", args=[pair.programme.slug]), {"coordinator_view": "notes"}
    )
    assert response.status_code == 302
    page = client.get(reverse("mentorspace_meetings", args=[pair.pk])).content.decode()
    assert "Delte notater om CV-en" in page and "Hemmelig" not in page
    assert client.get(reverse("mentorspace_messages", args=[pair.pk])).status_code == 404
    services.space_settings_save(
        actor=coordinator, programme=pair.programme, coordinator_view=CoordinatorView.MESSAGES
    )
    before = AuditLog.objects.filter(action=AuditLog.Action.READ).count()
    page = client.get(reverse("mentorspace_messages", args=[pair.pk])).content.decode()
    assert "skal vi møtes torsdag" in page and "Hemmelig" not in page
    assert 'name="body"' not in page  # reading only
    assert AuditLog.objects.filter(action=AuditLog.Action.READ).count() == before + 1


def test_settings_refuse_a_bad_value_and_change_nothing(client, pair, coordinator):
    login(client, coordinator)
    response = client.post(
        reverse("mentorspace_settings", args=[pair.programme.slug]), {"coordinator_view": "all"}
    )
    assert response.status_code == 400 and "ds-validation-message" in response.content.decode()
    from kobling.mentorspace.models import SpaceSettings

    assert not SpaceSettings.objects.exists()


def test_another_providers_coordinator_sees_nothing_of_ours(client, pair, other_pair, other_coordinator):
    login(client, other_coordinator)
    assert client.get(reverse("mentorspace_space", args=[other_pair.pk])).status_code == 200
    assert client.get(reverse("mentorspace_space", args=[pair.pk])).status_code == 404
    assert client.get(reverse("mentorspace_board", args=[pair.programme.slug])).status_code == 404
    page = client.get(reverse("mentorspace_board", args=[other_pair.programme.slug])).content.decode()
    assert "Ola Annen" in page and "Magnus Mentor" not in page
    assert client.get(reverse("mentorspace_settings", args=[pair.programme.slug])).status_code == 404


def _pairs(programme, coordinator, n, start):
    from kobling.mentoring import services as mentoring

    for i in range(start, start + n):
        mentee = make_mentee(programme, coordinator, first=f"Mentee{i}", last="Test")
        mentor = make_mentor(programme, name=f"Mentor{i} Test", email=f"m{i}@mentor.example")
        with transaction.atomic():
            proposed = mentoring.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)
        pair = activate(proposed, coordinator)
        space = space_of(mentor.user, pair) if mentor.user else None
        if space is None:
            from kobling.mentorspace.selectors import Space, nudge_settings_for, space_settings_for

            space = Space(pair, "mentor", space_settings_for(programme), nudge_settings_for(programme))
        services.meeting_log(
            actor=coordinator,
            space=space,
            held_on=timezone.localdate() - datetime.timedelta(days=i),
            minutes=45,
            topics=[],
        )


def test_the_board_makes_a_constant_number_of_queries(client, mentor_programme, coordinator):
    login(client, coordinator)
    url = reverse("mentorspace_board", args=[mentor_programme.slug])
    _pairs(mentor_programme, coordinator, 2, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _pairs(mentor_programme, coordinator, 10, 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url + "?risk=&state=active")
    assert response.status_code == 200 and response.content.decode().count("Mentee1") >= 3
    assert len(many) == len(few), [q["sql"][:80] for q in many.captured_queries]
