"""Issue 9: failed logins, lock-outs and refused access are security events in the audit log; a
coordinator sees those of their organisation, a platform admin all of them."""

import pytest
from django.urls import reverse

from kobling.core.models import AuditLog
from tests.conftest import PASSWORD, login


def events(action: str):
    return AuditLog.objects.filter(action=action).order_by("id")


def fail_login(client, username: str, password: str = "wrong-password"):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_failed_login_to_an_account_is_an_event_of_its_organisation(client, staff, provider):
    fail_login(client, staff.email)
    event = events(AuditLog.Action.LOGIN_FAILED).get()
    assert (event.actor, event.organisation, event.object_id) == (staff, provider, str(staff.pk))
    assert event.note == "wrong password"


def test_a_failed_login_to_no_account_keeps_only_the_name_tried_cut_short(client, db):
    name = "nobody." + "x" * 100 + "@example.no"
    fail_login(client, name)
    event = events(AuditLog.Action.LOGIN_FAILED).get()
    assert event.actor is None and event.organisation is None and event.object_id == ""
    assert event.object_label == name[:64] and event.note == "no such account"


def test_a_lock_out_is_one_event_and_attempts_during_it_add_none(client, coordinator):
    for _ in range(5):
        fail_login(client, coordinator.email)
    for _ in range(3):
        assert fail_login(client, coordinator.email, PASSWORD).status_code == 429
    assert events(AuditLog.Action.LOGIN_FAILED).count() == 5
    locked = events(AuditLog.Action.LOCKED_OUT).get()
    assert locked.actor == coordinator and locked.note == "too many failed logins"


def test_a_refused_page_is_one_event_with_the_path(client, staff, provider):
    login(client, staff)
    assert client.get(reverse("audit_log")).status_code == 404
    event = events(AuditLog.Action.REFUSED).get()
    assert (event.actor, event.organisation, event.note) == (staff, provider, "GET /audit/")
    client.logout()
    client.get(reverse("audit_log"))  # anonymous: sent to log in, nothing written
    assert events(AuditLog.Action.REFUSED).count() == 1


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "participant_detail"),
        ("post", "national_id_reveal"),
        ("get", "participant_edit"),
        ("get", "api"),
    ],
)
def test_asking_for_someone_elses_participant_is_an_event_for_the_provider_that_holds_it(
    client, other_coordinator, participant, provider, method, url
):
    login(client, other_coordinator)
    path = f"/api/participants/{participant.pk}" if url == "api" else reverse(url, args=[participant.pk])
    assert getattr(client, method)(path).status_code == 404
    event = events(AuditLog.Action.REFUSED).get()
    assert event.actor == other_coordinator and event.organisation == provider
    assert event.note == f"participant {participant.pk}"
    # A record that does not exist is just a 404.
    missing = (
        f"/api/participants/{participant.pk + 999}"
        if url == "api"
        else reverse(url, args=[participant.pk + 999])
    )
    assert getattr(client, method)(missing).status_code == 404
    assert events(AuditLog.Action.REFUSED).count() == 1


def test_an_instructor_asking_for_the_national_id_is_refused_and_recorded(client, staff, participant):
    login(client, staff)
    response = client.post(reverse("national_id_reveal", args=[participant.pk]))
    assert response.status_code == 404
    assert events(AuditLog.Action.REFUSED).get().note == f"POST /participants/{participant.pk}/national-id/"


def test_the_audit_page_shows_a_coordinator_their_organisations_events_and_an_admin_all(
    client, coordinator, staff, other_coordinator, admin, foreign_participant
):
    fail_login(client, staff.email)
    fail_login(client, other_coordinator.email)
    fail_login(client, "ghost@example.no")
    login(client, staff)
    client.get(reverse("outbox"))  # refused: an event of our provider
    login(client, other_coordinator)
    client.get(reverse("organisation_list"))  # refused: an event of the other provider
    login(client, coordinator)
    client.get(reverse("participant_detail", args=[foreign_participant.pk]))  # the other provider's person

    def shown(user) -> set[tuple[str, str, str]]:
        login(client, user)
        response = client.get(reverse("audit_log"))
        return {
            (e.action, e.object_label, e.note)
            for e in response.context["page"]
            if e.action in {"login_failed", "refused"}
        }

    own = shown(coordinator)
    assert own == {
        ("login_failed", staff.full_name, "wrong password"),
        ("refused", staff.full_name, "GET /outbox/"),
    }
    other = shown(other_coordinator)
    assert other == {
        ("login_failed", other_coordinator.full_name, "wrong password"),
        ("refused", other_coordinator.full_name, "GET /organisations/"),
        ("refused", coordinator.full_name, f"participant {foreign_participant.pk}"),
    }
    everything = shown(admin)
    assert everything == own | other | {("login_failed", "ghost@example.no", "no such account")}
