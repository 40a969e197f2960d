"""Asking one route as one persona, and judging the answer: shared by the tests and bench/bench_access.py.

An answer falls in one of these classes:
- THROUGH: the persona reached the page (any 2xx, 3xx other than to the login page, or a 4xx that is
  not 401/404/405, such as 400 for a refused form);
- DENIED (404), NO_METHOD (405), LOGIN (302 to the login page, or 401 from the API);
- ERROR: a 5xx, or an exception that escaped the view.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.world import ANON, World

THROUGH, DENIED, NO_METHOD, LOGIN, ERROR = "through", "404", "405", "login", "5xx"
METHODS = ("GET", "POST")


def route_names(resolver=None, namespace: str = "") -> list[str]:
    """Every named route, namespaced ones (the API's) as `namespace:name`."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            names += route_names(pattern, f"{inner}" if inner else namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return sorted(set(names))


def url_for(world: World, name: str) -> str:
    return reverse(name, args=world.args.get(name, []))


@dataclass
class Answer:
    name: str
    method: str
    persona: str
    status: int
    outcome: str
    body: str = ""
    error: str = ""
    leaks: list[str] = field(default_factory=list)


def classify(status: int, location: str = "") -> str:
    if status >= 500:
        return ERROR
    if status == 404:
        return DENIED
    if status == 405:
        return NO_METHOD
    if status == 401 or (status in (301, 302) and location.startswith(reverse("login"))):
        return LOGIN
    return THROUGH


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="ignore")


def client_for(world: World, persona: str) -> Client:
    """A client logged in as the persona. `ask` puts its cookies back before each request, so a request
    that logs out or changes the language leaves the next one as it found it."""
    client = Client()
    if persona != ANON:
        client.force_login(world.users[persona], backend="django.contrib.auth.backends.ModelBackend")
    client.saved_cookies = client.cookies.output(header="", sep=";")
    return client


def ask(
    client: Client, world: World, name: str, method: str, persona: str, data=None, url: str = ""
) -> Answer:
    """One request; an exception out of the view is an ERROR answer, never a crash of the run."""
    url = url or url_for(world, name)
    client.cookies = SimpleCookie(getattr(client, "saved_cookies", ""))
    try:
        send = client.get if method == "GET" else client.post
        response = send(url, data or {})
    except Exception as error:  # noqa: BLE001 - every escaped exception is a 500 the user would see
        return Answer(
            name, method, persona, 500, ERROR, error=f"{type(error).__name__}: {error} ({_where()})"
        )
    body = body_text(response)
    answer = Answer(
        name,
        method,
        persona,
        response.status_code,
        classify(response.status_code, response.get("Location", "")),
    )
    answer.body = body
    answer.leaks = leaks(world, name, method, persona, answer.outcome, body)
    return answer


def _where() -> str:
    """The project's own frames of the exception being handled, innermost last."""
    frames = traceback.extract_tb(sys.exc_info()[2])
    own = [f"{f.filename.split('/src/')[-1]}:{f.lineno}" for f in frames if "/src/kobling/" in f.filename]
    return " > ".join(own[-3:])


def leaks(world: World, name: str, method: str, persona: str, outcome: str, body: str) -> list[str]:
    """Secret markers in the body that this persona may not read: all of them in a refusal, and in a page
    the ones whose audience leaves the persona out. A national id is never shown in full, except to those
    who reveal it on purpose."""
    found = []
    copy = name in COPIES and method == "POST" and outcome == THROUGH
    in_copy = world.in_copies.get(persona, frozenset()) if copy else frozenset()
    for marker, audience in world.markers.items():
        if marker in body and (outcome != THROUGH or persona not in audience) and marker not in in_copy:
            found.append(marker)
    for owner, number in world.national_ids.items():
        revealing = name in REVEALS and method == "POST" and outcome == THROUGH
        may_reveal = owner in world.revealers.get(persona, set())
        in_own_copy = copy and (owner == persona or may_reveal)
        if number in body and not ((revealing and may_reveal) or in_own_copy):
            found.append(f"national id of {owner}")
    return found


# Routes that show a national id in full on purpose, to those who may reveal it: a POST, audited (the
# record page's reveal, and an export of participants that asks for the numbers).
REVEALS = ("national_id_reveal", "exchange_participants_export")

# A copy of everything about a person (privacy app, GDPR article 15) holds what the web shows each role
# only in part: the person's own copy, and the one their provider's coordinator makes on request.
COPIES = ("privacy_me_copy", "privacy_participant_copy")
