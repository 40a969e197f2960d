"""Each of the five events fires from the service that makes the change, in its transaction, to the
subscriptions of the organisations it concerns; its payload holds ids and the change, never a name, a
national id, free text or health data."""

import datetime
import json
from datetime import date

import pytest
from django.utils import timezone
from tests.fixtures.mentoring import make_mentee, make_mentor
from tests.fixtures.mentorspace import space_of
from tests.fixtures.recruitment import give
from tests.programmes.conftest import make_cohort, seat
from tests.webhooks.conftest import subscribe

from kobling.mentoring import services as mentoring
from kobling.mentoring.models import Mentorship
from kobling.mentorspace import services as space_services
from kobling.programmes.attendance.days import teaching_days
from kobling.programmes.attendance.services import attendance_save
from kobling.programmes.followup.outcomes import outcome_record
from kobling.programmes.models import Reason, Status
from kobling.programmes.services import enrolment_change_status
from kobling.webhooks import services
from kobling.webhooks.models import Delivery, Event

pytestmark = pytest.mark.django_db
URL = "https://hooks.example.com/kobling"


def sent(event=None, organisation=None) -> list[dict]:
    deliveries = Delivery.objects.order_by("pk")
    if event:
        deliveries = deliveries.filter(event=event)
    if organisation:
        deliveries = deliveries.filter(subscription__organisation=organisation)
    return [json.loads(d.body) for d in deliveries]


def assert_nothing_personal(body: str, *words: str):
    for word in ("Amina", "Hassan", "amina.hassan", "health", "helse", "ill", "reason", *words):
        assert word.lower() not in body.lower(), word


@pytest.fixture
def hooked(coordinator, provider, other_coordinator, other_provider):
    """Our provider subscribes to every event; the other provider too, and must hear nothing of ours."""
    subscribe(other_coordinator, other_provider, URL)
    return subscribe(coordinator, provider, URL)[0]


def test_a_status_change_sends_the_old_and_new_status_without_the_reason(
    hooked, coordinator, participant, other_provider
):
    enrolment = participant.enrolments.get()
    enrolment_change_status(
        enrolment=enrolment, status=Status.NOT_RELEVANT, actor=coordinator, reason=Reason.ILL
    )
    [payload] = sent(Event.PARTICIPANT_STATUS_CHANGED)
    assert payload["type"] == "participant.status_changed"
    assert payload["data"] == {
        "participant_id": participant.pk,
        "enrolment_id": enrolment.pk,
        "programme_id": enrolment.programme_id,
        "old_status": "applied",
        "new_status": "not_relevant",
    }
    assert_nothing_personal(Delivery.objects.get().body, participant.national_id or "Amina")
    assert sent(organisation=other_provider) == []


def test_an_outcome_is_sent_with_its_kind_and_never_the_dropout_reason(hooked, coordinator, participant):
    enrolment = participant.enrolments.get()
    for status in (Status.WAITING_START, Status.PARTICIPATING):
        enrolment_change_status(enrolment=enrolment, status=status, actor=coordinator)
    outcome = outcome_record(
        actor=coordinator, enrolment=enrolment, result="dropped_out", dropout_reason="health", completed=False
    )
    [payload] = sent(Event.OUTCOME_RECORDED)
    assert payload["data"] == {
        "outcome_id": outcome.pk,
        "enrolment_id": enrolment.pk,
        "participant_id": participant.pk,
        "kind": "dropped_out",
        "start_date": outcome.start_date.isoformat(),
    }
    assert [p["data"]["new_status"] for p in sent(Event.PARTICIPANT_STATUS_CHANGED)][-1] == "broken_off"
    for delivery in Delivery.objects.all():
        assert_nothing_personal(delivery.body)


def test_the_absence_alert_is_sent_once_with_the_count(hooked, coordinator, programme, advisor):
    cohort = make_cohort(programme, seats=5)
    enrolment = seat(cohort, coordinator, first="Amina", last="Hassan", advisor=advisor, barrier_health=True)
    days = teaching_days(cohort, start=date(2026, 3, 2))[:4]
    for day in days:
        attendance_save(actor=coordinator, cohort=cohort, day=day, marks={enrolment.pk: "unexcused"})
    [payload] = sent(Event.ATTENDANCE_ALERT)
    assert payload["data"] == {
        "participant_id": enrolment.participant_id,
        "enrolment_id": enrolment.pk,
        "cohort_id": cohort.pk,
        "absences_in_a_row": 3,
    }
    assert_nothing_personal(Delivery.objects.filter(event=Event.ATTENDANCE_ALERT).get().body)


def test_interview_feedback_goes_to_the_candidates_provider_and_the_organiser(
    world, employer, coordinator, provider, market_coordinator, nav_office
):
    _event, interviews = world
    subscribe(coordinator, provider, URL, events=[Event.INTERVIEW_FEEDBACK_GIVEN])
    subscribe(market_coordinator, nav_office, URL, events=[Event.INTERVIEW_FEEDBACK_GIVEN])
    interview = interviews["amina_bolge"]
    give(employer, interview, advice="Snakk om helsa di", strengths="Rolig og presis")
    for organisation in (provider, nav_office):
        [payload] = sent(Event.INTERVIEW_FEEDBACK_GIVEN, organisation)
        assert payload["data"] == {
            "interview_id": interview.pk,
            "participant_id": interview.candidate.participant_id,
            "outcome": "practice_offer",
        }
    for delivery in Delivery.objects.all():
        assert_nothing_personal(delivery.body, "Rolig", "Snakk")


def test_a_mentor_pairs_every_status_change_is_sent_once(hooked, coordinator, mentor_programme):
    mentee = make_mentee(mentor_programme, coordinator, first="Amina", last="Hassan")
    mentor = make_mentor(mentor_programme, name="Magnus Mentor")
    pair = mentoring.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)
    when = timezone.now() + datetime.timedelta(days=3)
    for _time in range(2):  # planned, then moved: the second is no change of status
        pair = mentoring.mentorship_plan_intro(
            actor=coordinator, mentorship=pair, starts_at=when, minutes=45, place="Kafé", video_url=""
        )
    mentoring.mentorship_decline(
        actor=coordinator, mentorship=pair, side="mentee", reason="other", text="Hassan har ikke tid"
    )
    payloads = sent(Event.MENTORSHIP_STATUS_CHANGED)
    changes = [(p["data"]["old_status"], p["data"]["new_status"]) for p in payloads]
    assert changes == [(None, "proposed"), ("proposed", "intro"), ("intro", "declined")]
    assert payloads[0]["data"] == {
        "mentorship_id": pair.pk,
        "enrolment_id": mentee.enrolment_id,
        "participant_id": mentee.enrolment.participant_id,
        "programme_id": mentor_programme.pk,
        "old_status": None,
        "new_status": "proposed",
    }
    for delivery in Delivery.objects.filter(event=Event.MENTORSHIP_STATUS_CHANGED):
        assert_nothing_personal(delivery.body, "Magnus", "tid")


def test_a_completed_pair_is_sent_from_the_mentor_space(
    pair, coordinator, provider, participant_user, mentor
):
    subscribe(coordinator, provider, URL, events=[Event.MENTORSHIP_STATUS_CHANGED])
    Mentorship.objects.filter(pk=pair.pk).update(
        started_on=timezone.localdate() - datetime.timedelta(days=175),
        ends_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    mentee_space = space_of(participant_user, pair)
    space_services.evaluation_submit(
        actor=participant_user, space=mentee_space, rating=5, goals_met=True, outcome="job"
    )
    assert sent() == []
    space_services.evaluation_submit(actor=mentor, space=space_of(mentor, pair), rating=4, goals_met=True)
    [payload] = sent(Event.MENTORSHIP_STATUS_CHANGED)
    assert (payload["data"]["old_status"], payload["data"]["new_status"]) == ("active", "completed")
    assert payload["data"]["mentorship_id"] == pair.pk


def test_a_payload_refuses_anything_but_ids_and_the_change(hooked, provider):
    for data in ({"first_name": "Amina"}, {"participant_id": "Amina"}, {"kind": "x" * 41}, {"kind": ["a"]}):
        with pytest.raises(ValueError):
            services.webhook_event_emit(event=Event.OUTCOME_RECORDED, organisations=[provider], data=data)
    with pytest.raises(ValueError):
        services.webhook_event_emit(event="participant.deleted", organisations=[provider], data={})
    assert not Delivery.objects.exists()


def test_a_change_nobody_subscribed_to_costs_one_query_and_builds_no_payload(
    provider, django_assert_num_queries
):
    def never():
        raise AssertionError("the payload was built for nobody")

    with django_assert_num_queries(1):
        found = services.webhook_event_emit(
            event=Event.OUTCOME_RECORDED, organisations=[provider.pk], data=never
        )
    assert found == []
