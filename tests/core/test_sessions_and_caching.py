"""Issue 9 hardening: sessions end when idle or too old, pages with personal data are never cached,
and plain HTTP is sent to HTTPS when that is switched on."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import log_in_with_password as log_in

START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("who", "idle_minutes", "still_in"),
    [("coordinator", 29, True), ("coordinator", 31, False), ("mentor", 31, True), ("mentor", 121, False)],
)
def test_a_session_ends_after_its_roles_idle_time(client, request, who, idle_minutes, still_in):
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, request.getfixturevalue(who))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(datetime.timedelta(minutes=idle_minutes))
        response = client.get(reverse("home"))
    assert (response.status_code == 200) is still_in
    if not still_in:
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_busy_session_still_ends_twelve_hours_after_logging_in(client, mentor):
    minutes = 0
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, mentor)
        while minutes <= 13 * 60:  # a click every ten minutes
            clock.shift(datetime.timedelta(minutes=10))
            minutes += 10
            response = client.get(reverse("home"))
            if response.status_code != 200:
                break
    assert response.status_code == 302
    assert 12 * 60 < minutes <= 12 * 60 + 10


def test_pages_for_a_logged_in_user_and_the_api_are_never_stored(client, coordinator):
    log_in(client, coordinator)
    for url in (reverse("home"), reverse("participant_list"), "/api/participants"):
        cache_control = client.get(url).headers.get("Cache-Control", "")
        assert "no-store" in cache_control and "private" in cache_control, url


def test_the_public_pages_may_be_cached(client, db):
    assert "no-store" not in client.get(reverse("apply")).headers.get("Cache-Control", "")


def test_plain_http_goes_to_https_when_the_redirect_is_on(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert client.get(reverse("health")).status_code == 200  # load balancers probe over HTTP


def test_the_api_and_pages_opened_by_an_emailed_token_are_never_stored_even_without_a_login(
    client, coordinator, market_coordinator, nav_office, employer_org
):
    """Issue 9: the API answers anonymous callers too (a 401, the docs, the schema), and the pages an
    invitation link opens name the person invited."""
    from kobling.accounts.services import invitation_create
    from kobling.core.roles import Role
    from kobling.events.services import employer_invite
    from tests.fixtures.events import make_event

    _invitation, token = invitation_create(
        actor=coordinator,
        organisation=coordinator.memberships.get().organisation,
        email="ny@example.no",
        full_name="Nora Ny",
        role=Role.STAFF,
    )
    event = make_event(nav_office, nav_office, market_coordinator)
    _registration, join_token = employer_invite(
        actor=market_coordinator,
        event=event,
        organisation=employer_org,
        contact_name="Eva Eier",
        contact_email="eva@example.no",
        language="nb",
    )
    for url in (
        "/api/participants",
        "/api/docs",
        "/api/openapi.json",
        reverse("invitation_accept", args=[token]),
        reverse("event_join", args=[join_token]),
    ):
        response = client.get(url)
        assert "no-store" in response.headers.get("Cache-Control", ""), url
