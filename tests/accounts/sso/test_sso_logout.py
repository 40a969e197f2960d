"""Logging out after a single sign-on ends the identity provider's session too (OpenID Connect
RP-Initiated Logout), through the same real provider process as the login tests: otherwise the next
person at a shared computer who presses "log in" is let in as the last one by the provider's session.
A provider that offers no logout, or cannot be reached, leaves the person told to close the browser."""

import base64
import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kobling.accounts.sso.models import ProviderSession
from kobling.accounts.sso.protocol import SIGNED_IN
from kobling.core.sealed import PREFIX, unseal
from tests.accounts.sso.conftest import free_port, idporten_login, in_english, logged_in_user, staff_login
from tests.conftest import login

pytestmark = pytest.mark.django_db

RETURN = "http://testserver/account/sso/logged-out/"


def claims_of(id_token: str) -> dict:
    payload = id_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def logged_in_staff(client, oidc_provider, coordinator):
    response, _ = staff_login(
        client, oidc_provider, "entra-1", email=coordinator.email, email_verified=True, amr=["mfa"]
    )
    assert response.status_code == 302 and logged_in_user(client) == coordinator


def test_logging_out_goes_on_to_end_the_providers_session(client, staff_idp, coordinator, oidc_provider):
    logged_in_staff(client, oidc_provider, coordinator)
    with in_english(client):
        response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert logged_in_user(client) is None
    assert client.get("/participants/").status_code == 302  # the Kobling session is over at once
    url = response.context["url"]
    assert url.startswith(f"{oidc_provider.issuer}/oauth2/end_session?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["post_logout_redirect_uri"] == RETURN and query["client_id"] == "kobling-fjord"
    assert claims_of(query["id_token_hint"])["sub"] == "entra-1"
    body = response.content.decode()
    assert 'http-equiv="refresh"' in body and "Log out of Fjord Entra ID" in body

    back = oidc_provider.log_out(url)
    assert back.startswith(RETURN) and parse_qs(urlsplit(back).query)["state"] == [query["state"]]
    with in_english(client):
        done = client.get(back)
    assert done.status_code == 200
    assert "You are logged out of Kobling and of Fjord Entra ID." in done.content.decode()
    # The state works once: the same way back again only leads to the login page.
    again = client.get(back)
    assert again.status_code == 302 and again["Location"] == reverse("login")


def test_a_participant_is_logged_out_of_idporten_too(
    client, idporten, participant_user, national_id, oidc_provider
):
    assert idporten_login(client, oidc_provider, "idp-9", pid=national_id).status_code == 302
    # The ID token kept for the logout names the person's national identity number (its JWT payload
    # is only base64): sealed, so the session table never holds the number.
    kept = client.session[SIGNED_IN]["id_token"]
    assert kept.startswith(PREFIX) and claims_of(unseal(kept))["pid"] == national_id
    response = client.post(reverse("logout"))
    assert response.status_code == 200 and logged_in_user(client) is None
    assert response.context["label"] == "ID-porten"
    back = oidc_provider.log_out(response.context["url"])
    with in_english(client):
        done = client.get(back)
    assert "You are logged out of Kobling and of ID-porten." in done.content.decode()


def test_a_made_up_state_on_the_way_back_shows_nothing(client, staff_idp, coordinator, oidc_provider):
    logged_in_staff(client, oidc_provider, coordinator)
    url = client.post(reverse("logout")).context["url"]
    back = oidc_provider.log_out(url)
    forged = client.get(reverse("sso_logged_out"), {"state": "guessed"})
    assert forged.status_code == 302 and forged["Location"] == reverse("login")
    # A wrong guess ends the wait, so the real state no longer works either.
    assert client.get(back).status_code == 302


def test_an_unreachable_provider_still_logs_out_and_says_to_close_the_browser(
    client, staff_idp, coordinator, oidc_provider
):
    logged_in_staff(client, oidc_provider, coordinator)
    staff_idp.issuer = f"http://127.0.0.1:{free_port()}"  # nothing listens there now
    staff_idp.save(update_fields=["issuer"])
    with in_english(client):
        response = client.post(reverse("logout"))
    assert response.status_code == 200 and logged_in_user(client) is None
    body = response.content.decode()
    assert "Fjord Entra ID did not log you out" in body and "close the browser" in body


def test_a_provider_switched_off_since_the_login_still_logs_out(
    client, staff_idp, coordinator, oidc_provider
):
    logged_in_staff(client, oidc_provider, coordinator)
    staff_idp.enabled = False
    staff_idp.save(update_fields=["enabled"])
    with in_english(client):
        response = client.post(reverse("logout"))
    assert response.status_code == 200 and logged_in_user(client) is None
    assert "close the browser" in response.content.decode()


def test_a_password_login_logs_out_to_the_login_page(client, coordinator):
    login(client, coordinator)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert logged_in_user(client) is None and SIGNED_IN not in client.session


def test_logging_out_is_a_post(client, coordinator):
    login(client, coordinator)
    assert client.get(reverse("logout")).status_code == 405
    assert logged_in_user(client) == coordinator


# ------------------------------------------------------------------ the provider's front-channel logout


def front_channel(issuer: str, sid: str):
    """The provider's logout page loads this in an iframe: a browser request without Kobling's cookie."""
    return Client().get(reverse("sso_front_channel_logout"), {"iss": issuer, "sid": sid})


def test_the_providers_front_channel_logout_ends_the_kobling_session(
    client, staff_idp, coordinator, oidc_provider
):
    claims = {"email": coordinator.email, "email_verified": True, "amr": ["mfa"], "sid": "idp-session-1"}
    assert staff_login(client, oidc_provider, "entra-2", **claims)[0].status_code == 302
    assert client.get("/participants/").status_code == 200
    bystander = Client()
    login(bystander, coordinator)  # the same person on another device, by password: not the provider's

    assert front_channel(oidc_provider.issuer, "someone-else").status_code == 200
    assert front_channel("https://elsewhere.example", "idp-session-1").status_code == 200
    assert client.get("/participants/").status_code == 200  # neither names this session

    response = front_channel(oidc_provider.issuer, "idp-session-1")
    assert response.status_code == 200 and response.content == b""
    assert client.get("/participants/").status_code == 302  # logged out
    assert bystander.get("/participants/").status_code == 200
    assert not ProviderSession.objects.exists()
    # Only the provider may frame it, and nothing caches it.
    assert "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == (
        f"default-src 'none'; frame-ancestors {oidc_provider.issuer}"
    )
    assert "no-store" in response["Cache-Control"]


def test_a_front_channel_logout_without_its_session_id_does_nothing(
    client, staff_idp, coordinator, oidc_provider
):
    claims = {"email": coordinator.email, "email_verified": True, "amr": ["mfa"], "sid": "idp-session-2"}
    staff_login(client, oidc_provider, "entra-3", **claims)
    assert front_channel(oidc_provider.issuer, "").status_code == 200
    assert Client().get(reverse("sso_front_channel_logout")).status_code == 200
    assert client.get("/participants/").status_code == 200
    assert ProviderSession.objects.count() == 1


def test_logging_out_in_kobling_forgets_the_providers_session_id(
    client, staff_idp, coordinator, oidc_provider
):
    claims = {"email": coordinator.email, "email_verified": True, "amr": ["mfa"], "sid": "idp-session-3"}
    staff_login(client, oidc_provider, "entra-4", **claims)
    assert ProviderSession.objects.filter(sid="idp-session-3", user=coordinator).exists()
    client.post(reverse("logout"))
    assert not ProviderSession.objects.exists()


def test_old_provider_sessions_are_pruned_at_the_next_single_sign_on(
    client, staff_idp, coordinator, oidc_provider
):
    old = ProviderSession.objects.create(
        issuer=oidc_provider.issuer,
        sid="long-gone",
        session_key="x" * 32,
        user=coordinator,
        created_at=timezone.now() - timedelta(hours=settings.SESSION_ABSOLUTE_HOURS, minutes=1),
    )
    claims = {"email": coordinator.email, "email_verified": True, "amr": ["mfa"], "sid": "idp-session-4"}
    staff_login(client, oidc_provider, "entra-5", **claims)
    assert not ProviderSession.objects.filter(pk=old.pk).exists()
    assert ProviderSession.objects.filter(sid="idp-session-4").exists()
