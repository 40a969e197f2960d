"""Outcomes: what happened when a person completed or left, decided in one transaction with the
enrolment's status, and the "still employed?" checks at 3, 6 and 12 months."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog, Occupation, Organisation
from kobling.people.models import Task
from kobling.programmes.followup import outcomes as followup_outcomes
from kobling.programmes.followup.outcomes import add_months
from kobling.programmes.models import Outcome, OutcomeFollowUp, Reason, Status
from kobling.programmes.services import enrolment_change_status
from tests.conftest import login, make_org
from tests.personas import PERSONAS


@pytest.fixture
def enrolment(participant, coordinator):
    enrolment = participant.enrolments.get()
    for status in (Status.WAITING_START, Status.PARTICIPATING):
        enrolment_change_status(enrolment=enrolment, status=status, actor=coordinator)
    return enrolment


@pytest.fixture
def hiring(db):
    return make_org("Bergen Kode AS", Organisation.Kind.EMPLOYER)


def job_data(**overrides):
    return {
        "result": "job",
        "ending": "completed",
        "occupation": "2512",
        "employer": "",
        "employer_name": "Bergen Kode AS",
        "start_date": "2026-01-31",
        "dropout_reason": "",
        "note": "",
        **overrides,
    }


def record(client, enrolment, **data):
    return client.post(reverse("outcome_new", args=[enrolment.pk]), job_data(**data))


def test_a_software_developer_job_is_an_it_job_and_completes_the_enrolment(
    client, coordinator, enrolment, hiring
):
    login(client, coordinator)
    response = record(client, enrolment, employer=hiring.pk, employer_name="")
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.occupation_id, outcome.employer) == ("it_job", "2512", hiring)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED
    assert enrolment.history.first().reason == Reason.GOT_JOB
    assert AuditLog.objects.filter(action="create", object_type="programmes.outcome").exists()


def test_a_shop_job_is_another_job_whatever_the_coordinator_thinks(client, coordinator, enrolment):
    login(client, coordinator)
    record(client, enrolment, occupation="5223")
    assert Outcome.objects.get().kind == Outcome.Kind.OTHER_JOB


def test_it_job_cannot_be_typed_in_by_hand(client, coordinator, enrolment):
    login(client, coordinator)
    response = record(client, enrolment, result="it_job")
    assert response.status_code == 400 and 'id="id_result_error"' in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_job_gets_checks_at_3_6_and_12_months_each_a_task_for_the_coordinator(
    client, coordinator, enrolment
):
    login(client, coordinator)
    record(client, enrolment)
    follow_ups = list(OutcomeFollowUp.objects.order_by("months"))
    assert [(f.months, f.due) for f in follow_ups] == [
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]
    for follow_up in follow_ups:
        task = follow_up.task
        assert task.assignee == coordinator and task.due == follow_up.due and task.done_at is None
        assert task.participant_id == enrolment.participant_id and task.waiting_on == Task.WaitingOn.PROVIDER


def test_leaving_early_for_a_job_is_has_left_with_the_reason_got_a_job(client, coordinator, enrolment):
    login(client, coordinator)
    record(client, enrolment, ending="left")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.LEFT and enrolment.history.first().reason == Reason.GOT_JOB


@pytest.mark.parametrize(
    ("why", "reason", "text"),
    [
        ("health", Reason.ILL, ""),
        ("motivation", Reason.OTHER, "Motivation"),
        ("leave", Reason.OTHER, "Leave"),
    ],
)
def test_dropping_out_breaks_off_the_enrolment_with_the_matching_reason(
    coordinator, enrolment, why, reason, text
):
    followup_outcomes.outcome_record(
        actor=coordinator, enrolment=enrolment, result="dropped_out", dropout_reason=why
    )
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.dropout_reason) == ("dropped_out", why)
    assert outcome.start_date == timezone.localdate()
    assert not OutcomeFollowUp.objects.exists()
    enrolment.refresh_from_db()
    row = enrolment.history.first()
    assert (enrolment.status, row.reason) == (Status.BROKEN_OFF, reason)
    # Free text goes with "other" only; it names the dropout reason.
    assert (row.reason_text != "") == bool(text)


def test_a_job_missing_its_facts_gets_a_message_beside_each_field_and_changes_nothing(
    client, coordinator, enrolment
):
    login(client, coordinator)
    response = record(client, enrolment, occupation="", employer_name="", start_date="")
    body = response.content.decode()
    assert response.status_code == 400
    for field in ("occupation", "employer", "start_date"):
        assert f'id="id_{field}_error"' in body, field
    assert not Outcome.objects.exists() and not Task.objects.exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Status.PARTICIPATING


def test_dropping_out_needs_a_reason(client, coordinator, enrolment):
    login(client, coordinator)
    response = record(client, enrolment, result="dropped_out", dropout_reason="")
    assert response.status_code == 400 and 'id="id_dropout_reason_error"' in response.content.decode()
    assert not Outcome.objects.exists()


def test_an_occupation_group_above_the_unit_level_is_refused(coordinator, enrolment):
    with pytest.raises(ValidationError) as error:
        followup_outcomes.outcome_record(
            actor=coordinator,
            enrolment=enrolment,
            result="job",
            occupation=Occupation.objects.get(code="251"),
            employer_name="X",
            start_date=date(2026, 1, 5),
        )
    assert "occupation" in error.value.error_dict and not Outcome.objects.exists()


def test_if_the_status_change_fails_the_outcome_and_its_tasks_are_rolled_back(
    coordinator, enrolment, monkeypatch
):
    def refuse(**kwargs):
        raise ValidationError("no")

    monkeypatch.setattr(followup_outcomes, "enrolment_change_status", refuse)
    with pytest.raises(ValidationError):
        followup_outcomes.outcome_record(
            actor=coordinator,
            enrolment=enrolment,
            result="job",
            occupation=Occupation.objects.get(code="2512"),
            employer_name="X",
            start_date=date(2026, 1, 5),
        )
    assert not Outcome.objects.exists() and not OutcomeFollowUp.objects.exists()


def test_an_outcome_is_for_people_who_took_part(client, coordinator, participant):
    enrolment = participant.enrolments.get()  # still "applied"
    login(client, coordinator)
    response = record(client, enrolment)
    assert response.status_code == 400 and not Outcome.objects.exists()


def test_a_person_who_completed_did_not_drop_out(coordinator, enrolment):
    enrolment_change_status(enrolment=enrolment, status=Status.COMPLETED, actor=coordinator)
    with pytest.raises(ValidationError):
        followup_outcomes.outcome_record(
            actor=coordinator, enrolment=enrolment, result="dropped_out", dropout_reason="health"
        )


def test_an_enrolment_that_already_ended_keeps_its_status(client, coordinator, enrolment):
    enrolment_change_status(
        enrolment=enrolment,
        status=Status.BROKEN_OFF,
        actor=coordinator,
        reason=Reason.OTHER,
        reason_text="Flyttet",
    )
    login(client, coordinator)
    response = record(
        client, enrolment, result="education", occupation="", employer_name="", start_date="2026-08-15"
    )
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Status.BROKEN_OFF and enrolment.history.count() == 4
    assert Outcome.objects.get().start_date == date(2026, 8, 15)


def test_the_coordinator_answers_a_due_check_and_the_task_is_done(client, coordinator, enrolment):
    login(client, coordinator)
    record(client, enrolment, start_date=(timezone.localdate() - timedelta(days=100)).isoformat())
    three, six, _twelve = OutcomeFollowUp.objects.order_by("months")
    response = client.post(reverse("follow_up_answer", args=[three.pk]), {"still_employed": "yes"})
    assert response.status_code == 302
    three.refresh_from_db()
    assert three.still_employed is True and three.answered_at and three.task.done_at
    # The six-month check is not due yet.
    response = client.post(reverse("follow_up_answer", args=[six.pk]), {"still_employed": "no"})
    assert response.status_code == 400
    six.refresh_from_db()
    assert six.still_employed is None and six.task.done_at is None


def test_removing_an_outcome_deletes_its_open_tasks_but_keeps_the_status(client, coordinator, enrolment):
    login(client, coordinator)
    record(client, enrolment)
    assert client.post(reverse("outcome_remove", args=[enrolment.pk])).status_code == 302
    assert not Outcome.objects.exists() and not Task.objects.exists()
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED


def test_the_person_and_the_advisor_see_the_outcome_but_only_staff_see_the_checks(
    client, coordinator, advisor, participant_user, enrolment, participant
):
    login(client, coordinator)
    record(client, enrolment)
    follow_up = OutcomeFollowUp.objects.first()
    mine = login(client, participant_user).get(reverse("my_profile")).content.decode()
    assert "Programvareutviklere" in mine and "Bergen Kode AS" in mine
    assert reverse("follow_up_answer", args=[follow_up.pk]) not in mine
    theirs = login(client, advisor).get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert "Programvareutviklere" in theirs
    assert (
        reverse("follow_up_answer", args=[follow_up.pk]) not in theirs
    )  # the advisor reads, does not answer
    ours = (
        login(client, coordinator).get(reverse("participant_detail", args=[participant.pk])).content.decode()
    )
    assert reverse("follow_up_answer", args=[follow_up.pk]) in ours


@pytest.mark.parametrize("role", PERSONAS)
def test_only_the_coordinator_records_outcomes_and_answers_checks(
    client, request, coordinator, enrolment, role
):
    followup_outcomes.outcome_record(
        actor=coordinator,
        enrolment=enrolment,
        result="job",
        occupation=Occupation.objects.get(code="3512"),
        employer_name="Hjelp AS",
        start_date=date(2025, 1, 6),
    )
    follow_up = OutcomeFollowUp.objects.first()
    login(client, request.getfixturevalue(role))
    allowed = role == "coordinator"
    response = client.get(reverse("outcome_new", args=[enrolment.pk]))
    assert response.status_code == (302 if allowed else 404), role  # recorded already: back to the person
    assert client.get(reverse("follow_up_answer", args=[follow_up.pk])).status_code == (
        200 if allowed else 404
    )
    if not allowed:
        assert client.post(reverse("outcome_remove", args=[enrolment.pk])).status_code == 404
        assert Outcome.objects.exists()


@pytest.mark.parametrize("role", PERSONAS)
def test_the_outcome_form_opens_only_for_the_coordinator(client, request, enrolment, role):
    response = login(client, request.getfixturevalue(role)).get(reverse("outcome_new", args=[enrolment.pk]))
    assert response.status_code == (200 if role == "coordinator" else 404), role


def test_add_months_keeps_to_the_end_of_short_months():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)
