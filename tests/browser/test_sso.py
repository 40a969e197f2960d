"""Single sign-on in Chromium, through a real OpenID Connect provider (oidc-provider-mock run as a
process, the fixture of tests/accounts/sso): the work e-mail picks the organisation's provider, the
person picks themselves on the provider's own form, and lands on the start page. The provider's second
factor spares the local code step; without one a coordinator is asked for their code."""

import pytest

from tests.accounts.sso.conftest import (  # noqa: F401  (the provider process and its settings, shared)
    oidc_provider,
    staff_idp,
)
from tests.browser.conftest import log_in, serious_violations
from tests.conftest import authenticator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def entra(staff_idp):  # noqa: F811
    """The organisation's identity provider, as the single sign-on tests set it (Fjord Entra ID)."""
    return staff_idp


def sso_log_in(page, email: str, sub: str) -> None:
    page.goto("/account/login/")
    page.fill("#id_email", email)
    page.click("form[action$='/account/sso/'] button")
    page.wait_for_selector("input[name=sub]")  # the provider's own form, on its own address
    page.fill("input[name=sub]", sub)
    page.click("button[type=submit]:not([value=deny])")


def test_a_coordinator_logs_in_with_the_providers_second_factor_and_no_code(
    page,
    live_server,
    entra,
    coordinator,
    oidc_provider,  # noqa: F811
):
    oidc_provider.put_user("kari-b", email=coordinator.email, email_verified=True, amr=["pwd", "mfa"])
    page.goto("/account/login/")
    assert serious_violations(page) == []
    sso_log_in(page, coordinator.email, "kari-b")
    page.wait_for_url(f"{live_server.url}/")  # the start page: no two-factor step on the way
    assert serious_violations(page) == []
    page.goto("/participants/")
    assert page.url.endswith("/participants/")


def test_logging_out_ends_the_providers_session_too(
    page,
    live_server,
    entra,
    coordinator,
    oidc_provider,  # noqa: F811
):
    oidc_provider.put_user("kari-l", email=coordinator.email, email_verified=True, amr=["mfa"])
    sso_log_in(page, coordinator.email, "kari-l")
    page.wait_for_url(f"{live_server.url}/")
    page.click("form.logout button")
    # The logout page moves on by itself to the provider's own logout page.
    page.wait_for_url(f"{oidc_provider.issuer}/oauth2/end_session**")
    page.click("button[type=submit]")
    page.wait_for_url("**/account/sso/logged-out/**")
    assert page.locator("h1").inner_text() == "Du er logget ut"
    assert serious_violations(page) == []
    page.goto("/participants/")
    assert "/account/login/" in page.url


def test_without_the_providers_second_factor_the_coordinator_gives_a_code(
    page,
    entra,
    coordinator,
    oidc_provider,  # noqa: F811
):
    authenticator(coordinator)
    oidc_provider.put_user("kari-c", email=coordinator.email, email_verified=True, amr=["pwd"])
    sso_log_in(page, coordinator.email, "kari-c")
    page.wait_for_url("**/account/two-factor/verify/**")
    assert page.locator("#id_code").is_visible()


def test_an_unknown_person_gets_the_refusal_page_and_an_admin_sets_a_provider(
    page,
    entra,
    admin,
    provider,
    oidc_provider,  # noqa: F811
):
    oidc_provider.put_user("stranger", email="stranger@example.no", email_verified=True)
    sso_log_in(page, "stranger@example.no", "stranger")
    page.wait_for_url("**/account/sso/callback/**")
    assert page.locator(".ds-alert h1").is_visible()
    assert serious_violations(page) == []

    log_in(page, admin)
    page.goto(f"/organisations/{provider.slug}/sso/")
    assert serious_violations(page) == []
    assert page.input_value("#id_client_secret") == ""  # write-only
    page.fill("#id_allowed_domains", "example.no, fjord.example.no")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    entra.refresh_from_db()
    assert entra.allowed_domains == ["example.no", "fjord.example.no"]
    assert entra.client_secret == "fjord-secret"
