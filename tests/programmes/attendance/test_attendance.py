"""Daily attendance: teaching days, one screen per day, rates and runs, and the absence alert."""

import datetime
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Task
from kobling.programmes.attendance.days import default_day, teaching_days
from kobling.programmes.attendance.selectors import attendance_summary, roster
from kobling.programmes.attendance.services import attendance_save
from kobling.programmes.models import AttendanceRecord
from tests.conftest import login
from tests.programmes.conftest import make_cohort, seat

P, L, E, U = "present", "late", "excused", "unexcused"


@pytest.fixture
def cohort(programme):
    return make_cohort(programme, seats=30, start=date(2026, 3, 2), end=date(2026, 6, 26))


def url(cohort, day):
    return reverse("attendance_day", args=[cohort.pk, day.isoformat() if isinstance(day, date) else day])


def marks_of(enrolment):
    return dict(AttendanceRecord.objects.filter(enrolment=enrolment).values_list("day", "mark"))


# --------------------------------------------------------------------------- teaching days


def test_teaching_days_are_the_cohorts_weekdays_without_easter(programme):
    cohort = make_cohort(programme, start=date(2026, 3, 30), end=date(2026, 4, 10))
    assert teaching_days(cohort) == [
        date(2026, 3, 30),
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 4, 7),
        date(2026, 4, 8),
        date(2026, 4, 9),
        date(2026, 4, 10),
    ]
    evenings = make_cohort(programme, start=date(2026, 5, 11), end=date(2026, 5, 17), weekdays=[3, 6])
    assert teaching_days(evenings) == []  # Ascension Day (Thursday) and 17 May (Sunday)


def test_the_screen_opens_on_today_or_the_last_teaching_day_before_it(programme):
    cohort = make_cohort(programme, start=date(2026, 3, 30), end=date(2026, 4, 24))
    assert default_day(cohort, date(2026, 4, 1)) == date(2026, 4, 1)
    assert default_day(cohort, date(2026, 4, 4)) == date(2026, 4, 1)  # Easter Saturday: the Wednesday before
    assert default_day(cohort, date(2026, 4, 18)) == date(2026, 4, 17)  # Saturday → Friday
    assert default_day(cohort, date(2026, 4, 19)) == date(2026, 4, 17)  # Sunday → Friday, never ahead
    assert default_day(cohort, date(2026, 1, 5)) == date(2026, 3, 30)
    assert default_day(cohort, date(2026, 12, 1)) == date(2026, 4, 24)


def test_the_attendance_link_opens_todays_list(client, coordinator, programme):
    today = timezone.localdate()
    cohort = make_cohort(programme, start=today - timedelta(days=20), end=today + timedelta(days=20))
    login(client, coordinator)
    response = client.get(reverse("attendance_today", args=[cohort.pk]))
    assert response.status_code == 200
    assert response.context["day"] == default_day(cohort, today)
    picked = client.get(reverse("attendance_today", args=[cohort.pk]), {"day": "2026-03-03"})
    assert picked["Location"] == url(cohort, "2026-03-03")


# --------------------------------------------------------------------------- one day


def test_the_day_is_saved_for_the_whole_list_with_one_button(client, coordinator, cohort):
    ali, berit = (
        seat(cohort, coordinator, first="Ali", last="A"),
        seat(cohort, coordinator, first="Berit", last="B"),
    )
    seat(cohort, coordinator, first="Venter", last="C", participating=False)
    login(client, coordinator)
    page = client.get(url(cohort, "2026-03-03"))
    assert [row.pk for row in page.context["rows"]] == [ali.pk, berit.pk]
    assert page.content.decode().count('type="radio"') == 8
    response = client.post(url(cohort, "2026-03-03"), {f"mark_{ali.pk}": P, f"mark_{berit.pk}": L})
    assert response.status_code == 302 and response["Location"] == url(cohort, "2026-03-03")
    client.post(url(cohort, "2026-03-03"), {f"mark_{ali.pk}": P, f"mark_{berit.pk}": E})
    assert marks_of(ali) == {date(2026, 3, 3): P} and marks_of(berit) == {date(2026, 3, 3): E}
    audit = AuditLog.objects.filter(object_type="programmes.enrolment", fields=["attendance"])
    assert sorted(audit.values_list("object_id", "action")) == [
        (str(ali.pk), "create"),
        (str(berit.pk), "create"),
        (str(berit.pk), "update"),
    ]
    assert 'value="excused" checked' in client.get(url(cohort, "2026-03-03")).content.decode()


def test_the_rest_can_be_marked_present_in_one_go(client, coordinator, cohort):
    ali, berit = seat(cohort, coordinator, first="Ali"), seat(cohort, coordinator, first="Berit")
    login(client, coordinator)
    client.post(url(cohort, "2026-03-04"), {f"mark_{ali.pk}": U, "fill": "present"})
    assert marks_of(ali) == {date(2026, 3, 4): U} and marks_of(berit) == {date(2026, 3, 4): P}


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("2026-04-06", "public holiday (Easter Monday)"),
        ("2026-03-07", "is not one of the cohort"),
        ("2026-07-01", "outside the cohort"),
    ],
)
def test_a_day_without_teaching_is_refused_and_nothing_saved(client, coordinator, cohort, day, words):
    ali = seat(cohort, coordinator)
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(url(cohort, day))
    assert page.status_code == 200 and words in page.content.decode() and not page.context["rows"]
    response = client.post(url(cohort, day), {f"mark_{ali.pk}": P})
    assert response.status_code == 400
    assert words in response.content.decode() and "Nothing was saved." in response.content.decode()
    assert not AttendanceRecord.objects.exists()
    with pytest.raises(ValidationError):
        attendance_save(actor=coordinator, cohort=cohort, day=date.fromisoformat(day), marks={ali.pk: P})


def test_an_unknown_mark_or_a_stranger_changes_nothing(client, coordinator, cohort, foreign_participant):
    ali = seat(cohort, coordinator)
    login(client, coordinator)
    assert client.post(url(cohort, "2026-03-03"), {f"mark_{ali.pk}": "asleep"}).status_code == 400
    stranger = foreign_participant.enrolments.get()
    with pytest.raises(ValidationError):
        attendance_save(
            actor=coordinator, cohort=cohort, day=date(2026, 3, 3), marks={stranger.pk: P, ali.pk: P}
        )
    assert not AttendanceRecord.objects.exists()
    assert client.get(url(cohort, "3-3-2026")).status_code == 404


# --------------------------------------------------------------------------- rate and run


def mark_days(cohort, actor, enrolment, marks, start=date(2026, 3, 2)):
    days = teaching_days(cohort, start=start)
    for day, mark in zip(days, marks, strict=False):
        attendance_save(actor=actor, cohort=cohort, day=day, marks={enrolment.pk: mark})
    return days[: len(marks)]


def test_the_rate_counts_present_and_late_over_marked_days_and_the_run_counts_unexcused(coordinator, cohort):
    ali = seat(cohort, coordinator)
    mark_days(cohort, coordinator, ali, [P, L, U, E, U, U])
    row = roster(cohort, date(2026, 3, 10))[0]
    assert (row.att_marked, row.att_present, row.att_run, row.att_percent) == (6, 2, 2, 33)
    assert row.att_run_start == date(2026, 3, 6)
    summary = attendance_summary(ali, today=date(2026, 3, 10))
    assert summary["rate"] == pytest.approx(1 / 3) and summary["consecutive_unexcused"] == 2
    assert summary["alert_after"] == 3
    assert [(d["day"].day, d["mark"]) for d in summary["recent"]] == [
        (2, P),
        (3, L),
        (4, U),
        (5, E),
        (6, U),
        (9, U),
        (10, None),
    ]


def test_thirty_teaching_days_at_most_in_the_summary(coordinator, cohort):
    ali = seat(cohort, coordinator)
    summary = attendance_summary(ali, today=date(2026, 6, 1))
    assert len(summary["recent"]) == 30 and summary["rate"] is None
    assert summary["recent"][-1]["day"] == date(2026, 6, 1)


# --------------------------------------------------------------------------- the alert


@pytest.fixture
def absentee(cohort, coordinator, advisor):
    advisor.language = "en"
    advisor.save(update_fields=["language"])
    return seat(cohort, coordinator, first="Ola", last="Nordmann", advisor=advisor, barrier_health=True)


def alerts():
    return list(Task.objects.order_by("assignee__email").values_list("assignee__email", "waiting_on"))


def test_the_third_unexcused_absence_in_a_row_alerts_the_coordinator_and_the_advisor(
    coordinator, advisor, other_coordinator, staff, cohort, absentee
):
    mark_days(cohort, coordinator, absentee, [U, U])
    assert alerts() == []
    mark_days(cohort, coordinator, absentee, [U], start=date(2026, 3, 4))
    assert alerts() == [(coordinator.email, "provider"), (advisor.email, "nav")]
    assert Task.objects.filter(participant=absentee.participant, done_at__isnull=True).count() == 2
    emails = {e.to: e for e in OutboxEmail.objects.filter(template="absence_alert")}
    assert set(emails) == {coordinator.email, advisor.email}
    assert emails[coordinator.email].subject == "Fravær å følge opp – Ola Nordmann"
    assert emails[advisor.email].subject == "Absence to follow up – Ola Nordmann"
    assert "3 days in a row" in emails[advisor.email].body
    for email in emails.values():
        assert "health" not in email.body.lower() and "helse" not in email.body.lower()


def test_the_alert_comes_once_per_run_not_on_every_save(coordinator, cohort, absentee):
    days = mark_days(cohort, coordinator, absentee, [U, U, U])
    assert Task.objects.count() == 2
    attendance_save(actor=coordinator, cohort=cohort, day=days[2], marks={absentee.pk: U})  # saved again
    mark_days(cohort, coordinator, absentee, [U], start=date(2026, 3, 5))  # the run goes on
    attendance_save(actor=coordinator, cohort=cohort, day=date(2026, 3, 5), marks={absentee.pk: E})
    attendance_save(
        actor=coordinator, cohort=cohort, day=date(2026, 3, 5), marks={absentee.pk: U}
    )  # corrected back
    assert Task.objects.count() == 2 and OutboxEmail.objects.count() == 2
    mark_days(cohort, coordinator, absentee, [P, U, U, U], start=date(2026, 3, 6))  # a new run
    assert Task.objects.count() == 4 and OutboxEmail.objects.count() == 4


def test_the_threshold_is_the_cohorts_own(coordinator, cohort, absentee):
    cohort.absence_alert_after = 5
    cohort.save()
    mark_days(cohort, coordinator, absentee, [U, U, U, U])
    assert Task.objects.count() == 0
    mark_days(cohort, coordinator, absentee, [U], start=date(2026, 3, 6))
    assert Task.objects.count() == 2


def test_the_screen_says_who_reached_the_threshold(client, coordinator, cohort, absentee):
    mark_days(cohort, coordinator, absentee, [U, U])
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(url(cohort, "2026-03-04"), {f"mark_{absentee.pk}": U}, follow=True)
    assert "Unexcused absences in a row reached 3 for: Ola Nordmann" in response.content.decode()


# --------------------------------------------------------------------------- speed and access


def test_the_screen_costs_the_same_queries_for_2_or_20_people(client, coordinator, cohort):
    def count(method, data=None):
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(url(cohort, "2026-03-05"), data or {})
            assert response.status_code in (200, 302)
        return len(captured)

    def add(names):
        people = [seat(cohort, coordinator, first=n) for n in names]
        for enrolment in people:
            mark_days(cohort, coordinator, enrolment, [P, L, U])
        return people

    few = add(["A", "B"])
    login(client, coordinator)
    few_get = count("get")
    few_post = count("post", {f"mark_{e.pk}": U for e in few})
    many = few + add([f"P{n}" for n in range(18)])
    assert count("get") == few_get
    assert count("post", {f"mark_{e.pk}": U for e in many}) == few_post


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("coordinator", True),
        ("staff", True),
        ("advisor", False),
        ("participant_user", False),
        ("mentor", False),
        ("employer", False),
        ("outsider", False),
        ("other_coordinator", False),
    ],
)
def test_coordinators_and_instructors_keep_attendance_and_nobody_else_sees_it(
    client, request, role, may, coordinator, cohort, participant
):
    from kobling.programmes.courses.services import cohort_enrol
    from kobling.programmes.services import enrolment_change_status

    enrolment = participant.enrolments.get()
    enrolment_change_status(enrolment=enrolment, status="waiting_start", actor=coordinator)
    cohort_enrol(actor=coordinator, cohort=cohort, enrolment=enrolment)
    enrolment_change_status(enrolment=enrolment, status="participating", actor=coordinator)
    login(client, request.getfixturevalue(role))
    expected = (200, 302) if may else (404, 404)
    assert client.get(url(cohort, "2026-03-03")).status_code == expected[0]
    assert client.get(reverse("attendance_today", args=[cohort.pk])).status_code == expected[0]
    assert client.post(url(cohort, "2026-03-03"), {f"mark_{enrolment.pk}": U}).status_code == expected[1]
    assert marks_of(enrolment) == ({date(2026, 3, 3): U} if may else {})


def test_attendance_for_a_day_that_has_not_come_is_refused(client, coordinator, cohort):
    """Issue 8, defect 6: the screen took marks for dates ahead."""
    ali = seat(cohort, coordinator)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC), tick=False):
        login(client, coordinator)
        client.cookies["django_language"] = "en"
        response = client.post(url(cohort, "2026-03-11"), {f"mark_{ali.pk}": P})
        assert response.status_code == 400 and "has not come yet" in response.content.decode()
        with pytest.raises(ValidationError):
            attendance_save(actor=coordinator, cohort=cohort, day=date(2026, 3, 11), marks={ali.pk: P})
        assert not AttendanceRecord.objects.exists()
        assert client.post(url(cohort, "2026-03-10"), {f"mark_{ali.pk}": P}).status_code == 302
    assert AttendanceRecord.objects.get().day == date(2026, 3, 10)
