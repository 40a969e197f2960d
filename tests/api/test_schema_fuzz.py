"""Schemathesis against /api/v1's own OpenAPI schema: every operation, with values drawn from the schema
(and a few past it), sent in-process through the WSGI application with a token holding every scope over
a small seeded world. No answer may be a 5xx, and every answer must match the schema it documents.

Bounded for CI: 15 examples per operation, derandomized, no deadline."""

import pytest
import schemathesis
import time_machine
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from kobling.api.v1 import api_v1
from kobling.wsgi import application
from tests.api.conftest import make_token
from tests.conftest import add_entry
from tests.fixtures.events import consent, make_event, register_candidate
from tests.programmes.conftest import make_cohort, seat

schema = schemathesis.openapi.from_dict(api_v1.get_openapi_schema(path_prefix="/api/v1/"))

# A Tuesday in the cohort's term, so attendance days can be real ones.
NOW = "2026-03-10T12:00:00+01:00"


@pytest.fixture
def seeded(
    db, coordinator, provider, programme, participant, advisor, nav_office, market_coordinator, settings
):
    """A token with every scope, and one of each object (no interview), whose ids half the cases use."""
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    # The test keeps its database transaction; Django's handler would close it between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with time_machine.travel(NOW, tick=False):
        cohort = make_cohort(programme)
        enrolment = seat(cohort, coordinator, first="Ola")
        add_entry(participant, coordinator)
        event = make_event(nav_office, nav_office, market_coordinator)
        consent(participant, coordinator)
        register_candidate(event, enrolment.participant, coordinator)
        _token, secret = make_token(coordinator, provider)
        ids = {
            "participants": participant.pk,
            "enrolments": enrolment.pk,
            "cohorts": cohort.pk,
            "events": event.pk,
        }
        yield secret, ids
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def check(operation, secret: str, ids: dict[str, int]) -> None:
    """Up to 15 cases of one operation, valid ones and invalid ones; half the ids name real objects."""

    @given(case=st.one_of(operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE)))
    @settings(
        max_examples=15,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def one(case):
        pk = (case.path_parameters or {}).get("pk")
        if isinstance(pk, int) and pk % 2 == 0:
            case.path_parameters["pk"] = ids.get(case.path.split("/")[3], pk)
        response = case.call(app=application, headers={"Authorization": f"Bearer {secret}"})
        assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
        case.validate_response(response, checks=[response_schema_conformance])

    one()


def test_no_server_error_and_every_answer_as_documented(seeded):
    secret, ids = seeded
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16
    with time_machine.travel(NOW, tick=False):
        for operation in operations:
            check(operation, secret, ids)
