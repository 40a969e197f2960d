"""The course, attendance, follow-up and results pages in a real browser, for each role that uses them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kobling.programmes.attendance.days import default_day
from kobling.programmes.courses import services as courses
from kobling.programmes.models import AttendanceRecord, Certification, Phase, Status
from kobling.programmes.services import enrolment_change_status
from tests.browser.conftest import log_in, serious_violations
from tests.programmes.conftest import make_cohort, seat


@pytest.fixture
def running_cohort(programme, participant, coordinator):
    """A cohort that runs today, with the fixture's participant and one more person in it."""
    today = timezone.localdate()
    Phase.objects.create(programme=programme, order=1, name="Kompetanse")
    Certification.objects.create(
        programme=programme, name="Salesforce Administrator", vendor="Salesforce", exam_code="ADM-201"
    )
    cohort = make_cohort(
        programme, seats=10, start=today - timedelta(days=28), end=today + timedelta(days=60)
    )
    enrolment = participant.enrolments.get()
    enrolment_change_status(enrolment=enrolment, status=Status.WAITING_START, actor=coordinator)
    courses.cohort_enrol(actor=coordinator, cohort=cohort, enrolment=enrolment)
    enrolment_change_status(enrolment=enrolment, status=Status.PARTICIPATING, actor=coordinator)
    seat(cohort, coordinator, first="Berit", last="Bakke")
    return cohort


def pages_for(role, cohort, participant):
    slug = cohort.programme.slug
    day = default_day(cohort, timezone.localdate()).isoformat()
    return {
        "coordinator": [
            reverse("programme_list"),
            reverse("programme_detail", args=[slug]),
            reverse("cohort_detail", args=[cohort.pk]),
            reverse("attendance_day", args=[cohort.pk, day]),
            reverse("certification_matrix", args=[cohort.pk]),
            reverse("participant_plan", args=[participant.pk]),
            reverse("meeting_new", args=[participant.pk]),
            reverse("placement_new", args=[participant.pk]),
            reverse("results_index"),
            reverse("results_programme", args=[slug]),
        ],
        "advisor": [
            reverse("participant_detail", args=[participant.pk]),
            reverse("participant_plan", args=[participant.pk]),
        ],
        "participant_user": [reverse("my_profile"), reverse("my_plan")],
    }[role]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["coordinator", "advisor", "participant_user"])
def test_the_course_pages_render_and_pass_axe(
    page, request, role, running_cohort, participant, participant_user
):
    user = request.getfixturevalue(role)
    log_in(page, user)
    for path in pages_for(role, running_cohort, participant):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() >= 1, path
        assert serious_violations(page) == [], path


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_takes_the_days_attendance_on_a_phone(
    phone_page, running_cohort, coordinator, participant
):
    day = default_day(running_cohort, timezone.localdate())
    log_in(phone_page, coordinator)
    phone_page.goto(reverse("attendance_day", args=[running_cohort.pk, day.isoformat()]))
    assert serious_violations(phone_page) == []
    enrolment = participant.enrolments.get()
    phone_page.locator(f"input[name=mark_{enrolment.pk}][value=unexcused]").check()
    phone_page.locator("button[name=fill][value=present]").click()
    phone_page.wait_for_load_state()
    marks = dict(
        AttendanceRecord.objects.filter(day=day).values_list("enrolment__participant__first_name", "mark")
    )
    assert marks == {participant.first_name: "unexcused", "Berit": "present"}
