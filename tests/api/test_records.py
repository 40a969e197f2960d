"""Enrolments (list, status change, outcome), timeline entries and attendance through /api/v1: the web's
services decide, so their rules, validation and audit rows hold here too."""

import datetime

import pytest
import time_machine

from kobling.core.models import AuditLog
from kobling.notifications.models import OutboxEmail
from kobling.people.models import TimelineEntry
from kobling.programmes.models import AttendanceRecord, EnrolmentStatus, Outcome, Status
from kobling.programmes.services import enrolment_change_status
from tests.api.conftest import Api, make_token, problem
from tests.conftest import add_entry
from tests.programmes.conftest import make_cohort, seat

pytestmark = pytest.mark.django_db

# A Tuesday in the cohort's term; the Monday before is a teaching day.
TUESDAY = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
MONDAY = "2026-03-09"


def token_notes(obj) -> list[str]:
    rows = AuditLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return [r.note for r in rows if "API token" in r.note]


# ------------------------------------------------------------------ enrolments


def test_enrolments_list_by_status_change_and_by_person(api, participant, provider, programme, coordinator):
    from tests.conftest import make_participant

    other = make_participant(provider, first="Bilal", last="Ahmadi", programme=programme, actor=coordinator)
    first, second = participant.enrolments.get(), other.enrolments.get()
    response = api.get("/enrolments", {"limit": 1})
    assert [e["id"] for e in response.json()["items"]] == [first.pk]
    page2 = api.get("/enrolments", {"limit": 1, "cursor": response.json()["next_cursor"]}).json()
    assert [e["id"] for e in page2["items"]] == [second.pk] and page2["next_cursor"] is None
    only = api.get("/enrolments", {"participant": other.pk}).json()["items"]
    assert [(e["id"], e["programme"], e["status"]) for e in only] == [(second.pk, programme.slug, "applied")]


def test_a_status_change_goes_through_the_one_service_and_is_audited(api, token, participant, coordinator):
    enrolment = participant.enrolments.get()
    response = api.post(f"/enrolments/{enrolment.pk}/status", {"status": "assessing"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "assessing"
    row = EnrolmentStatus.objects.get(enrolment=enrolment, valid_to__isnull=True)
    assert (row.status, row.changed_by_id) == ("assessing", coordinator.pk)
    assert token_notes(enrolment) and token[0].name in token_notes(enrolment)[0]


def test_a_status_change_the_rules_refuse_is_a_422_and_changes_nothing(api, participant):
    enrolment = participant.enrolments.get()
    rows, audit = EnrolmentStatus.objects.count(), AuditLog.objects.count()
    body = problem(api.post(f"/enrolments/{enrolment.pk}/status", {"status": "completed"}), 422)
    assert "applied" in body["detail"].lower() or "søkt" in body["detail"].lower() or body["detail"]
    body = problem(api.post(f"/enrolments/{enrolment.pk}/status", {"status": "nonsense", "reason": "x"}), 422)
    assert {"status", "reason"} <= set(body["errors"])
    problem(api.post(f"/enrolments/{enrolment.pk}/status", {"status": "not_relevant"}), 422)  # needs a reason
    assert (EnrolmentStatus.objects.count(), AuditLog.objects.count()) == (rows, audit)
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED


def test_another_providers_enrolment_is_a_404_and_an_instructor_may_not_change_one(
    api, staff, provider, participant, foreign_participant
):
    problem(api.get(f"/enrolments/{foreign_participant.enrolments.get().pk}"), 404)
    problem(
        api.post(f"/enrolments/{foreign_participant.enrolments.get().pk}/status", {"status": "assessing"}),
        404,
    )
    _token, secret = make_token(staff, provider)
    mine = participant.enrolments.get()
    assert Api(secret).get(f"/enrolments/{mine.pk}").status_code == 200
    problem(Api(secret).post(f"/enrolments/{mine.pk}/status", {"status": "assessing"}), 403)


def test_an_outcome_closes_the_enrolment_once(api, token, participant, coordinator):
    enrolment = participant.enrolments.get()
    for status in (Status.WAITING_START, Status.PARTICIPATING):
        enrolment_change_status(enrolment=enrolment, status=status, actor=coordinator)
    body = problem(api.post(f"/enrolments/{enrolment.pk}/outcome", {"result": "job"}), 422)
    assert {"occupation", "employer", "start_date"} <= set(body["errors"])
    assert not Outcome.objects.exists()
    response = api.post(
        f"/enrolments/{enrolment.pk}/outcome",
        {"result": "job", "occupation": "2512", "employer_name": "Fjelltopp AS", "start_date": "2026-04-01"},
    )
    assert response.status_code == 201, response.content
    assert (
        response.json()["kind"] == Outcome.objects.get().kind
        and response.json()["enrolment_status"] == "completed"
    )
    assert token_notes(Outcome.objects.get())
    problem(api.post(f"/enrolments/{enrolment.pk}/outcome", {"result": "education"}), 409)


def test_an_outcome_before_the_person_takes_part_is_a_422(api, participant):
    body = problem(
        api.post(f"/enrolments/{participant.enrolments.get().pk}/outcome", {"result": "education"}), 422
    )
    assert "result" in body["errors"]
    assert not Outcome.objects.exists()


# ------------------------------------------------------------------ timeline


def test_an_entry_is_added_through_the_record_pages_form_and_never_sensitive(
    api, token, participant, coordinator
):
    response = api.post(
        f"/participants/{participant.pk}/timeline",
        {
            "kind": "call",
            "title": "Ringte",
            "body": "Avtalte møte",
            "visibility": "provider",
            "sensitive": True,
        },
    )
    assert response.status_code == 201, response.content
    entry = TimelineEntry.objects.get(pk=response.json()["id"])
    assert (entry.kind, entry.sensitive, entry.author_id, entry.visibility) == (
        "call",
        False,
        coordinator.pk,
        "provider",
    )
    assert token_notes(entry)


def test_a_bad_entry_is_a_422_at_its_field(api, participant):
    before = TimelineEntry.objects.count()
    assert (
        "kind"
        in problem(api.post(f"/participants/{participant.pk}/timeline", {"title": "x", "kind": "x"}), 422)[
            "errors"
        ]
    )
    assert (
        "title"
        in problem(api.post(f"/participants/{participant.pk}/timeline", {"kind": "note"}), 422)["errors"]
    )
    assert TimelineEntry.objects.count() == before


def test_the_timeline_never_shows_sensitive_entries_and_an_advisor_not_the_providers_own(
    api, participant, coordinator, advisor, nav_office
):
    shared = add_entry(participant, coordinator, title="Felles")
    own = add_entry(participant, coordinator, title="Internt", visibility=TimelineEntry.Visibility.PROVIDER)
    add_entry(participant, coordinator, title="Helse", sensitive=True)
    assert [e["id"] for e in api.get(f"/participants/{participant.pk}/timeline").json()["items"]] == [
        shared.pk,
        own.pk,
    ]
    _token, secret = make_token(advisor, nav_office)
    seen = Api(secret).get(f"/participants/{participant.pk}/timeline").json()["items"]
    assert [e["title"] for e in seen] == ["Felles"]


# ------------------------------------------------------------------ attendance


@time_machine.travel(TUESDAY, tick=False)
def test_attendance_for_a_teaching_day_is_saved_and_audited(api, programme, coordinator):
    cohort = make_cohort(programme)
    amina, ola = seat(cohort, coordinator, first="Amina"), seat(cohort, coordinator)
    response = api.post(
        f"/cohorts/{cohort.pk}/attendance",
        {
            "day": MONDAY,
            "marks": [{"enrolment": amina.pk, "mark": "present"}, {"enrolment": ola.pk, "mark": "late"}],
        },
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"cohort": cohort.pk, "day": MONDAY, "saved": 2, "alerted": []}
    assert dict(AttendanceRecord.objects.values_list("enrolment_id", "mark")) == {
        amina.pk: "present",
        ola.pk: "late",
    }
    assert AuditLog.objects.filter(object_label=f"attendance {MONDAY}").count() == 2
    assert token_notes(cohort)


@time_machine.travel(TUESDAY, tick=False)
def test_attendance_the_day_or_roster_refuses_is_a_422_and_another_cohort_a_404(
    api, programme, coordinator, other_programme, other_coordinator
):
    cohort = make_cohort(programme)
    amina = seat(cohort, coordinator, first="Amina")
    mark = [{"enrolment": amina.pk, "mark": "present"}]
    for body, field in (
        ({"day": "2026-03-11", "marks": mark}, "day"),  # tomorrow
        ({"day": "2026-03-08", "marks": mark}, "day"),  # a Sunday
        ({"day": MONDAY, "marks": [{"enrolment": amina.pk, "mark": "asleep"}]}, "marks"),
        ({"day": MONDAY, "marks": [{"enrolment": amina.pk + 999, "mark": "present"}]}, "marks"),
        ({"day": MONDAY, "marks": []}, "marks"),
    ):
        assert field in problem(api.post(f"/cohorts/{cohort.pk}/attendance", body), 422)["errors"], body
    theirs = make_cohort(other_programme)
    problem(api.post(f"/cohorts/{theirs.pk}/attendance", {"day": MONDAY, "marks": mark}), 404)
    assert not AttendanceRecord.objects.exists()


def outbox_templates() -> set[tuple[str, str]]:
    return set(OutboxEmail.objects.values_list("to", "template"))


def test_a_status_change_that_decides_an_application_tells_the_person_and_their_advisor(
    api, participant, advisor
):
    """As the intake page does: a system that decides through the API must not leave people unaware."""
    participant.advisor = advisor
    participant.save(update_fields=["advisor"])
    enrolment = participant.enrolments.get()
    assert api.post(f"/enrolments/{enrolment.pk}/status", {"status": "assessing"}).status_code == 200
    assert outbox_templates() == set()  # moving on within intake decides nothing
    response = api.post(
        f"/enrolments/{enrolment.pk}/status", {"status": "not_relevant", "reason": "requirements"}
    )
    assert response.status_code == 200, response.content
    assert outbox_templates() == {
        (participant.email, "intake_decline"),
        (advisor.email, "intake_decision_advisor"),
    }
    enrolment.refresh_from_db()
    assert enrolment.status == Status.NOT_RELEVANT


def test_an_application_accepted_through_the_api_invites_the_person(api, participant):
    enrolment = participant.enrolments.get()
    assert api.post(f"/enrolments/{enrolment.pk}/status", {"status": "waiting_start"}).status_code == 200
    assert (participant.email, "intake_accept") in outbox_templates()
