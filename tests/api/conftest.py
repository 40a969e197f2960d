"""Tokens and a client that sends them, for the /api/v1 tests."""

import json

import pytest
from django.test import Client

from kobling.api import services
from kobling.api.models import Scope

ALL_SCOPES = list(Scope.values)
V1 = "/api/v1"


def make_token(user, organisation, scopes=None, *, days=30, name="HR-synk"):
    """(token, secret) acting as `user` in `organisation`, made as the token page makes it."""
    return services.token_create(
        actor=user,
        organisation=organisation,
        user=user,
        name=name,
        scopes=ALL_SCOPES if scopes is None else scopes,
        days=days,
    )


class Api:
    """A test client that sends the bearer token with every request, and JSON bodies."""

    def __init__(self, secret: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path, params=None):
        return self.client.get(V1 + path, params or {}, headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(
            V1 + path, json.dumps(body or {}), content_type="application/json", headers=self.headers
        )

    def patch(self, path, body=None):
        return self.client.patch(
            V1 + path, json.dumps(body or {}), content_type="application/json", headers=self.headers
        )


def problem(response, status):
    """The answer's problem details, after checking it is one with this status."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] and "detail" in body
    return body


@pytest.fixture
def token(coordinator, provider):
    return make_token(coordinator, provider)


@pytest.fixture
def api(token):
    return Api(token[1])
