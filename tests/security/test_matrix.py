"""The central permission matrix (tests/security/matrix.py): every route, GET and POST, every persona of
two organisations. One test per route and method asks it as every persona, each request in the shared
world and rolled back afterwards (one test per request made the run twice as long)."""

import pytest

from tests.security.matrix import MATRIX, expected
from tests.security.probe import METHODS, ask, route_names
from tests.security.world import PERSONAS, rolled_back

pytestmark = pytest.mark.django_db


def test_every_route_has_a_rule_and_every_rule_a_route():
    routes = set(route_names())
    assert sorted(routes - set(MATRIX)) == [], "routes without a line in tests/security/matrix.py"
    assert sorted(set(MATRIX) - routes) == [], "lines in tests/security/matrix.py for routes that are gone"


def test_every_route_with_arguments_reaches_an_object_of_the_world(world):
    from django.urls import NoReverseMatch, reverse

    missing = []
    for name in route_names():
        try:
            reverse(name, args=world.args.get(name, []))
        except NoReverseMatch:
            missing.append(name)
    assert missing == [], "routes without arguments in tests/security/routes.py"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_matrix(world, clients, name, method):
    """Every persona asks the route; each request is rolled back, so none sees another's changes."""
    wrong, leaked = [], []
    for persona in PERSONAS:
        with rolled_back():
            answer = ask(clients[persona], world, name, method, persona, data=world.post_data.get(name))
        allowed = expected(MATRIX[name], method, persona)
        if answer.outcome not in allowed:
            error = f" {answer.error}" if answer.error else ""
            wrong.append(
                f"{persona}: HTTP {answer.status} ({answer.outcome}), expected {sorted(allowed)}{error}"
            )
        if answer.leaks:
            leaked.append(f"{persona}: {answer.leaks}")
    assert wrong == [], f"{method} {name}:\n" + "\n".join(wrong)
    assert leaked == [], f"{method} {name} shows secrets:\n" + "\n".join(leaked)
