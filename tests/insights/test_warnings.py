"""The early-warning list: who is at risk now and why, each person's advisor seeing only their own,
and the suggested next step that creates a task."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kobling.core.models import AuditLog
from kobling.insights.warnings import falling, warnings_for
from kobling.people.models import Participant, Task
from kobling.programmes.models import AttendanceRecord, Enrolment
from tests.conftest import login
from tests.fixtures.reports import journey, person, started_journey

M = AttendanceRecord.Mark


@pytest.fixture
def planted(seed):
    """15 of the 19 with a job had their CV done, 2 of the 11 who dropped out."""
    with_cv = [enrolment.pk for enrolment in seed.jobs[:15] + seed.dropouts[:2]]
    Enrolment.objects.filter(pk__in=with_cv).update(cv_done_on=datetime.date(2024, 3, 1))
    return seed


def participating(seed, provider, coordinator, advisor, n, *, cv=True):
    enrolment = person(provider, seed.programme, coordinator, advisor, n, seed.cohort_b)
    start = seed.starts[seed.cohort_b]
    journey(enrolment, coordinator, started_journey(start), created=start - datetime.timedelta(days=30))
    if cv:
        Enrolment.objects.filter(pk=enrolment.pk).update(cv_done_on=datetime.date(2024, 3, 1))
    enrolment.refresh_from_db()
    return enrolment


def listed(user):
    with translation.override("en"):
        return {w.enrolment.pk: w for w in warnings_for(user)}


def test_attendance_falls_when_the_last_ten_days_are_much_worse_than_before():
    assert falling([M.PRESENT] * 10 + [M.UNEXCUSED] * 3 + [M.PRESENT] * 7)
    assert not falling([M.PRESENT] * 10 + [M.UNEXCUSED] + [M.PRESENT] * 9)
    assert not falling([M.UNEXCUSED] * 5)  # too few days to say


def test_the_model_and_the_rules_list_people_with_their_reasons(
    planted, provider, coordinator, advisor, other_advisor
):
    calm = participating(planted, provider, coordinator, advisor, 100)
    no_cv = participating(planted, provider, coordinator, advisor, 101, cv=False)
    housing = participating(planted, provider, coordinator, advisor, 102)
    Participant.objects.filter(pk=housing.participant_id).update(barrier_housing=True)
    absent = participating(planted, provider, coordinator, advisor, 103)
    for offset in range(20):
        day = datetime.date(2024, 3, 4) + datetime.timedelta(days=offset)
        AttendanceRecord.objects.create(
            enrolment=absent, day=day, mark=M.PRESENT if offset < 12 else M.UNEXCUSED
        )
    quiet = participating(planted, provider, coordinator, other_advisor, 104)
    Enrolment.objects.filter(pk=quiet.pk).update(status_since=timezone.now() - datetime.timedelta(weeks=7))
    found = listed(coordinator)
    assert calm.pk not in found
    assert found[no_cv.pk].signals == ["risk"] and found[no_cv.pk].risk >= 0.3
    assert "CV done: no" in found[no_cv.pk].reasons
    assert found[housing.pk].signals == ["housing"]
    assert found[absent.pk].signals == ["attendance"]
    assert found[quiet.pk].signals == ["advisor"]
    # A NAV advisor sees only their own people.
    assert set(listed(advisor)) == {no_cv.pk, housing.pk, absent.pk}
    assert set(listed(other_advisor)) == {quiet.pk}


def test_the_list_costs_the_same_queries_for_more_people(client, planted, provider, coordinator, advisor):
    participating(planted, provider, coordinator, advisor, 100, cv=False)
    login(client, coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("insights_warnings"))
    for n in range(101, 106):
        participating(planted, provider, coordinator, advisor, n, cv=False)
    with CaptureQueriesContext(connection) as more:
        response = client.get(reverse("insights_warnings"))
    assert len(response.context["warnings"]) == 6
    assert len(more) == len(few)


def test_a_suggested_step_creates_an_audited_task_for_the_one_who_clicked(
    client, planted, provider, coordinator, advisor
):
    enrolment = participating(planted, provider, coordinator, advisor, 100, cv=False)
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    login(client, coordinator)
    url = reverse("insights_warning_task", args=[enrolment.pk])
    response = client.post(url, {"signal": "risk"}, follow=True)
    task = Task.objects.get(participant_id=enrolment.participant_id)
    assert task.assignee == coordinator and task.title.startswith("Check in with P Seed100")
    assert task.due == timezone.localdate() + datetime.timedelta(days=7)
    assert "Task created for you" in response.content.decode()
    assert AuditLog.objects.filter(object_id=str(task.pk), action="create").exists()
    client.post(url, {"signal": "nonsense"})
    assert Task.objects.filter(participant_id=enrolment.participant_id).count() == 1
    assert client.get(url).status_code == 405


def test_another_providers_coordinator_and_another_advisor_get_a_404(
    client, planted, provider, coordinator, advisor, other_advisor, other_coordinator
):
    enrolment = participating(planted, provider, coordinator, advisor, 100, cv=False)
    url = reverse("insights_warning_task", args=[enrolment.pk])
    for user in (other_coordinator, other_advisor):
        assert login(client, user).post(url, {"signal": "risk"}).status_code == 404
    assert not Task.objects.filter(participant_id=enrolment.participant_id).exists()
