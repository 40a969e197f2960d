"""A real OpenID Connect provider for the single sign-on tests: the PyPI package oidc-provider-mock,
run as its own process on 127.0.0.1 with a free port. A test states who the provider vouches for with
`put_user` (PUT /users/<sub>, any claims: email, email_verified, pid, acr, amr, even aud or exp) and
logs in by posting the subject to the provider's authorization form, as a person would."""

import html
import random
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.urls import reverse

from kobling.accounts.sso.models import IdentityProvider
from kobling.core.models import User
from kobling.demo.persons import synthetic_national_id

STARTUP_SECONDS = 20
TOKEN_MAX_AGE = 300  # seconds an ID token from the mock is valid


@dataclass(frozen=True)
class MockProvider:
    issuer: str

    def put_user(self, sub: str, **claims) -> None:
        answer = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert answer.status_code == 204, answer.text

    def authorize(self, url: str, sub: str) -> str:
        """Post the subject to the provider's form at `url` (where Kobling sent the browser); returns
        the callback URL the provider redirects back to, as a path with its query."""
        answer = requests.post(url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        target = urlsplit(answer.headers["Location"])
        assert "code" in parse_qs(target.query), target
        return f"{target.path}?{target.query}"

    def log_out(self, url: str) -> str:
        """Open the provider's logout page at `url` (where Kobling sent the browser) and confirm, as a
        person would; returns where the provider sends the browser back, as a full URL."""
        page = requests.get(url, timeout=5)
        assert page.status_code == 200, page.text
        back = re.search(r'name="redirect_uri" value="([^"]+)"', page.text)
        assert back, "the provider offered no way back"
        answer = requests.post(
            f"{self.issuer}/oauth2/end_session/confirm",
            data={"redirect_uri": html.unescape(back.group(1))},
            allow_redirects=False,
            timeout=5,
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)]
        + ["--require-nonce", "true", "--token-max-age", str(TOKEN_MAX_AGE)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    try:
        while True:
            try:
                if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"oidc-provider-mock did not start on port {port}")
            time.sleep(0.05)  # polling for the process to listen, not waiting out a guess
        yield MockProvider(issuer=issuer)
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def in_english(client):
    """The pages in English, as a person who chose English sees them (the language cookie)."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    yield
    del client.cookies[django_settings.LANGUAGE_COOKIE_NAME]


@pytest.fixture
def staff_idp(provider, oidc_provider):
    return IdentityProvider.objects.create(
        organisation=provider,
        name="Fjord Entra ID",
        issuer=oidc_provider.issuer,
        client_id="kobling-fjord",
        client_secret="fjord-secret",
        allowed_domains=["example.no"],
        enabled=True,
    )


@pytest.fixture
def idporten(settings, oidc_provider):
    settings.OIDC_IDPORTEN = {
        "issuer": oidc_provider.issuer,
        "client_id": "kobling-idporten",
        "client_secret": "idporten-secret",
    }


def start_staff(client, email: str) -> str:
    response = client.post(reverse("sso_start"), {"email": email})
    assert response.status_code == 200, response.content
    assert response.context["label"] == "Fjord Entra ID"
    return response.context["url"]


def staff_login(client, oidc_provider, sub: str, **claims):
    oidc_provider.put_user(sub, **claims)
    callback = oidc_provider.authorize(start_staff(client, claims.get("email", sub)), sub)
    return client.get(callback), callback


def logged_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


@pytest.fixture
def national_id(participant, participant_user):
    number = synthetic_national_id(random.Random(7), 1994)
    participant.national_id = number
    participant.save(update_fields=["national_id"])
    return number


def idporten_login(client, oidc_provider, sub: str, **claims):
    oidc_provider.put_user(sub, **claims)
    start = client.get(reverse("sso_idporten"))
    assert start.status_code == 302 and start["Location"].startswith(oidc_provider.issuer)
    return client.get(oidc_provider.authorize(start["Location"], sub))
