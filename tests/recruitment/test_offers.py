"""An accepted offer becomes a placement with a start date, reaches the person's record, and is
checked at 30 and 90 days."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog, Occupation
from kobling.people.models import Task, TimelineEntry
from kobling.programmes.models import Outcome, Placement, Status
from kobling.recruitment import services
from kobling.recruitment.models import FeedbackOutcome, Offer, OfferCheck
from tests.conftest import login
from tests.fixtures.recruitment import give

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def test_the_advisor_records_an_accepted_work_practice_offer(client, world, employer, advisor, participant):
    _event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    offer = Offer.objects.get()
    login(client, advisor)
    url = reverse("recruitment_offer", args=[offer.pk])
    assert client.get(url).status_code == 200
    start = today() + datetime.timedelta(days=14)
    assert client.post(url, {"start_date": start.isoformat()}).status_code == 302
    offer.refresh_from_db()
    assert (offer.state, offer.start_date, offer.decided_by) == ("accepted", start, advisor)
    placement = offer.placement
    assert (placement.kind, placement.host.name, placement.start_date) == ("practice", "Bølgedata AS", start)
    assert placement.enrolment.participant == participant
    entry = TimelineEntry.objects.get(participant=participant, title__contains="Bølgedata")
    assert entry.visibility == TimelineEntry.Visibility.PARTICIPANT
    checks = list(offer.checks.all())
    assert [(c.days, c.due) for c in checks] == [
        (30, start + datetime.timedelta(days=30)),
        (90, start + datetime.timedelta(days=90)),
    ]
    assert all(c.task.assignee == advisor and c.task.participant == participant for c in checks)
    assert AuditLog.objects.filter(object_type="programmes.placement", action="create").exists()
    # Twice is refused.
    with pytest.raises(ValidationError):
        services.offer_accept(actor=advisor, offer=offer, start_date=start)


def test_a_job_accepted_by_the_coordinator_becomes_the_programmes_outcome(
    world, employer, coordinator, participant
):
    _event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.JOB_OFFER)
    offer = Offer.objects.get()
    occupation = Occupation.objects.get(code="2512")
    services.offer_accept(actor=coordinator, offer=offer, start_date=today(), occupation=occupation)
    offer.refresh_from_db()
    outcome = Outcome.objects.get(enrolment__participant=participant)
    assert offer.outcome == outcome and outcome.kind == Outcome.Kind.IT_JOB
    assert outcome.employer.name == "Bølgedata AS"
    enrolment = participant.enrolments.get()
    assert enrolment.status == Status.LEFT  # left the programme for the job
    assert offer.placement.kind == Placement.Kind.JOB


def test_a_job_accepted_by_the_advisor_asks_the_coordinator_to_record_the_outcome(
    world, employer, advisor, coordinator, participant
):
    _event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.JOB_OFFER)
    offer = Offer.objects.get()
    services.offer_accept(
        actor=advisor, offer=offer, start_date=today(), occupation=Occupation.objects.get(code="3512")
    )
    assert not Outcome.objects.exists()
    task = Task.objects.get(assignee=coordinator, participant=participant)
    assert "Bølgedata AS" in task.title


def test_a_job_needs_an_occupation_and_bad_input_changes_nothing(client, world, employer, advisor):
    _event, interviews = world
    give(employer, interviews["bilal_bolge"], FeedbackOutcome.JOB_OFFER)
    offer = Offer.objects.get()
    offer.occupation = None
    offer.save()
    login(client, advisor)  # Bilal has no advisor, so only his coordinator follows him
    assert client.get(reverse("recruitment_offer", args=[offer.pk])).status_code == 404


def test_the_coordinator_form_refuses_a_missing_start_date(client, world, employer, coordinator):
    _event, interviews = world
    give(employer, interviews["bilal_bolge"], FeedbackOutcome.JOB_OFFER)
    offer = Offer.objects.get()
    login(client, coordinator)
    response = client.post(
        reverse("recruitment_offer", args=[offer.pk]), {"start_date": "", "occupation": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_start_date_error"' in page and 'id="id_occupation_error"' in page
    offer.refresh_from_db()
    assert offer.state == "made" and not OfferCheck.objects.exists() and not Placement.objects.exists()


def test_without_an_enrolment_the_offer_still_reaches_the_timeline(world, employer, coordinator):
    _event, interviews = world
    give(employer, interviews["bilal_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    offer = Offer.objects.get()
    services.offer_accept(actor=coordinator, offer=offer, start_date=today())
    offer.refresh_from_db()
    assert offer.placement is None and offer.checks.count() == 2
    assert TimelineEntry.objects.filter(participant__first_name="Bilal").count() == 1


def test_decline_and_checks(client, world, employer, advisor):
    _event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    give(employer, interviews["bilal_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    amina, bilal = (
        Offer.objects.get(candidate__participant__first_name="Amina"),
        Offer.objects.get(candidate__participant__first_name="Bilal"),
    )
    login(client, advisor)
    services.offer_accept(actor=advisor, offer=amina, start_date=today() - datetime.timedelta(days=40))
    check30, check90 = amina.checks.all()
    # The 90-day check is not due yet.
    client.post(reverse("recruitment_check", args=[check90.pk]), {"answer": "yes"})
    check90.refresh_from_db()
    assert check90.answer is None
    assert client.post(reverse("recruitment_check", args=[check30.pk]), {"answer": "no"}).status_code == 302
    check30.refresh_from_db()
    check90.refresh_from_db()
    assert check30.answer is False and check90.answer is False  # it never started, so it does not hold
    assert check30.task.done_at and check90.task.done_at
    # Bilal's offer is none of the advisor's business.
    assert client.post(reverse("recruitment_offer_decline", args=[bilal.pk])).status_code == 404
    assert client.post(reverse("recruitment_check", args=[check30.pk]), {"answer": "yes"}).status_code == 302
    bilal.refresh_from_db()
    assert bilal.state == "made"


@pytest.mark.parametrize(
    "who", ["outsider", "employer", "other_coordinator", "other_market", "participant_user"]
)
def test_strangers_cannot_reach_the_offer(client, request, world, employer, who):
    _event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    offer = Offer.objects.get()
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("recruitment_offer", args=[offer.pk])).status_code == 404
    assert (
        client.post(reverse("recruitment_offer", args=[offer.pk]), {"start_date": "2030-01-01"}).status_code
        == 404
    )
    assert client.post(reverse("recruitment_offer_decline", args=[offer.pk])).status_code == 404
    offer.refresh_from_db()
    assert offer.state == "made"


def test_the_organiser_may_record_the_answer(client, world, employer, market_coordinator):
    _event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    offer = Offer.objects.get()
    login(client, market_coordinator)
    assert client.post(reverse("recruitment_offer_decline", args=[offer.pk])).status_code == 302
    offer.refresh_from_db()
    assert offer.state == "declined"
