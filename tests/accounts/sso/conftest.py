"""A real OpenID Connect provider for the single sign-on tests: the PyPI package oidc-provider-mock,
run as its own process on 127.0.0.1 with a free port. A test states who the provider vouches for with
`put_user` (PUT /users/<sub>, any claims: email, email_verified, pid, acr, amr, even aud or exp) and
logs in by posting the subject to the provider's authorization form, as a person would."""

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

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
