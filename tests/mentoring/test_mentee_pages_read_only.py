"""A mentee's pages only read: until the mentee first saves their wishes (or picks a mentor) there is no
profile row, and the pages show the defaults. The POST's service makes the profile, with its audit."""

import pytest
from django.urls import reverse
from django.utils import translation

from kobling.core.models import AuditLog
from kobling.mentoring import services
from kobling.mentoring.models import MenteeProfile, Mentorship
from tests.conftest import login
from tests.fixtures.mentoring import make_mentor, mentee_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def enrolment(client, participant_user, mentor_programme, coordinator):
    """The persona participant, new in the mentor programme (no profile yet), logged in."""
    enrolled = mentee_login(participant_user, mentor_programme, coordinator)
    login(client, participant_user)
    assert not MenteeProfile.objects.exists()
    return enrolled


def test_the_mentee_pages_render_without_making_a_profile(client, enrolment):
    home = client.get(reverse("mentoring_mentee_home"))
    assert home.status_code == 200
    html = home.content.decode()
    assert enrolment.programme.name in html and "Change what I want from a mentor" in html
    form = client.get(reverse("mentoring_mentee_edit", args=[enrolment.pk]))
    assert form.status_code == 200
    assert form.context["form"].initial["mode"] == "both"  # the defaults
    assert MenteeProfile.objects.count() == 0


def test_the_suggestions_in_the_mentee_choice_mode_make_no_profile_for_anyone(
    client, coordinator, mentor_programme, enrolment, participant_user
):
    services.settings_save(
        actor=coordinator, programme=mentor_programme, values={"choice_mode": "mentee_picks"}
    )
    participant_user.participant.target_occupations.set(["2512"])
    make_mentor(mentor_programme, name="Magnus Mentor", occupation="2512")
    html = client.get(reverse("mentoring_mentee_home")).content.decode()
    assert "Choose Magnus Mentor" in html
    assert MenteeProfile.objects.count() == 0


def test_the_first_save_makes_the_profile_and_audits_it(client, enrolment, participant_user):
    before = MenteeProfile.objects.count()
    data = {"goals": "Jobb som utvikler", "topics": ["cv"], "mode": "digital", "gender": ""}
    response = client.post(reverse("mentoring_mentee_edit", args=[enrolment.pk]), data)
    assert response.status_code == 302
    mentee = MenteeProfile.objects.get(enrolment=enrolment)
    assert MenteeProfile.objects.count() == before + 1
    assert (mentee.goals, mentee.mode, mentee.topics) == ("Jobb som utvikler", "digital", ["cv"])
    created = AuditLog.objects.get(object_type="mentoring.menteeprofile")
    assert created.action == AuditLog.Action.CREATE and created.actor == participant_user
    assert set(created.fields) == {"goals", "mode", "topics"}
    # The page now shows what was saved.
    assert "Jobb som utvikler" in client.get(reverse("mentoring_mentee_home")).content.decode()


def test_saving_the_defaults_still_makes_the_profile_once(client, enrolment):
    url = reverse("mentoring_mentee_edit", args=[enrolment.pk])
    data = {"goals": "", "mode": "both", "gender": ""}
    client.post(url, data)
    client.post(url, data)
    assert MenteeProfile.objects.filter(enrolment=enrolment).count() == 1
    actions = AuditLog.objects.filter(object_type="mentoring.menteeprofile").values_list("action", flat=True)
    assert list(actions) == [AuditLog.Action.CREATE]  # the second save changed nothing


def test_picking_a_mentor_first_makes_the_profile(
    client, coordinator, mentor_programme, enrolment, participant_user
):
    services.settings_save(
        actor=coordinator, programme=mentor_programme, values={"choice_mode": "mentee_picks"}
    )
    participant_user.participant.target_occupations.set(["2512"])
    mentor = make_mentor(mentor_programme, name="Magnus Mentor", occupation="2512")
    response = client.post(reverse("mentoring_mentee_pick", args=[enrolment.pk]), {"mentor": mentor.pk})
    assert response.status_code == 302
    pair = Mentorship.objects.get()
    assert pair.mentee == MenteeProfile.objects.get(enrolment=enrolment)
    assert pair.state == Mentorship.State.REQUESTED
