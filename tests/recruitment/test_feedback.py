"""Feedback after each interview: the employer gives it on a phone-sized form, the advisor reads and
releases it, the candidate reads it and reflects. Each role sees only what it may."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog
from kobling.events.models import EventStatus, Interview
from kobling.notifications.models import OutboxEmail
from kobling.recruitment import services
from kobling.recruitment.models import Feedback, FeedbackOutcome, Offer, Reflection
from tests.conftest import login
from tests.fixtures.recruitment import feedback_values, give

pytestmark = pytest.mark.django_db

FORM = {
    "motivation": "5",
    "communication": "4",
    "skills": "3",
    "fit": "4",
    "strengths": "Rolig og grundig",
    "advice": "Fortell mer om det du har lært selv",
    "outcome": FeedbackOutcome.PRACTICE_OFFER,
}


def test_the_employer_gives_feedback_from_the_form_and_it_reaches_the_advisor(
    client, world, employer, advisor
):
    event, interviews = world
    amina = interviews["amina_bolge"]
    login(client, employer)
    home = client.get(reverse("recruitment_home")).content.decode()
    assert "Amina" in home and "Hassan" not in home  # employers see the first name only
    url = reverse("recruitment_feedback", args=[amina.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, FORM)
    assert response.status_code == 302
    feedback = Feedback.objects.get(interview=amina)
    assert (feedback.motivation, feedback.outcome, feedback.released_at) == (5, "practice_offer", None)
    amina.refresh_from_db()
    assert amina.state == Interview.State.HELD
    offer = Offer.objects.get(interview=amina)
    assert (offer.kind, offer.state, offer.event_id) == ("practice", "made", event.pk)
    mail = OutboxEmail.objects.get(template="recruitment_feedback_advisor")
    assert mail.to == advisor.email and "Amina Hassan" in mail.body
    assert AuditLog.objects.filter(object_type="recruitment.feedback", action="create").exists()
    assert not OutboxEmail.objects.filter(template="recruitment_feedback_candidate").exists()


def test_bad_feedback_shows_errors_beside_the_fields_and_changes_nothing(client, world, employer):
    _event, interviews = world
    login(client, employer)
    url = reverse("recruitment_feedback", args=[interviews["amina_bolge"].pk])
    response = client.post(url, {**FORM, "motivation": "7", "outcome": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_motivation_error"' in page and 'id="id_outcome_error"' in page
    assert not Feedback.objects.exists() and not Offer.objects.exists()


def test_no_feedback_before_the_interview_or_for_a_no_show(client, world, employer):
    event, interviews = world
    login(client, employer)
    no_show = interviews["jonas_bolge"]
    assert client.post(reverse("recruitment_feedback", args=[no_show.pk]), FORM).status_code == 400
    event.date = timezone.localdate() + datetime.timedelta(days=1)
    event.status = EventStatus.PUBLISHED
    event.save()
    assert (
        client.post(reverse("recruitment_feedback", args=[interviews["amina_bolge"].pk]), FORM).status_code
        == 400
    )
    assert not Feedback.objects.exists()


def test_the_advisor_releases_the_feedback_and_the_candidate_reads_it(
    client, world, employer, advisor, participant_user
):
    _event, interviews = world
    feedback = give(employer, interviews["amina_bolge"])
    login(client, participant_user)
    page = client.get(reverse("recruitment_home")).content.decode()
    assert "Bølgedata AS" in page and "Nysgjerrig og presis" not in page

    login(client, advisor)
    page = client.get(reverse("recruitment_home")).content.decode()
    assert "Nysgjerrig og presis" in page and "Amina Hassan" in page
    assert client.post(reverse("recruitment_release", args=[feedback.pk])).status_code == 302
    feedback.refresh_from_db()
    assert feedback.released_at and feedback.released_by == advisor
    assert OutboxEmail.objects.get(template="recruitment_feedback_candidate").to == "amina.hassan@example.no"

    login(client, participant_user)
    page = client.get(reverse("recruitment_home")).content.decode()
    assert "Nysgjerrig og presis" in page and "Øv på å fortelle" in page
    # Released feedback is final.
    login(client, employer)
    response = client.post(reverse("recruitment_feedback", args=[interviews["amina_bolge"].pk]), FORM)
    assert response.status_code == 400
    assert Feedback.objects.get().strengths == "Nysgjerrig og presis"


def test_an_event_can_release_feedback_automatically(
    client, world, market_coordinator, employer, participant_user
):
    event, interviews = world
    login(client, market_coordinator)
    response = client.post(reverse("recruitment_event", args=[event.pk]), {"release_automatically": "on"})
    assert response.status_code == 302
    feedback = give(employer, interviews["amina_bolge"], FeedbackOutcome.NOT_NOW)
    assert feedback.released_at is not None
    assert OutboxEmail.objects.filter(template="recruitment_feedback_candidate").count() == 1
    login(client, participant_user)
    assert "Nysgjerrig og presis" in client.get(reverse("recruitment_home")).content.decode()


def test_changing_the_outcome_moves_the_offer_until_it_is_answered(world, employer, advisor):
    _event, interviews = world
    amina = interviews["amina_bolge"]
    give(employer, amina, FeedbackOutcome.JOB_OFFER)
    assert Offer.objects.get().kind == "job"
    give(employer, amina, FeedbackOutcome.SECOND_INTERVIEW)
    assert not Offer.objects.exists()
    give(employer, amina, FeedbackOutcome.PRACTICE_OFFER)
    offer = Offer.objects.get()
    services.offer_decline(actor=advisor, offer=offer)
    with pytest.raises(ValidationError):
        give(employer, amina, FeedbackOutcome.NOT_NOW)
    assert Feedback.objects.get().outcome == "practice_offer"


def test_the_candidate_writes_a_reflection_the_advisor_reads_it_the_employer_does_not(
    client, world, participant_user, advisor, employer
):
    _event, interviews = world
    give(employer, interviews["amina_bolge"])
    login(client, participant_user)
    url = reverse("recruitment_reflection", args=[interviews["amina_bolge"].pk])
    assert client.post(url, {"text": ""}).status_code == 400
    assert not Reflection.objects.exists()
    assert client.post(url, {"text": "Jeg var nervøs, men det gikk bra."}).status_code == 302
    assert Reflection.objects.get().text.startswith("Jeg var nervøs")
    login(client, advisor)
    assert "Jeg var nervøs" in client.get(reverse("recruitment_home")).content.decode()
    login(client, employer)
    assert client.get(url).status_code == 404
    assert (
        "Jeg var nervøs"
        not in client.get(
            reverse("recruitment_feedback", args=[interviews["amina_bolge"].pk])
        ).content.decode()
    )


@pytest.mark.parametrize("who", ["outsider", "other_employer", "other_coordinator", "other_market", "staff"])
def test_strangers_get_404_on_the_feedback_form(client, request, world, who):
    _event, interviews = world
    login(client, request.getfixturevalue(who))
    for interview in interviews.values():
        assert client.get(reverse("recruitment_feedback", args=[interview.pk])).status_code == 404
        assert client.post(reverse("recruitment_feedback", args=[interview.pk]), FORM).status_code == 404
    assert not Feedback.objects.exists()


def test_another_organisation_sees_only_its_own_person(
    client, world, employer, other_coordinator, coordinator
):
    _event, interviews = world
    amina = give(employer, interviews["amina_bolge"], strengths="Aminas styrke")
    login(client, other_coordinator)
    page = client.get(reverse("recruitment_home")).content.decode()
    assert "Aminas styrke" not in page
    assert client.post(reverse("recruitment_release", args=[amina.pk])).status_code == 404
    login(client, coordinator)  # Amina's provider's coordinator follows her too
    assert "Aminas styrke" in client.get(reverse("recruitment_home")).content.decode()


def test_the_organiser_can_enter_feedback_for_an_employer_and_sees_outcomes_not_text(
    client, world, market_coordinator, other_coordinator
):
    event, interviews = world
    login(client, market_coordinator)
    url = reverse("recruitment_feedback", args=[interviews["jonas_granitt"].pk])
    assert client.post(url, {**FORM, "strengths": "Jonas sin styrke"}).status_code == 302
    page = client.get(reverse("recruitment_event", args=[event.pk])).content.decode()
    offer = Offer.objects.get(interview=interviews["jonas_granitt"])
    assert reverse("recruitment_offer", args=[offer.pk]) in page
    assert "Jonas sin styrke" not in page
    home = client.get(reverse("recruitment_home")).content.decode()
    assert "Jonas sin styrke" not in home
    login(client, other_coordinator)  # Jonas's own provider reads it
    assert "Jonas sin styrke" in client.get(reverse("recruitment_home")).content.decode()


def test_the_organiser_never_reads_the_employers_own_feedback_nor_writes_over_it(
    client, world, market_coordinator, employer
):
    """Found by the access matrix: the feedback form showed the organiser the employer's words."""
    _event, interviews = world
    interview = interviews["amina_bolge"]
    give(employer, interview, strengths="Arbeidsgivers egne ord", advice="Arbeidsgivers råd")
    login(client, market_coordinator)
    url = reverse("recruitment_feedback", args=[interview.pk])
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Arbeidsgivers egne ord" not in body and "Arbeidsgivers råd" not in body
    assert client.post(url, {**FORM, "strengths": "Overskrevet"}).status_code == 400
    assert Feedback.objects.get(interview=interview).strengths == "Arbeidsgivers egne ord"
    with pytest.raises(ValidationError):
        services.feedback_save(
            actor=market_coordinator, interview=interview, values=feedback_values(strengths="X")
        )


def test_the_services_refuse_callers_without_rights(world, outsider, employer):
    _event, interviews = world
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.feedback_save(actor=outsider, interview=interviews["amina_bolge"], values=feedback_values())
    feedback = give(employer, interviews["amina_bolge"])
    with pytest.raises(PermissionDenied):
        services.feedback_release(actor=employer, feedback=feedback)


def test_the_home_page_is_404_for_people_with_no_part(client, outsider, world):
    login(client, outsider)
    assert client.get(reverse("recruitment_home")).status_code == 404
