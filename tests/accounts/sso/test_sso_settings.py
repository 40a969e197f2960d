"""A platform admin sets an organisation's identity provider; the secret is write-only. ID-porten is
read from the environment by a strict helper. What counts as the provider's second factor."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from kobling.accounts.sso.models import IdentityProvider
from kobling.accounts.sso.protocol import asserts_mfa
from kobling.core.models import AuditLog
from kobling.settings import env_oidc_provider
from tests.conftest import login

FORM = {
    "name": "Fjord Entra ID",
    "issuer": "https://login.example.no/tenant/v2.0",
    "client_id": "kobling",
    "client_secret": "very-secret-value",
    "allowed_domains": "Example.no, fjord.example.no",
    "enabled": "on",
}


def url(organisation) -> str:
    return reverse("sso_provider_edit", args=[organisation.slug])


@pytest.mark.django_db
def test_an_admin_saves_a_provider_and_the_secret_is_never_shown(client, admin, provider):
    login(client, admin)
    response = client.post(url(provider), FORM)
    assert response.status_code == 302
    record = IdentityProvider.objects.get(organisation=provider)
    assert record.allowed_domains == ["example.no", "fjord.example.no"]
    assert record.enabled and record.client_secret == "very-secret-value"
    page = client.get(url(provider)).content.decode()
    assert "very-secret-value" not in page
    assert "https://login.example.no/tenant/v2.0" in page
    entry = AuditLog.objects.get(object_type="accounts.identityprovider")
    assert "client_secret" in entry.fields and "very-secret-value" not in str(entry.fields) + entry.note

    # An empty secret keeps the saved one.
    client.post(url(provider), {**FORM, "client_secret": "", "name": "Entra"})
    record.refresh_from_db()
    assert record.name == "Entra" and record.client_secret == "very-secret-value"


@pytest.mark.django_db
def test_a_new_provider_needs_a_secret_and_an_https_issuer(client, admin, provider):
    login(client, admin)
    with translation.override("en"):
        response = client.post(
            url(provider), {**FORM, "client_secret": "", "issuer": "http://login.example.no"}
        )
    assert response.status_code == 400
    assert "https://" in response.context["form"].errors["issuer"][0]
    response = client.post(url(provider), {**FORM, "client_secret": ""})
    assert "client_secret" in response.context["form"].errors
    assert not IdentityProvider.objects.exists()


@pytest.mark.django_db
def test_a_domain_belongs_to_one_enabled_provider(client, admin, provider, other_provider):
    login(client, admin)
    client.post(url(provider), FORM)
    response = client.post(url(other_provider), {**FORM, "allowed_domains": "fjord.example.no"})
    assert response.status_code == 400
    assert "allowed_domains" in response.context["form"].errors
    assert IdentityProvider.objects.count() == 1


@pytest.mark.django_db
def test_only_a_platform_admin_reaches_the_page(client, coordinator, provider):
    login(client, coordinator)
    assert client.get(url(provider)).status_code == 404
    assert client.post(url(provider), FORM).status_code == 404
    assert not IdentityProvider.objects.exists()


@pytest.mark.django_db
def test_the_organisation_list_links_to_the_page(client, admin, provider):
    login(client, admin)
    assert url(provider) in client.get(reverse("organisation_list")).content.decode()


def test_idporten_is_read_strictly_from_the_environment(monkeypatch):
    for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"OIDC_IDPORTEN_{key}", raising=False)
    assert env_oidc_provider("OIDC_IDPORTEN") is None
    monkeypatch.setenv("OIDC_IDPORTEN_ISSUER", "https://idporten.no")
    with pytest.raises(ImproperlyConfigured, match="OIDC_IDPORTEN_CLIENT_ID"):
        env_oidc_provider("OIDC_IDPORTEN")
    monkeypatch.setenv("OIDC_IDPORTEN_CLIENT_ID", "abc")
    monkeypatch.setenv("OIDC_IDPORTEN_CLIENT_SECRET", "def")
    assert env_oidc_provider("OIDC_IDPORTEN") == {
        "issuer": "https://idporten.no",
        "client_id": "abc",
        "client_secret": "def",
    }
    monkeypatch.setenv("OIDC_IDPORTEN_ISSUER", "idporten.no")
    with pytest.raises(ImproperlyConfigured, match="OIDC_IDPORTEN_ISSUER"):
        env_oidc_provider("OIDC_IDPORTEN")


@pytest.mark.parametrize(
    ("claims", "mfa"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": ["otp"]}, True),
        ({"amr": "hwk"}, True),
        ({"amr": ["pwd+otp"]}, True),
        ({"acr": "idporten-loa-high"}, True),
        ({"acr": "http://schemas.openid.net/pape/policies/2007/06/multi-factor"}, True),
        ({"amr": ["pwd"]}, False),
        ({"acr": "idporten-loa-substantial"}, False),
        ({}, False),
    ],
)
def test_what_counts_as_the_providers_second_factor(claims, mfa):
    assert asserts_mfa(claims) is mfa


HOSTILE = ["\x00", "a" * 5000, "<script>alert(1)</script>", "' OR 1=1 --", "ø@ø", "javascript:alert(1)"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_refused_not_errors(client, admin, provider, value):
    login(client, admin)
    for field in FORM:
        answer = client.post(url(provider), {**FORM, field: value})
        assert answer.status_code < 500
        assert "<script>alert" not in answer.content.decode()
    assert client.post(reverse("sso_start"), {"email": value}).status_code == 302
    assert client.get(reverse("sso_callback"), {"state": value, "code": value}).status_code == 400
