"""Single sign-on through a real OpenID Connect provider (oidc-provider-mock as a process, see
conftest.py), with the Django test client: staff by their organisation's provider, participants by
ID-porten, and every way a login is refused. Nothing about the protocol is mocked: discovery, the
token exchange and the ID token's signature, audience, expiry and nonce are the real thing."""

import datetime
import random

import pytest
import time_machine
from django.urls import reverse

from kobling.accounts.sso.models import IdentityProvider
from kobling.core.models import AuditLog, User
from kobling.demo.persons import synthetic_national_id
from tests.accounts.sso.conftest import (
    TOKEN_MAX_AGE,
    free_port,
    idporten_login,
    in_english,
    logged_in_user,
    staff_login,
    start_staff,
)

pytestmark = pytest.mark.django_db

PARTICIPANTS_PAGE = "/participants/"


def failed_logins() -> list[str]:
    return list(AuditLog.objects.filter(action=AuditLog.Action.LOGIN_FAILED).values_list("note", flat=True))


def test_staff_log_in_with_a_verified_email_and_the_providers_second_factor(
    client, staff_idp, coordinator, oidc_provider
):
    response, _ = staff_login(
        client, oidc_provider, "kari", email=coordinator.email, email_verified=True, amr=["pwd", "mfa"]
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert logged_in_user(client) == coordinator
    # A coordinator must use two factors; the provider's counts, so no code step and no enrolment.
    assert client.get(PARTICIPANTS_PAGE).status_code == 200
    entry = AuditLog.objects.get(actor=coordinator, action=AuditLog.Action.LOGIN)
    assert entry.note.startswith("logged in with single sign-on")
    assert "second factor at the identity provider" in entry.note
    assert entry.organisation == staff_idp.organisation


def test_without_the_providers_second_factor_the_local_code_step_stays(
    client, staff_idp, coordinator, oidc_provider
):
    response, _ = staff_login(client, oidc_provider, "kari2", email=coordinator.email, email_verified=True)
    assert logged_in_user(client) == coordinator
    answer = client.get(PARTICIPANTS_PAGE)
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("mfa_setup"))


def test_a_later_login_in_the_same_session_does_not_inherit_the_second_factor(
    client, staff_idp, coordinator, oidc_provider
):
    staff_login(client, oidc_provider, "kari3", email=coordinator.email, email_verified=True, amr=["mfa"])
    assert client.get(PARTICIPANTS_PAGE).status_code == 200
    # The same session logs in again, this time with a password alone at the provider.
    staff_login(client, oidc_provider, "kari3b", email=coordinator.email, email_verified=True, amr=["pwd"])
    assert logged_in_user(client) == coordinator
    assert client.get(PARTICIPANTS_PAGE)["Location"].startswith(reverse("mfa_setup"))


def test_an_acr_in_the_configured_set_counts_as_a_second_factor(
    client, staff_idp, coordinator, oidc_provider
):
    staff_login(client, oidc_provider, "kari4", email=coordinator.email, email_verified=True, acr="Level4")
    assert client.get(PARTICIPANTS_PAGE).status_code == 200


def test_the_start_of_a_login_goes_to_the_provider_with_state_nonce_and_pkce(client, staff_idp, coordinator):
    url = start_staff(client, coordinator.email)
    assert url.startswith(staff_idp.issuer + "/oauth2/authorize?")
    for part in (
        "state=",
        "nonce=",
        "code_challenge=",
        "code_challenge_method=S256",
        "client_id=kobling-fjord",
    ):
        assert part in url


def test_the_continue_page_moves_on_without_script(client, staff_idp, coordinator):
    response = client.post(reverse("sso_start"), {"email": coordinator.email})
    page = response.content.decode()
    assert '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:' in page
    assert 'id="sso-continue"' in page


def test_an_unreachable_provider_is_refused_and_audited(client, provider, coordinator):
    IdentityProvider.objects.create(
        organisation=provider,
        name="Gone",
        issuer=f"http://127.0.0.1:{free_port()}",
        client_id="x",
        client_secret="y",
        allowed_domains=["example.no"],
        enabled=True,
    )
    response = client.post(reverse("sso_start"), {"email": coordinator.email})
    assert response.status_code == 400
    assert "provider unreachable" in failed_logins()[0]


def test_an_email_without_a_provider_is_sent_back_to_the_password(client, staff_idp):
    response = client.post(reverse("sso_start"), {"email": "someone@elsewhere.example"})
    assert response.status_code == 302 and response["Location"] == reverse("login")


@pytest.mark.parametrize(
    ("claims", "note"),
    [
        ({"email": "nobody@example.no", "email_verified": True}, "no account"),
        ({"email": "koordinator@example.no", "email_verified": False}, "not verified"),
        ({"email": "koordinator@example.no"}, "not verified"),
        ({"email": "koordinator@other.example", "email_verified": True}, "domain not allowed"),
    ],
)
def test_unknown_unverified_and_foreign_emails_are_refused_and_audited(
    client, staff_idp, coordinator, oidc_provider, claims, note
):
    users = User.objects.count()
    oidc_provider.put_user("who", **claims)
    # The e-mail typed on the login page picks the provider; the token's e-mail is what counts.
    callback = oidc_provider.authorize(start_staff(client, "anyone@example.no"), "who")
    with in_english(client):
        response = client.get(callback)
    assert response.status_code == 400
    assert "You are not logged in" in response.content.decode()
    assert logged_in_user(client) is None
    assert User.objects.count() == users  # never an account from a login
    [refusal] = failed_logins()
    assert note in refusal
    assert AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED).organisation == staff_idp.organisation


def test_a_member_of_another_organisation_is_refused(client, staff_idp, other_coordinator, oidc_provider):
    response, _ = staff_login(
        client, oidc_provider, "anne", email=other_coordinator.email, email_verified=True
    )
    assert response.status_code == 400
    assert logged_in_user(client) is None
    assert "no account with this e-mail in the organisation" in failed_logins()[0]


def test_a_token_for_another_audience_is_refused(client, staff_idp, coordinator, oidc_provider):
    response, _ = staff_login(
        client, oidc_provider, "aud", email=coordinator.email, email_verified=True, aud="another-client"
    )
    assert response.status_code == 400
    assert logged_in_user(client) is None
    assert "token refused" in failed_logins()[0]


def test_an_expired_token_is_refused(client, staff_idp, coordinator, oidc_provider):
    oidc_provider.put_user("late", email=coordinator.email, email_verified=True)
    callback = oidc_provider.authorize(start_staff(client, coordinator.email), "late")
    # Past the token's lifetime and Authlib's leeway, well inside the state's hour.
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=TOKEN_MAX_AGE + 600)
    with time_machine.travel(later, tick=True):
        response = client.get(callback)
    assert response.status_code == 400
    assert logged_in_user(client) is None
    assert "ExpiredTokenError" in failed_logins()[0]


def test_a_callback_used_twice_is_refused_the_second_time(client, staff_idp, coordinator, oidc_provider):
    first, callback = staff_login(
        client, oidc_provider, "again", email=coordinator.email, email_verified=True
    )
    assert first.status_code == 302
    client.logout()
    second = client.get(callback)
    assert second.status_code == 400
    assert logged_in_user(client) is None
    assert "state missing or used" in failed_logins()[0]


def test_a_callback_from_another_browsers_login_is_refused(client, staff_idp, coordinator, oidc_provider):
    from django.test import Client

    oidc_provider.put_user("csrf", email=coordinator.email, email_verified=True)
    callback = oidc_provider.authorize(start_staff(Client(), coordinator.email), "csrf")
    assert client.get(callback).status_code == 400
    assert logged_in_user(client) is None


def test_a_switched_off_provider_refuses_the_login_in_progress(client, staff_idp, coordinator, oidc_provider):
    oidc_provider.put_user("off", email=coordinator.email, email_verified=True)
    callback = oidc_provider.authorize(start_staff(client, coordinator.email), "off")
    IdentityProvider.objects.filter(pk=staff_idp.pk).update(enabled=False)
    assert client.get(callback).status_code == 400
    assert logged_in_user(client) is None


# ----------------------------------------------------------------------------- ID-porten


def test_a_participant_logs_in_with_idporten_by_national_id(
    client, idporten, participant_user, national_id, oidc_provider
):
    response = idporten_login(client, oidc_provider, "idp-1", pid=national_id, acr="idporten-loa-high")
    assert response.status_code == 302
    assert logged_in_user(client) == participant_user
    assert client.get("/me/").status_code == 200
    assert AuditLog.objects.filter(actor=participant_user, note__contains="(ID-porten)").exists()


def test_an_unknown_national_id_is_refused_without_writing_it(
    client, idporten, participant_user, national_id, oidc_provider
):
    stranger = synthetic_national_id(random.Random(8), 1980)
    users = User.objects.count()
    with in_english(client):
        response = idporten_login(client, oidc_provider, "idp-2", pid=stranger)
    assert response.status_code == 400
    assert "ID-porten" in response.content.decode()
    assert logged_in_user(client) is None and User.objects.count() == users
    entry = AuditLog.objects.get(action=AuditLog.Action.LOGIN_FAILED)
    assert "no participant login" in entry.note
    assert stranger not in entry.note + entry.object_label


def test_idporten_is_off_until_configured(client, settings):
    settings.OIDC_IDPORTEN = None
    assert client.get(reverse("sso_idporten")).status_code == 404
    with in_english(client):
        assert "Log in with ID-porten" not in client.get(reverse("login")).content.decode()


def test_the_login_page_offers_what_is_configured(client, staff_idp, idporten):
    with in_english(client):
        page = client.get(reverse("login")).content.decode()
    assert "Log in with ID-porten" in page
    assert reverse("sso_start") in page
