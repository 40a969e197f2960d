"""The form fuzz: every POST route, as a persona allowed to use it, with hostile and odd values in each
field its forms declare. Nothing may answer 5xx, and nothing may show a secret the persona may not read
(the other organisation's people first of all). Shared by the tests and bench/bench_access.py.

The fields come from the pages themselves: the persona's pages are read once, and every `<form>` is filed
under the route its `action` resolves to (an empty action: the page's own route), with the values the
page fills in. A fuzz request starts from those values and replaces one field (or, once per route, all
of them) with a hostile value. The filter and search forms (GET) get the same in their query, and every
other page the names a view might read from its query string. The values are drawn from a fixed seed.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tests.security.matrix import MATRIX, NO_METHOD, SIGNS_OUT, TOKEN
from tests.security.probe import ERROR, THROUGH, Answer, ask, url_for
from tests.security.world import ANON, World, rolled_back

SEED = 20260310
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-99999999999999999999999",
    "99999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "NaN",
    "-0.5",
    "3,5",
    "31.02.2026",
    "2026-02-31",
    "2026-13-45T25:61",
    "0000-00-00",
    "99.99.9999 99:99",
    "24:60",
    "x" * 10_001,
    "a\x00b",
    "\x00",
    "\x1b[31m\x07",
    "😀" * 300,
    "\u202eevil\u202c",
    "ÆØÅ æøå ẞ ﬁ 𝔘𝔫𝔦",
    '=HYPERLINK("https://evil.example","klikk")',
    "+SUM(1+1)",
    "@cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "' OR '1'='1' --",
    "../../../../etc/passwd",
    "https://evil.example/",
    "//evil.example",
    "javascript:alert(1)",
    "\r\nSet-Cookie: x=1",
    "%s%s%s%n",
    "on",
    "true",
    "None",
    "[]",
    '{"a": 1}',
    "yes",
    "publish",
    "link",
]


class _Forms(HTMLParser):
    """The forms of a page: [(method, action, {field: [values]})], with the values the page fills in."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, str, dict[str, list[str]]]] = []
        self._fields: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._fields = {}
            self.forms.append((a.get("method", "get").upper(), a.get("action", ""), self._fields))
            return
        if self._fields is None or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text").lower()
            values = self._fields.setdefault(name, [])
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    values.append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                values.append(a.get("value", ""))
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = name, None, False
            self._fields.setdefault(name, [])
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._fields[self._select].append(value)
                self._select_chosen = True
        elif tag == "textarea":
            self._textarea = name
            self._fields.setdefault(name, [])
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._fields.setdefault(name, []).append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea and self._fields is not None:
            self._fields[self._textarea].append(data)
            self._textarea = None

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select and self._fields is not None:
            if not self._select_chosen and self._select_first is not None:
                self._fields[self._select].append(self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea and self._fields is not None:
            self._fields[self._textarea].append("")
            self._textarea = None


def _route_of(action: str, page_name: str) -> str | None:
    path = urlsplit(action).path
    if not path:
        return page_name
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


@dataclass
class Target:
    name: str  # the route
    persona: str  # one persona allowed to use it
    url: str
    fields: dict[str, list[str]]  # field -> the values the page fills in
    method: str = "POST"  # or GET, for the filter and search forms


def poster(name: str, method: str = "POST") -> str | None:
    """The persona that fuzzes a route: organisation 1's first allowed one, anonymous for public forms."""
    allowed = MATRIX[name].for_method(method)
    if allowed in (NO_METHOD, SIGNS_OUT, TOKEN) or not allowed:
        return None
    if ANON in allowed:
        return ANON
    for persona in (
        "coordinator",
        "advisor",
        "employer",
        "market",
        "mentor",
        "participant",
        "staff",
        "admin",
    ):
        if persona in allowed:
            return persona
    return sorted(allowed)[0]


def _crawl(world: World, clients, personas) -> dict[tuple[str, str, str], dict[str, list[str]]]:
    """(route, method, persona) -> the fields of the forms for that route on the persona's pages."""
    found: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for persona in personas:
        for page in sorted(MATRIX):
            rule = MATRIX[page].get
            if rule in (NO_METHOD, SIGNS_OUT, TOKEN) or persona not in rule:
                continue
            with rolled_back():
                answer = ask(clients[persona], world, page, "GET", persona)
            if answer.outcome != THROUGH or "<form" not in answer.body:
                continue
            parser = _Forms()
            parser.feed(answer.body)
            for method, action, fields in parser.forms:
                route = _route_of(action, page)
                if route in MATRIX and method in ("GET", "POST"):
                    merged = found.setdefault((route, method, persona), {})
                    for field, values in fields.items():
                        merged.setdefault(field, values)
    return found


def targets(world: World, clients) -> list[Target]:
    """Every POST route with its poster and the fields its forms declare (found on the poster's pages),
    then every filter or search form (GET) with the first persona that has it."""
    personas = sorted({poster(name) for name in MATRIX} - {None})
    found = _crawl(world, clients, personas)
    result = []
    for name in sorted(MATRIX):
        persona = poster(name)
        if persona is None:
            continue
        fields = dict(found.get((name, "POST", persona), {}))
        for field, value in world.post_data.get(name, {}).items():
            fields.setdefault(field, [str(value)])
        result.append(Target(name, persona, url_for(world, name), fields))
    searched = {}
    for (name, method, persona), fields in sorted(found.items()):
        if method == "GET" and fields and name not in searched:
            searched[name] = Target(name, persona, url_for(world, name), fields, method="GET")
    # Every other page still reads its query string (a page number, a tab, a date): those names.
    for name in sorted(MATRIX):
        persona = poster(name, "GET")
        if persona is not None and name not in searched:
            searched[name] = Target(name, persona, url_for(world, name), {}, method="GET")
    return result + list(searched.values())


def rng_for(target: Target) -> random.Random:
    """The same values for the same route in every run."""
    return random.Random(SEED + zlib.crc32(f"{target.method} {target.name}".encode()))


def hostile_values(world: World) -> list[str]:
    """The fixed list, and the other organisation's ids and slugs."""
    return HOSTILE + [str(v) for v in world.foreign_ids]


GENERIC_FIELDS = ("next", "action", "confirm", "page")
GENERIC_QUERY = ("q", "page", "state", "show", "source", "day", "done", "mine", "next", "sort", "format")


def requests_for(target: Target, values: list[str], budget: int | None, rng: random.Random) -> list[dict]:
    """POST bodies. Each starts from what the page fills in and changes one field: to each hostile value
    (with `budget` None), or to a random sample of `budget - 1` (field, value) pairs; a field is also sent
    twice with two values, and a last body makes every field hostile at once. A route whose pages show
    no field gets the names a view might read anyway (`next`, `action`, `page`, `q`, ...)."""
    base = {field: list(found) for field, found in target.fields.items()}
    fields = sorted(base) or list(GENERIC_QUERY if target.method == "GET" else GENERIC_FIELDS)
    pairs = [(field, [value]) for field in fields for value in values]
    pairs += [(field, rng.sample(values, 2)) for field in fields]
    if budget is not None:
        pairs = rng.sample(pairs, min(budget - 1, len(pairs)))
    bodies = [{**base, field: value} for field, value in pairs]
    bodies.append({field: [rng.choice(values)] for field in fields})
    return bodies


def fuzz(world: World, clients, target: Target, bodies: list[dict]) -> list[Answer]:
    """Send each body (rolled back after each); return the answers that broke a rule."""
    bad = []
    client = clients[target.persona]
    for body in bodies:
        with rolled_back():
            answer = ask(client, world, target.name, target.method, target.persona, data=body, url=target.url)
        if answer.outcome == ERROR or answer.leaks:
            answer.error = answer.error or f"body {_short(body)}"
            bad.append(answer)
    return bad


def _short(body: dict) -> str:
    return "{" + ", ".join(f"{k}: {[v[:40] for v in vs]!r}" for k, vs in body.items()) + "}"
