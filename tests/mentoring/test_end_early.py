"""An active pair is ended early by the coordinator, the mentor or the mentee (one has to stop, or it
does not work): with a reason, both told, the mentee back in the pool and the mentor's place free;
nobody outside the pair may, and a pair that is not active cannot be."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from kobling.mentoring import services
from kobling.mentoring.matching.pool import waiting_mentees
from kobling.mentoring.models import Mentorship, MentorshipStatus
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Task
from kobling.privacy import services as privacy
from tests.conftest import login
from tests.fixtures.mentoring import make_mentee, make_mentor

pytestmark = pytest.mark.django_db


def test_the_coordinator_ends_an_active_pair_early_on_its_page(client, pair, coordinator, participant_user):
    mentor = pair.mentor
    assert services.mentor_open_count(mentor) == 1
    assert not waiting_mentees(pair.programme).filter(pk=pair.mentee_id).exists()
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "End the pair early" in client.get(reverse("mentorship_detail", args=[pair.pk])).content.decode()
    url = reverse("mentorship_end_early", args=[pair.pk])
    refused = client.post(url, {"answer": "no"})  # no reason
    assert refused.status_code == 400
    pair.refresh_from_db()
    assert pair.state == Mentorship.State.ACTIVE
    OutboxEmail.objects.all().delete()
    done = client.post(url, {"answer": "no", "reason": "time"})
    assert done.status_code == 302 and done["Location"] == reverse("mentorship_detail", args=[pair.pk])
    pair.refresh_from_db()
    assert (pair.state, pair.decline_reason, pair.declined_by) == (
        Mentorship.State.ENDED_EARLY,
        "time",
        "coordinator",
    )
    assert pair.ended_at is not None
    assert MentorshipStatus.objects.filter(mentorship=pair, state=Mentorship.State.ENDED_EARLY).exists()
    assert set(OutboxEmail.objects.values_list("to", "template")) == {
        (participant_user.email, "mentoring_outcome"),
        (mentor.email, "mentoring_outcome"),
    }
    assert services.mentor_open_count(mentor) == 0
    assert waiting_mentees(pair.programme).filter(pk=pair.mentee_id).exists()
    assert not Task.objects.exists()  # the coordinator ended it: no task for themselves
    # And now the mentor who asked to be forgotten can be erased.
    privacy.mentor_erase(actor=coordinator, mentor=mentor)


@pytest.mark.parametrize("side", ["mentor", "mentee"])
def test_the_mentor_or_the_mentee_ends_it_themselves(
    client, pair, mentor, participant_user, coordinator, side
):
    """A busy volunteer who has to stop does it on the pair's page, with a reason."""
    login(client, mentor if side == "mentor" else participant_user)
    url = reverse("mentorship_end_early", args=[pair.pk])
    assert client.post(url, {"answer": "no", "reason": "other"}).status_code == 400  # "other" needs words
    response = client.post(url, {"answer": "no", "reason": "other", "text": "Jeg flytter til Tromsø"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.state, pair.declined_by) == (Mentorship.State.ENDED_EARLY, side)
    assert pair.decline_text == "Jeg flytter til Tromsø"
    # The coordinator who proposed the pair gets the next thing to do: a new mentor for the mentee.
    task = Task.objects.get()
    assert (task.assignee, task.participant) == (coordinator, participant_user.participant)
    assert "ended early" in task.title or "avsluttet" in task.title


def test_nobody_outside_the_pair_may_end_it(client, pair, advisor, other_coordinator):
    for user in (advisor, other_coordinator):
        login(client, user)
        response = client.post(
            reverse("mentorship_end_early", args=[pair.pk]), {"answer": "no", "reason": "time"}
        )
        assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.state == Mentorship.State.ACTIVE


def test_only_an_active_pair_is_ended_early(pair, coordinator):
    services.mentorship_end_early(actor=coordinator, mentorship=pair, reason="chemistry")
    with pytest.raises(ValidationError):
        services.mentorship_end_early(actor=coordinator, mentorship=pair, reason="chemistry")
    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.ENDED_EARLY


def test_the_coordinator_withdraws_a_pair_that_has_not_started(mentor_programme, coordinator):
    """The same `declined_by` ("coordinator", eleven letters): the column once held ten, which only
    PostgreSQL refused."""
    mentee = make_mentee(mentor_programme, coordinator, first="Lina", last="Berg")
    own = make_mentor(mentor_programme, name="Tor Mentor")
    with transaction.atomic():
        proposed = services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=own)
    services.mentorship_withdraw(actor=coordinator, mentorship=proposed, reason="practical")
    proposed.refresh_from_db()
    assert (proposed.state, proposed.declined_by) == (Mentorship.State.DECLINED, "coordinator")
    assert services.mentor_open_count(own) == 0
