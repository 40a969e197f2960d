"""Programme set-up from a template, cohorts and their seats, status moves, phases, certifications
and job readiness."""

import datetime
import threading
import time
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kobling.core.models import AuditLog
from kobling.programmes.courses import selectors as course_selectors
from kobling.programmes.courses import services as courses
from kobling.programmes.models import (
    Certification,
    CertificationAttempt,
    Cohort,
    EnrolmentStatus,
    IntakeInterview,
    Phase,
    PhaseRecord,
    Programme,
    Status,
)
from kobling.programmes.services import enrolment_change_status, seats_taken
from tests.conftest import login, make_participant
from tests.personas import PERSONAS
from tests.programmes.conftest import accepted, make_cohort, seat


@pytest.fixture
def cohort(programme):
    return make_cohort(programme, seats=20)


@pytest.fixture
def phases(programme):
    return [
        Phase.objects.create(programme=programme, order=i, name=n)
        for i, n in enumerate(["Bli kjent", "Kompetanse", "Jobbsøk"], 1)
    ]


@pytest.fixture
def certification(programme):
    return Certification.objects.create(
        programme=programme, name="Salesforce Administrator", vendor="Salesforce", exam_code="ADM-201"
    )


# --------------------------------------------------------------------------- programme set-up


def test_a_template_fills_in_the_kind_and_the_phases_of_a_new_programme(client, coordinator, provider):
    login(client, coordinator)
    chooser = client.get(reverse("programme_new")).content.decode()
    with translation.override("nb"):
        assert translation.gettext("Phased in-house IT programme") in chooser
    client.cookies["django_language"] = "en"
    page = client.get(reverse("programme_new"), {"template": "phased_it"})
    assert page.context["form"].initial["kind"] == Programme.Kind.PRACTICE
    assert page.context["form"].initial["phases"] == "Get to know\nCompetence\nWork practice\nJob search"
    response = client.post(
        reverse("programme_new") + "?template=phased_it",
        {
            "name": "IT i praksis",
            "slug": "it-praksis",
            "kind": "practice",
            "state": "planned",
            "phases": "Bli kjent\nKompetanse\n\nArbeidspraksis\nJobbsøk",
        },
    )
    programme = Programme.objects.get(slug="it-praksis")
    assert response["Location"] == reverse("programme_detail", args=["it-praksis"])
    assert programme.organisation == provider
    assert list(programme.phases.values_list("order", "name")) == [
        (1, "Bli kjent"),
        (2, "Kompetanse"),
        (3, "Arbeidspraksis"),
        (4, "Jobbsøk"),
    ]
    assert AuditLog.objects.filter(object_type="programmes.programme", action="create").exists()


def test_a_taken_or_reserved_short_name_is_refused_beside_the_field(client, coordinator, programme):
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    for slug in (programme.slug, "new"):
        response = client.post(
            reverse("programme_new") + "?template=blank",
            {"name": "Kopi", "slug": slug, "kind": "course", "state": "planned"},
        )
        assert response.status_code == 400
        assert 'id="id_slug_error"' in response.content.decode()
    assert Programme.objects.count() == 1


def test_the_coordinator_edits_the_programme_status_and_criteria(client, coordinator, programme):
    login(client, coordinator)
    response = client.post(
        reverse("programme_edit", args=[programme.slug]),
        {
            "name": programme.name,
            "slug": programme.slug,
            "kind": "course",
            "state": "completed",
            "intake_criteria": "Dokumentert IT-interesse",
            "accepts_applications": "",
        },
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.state == "completed" and programme.intake_criteria == "Dokumentert IT-interesse"
    assert not programme.accepts_applications


def test_phases_are_added_reordered_and_removed(client, coordinator, programme, phases):
    login(client, coordinator)
    client.post(reverse("phase_add", args=[programme.slug]), {"name": "Arbeidspraksis"})
    client.post(reverse("phase_move", args=[programme.slug, phases[2].pk]), {"direction": "down"})
    client.post(reverse("phase_move", args=[programme.slug, phases[0].pk]), {"direction": "down"})
    names = list(programme.phases.order_by("order").values_list("name", flat=True))
    assert names == ["Kompetanse", "Bli kjent", "Arbeidspraksis", "Jobbsøk"]
    client.post(reverse("phase_remove", args=[programme.slug, phases[1].pk]))
    assert list(programme.phases.order_by("order").values_list("name", flat=True)) == [
        "Bli kjent",
        "Arbeidspraksis",
        "Jobbsøk",
    ]
    assert client.post(reverse("phase_add", args=[programme.slug]), {"name": "  "}).status_code == 400


def test_a_phase_people_have_been_in_stays(client, coordinator, cohort, phases):
    enrolment = seat(cohort, coordinator)
    courses.phase_enter(actor=coordinator, enrolment=enrolment, phase=phases[0], started_on=date(2026, 3, 2))
    login(client, coordinator)
    response = client.post(reverse("phase_remove", args=[cohort.programme.slug, phases[0].pk]), follow=True)
    assert Phase.objects.filter(pk=phases[0].pk).exists()
    assert "cannot be removed" in response.content.decode() or "kan ikke fjernes" in response.content.decode()


def test_certifications_are_added_edited_and_removed_unless_someone_attempted_them(
    client, coordinator, cohort, certification
):
    login(client, coordinator)
    slug = cohort.programme.slug
    client.post(
        reverse("certification_add", args=[slug]), {"name": "Platform App Builder", "vendor": "Salesforce"}
    )
    builder = Certification.objects.get(name="Platform App Builder")
    client.post(
        reverse("certification_edit", args=[slug, builder.pk]),
        {"name": "Platform App Builder", "vendor": "Salesforce", "exam_code": "PAB"},
    )
    builder.refresh_from_db()
    assert builder.exam_code == "PAB"
    client.post(reverse("certification_remove", args=[slug, builder.pk]))
    assert not Certification.objects.filter(pk=builder.pk).exists()
    enrolment = seat(cohort, coordinator)
    courses.certification_record(
        actor=coordinator, enrolment=enrolment, certification=certification, state="planned"
    )
    client.post(reverse("certification_remove", args=[slug, certification.pk]))
    assert Certification.objects.filter(pk=certification.pk).exists()
    assert client.post(reverse("certification_add", args=[slug]), {"name": ""}).status_code == 400


# --------------------------------------------------------------------------- cohorts and seats


def test_opening_a_cohort_defaults_to_weekdays_and_an_alert_after_3(client, coordinator, staff, programme):
    login(client, coordinator)
    form = client.get(reverse("cohort_new", args=[programme.slug])).context["form"]
    assert form["weekdays"].value() == [0, 1, 2, 3, 4]
    assert form["absence_alert_after"].value() == 3
    response = client.post(
        reverse("cohort_new", args=[programme.slug]),
        {
            "name": "Høst 2026",
            "start_date": "2026-08-17",
            "end_date": "2026-12-18",
            "seats": "12",
            "location": "Bergen",
            "instructors": [staff.pk],
            "weekdays": ["0", "1", "2", "3"],
            "absence_alert_after": "3",
        },
    )
    cohort = Cohort.objects.get(name="Høst 2026")
    assert response["Location"] == reverse("cohort_detail", args=[cohort.pk])
    assert cohort.weekdays == [0, 1, 2, 3] and list(cohort.instructors.all()) == [staff]


def test_a_cohort_cannot_end_before_it_starts_nor_have_another_providers_instructor(
    client, coordinator, other_coordinator, programme
):
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    data = {
        "name": "Feil",
        "start_date": "2026-08-17",
        "end_date": "2026-08-01",
        "seats": "0",
        "weekdays": [],
        "instructors": [other_coordinator.pk],
        "absence_alert_after": "3",
    }
    response = client.post(reverse("cohort_new", args=[programme.slug]), data)
    body = response.content.decode()
    assert response.status_code == 400
    for field in ("end_date", "seats", "weekdays", "instructors"):
        assert f'id="id_{field}_error"' in body, field
    assert "The end date cannot be before the start date." in body
    assert not Cohort.objects.exists()


def test_the_last_seat_goes_to_one_person_and_the_next_hears_the_cohort_is_full(
    client, coordinator, programme
):
    cohort = make_cohort(programme, seats=1)
    first = accepted(programme.organisation, programme, coordinator, first="Ali")
    second = accepted(programme.organisation, programme, coordinator, first="Berit")
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    assert client.post(reverse("cohort_enrol", args=[cohort.pk]), {"enrolment": first.pk}).status_code == 302
    response = client.post(reverse("cohort_enrol", args=[cohort.pk]), {"enrolment": second.pk})
    assert response.status_code == 400
    assert "The cohort is full" in response.content.decode()
    second.refresh_from_db()
    assert second.cohort is None and seats_taken(cohort) == 1


def test_only_accepted_people_of_the_same_programme_get_a_seat(
    coordinator, cohort, other_programme, provider
):
    applied = make_participant(
        provider, first="Søker", programme=cohort.programme, actor=coordinator
    ).enrolments.get()
    with translation.override("en"), pytest.raises(ValidationError, match="waiting to start"):
        courses.cohort_enrol(actor=coordinator, cohort=cohort, enrolment=applied)
    elsewhere = accepted(other_programme.organisation, other_programme, coordinator, first="Annen")
    with translation.override("en"), pytest.raises(ValidationError, match="programme"):
        courses.cohort_enrol(actor=coordinator, cohort=cohort, enrolment=elsewhere)


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_taking_the_last_seat_at_once_do_not_overbook(coordinator, programme):
    """The first coordinator's transaction holds the last seat, uncommitted, while the second one
    tries: the second waits for the first and then hears that the cohort is full."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite takes one writer at a time anyway")
    cohort = make_cohort(programme, seats=1)
    first, second = (
        accepted(programme.organisation, programme, coordinator, first=n) for n in ("Ali", "Berit")
    )
    holding, release, outcome = threading.Event(), threading.Event(), []

    def take_and_hold():
        try:
            with transaction.atomic():
                courses.cohort_enrol(actor=coordinator, cohort=cohort, enrolment=first)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def take():
        holding.wait(10)
        try:
            courses.cohort_enrol(actor=coordinator, cohort=cohort, enrolment=second)
            outcome.append("seat")
        except ValidationError:
            outcome.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_and_hold), threading.Thread(target=take)]
    for thread in threads:
        thread.start()
    holding.wait(10)
    time.sleep(0.5)  # long enough for the second call to count the seats, if it were not made to wait
    release.set()
    for thread in threads:
        thread.join()
    assert outcome == ["full"]
    assert seats_taken(cohort) == 1


def test_fewer_seats_than_people_holding_one_is_refused(coordinator, cohort):
    seat(cohort, coordinator, first="A")
    seat(cohort, coordinator, first="B")
    data = {k: getattr(cohort, k) for k in courses.COHORT_FIELDS} | {"seats": 1}
    with pytest.raises(ValidationError) as error:
        courses.cohort_update(actor=coordinator, cohort=cohort, data=data)
    assert "seats" in error.value.error_dict


# --------------------------------------------------------------------------- status moves


def test_starting_the_cohort_makes_everyone_waiting_participating(client, coordinator, cohort):
    waiting = [seat(cohort, coordinator, first=n, participating=False) for n in ("A", "B", "C")]
    login(client, coordinator)
    client.post(reverse("cohort_start", args=[cohort.pk]), {"confirm": "yes"})
    for enrolment in waiting:
        enrolment.refresh_from_db()
        assert enrolment.status == Status.PARTICIPATING
        assert enrolment.history.filter(valid_to__isnull=True).get().status == Status.PARTICIPATING


def test_starting_the_cohort_is_all_or_nothing(coordinator, cohort, monkeypatch):
    waiting = [seat(cohort, coordinator, first=n, participating=False) for n in ("A", "B", "C")]
    real, calls = enrolment_change_status, []

    def fail_on_the_second(**kwargs):
        calls.append(kwargs["enrolment"].pk)
        if len(calls) == 2:
            raise ValidationError("boom")
        return real(**kwargs)

    monkeypatch.setattr(courses, "enrolment_change_status", fail_on_the_second)
    with pytest.raises(ValidationError):
        courses.cohort_start(actor=coordinator, cohort=cohort)
    assert all(e.__class__.objects.get(pk=e.pk).status == Status.WAITING_START for e in waiting)


def test_one_persons_status_changes_from_the_cohort_page_with_a_reason(client, coordinator, cohort):
    enrolment = seat(cohort, coordinator)
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    url = reverse("member_status", args=[cohort.pk, enrolment.pk])
    prefix = f"s{enrolment.pk}"
    response = client.post(url, {f"{prefix}-status": "broken_off"})
    assert response.status_code == 400 and "Choose a reason." in response.content.decode()
    assert f'id="id_{prefix}-reason_error"' in response.content.decode()
    response = client.post(url, {f"{prefix}-status": "broken_off", f"{prefix}-reason": "got_job"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Status.BROKEN_OFF
    row = EnrolmentStatus.objects.get(enrolment=enrolment, valid_to__isnull=True)
    assert row.reason == "got_job" and row.changed_by == coordinator


def test_a_change_that_makes_no_sense_is_refused(client, coordinator, cohort):
    enrolment = seat(cohort, coordinator)
    enrolment_change_status(enrolment=enrolment, status=Status.COMPLETED, actor=coordinator)
    with translation.override("en"), pytest.raises(ValidationError, match="cannot go from"):
        courses.cohort_change_status(
            actor=coordinator, cohort=cohort, enrolment=enrolment, status=Status.APPLIED
        )
    login(client, coordinator)
    url = reverse("member_status", args=[cohort.pk, enrolment.pk])
    assert client.post(url, {f"s{enrolment.pk}-status": "applied"}).status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED


def test_the_waiting_list_gives_up_the_seat(coordinator, programme):
    cohort = make_cohort(programme, seats=1)
    first = seat(cohort, coordinator, first="A", participating=False)
    courses.cohort_change_status(
        actor=coordinator, cohort=cohort, enrolment=first, status=Status.WAITING_LIST
    )
    first.refresh_from_db()
    assert first.cohort is None and seats_taken(cohort) == 0
    seat(cohort, coordinator, first="B")


# ------------------------------------------------------------------ phases, readiness, intake profile


def test_moving_to_the_next_phase_closes_the_current_one(client, coordinator, cohort, phases):
    enrolment = seat(cohort, coordinator)
    login(client, coordinator)
    url = reverse("member_phase", args=[cohort.pk, enrolment.pk])
    p = f"p{enrolment.pk}"
    client.post(url, {f"{p}-phase": phases[0].pk, f"{p}-started_on": "2026-03-02"})
    client.post(url, {f"{p}-phase": phases[1].pk, f"{p}-started_on": "2026-04-13"})
    records = list(PhaseRecord.objects.filter(enrolment=enrolment).order_by("started_on"))
    assert [(r.phase.name, r.started_on, r.ended_on) for r in records] == [
        ("Bli kjent", date(2026, 3, 2), date(2026, 4, 13)),
        ("Kompetanse", date(2026, 4, 13), None),
    ]
    page = client.get(reverse("cohort_detail", args=[cohort.pk]))
    member = page.context["members"][0]
    assert member.forms["phase"]["phase"].value() == phases[2].pk


def test_a_phase_cannot_start_before_the_previous_one(client, coordinator, cohort, phases):
    enrolment = seat(cohort, coordinator)
    courses.phase_enter(actor=coordinator, enrolment=enrolment, phase=phases[0], started_on=date(2026, 4, 1))
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    p = f"p{enrolment.pk}"
    response = client.post(
        reverse("member_phase", args=[cohort.pk, enrolment.pk]),
        {f"{p}-phase": phases[1].pk, f"{p}-started_on": "2026-03-20"},
    )
    assert response.status_code == 400
    assert f'id="id_{p}-started_on_error"' in response.content.decode()
    assert PhaseRecord.objects.filter(enrolment=enrolment).count() == 1


def test_job_readiness_dates_are_set_and_cleared(client, coordinator, cohort):
    enrolment = seat(cohort, coordinator)
    login(client, coordinator)
    url = reverse("member_readiness", args=[cohort.pk, enrolment.pk])
    r = f"r{enrolment.pk}"
    client.post(url, {f"{r}-cv_done_on": "2026-04-01", f"{r}-mock_interview_on": "2026-04-10"})
    enrolment.refresh_from_db()
    assert enrolment.cv_done_on == date(2026, 4, 1) and enrolment.mock_interview_on == date(2026, 4, 10)
    client.post(url, {f"{r}-cv_done_on": "2026-04-01", f"{r}-mock_interview_on": ""})
    enrolment.refresh_from_db()
    assert enrolment.mock_interview_on is None and enrolment.profile_online_on is None
    assert AuditLog.objects.filter(object_type="programmes.enrolment", fields=["mock_interview_on"]).exists()


def test_the_cohort_page_shows_the_profile_and_path_from_intake(client, coordinator, cohort):
    enrolment = seat(cohort, coordinator)
    IntakeInterview.objects.create(
        enrolment=enrolment, score=70, profile_type="problem_solver", recommended_path="operations"
    )
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
    assert "Problem solver → Operations" in body


def test_the_cohort_page_costs_the_same_queries_for_2_or_12_people(client, coordinator, cohort, phases):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cohort_detail", args=[cohort.pk])).status_code == 200
        return len(captured)

    def add(names):
        for n in names:
            e = seat(cohort, coordinator, first=n)
            courses.phase_enter(actor=coordinator, enrolment=e, phase=phases[0], started_on=date(2026, 3, 2))

    add(["A", "B"])
    login(client, coordinator)
    few = count()
    add([f"P{n}" for n in range(10)])
    assert count() == few


# --------------------------------------------------------------------------- certifications


def record(enrolment, certification, actor, state, **kwargs):
    return courses.certification_record(
        actor=actor, enrolment=enrolment, certification=certification, state=state, **kwargs
    )


def test_moving_an_attempt_on_stamps_when_it_changed(coordinator, cohort, certification):
    enrolment = seat(cohort, coordinator)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        attempt = record(enrolment, certification, coordinator, "planned", fee=Decimal("2500"))
    with time_machine.travel(datetime.datetime(2026, 5, 4, 15, 0, tzinfo=datetime.UTC), tick=False):
        record(
            enrolment, certification, coordinator, "booked", exam_date=date(2026, 6, 1), fee=Decimal("2500")
        )
    attempt.refresh_from_db()
    assert attempt.state == "booked"
    assert attempt.updated_at == datetime.datetime(2026, 5, 4, 15, 0, tzinfo=datetime.UTC)


def test_a_certification_goes_from_planned_to_booked_to_failed_and_a_retake_to_passed(
    coordinator, cohort, certification
):
    enrolment = seat(cohort, coordinator)
    record(enrolment, certification, coordinator, "planned", fee=Decimal("2500"))
    with pytest.raises(ValidationError) as error:
        record(enrolment, certification, coordinator, "booked", fee=Decimal("2500"))
    assert "exam_date" in error.value.error_dict
    record(
        enrolment,
        certification,
        coordinator,
        "booked",
        exam_date=date(2026, 5, 4),
        fee=Decimal("2500"),
        nav_pays=Decimal("2000"),
    )
    record(
        enrolment,
        certification,
        coordinator,
        "failed",
        exam_date=date(2026, 5, 4),
        fee=Decimal("2500"),
        nav_pays=Decimal("2000"),
    )
    record(enrolment, certification, coordinator, "booked", exam_date=date(2026, 6, 1), fee=Decimal("2500"))
    record(enrolment, certification, coordinator, "passed", exam_date=date(2026, 6, 1), fee=Decimal("2500"))
    attempts = list(
        CertificationAttempt.objects.filter(enrolment=enrolment).values_list("attempt", "state", "nav_pays")
    )
    assert attempts == [(1, "failed", Decimal("2000")), (2, "passed", Decimal("0"))]
    with translation.override("en"), pytest.raises(ValidationError, match="cannot go from"):
        record(enrolment, certification, coordinator, "planned")
    summary = course_selectors.certification_summary(enrolment)
    assert [(s["name"], s["state"], s["attempt"]) for s in summary] == [
        ("Salesforce Administrator", "passed", 2)
    ]


def test_nav_cannot_pay_more_than_the_fee(client, coordinator, cohort, certification):
    enrolment = seat(cohort, coordinator)
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    url = reverse("attempt_edit", args=[cohort.pk, enrolment.pk, certification.pk])
    response = client.post(url, {"state": "planned", "fee": "1000", "nav_pays": "1500"})
    assert response.status_code == 400
    assert "NAV cannot pay more than the fee." in response.content.decode()
    assert not CertificationAttempt.objects.exists()
    response = client.post(
        url, {"state": "booked", "exam_date": "2026-05-04", "fee": "1000", "nav_pays": "1000"}
    )
    assert response.status_code == 302
    assert CertificationAttempt.objects.get().state == "booked"


def test_the_matrix_shows_each_persons_latest_state_per_certification(
    client, coordinator, cohort, certification
):
    second = Certification.objects.create(programme=cohort.programme, name="App Builder", vendor="Salesforce")
    ali, berit = (
        seat(cohort, coordinator, first="Ali", last="A"),
        seat(cohort, coordinator, first="Berit", last="B"),
    )
    record(ali, certification, coordinator, "booked", exam_date=date(2026, 5, 4))
    record(ali, certification, coordinator, "failed", exam_date=date(2026, 5, 4))
    record(berit, second, coordinator, "planned")
    login(client, coordinator)
    members = client.get(reverse("certification_matrix", args=[cohort.pk])).context["members"]
    cells = {
        (m.participant.first_name, c.name): (a.state if a else None) for m in members for c, a in m.cells
    }
    assert cells == {
        ("Ali", "Salesforce Administrator"): "failed",
        ("Ali", "App Builder"): None,
        ("Berit", "Salesforce Administrator"): None,
        ("Berit", "App Builder"): "planned",
    }
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("certification_matrix", args=[cohort.pk]))
    for n in range(5):
        record(seat(cohort, coordinator, first=f"P{n}"), second, coordinator, "planned")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("certification_matrix", args=[cohort.pk]))
    assert len(many) == len(few)


# --------------------------------------------------------------------------- who may do what

READ_PAGES = ["programme_detail", "cohort_detail", "certification_matrix"]
SET_UP_PAGES = ["programme_edit", "cohort_new", "cohort_edit", "certification_edit", "programme_new"]
MANAGE_PAGES = ["attempt_edit"]


def page_url(name, cohort, enrolment, certification):
    slug = cohort.programme.slug
    return reverse(
        name,
        args={
            "programme_detail": [slug],
            "programme_edit": [slug],
            "cohort_new": [slug],
            "certification_edit": [slug, certification.pk],
            "cohort_detail": [cohort.pk],
            "cohort_edit": [cohort.pk],
            "certification_matrix": [cohort.pk],
            "attempt_edit": [cohort.pk, enrolment.pk, certification.pk],
            "programme_new": [],
        }[name],
    )


@pytest.mark.parametrize("role", PERSONAS)
def test_each_role_reaches_only_the_course_pages_it_may(
    client, request, role, coordinator, cohort, certification, participant
):
    """The person and their own NAV advisor are in this cohort, and still get a 404 here."""
    enrolment = participant.enrolments.get()
    enrolment_change_status(enrolment=enrolment, status=Status.WAITING_START, actor=coordinator)
    courses.cohort_enrol(actor=coordinator, cohort=cohort, enrolment=enrolment)
    user = request.getfixturevalue(role)
    login(client, user)
    for name in READ_PAGES + SET_UP_PAGES + MANAGE_PAGES:
        expected = {
            "coordinator": 200,
            "staff": 200 if name in READ_PAGES else 404,
            "other_coordinator": 200 if name == "programme_new" else 404,
        }.get(role, 404)
        response = client.get(page_url(name, cohort, enrolment, certification))
        assert response.status_code == expected, f"{role} on {name}"


@pytest.mark.parametrize("role", ["staff", "advisor", "other_coordinator", "outsider"])
def test_only_the_coordinator_changes_people_and_set_up(client, request, role, coordinator, cohort, phases):
    enrolment = seat(cohort, coordinator, participating=False)
    login(client, request.getfixturevalue(role))
    posts = [
        (reverse("cohort_start", args=[cohort.pk]), {"confirm": "yes"}),
        (
            reverse("member_status", args=[cohort.pk, enrolment.pk]),
            {f"s{enrolment.pk}-status": "not_relevant"},
        ),
        (reverse("phase_add", args=[cohort.programme.slug]), {"name": "Ny"}),
        (reverse("phase_remove", args=[cohort.programme.slug, phases[0].pk]), {}),
        (reverse("cohort_enrol", args=[cohort.pk]), {"enrolment": enrolment.pk}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    # The start preview names the people waiting: only the coordinator sees it.
    assert client.get(reverse("cohort_start", args=[cohort.pk])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Status.WAITING_START and Phase.objects.count() == 3


def test_the_programme_list_links_to_the_new_pages(client, coordinator, staff, programme):
    body = login(client, coordinator).get(reverse("programme_list")).content.decode()
    assert reverse("programme_new") in body and reverse("programme_detail", args=[programme.slug]) in body
    assert (
        reverse("programme_new") not in login(client, staff).get(reverse("programme_list")).content.decode()
    )


def test_the_intake_waiting_list_gives_up_the_seat_so_the_cohort_is_never_overbooked(
    client, coordinator, programme
):
    """The audit's M1: waiting list through the intake decision, someone else takes the seat, the
    first person is accepted again. The first person no longer holds a seat in the cohort."""
    cohort = make_cohort(programme, seats=2)
    first = seat(cohort, coordinator, first="Aud", participating=False)
    seat(cohort, coordinator, first="Bjørn", participating=False)
    login(client, coordinator)
    decide = reverse("intake_decide", args=[first.pk])
    response = client.post(decide, {"decision": "waiting_list", "reason": "course_full"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.WAITING_LIST and first.cohort is None
    seat(cohort, coordinator, first="Cecilie", participating=False)
    assert client.post(decide, {"decision": "accept"}).status_code == 302
    first.refresh_from_db()
    assert first.status == Status.WAITING_START and first.cohort is None
    assert seats_taken(cohort) == 2
    with pytest.raises(ValidationError, match="The cohort is full"), translation.override("en"):
        courses.cohort_enrol(actor=coordinator, cohort=cohort, enrolment=first)


def test_a_person_still_in_a_full_cohort_cannot_take_a_seat_back_by_any_path(client, coordinator, programme):
    """Every status path that takes a seat counts the seats under the cohort lock, not only the
    cohort page: here a person who kept their cohort while waiting (as rows written before the
    rule did) is accepted again through the intake decision."""
    cohort = make_cohort(programme, seats=1)
    first = seat(cohort, coordinator, first="Aud", participating=False)
    enrolment_change_status(enrolment=first, status=Status.WAITING_LIST, actor=coordinator)
    first.__class__.objects.filter(pk=first.pk).update(cohort=cohort)
    seat(cohort, coordinator, first="Bjørn", participating=False)
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("intake_decide", args=[first.pk]), {"decision": "accept"})
    assert response.status_code == 400
    assert "The cohort is full" in response.content.decode()
    first.refresh_from_db()
    assert first.status == Status.WAITING_LIST and seats_taken(cohort) == 1


def test_a_result_is_not_recorded_before_the_exam_day(coordinator, cohort, certification):
    """Issue 8, defect 6: "passed" was accepted with an exam date in the future."""
    enrolment = seat(cohort, coordinator)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 12, 0, tzinfo=datetime.UTC), tick=False):
        record(
            enrolment, certification, coordinator, "booked", exam_date=date(2026, 5, 4), fee=Decimal("2500")
        )
        with translation.override("en"), pytest.raises(ValidationError, match="from that day"):
            record(
                enrolment,
                certification,
                coordinator,
                "passed",
                exam_date=date(2026, 5, 4),
                fee=Decimal("2500"),
            )
    with time_machine.travel(datetime.datetime(2026, 5, 4, 15, 0, tzinfo=datetime.UTC), tick=False):
        record(
            enrolment, certification, coordinator, "passed", exam_date=date(2026, 5, 4), fee=Decimal("2500")
        )
    assert CertificationAttempt.objects.filter(enrolment=enrolment, state="passed").exists()


def test_starting_a_cohort_early_shows_who_starts_and_warns_first(client, coordinator, programme):
    """Issue 8, defect 5: "Start kullet" started a cohort eleven weeks early without a warning."""
    with time_machine.travel(datetime.datetime(2026, 1, 12, 9, 0, tzinfo=datetime.UTC), tick=False):
        cohort = make_cohort(programme, start=date(2026, 3, 30), end=date(2026, 6, 26))
        waiting = [seat(cohort, coordinator, first=n, participating=False) for n in ("Aud", "Bjørn")]
        login(client, coordinator)
        client.cookies["django_language"] = "en"
        url = reverse("cohort_start", args=[cohort.pk])
        assert url in client.get(reverse("cohort_detail", args=[cohort.pk])).content.decode()
        preview = client.get(url).content.decode()
        assert "The cohort starts on 30.03.2026, in 77 days." in preview
        assert "Aud Nordmann" in preview and "Bjørn Nordmann" in preview
        assert client.post(url).status_code == 302  # no confirmation: back to the preview
        assert all(e.__class__.objects.get(pk=e.pk).status == Status.WAITING_START for e in waiting)
        assert client.post(url, {"confirm": "yes"}).status_code == 302
    assert all(e.__class__.objects.get(pk=e.pk).status == Status.PARTICIPATING for e in waiting)
