"""Events, candidate registrations and interview feedback through /api/v1."""

import pytest

from kobling.core.models import AuditLog
from kobling.events.models import CandidateRegistration
from kobling.recruitment.models import Feedback
from tests.api.conftest import Api, make_token, problem
from tests.fixtures.events import consent, make_event
from tests.fixtures.recruitment import feedback_values

pytestmark = pytest.mark.django_db


def test_events_a_coordinator_sees_and_a_draft_they_do_not(api, event, nav_office, market_coordinator):
    draft = make_event(nav_office, nav_office, market_coordinator, status="draft", title="Utkast")
    listed = [e["id"] for e in api.get("/events").json()["items"]]
    assert listed == [event.pk]
    assert api.get(f"/events/{event.pk}").json()["status"] == "open"
    problem(api.get(f"/events/{draft.pk}"), 404)
    _token, secret = make_token(market_coordinator, nav_office)
    assert sorted(e["id"] for e in Api(secret).get("/events").json()["items"]) == sorted([event.pk, draft.pk])


def test_registering_a_candidate_needs_their_consent_and_is_audited(
    api, token, event, participant, coordinator
):
    path = f"/events/{event.pk}/registrations"
    body = problem(api.post(path, {"participant": participant.pk, "looking_for": "Drift"}), 422)
    assert "participant" in body["errors"]
    assert not CandidateRegistration.objects.exists()
    consent(participant, coordinator)
    response = api.post(
        path, {"participant": participant.pk, "looking_for": "Drift", "languages": "norsk B2"}
    )
    assert response.status_code == 201, response.content
    registration = CandidateRegistration.objects.get()
    assert (registration.participant_id, registration.registered_by_id) == (participant.pk, coordinator.pk)
    assert response.json() == {
        "id": registration.pk,
        "event": event.pk,
        "participant": participant.pk,
        "state": "registered",
        "created_at": response.json()["created_at"],
    }
    rows = AuditLog.objects.filter(object_type="events.candidateregistration", object_id=str(registration.pk))
    assert any(token[0].name in r.note for r in rows) and any(
        r.action == "create" and not r.note for r in rows
    )
    assert [r["id"] for r in api.get(path).json()["items"]] == [registration.pk]


def test_another_providers_person_cannot_be_registered_or_seen(
    api, event, foreign_participant, other_coordinator
):
    consent(foreign_participant, other_coordinator)
    body = problem(
        api.post(
            f"/events/{event.pk}/registrations", {"participant": foreign_participant.pk, "looking_for": "x"}
        ),
        422,
    )
    assert "participant" in body["errors"]
    _token, secret = make_token(other_coordinator, foreign_participant.organisation)
    theirs = Api(secret).post(
        f"/events/{event.pk}/registrations", {"participant": foreign_participant.pk, "looking_for": "x"}
    )
    assert theirs.status_code == 201
    assert api.get(f"/events/{event.pk}/registrations").json()["items"] == []


def test_the_employer_gives_feedback_and_others_get_a_404(
    world, employer, employer_org, coordinator, provider
):
    _event, interviews = world
    interview = interviews["amina_bolge"]
    values = feedback_values()
    _token, secret = make_token(employer, employer_org, ["feedback:write"])
    response = Api(secret).post(f"/interviews/{interview.pk}/feedback", values)
    assert response.status_code == 200, response.content
    feedback = Feedback.objects.get(interview=interview)
    assert (feedback.outcome, feedback.given_by_id, feedback.motivation) == (
        values["outcome"],
        employer.pk,
        5,
    )
    assert response.json()["outcome"] == values["outcome"]
    rows = AuditLog.objects.filter(object_type="recruitment.feedback", object_id=str(feedback.pk))
    assert any("API token" in r.note for r in rows)
    bad = problem(Api(secret).post(f"/interviews/{interview.pk}/feedback", {**values, "motivation": 9}), 422)
    assert "motivation" in bad["errors"]
    problem(Api(secret).post(f"/interviews/{interviews['jonas_bolge'].pk}/feedback", values), 422)  # no-show
    _token, theirs = make_token(coordinator, provider)
    problem(Api(theirs).post(f"/interviews/{interview.pk}/feedback", values), 404)
