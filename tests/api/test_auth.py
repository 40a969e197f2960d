"""Who may call /api/v1: a known, live token of an active member, for the scopes it holds, as often as
the rate limit lets it; everything else is a problem-details refusal."""

import datetime

import pytest
import time_machine
from django.utils import timezone, translation

from kobling.api import services
from kobling.api.models import ApiToken, Scope
from kobling.core.models import Membership
from kobling.core.roles import Role
from tests.api.conftest import ALL_SCOPES, Api, make_token, problem
from tests.conftest import make_participant

pytestmark = pytest.mark.django_db

# Every operation and the scope it needs; the ids do not matter, the scope is checked first.
OPERATIONS = [
    ("get", "/participants", Scope.PARTICIPANTS_READ),
    ("get", "/participants/1", Scope.PARTICIPANTS_READ),
    ("post", "/participants", Scope.PARTICIPANTS_WRITE),
    ("patch", "/participants/1", Scope.PARTICIPANTS_WRITE),
    ("get", "/enrolments", Scope.PARTICIPANTS_READ),
    ("get", "/enrolments/1", Scope.PARTICIPANTS_READ),
    ("post", "/enrolments/1/status", Scope.ENROLMENTS_WRITE),
    ("post", "/enrolments/1/outcome", Scope.OUTCOMES_WRITE),
    ("get", "/participants/1/timeline", Scope.TIMELINE_READ),
    ("post", "/participants/1/timeline", Scope.TIMELINE_WRITE),
    ("post", "/cohorts/1/attendance", Scope.ATTENDANCE_WRITE),
    ("get", "/events", Scope.EVENTS_READ),
    ("get", "/events/1", Scope.EVENTS_READ),
    ("get", "/events/1/registrations", Scope.EVENTS_READ),
    ("post", "/events/1/registrations", Scope.EVENTS_WRITE),
    ("post", "/interviews/1/feedback", Scope.FEEDBACK_WRITE),
]
BODIES = {
    "/participants": {"first_name": "Kari", "last_name": "Nord"},
    "/enrolments/1/status": {"status": "assessing"},
    "/enrolments/1/outcome": {"result": "education"},
    "/participants/1/timeline": {"title": "Samtale"},
    "/cohorts/1/attendance": {"day": "2026-03-09", "marks": [{"enrolment": 1, "mark": "present"}]},
    "/events/1/registrations": {"participant": 1, "looking_for": "Drift"},
    "/interviews/1/feedback": {
        "motivation": 4,
        "communication": 4,
        "skills": 4,
        "fit": 4,
        "outcome": "not_now",
    },
}


def call(api: Api, method: str, path: str):
    if method == "get":
        return api.get(path)
    return getattr(api, method)(path, BODIES.get(path, {}))


def test_every_operation_is_in_the_scope_table():
    """The table above covers every operation of the schema, so no endpoint escapes the scope test."""
    from kobling.api.v1 import api_v1

    schema = api_v1.get_openapi_schema(path_prefix="")
    operations = {
        (method, path.replace("{pk}", "1")) for path, methods in schema["paths"].items() for method in methods
    }
    assert operations == {(method, path) for method, path, _scope in OPERATIONS}


@pytest.mark.parametrize(("method", "path", "scope"), OPERATIONS)
def test_each_operation_refuses_a_token_without_its_scope(coordinator, provider, method, path, scope):
    _token, secret = make_token(coordinator, provider, [s for s in ALL_SCOPES if s != scope])
    body = problem(call(Api(secret), method, path), 403)
    assert body["type"] == "urn:kobling:problem:missing-scope"
    assert scope in body["detail"]


def test_no_token_an_unknown_one_or_a_wrong_scheme_is_a_401(token, participant):
    for api in (Api(None), Api("kob_not-a-token"), Api(token[1][:-1])):
        response = api.get("/participants")
        problem(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")
    basic = Api(None)
    basic.headers = {"Authorization": f"Basic {token[1]}"}
    problem(basic.get("/participants"), 401)


def test_an_expired_token_is_a_401(coordinator, provider, participant):
    _token, secret = make_token(coordinator, provider, days=1)
    assert Api(secret).get("/participants").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        problem(Api(secret).get("/participants"), 401)


def test_a_revoked_token_is_a_401_at_once(coordinator, provider, participant):
    token, secret = make_token(coordinator, provider)
    assert Api(secret).get("/participants").status_code == 200
    services.token_revoke(actor=coordinator, token=token)
    problem(Api(secret).get("/participants"), 401)


def test_a_token_of_a_closed_login_or_a_former_member_is_a_401(coordinator, provider, participant):
    _token, secret = make_token(coordinator, provider)
    Membership.objects.filter(user=coordinator).delete()
    problem(Api(secret).get("/participants"), 401)
    Membership.objects.create(user=coordinator, organisation=provider, role=Role.COORDINATOR)
    assert Api(secret).get("/participants").status_code == 200
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    problem(Api(secret).get("/participants"), 401)


def test_the_token_remembers_when_and_from_where_it_was_used(token, participant):
    api = Api(token[1])
    api.client.defaults["REMOTE_ADDR"] = "203.0.113.7"
    assert api.get("/participants").status_code == 200
    token[0].refresh_from_db()
    assert token[0].last_used_ip == "203.0.113.7"
    assert timezone.now() - token[0].last_used_at < datetime.timedelta(seconds=5)


def test_the_token_acts_only_within_its_organisation(coordinator, provider, other_provider, participant):
    """The same person coordinates two providers; a token for one never reaches the other's people."""
    Membership.objects.create(user=coordinator, organisation=other_provider, role=Role.COORDINATOR)
    theirs = make_participant(other_provider, first="Jonas", last="Berg", actor=coordinator)
    _token, secret = make_token(coordinator, provider)
    api = Api(secret)
    listed = [p["id"] for p in api.get("/participants").json()["items"]]
    assert listed == [participant.pk]
    problem(api.get(f"/participants/{theirs.pk}"), 404)
    problem(api.patch(f"/participants/{theirs.pk}", {"phone": "99999999"}), 404)
    _token, other_secret = make_token(coordinator, other_provider)
    assert [p["id"] for p in Api(other_secret).get("/participants").json()["items"]] == [theirs.pk]


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0, 20, tzinfo=datetime.UTC), tick=False)
def test_each_token_has_its_own_rate_limit(settings, coordinator, provider, participant):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _token, secret = make_token(coordinator, provider)
    _token, other = make_token(coordinator, provider, name="Rapporter")
    api = Api(secret)
    for _ in range(3):
        assert api.get("/participants").status_code == 200
    response = api.get("/participants")
    body = problem(response, 429)
    assert body["type"] == "urn:kobling:problem:rate-limited"
    assert response["Retry-After"] == "40"  # the rest of the clock minute
    assert Api(other).get("/participants").status_code == 200
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 1, 0, tzinfo=datetime.UTC), tick=False):
        assert api.get("/participants").status_code == 200


def test_the_schema_and_docs_are_open_and_docs_use_the_vendored_swagger(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/participants" in schema.json()["paths"]
    assert schema.json()["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "vendor/swagger-ui/swagger-ui-bundle.js" in html and 'integrity="sha384-' in html
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    assert "cdn" not in html.lower()


def test_tokens_are_stored_as_a_digest_only(token):
    row = ApiToken.objects.get(pk=token[0].pk)
    secret = token[1]
    assert secret.startswith("kob_") and len(secret) > 40
    assert secret not in (row.digest, row.prefix, row.name) and secret.startswith(row.prefix)
    assert len(row.digest) == 64


def test_an_unknown_address_or_method_is_a_problem_too(api, client):
    """What never reaches the API's handlers (Django's resolver, ninja's dispatch) is still JSON."""
    with translation.override("en"):
        body = problem(api.get("/no-such-thing"), 404)
        assert "/api/v1/docs" in body["detail"]
        problem(api.get("/participants/"), 404)  # a trailing slash the API does not use
        response = api.client.delete("/api/v1/participants", headers=api.headers)
        body = problem(response, 405)
    allowed = response["Allow"]
    assert (
        set(allowed.split(", ")) == {"GET", "POST"}
        and "DELETE" in body["detail"]
        and allowed in body["detail"]
    )
    # The web's pages keep their own 404 page.
    page = client.get("/no-such-page/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
