"""Making and revoking tokens: `kobling api-token` and the coordinators' "API tokens" page."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from kobling.api.models import ApiToken
from kobling.core.models import AuditLog
from kobling.portal.menu import menu_for
from tests.api.conftest import Api, make_token
from tests.conftest import login

pytestmark = pytest.mark.django_db


def run(*argv) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *argv, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*argv) -> str:
    with pytest.raises(CommandError) as caught:
        run(*argv)
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "\n" not in message
    return message


# ------------------------------------------------------------------ the command


def test_the_command_makes_lists_and_revokes_a_token(coordinator, provider, participant):
    out, err = run(
        "create", "--user", coordinator.email.upper(), "--organisation", provider.slug, "--scopes",
        "participants:read, events:read", "--days", "10",
    )  # fmt: skip
    secret = out.strip()
    token = ApiToken.objects.get()
    assert secret.startswith(token.prefix) and "shown only this once" in err
    assert (token.user, token.organisation, token.scopes) == (
        coordinator,
        provider,
        ["events:read", "participants:read"],
    )
    assert Api(secret).get("/participants").status_code == 200
    created = AuditLog.objects.get(object_type="api.apitoken", action="create")
    assert created.actor is None and created.organisation == provider
    listed, _ = run("list", "--organisation", provider.slug)
    assert listed.startswith(f"{token.pk}\t{token.prefix}…\tactive\t{provider.slug}\t{coordinator.email}")
    assert secret not in listed
    out, _ = run("revoke", str(token.pk))
    assert "revoked" in out
    assert Api(secret).get("/participants").status_code == 401
    assert AuditLog.objects.filter(
        object_type="api.apitoken", action="update", fields=["revoked_at"]
    ).exists()
    assert "\trevoked\t" in run("list")[0]


def test_the_command_refuses_bad_input_with_one_line_and_status_2(coordinator, provider, other_provider):
    base = ["create", "--organisation", provider.slug, "--scopes", "participants:read"]
    assert "nobody@example.no" in refused(*base, "--user", "nobody@example.no")
    assert "no-such" in refused(
        "create", "--user", coordinator.email, "--organisation", "no-such", "--scopes", "x"
    )
    assert "participants:rule" in refused(
        "create",
        "--user",
        coordinator.email,
        "--organisation",
        provider.slug,
        "--scopes",
        "participants:rule",
    )
    assert refused(
        "create",
        "--user",
        coordinator.email,
        "--organisation",
        other_provider.slug,
        "--scopes",
        "events:read",
    )
    assert refused(*base, "--user", coordinator.email, "--days", "0")
    assert "42" in refused("revoke", "42")
    assert not ApiToken.objects.exists()
    token, _secret = make_token(coordinator, provider)
    run("revoke", str(token.pk))
    assert refused("revoke", str(token.pk))


# ------------------------------------------------------------------ the page


def test_a_coordinator_makes_a_token_and_sees_it_once(client, coordinator, provider, participant):
    login(client, coordinator)
    url = reverse("api_tokens")
    with translation.override("en"):
        response = client.post(url, {"name": "HR-synk", "scopes": ["participants:read"], "days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret.startswith(token.prefix) and secret in response.content.decode()
    assert (token.user, token.organisation, token.name, token.scopes) == (
        coordinator,
        provider,
        "HR-synk",
        ["participants:read"],
    )
    assert response["Cache-Control"].startswith("max-age=0") and "no-store" in response["Cache-Control"]
    again = client.get(url)
    assert secret not in again.content.decode() and token.prefix in again.content.decode()
    assert AuditLog.objects.filter(object_type="api.apitoken", action="create", actor=coordinator).exists()
    assert Api(secret).get(f"/participants/{participant.pk}").status_code == 200


def test_a_bad_token_form_is_a_400_and_makes_nothing(client, coordinator):
    login(client, coordinator)
    response = client.post(reverse("api_tokens"), {"name": "", "scopes": ["nonsense"], "days": "9999"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "scopes", "days"}
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_revokes(client, coordinator, provider):
    token, secret = make_token(coordinator, provider)
    login(client, coordinator)
    url = reverse("api_token_revoke", args=[token.pk])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(url)
    assert page.status_code == 200 and "Revoke the token" in page.content.decode()
    client.post(url, {})  # not confirmed
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url, {"confirm": "yes"}).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == coordinator
    assert Api(secret).get("/participants").status_code == 401
    assert AuditLog.objects.filter(object_type="api.apitoken", action="update", actor=coordinator).exists()


def test_another_providers_coordinator_neither_sees_nor_revokes_the_token(
    client, coordinator, provider, other_coordinator
):
    token, _secret = make_token(coordinator, provider)
    login(client, other_coordinator)
    assert token.prefix not in client.get(reverse("api_tokens")).content.decode()
    assert client.post(reverse("api_token_revoke", args=[token.pk]), {"confirm": "yes"}).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_is_in_the_coordinators_administration_menu_only(coordinator, staff, advisor):
    def hrefs(user):
        return {child.href for entry in menu_for(user) for child in [entry, *entry.children]}

    assert reverse("api_tokens") in hrefs(coordinator)
    assert reverse("api_tokens") not in hrefs(staff) | hrefs(advisor)
    admin_group = next(
        e
        for e in menu_for(coordinator)
        if e.children and reverse("audit_log") in {c.href for c in e.children}
    )
    assert reverse("api_tokens") in {c.href for c in admin_group.children}
