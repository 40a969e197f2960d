"""Participants through /api/v1: listing with a cursor and `changed_since`, reading, registering and
changing a record, through the web's forms and services (their validation and audit)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from kobling.core.models import AuditLog, Membership
from kobling.core.roles import Role
from kobling.people.models import Participant
from kobling.programmes.models import Enrolment
from tests.api.conftest import Api, make_token, problem
from tests.conftest import make_participant

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def people_at(provider, coordinator, count):
    """`count` people, made an hour apart from T0 (their change time is when they were made)."""
    made = []
    for i in range(count):
        with time_machine.travel(T0 + datetime.timedelta(hours=i), tick=False):
            made.append(make_participant(provider, first=f"Person{i}", last="Test", actor=coordinator))
    return made


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["items"]]


def test_the_list_pages_with_a_cursor_over_everything_and_nothing_else(
    api, provider, coordinator, foreign_participant
):
    made = people_at(provider, coordinator, 5)
    pages, cursor = [], None
    while True:
        response = api.get("/participants", {"limit": 2, **({"cursor": cursor} if cursor else {})})
        pages.append(ids(response))
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert pages == [[made[0].pk, made[1].pk], [made[2].pk, made[3].pk], [made[4].pk]]
    assert foreign_participant.pk not in sum(pages, [])


def test_changed_since_keeps_what_changed_at_or_after_it_and_a_change_moves_a_person_last(
    api, provider, coordinator
):
    made = people_at(provider, coordinator, 4)
    since = (T0 + datetime.timedelta(hours=2)).isoformat()
    assert ids(api.get("/participants", {"changed_since": since})) == [made[2].pk, made[3].pk]
    with time_machine.travel(T0 + datetime.timedelta(days=1), tick=False):
        assert api.patch(f"/participants/{made[0].pk}", {"municipality": "Bergen"}).status_code == 200
    assert ids(api.get("/participants", {"changed_since": since})) == [made[2].pk, made[3].pk, made[0].pk]
    # A time without a zone is Oslo time (one hour ahead of UTC in March).
    assert ids(api.get("/participants", {"changed_since": "2026-03-02T12:00:00"})) == [
        made[2].pk,
        made[3].pk,
        made[0].pk,
    ]


def test_a_bad_cursor_limit_or_time_is_a_422_at_its_field(api, participant):
    for params, field in (
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"changed_since": "yesterday"}, "changed_since"),
        ({"changed_since": "0001-01-01T00:00:00"}, "changed_since"),
    ):
        body = problem(api.get("/participants", params), 422)
        assert field in body["errors"], (params, body)


def test_a_record_reads_without_the_national_id_or_the_health_barrier(api, provider, coordinator):
    person = make_participant(
        provider, actor=coordinator, national_id="", barrier_health=True, birth_year=1990, phone="+4791234567"
    )
    body = api.get(f"/participants/{person.pk}").json()
    assert body["first_name"] == "Amina" and body["birth_year"] == 1990
    assert {"language": "ar", "level": "native"} in body["languages"]
    assert not {"national_id", "barrier_health", "advisor", "masked_national_id"} & set(body)


def test_another_organisations_person_is_a_404_and_recorded_as_refused(api, foreign_participant):
    before = AuditLog.objects.filter(action=AuditLog.Action.REFUSED).count()
    body = problem(api.get(f"/participants/{foreign_participant.pk}"), 404)
    assert "Jonas" not in str(body)
    problem(api.get("/participants/999999"), 404)
    assert AuditLog.objects.filter(action=AuditLog.Action.REFUSED).count() == before + 1


def test_registering_a_person_applies_them_and_audits_with_the_token(api, token, coordinator, programme):
    response = api.post(
        "/participants",
        {
            "first_name": "Kari",
            "last_name": "Nord",
            "email": "KARI@example.no",
            "birth_year": 1990,
            "languages": [{"language": "no", "level": "B2"}],
            "target_occupations": ["2512"],
            "programme": programme.slug,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    person = Participant.objects.get(pk=body["id"])
    assert (person.email, person.source, person.organisation_id) == (
        "kari@example.no",
        "registered",
        programme.organisation_id,
    )
    assert body["target_occupations"] == ["2512"] and body["languages"] == [{"language": "no", "level": "B2"}]
    assert Enrolment.objects.filter(participant=person, programme=programme).exists()
    rows = AuditLog.objects.filter(object_type="people.participant", object_id=str(person.pk))
    assert {(r.action, r.actor_id) for r in rows} == {("create", coordinator.pk)}
    assert any(token[0].name in r.note and token[0].prefix in r.note for r in rows)


def test_bad_values_are_a_422_with_each_field_and_nothing_is_written(api, programme, other_programme):
    people, audit = Participant.objects.count(), AuditLog.objects.count()
    body = problem(
        api.post(
            "/participants",
            {
                "first_name": "Kari",
                "last_name": "Nord",
                "email": "not an address",
                "birth_year": 1800,
                "region": "99",
                "languages": [{"language": "no", "level": "Z9"}],
                "programme": other_programme.slug,  # another provider's
            },
        ),
        422,
    )
    assert {"email", "birth_year", "region", "languages", "programme"} <= set(body["errors"])
    problem(api.post("/participants", {"last_name": "Nord"}), 422)
    problem(api.post("/participants", {"first_name": "Kari", "last_name": "Nord", "birth_year": "soon"}), 422)
    assert (Participant.objects.count(), AuditLog.objects.count()) == (people, audit)


def test_a_body_that_is_not_json_is_a_400(api):
    response = api.client.post(
        "/api/v1/participants", "{not json", content_type="application/json", headers=api.headers
    )
    problem(response, 400)


def test_a_change_keeps_what_the_api_does_not_carry(api, token, provider, coordinator):
    person = make_participant(provider, actor=coordinator, national_id="", barrier_health=True)
    Participant.objects.filter(pk=person.pk).update(national_id="01010012356")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        response = api.patch(f"/participants/{person.pk}", {"phone": "912 34 567", "nav_user": True})
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.phone, person.nav_user, person.barrier_health, person.national_id) == (
        "+4791234567",
        True,
        True,
        "01010012356",
    )
    rows = AuditLog.objects.filter(
        object_type="people.participant", object_id=str(person.pk), action="update"
    )
    assert sorted(r.fields for r in rows) == [[], ["nav_user", "phone"]]
    assert any(token[0].name in r.note for r in rows)


def test_nothing_changed_writes_nothing(api, participant):
    before = AuditLog.objects.count()
    assert (
        api.patch(f"/participants/{participant.pk}", {"first_name": participant.first_name}).status_code
        == 200
    )
    assert AuditLog.objects.count() == before


def test_an_instructor_token_reads_but_may_not_change_or_register(staff, provider, participant):
    _token, secret = make_token(staff, provider)
    api = Api(secret)
    assert api.get(f"/participants/{participant.pk}").status_code == 200
    problem(api.patch(f"/participants/{participant.pk}", {"phone": "99999999"}), 403)
    problem(api.post("/participants", {"first_name": "Kari", "last_name": "Nord"}), 403)
    participant.refresh_from_db()
    assert participant.phone == ""


def test_a_nav_advisor_token_sees_only_the_people_they_follow(
    advisor, nav_office, participant, provider, coordinator
):
    make_participant(provider, first="Bilal", last="Ahmadi", actor=coordinator)
    _token, secret = make_token(advisor, nav_office)
    assert ids(Api(secret).get("/participants")) == [participant.pk]


def test_a_participant_with_a_login_is_never_another_persons_window(participant_user, participant, provider):
    Membership.objects.filter(user=participant_user).update(role=Role.PARTICIPANT)
    _token, secret = make_token(participant_user, provider)
    api = Api(secret)
    assert ids(api.get("/participants")) == [participant.pk]
    problem(api.get(f"/participants/{participant.pk}"), 404)  # the staff pages' record, not "my profile"


def test_a_nul_character_anywhere_is_a_422_not_a_database_error(api, participant):
    """PostgreSQL can neither store nor compare text holding NUL: the API refuses it at the field."""
    enrolment = participant.enrolments.get()
    for path, body, field in (
        ("/participants", {"first_name": "K", "last_name": "N", "programme": "a\x00b"}, "programme"),
        ("/participants", {"first_name": "K", "last_name": "N", "target_occupations": ["25\x0012"]}, None),
        ("/participants", {"first_name": "K\x00", "last_name": "N"}, "first_name"),
        (f"/participants/{participant.pk}/timeline", {"title": "a\x00"}, "title"),
        (f"/enrolments/{enrolment.pk}/status", {"status": "assessing", "reason_text": "\x00"}, "reason_text"),
    ):
        body = problem(api.post(path, body), 422)
        assert field is None or field in body["errors"], body
