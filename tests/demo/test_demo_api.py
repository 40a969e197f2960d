"""Schemathesis against /api/v1 on the demo database: the same bounded check as tests/api (every
operation, valid and invalid cases, half the ids naming real objects), with a token of the demo's
coordinator over the whole demo. No answer may be a 5xx, and every answer must match the schema."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from kobling.core.models import Organisation, User
from kobling.demo import data
from kobling.events.models import Event
from kobling.programmes.models import Cohort, Enrolment
from tests.api.conftest import make_token
from tests.api.test_schema_fuzz import check, schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_token(demo, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 100_000
    # The test keeps its database transaction; Django's handler would close it between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    organisation = Organisation.objects.get(slug=data.TRAINING_COMPANY)
    coordinator = User.objects.get(email=f"koordinator@{data.DOMAIN}")
    _token, secret = make_token(coordinator, organisation)
    enrolment = Enrolment.objects.filter(programme__organisation=organisation, cohort__isnull=False).first()
    ids = {
        "participants": enrolment.participant_id,
        "enrolments": enrolment.pk,
        "cohorts": enrolment.cohort_id,
        "events": Event.objects.order_by("pk").values_list("pk", flat=True).last(),
    }
    assert Cohort.objects.filter(pk=ids["cohorts"]).exists() and ids["events"]
    yield secret, ids
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_on_the_demo_answers_as_documented_and_never_with_a_server_error(demo_token):
    secret, ids = demo_token
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:
        check(operation, secret, ids)
