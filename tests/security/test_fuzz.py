"""The form fuzz (tests/security/fuzz.py): hostile values in every field of every POST route, as a
persona allowed to post there, and in the filter and search forms. Never a 5xx, never a secret the
persona may not read."""

import pytest

from tests.security.fuzz import fuzz, hostile_values, poster, requests_for, rng_for, targets
from tests.security.matrix import MATRIX

pytestmark = pytest.mark.django_db

POSTED = sorted(name for name in MATRIX if poster(name))


@pytest.fixture(scope="module")
def fuzz_targets(world_and_clients, django_db_blocker):
    world, clients = world_and_clients
    with django_db_blocker.unblock():
        return {(t.method, t.name): t for t in targets(world, clients)}


# A few forms of every kind, which the fuzz must find on the pages (a guard against a parser that
# quietly finds nothing).
KNOWN_FORMS = {
    "participant_edit": "first_name",
    "timeline_add": "entry-body",
    "cohort_edit": "seats",
    "meeting_new": "starts_at",
    "event_new": "title",
    "recruitment_feedback": "strengths",
    "mentorspace_messages": "body",
    "network_ask": "title",
    "apply": "email",
}


def test_the_pages_declare_the_fields_of_the_forms(fuzz_targets):
    missing = {
        name: field for name, field in KNOWN_FORMS.items() if field not in fuzz_targets[("POST", name)].fields
    }
    assert missing == {}
    searches = {name for (method, name), target in fuzz_targets.items() if method == "GET" and target.fields}
    assert {"participant_list", "audit_log", "results_programme"} <= searches


@pytest.mark.parametrize("name", POSTED)
def test_hostile_form_values(world, clients, fuzz_targets, name):
    target = fuzz_targets[("POST", name)]
    bodies = requests_for(target, hostile_values(world), budget=6, rng=rng_for(target))
    bad = fuzz(world, clients, target, bodies)
    assert bad == [], "\n".join(f"HTTP {a.status} {a.leaks} {a.error[:300]}" for a in bad)


def test_hostile_filter_and_search_values(world, clients, fuzz_targets):
    """The GET forms (lists' filters, searches, report periods) with hostile values in the query, and
    every other page with the names a page might read from it (`page`, `q`, `day`, ...)."""
    bad = []
    for (method, _name), target in sorted(fuzz_targets.items()):
        if method == "GET":
            budget = 4 if target.fields else 2
            bodies = requests_for(target, hostile_values(world), budget=budget, rng=rng_for(target))
            bad += fuzz(world, clients, target, bodies)
    assert bad == [], "\n".join(f"{a.name}: HTTP {a.status} {a.leaks} {a.error[:300]}" for a in bad)
