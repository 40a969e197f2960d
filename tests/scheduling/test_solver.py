"""The speed-interview solver: answers obey the rules and are lexicographically best."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from kobling.scheduling import solver
from tests.scheduling.judge import (
    answer,
    broken_rules,
    brute_force_best,
    events,
    objective_of,
    small_event,
    tight_events,
)

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------------------------- solving


@FAST
@given(events())
def test_the_answer_is_as_good_as_the_best_of_all_schedules(event):
    found = answer(event)
    assert not broken_rules(event, found["interviews"])
    assert found["optimal"]
    assert objective_of(event, found["interviews"]) == brute_force_best(event)


@FAST
@given(tight_events())
def test_the_answer_is_the_best_of_all_schedules_even_when_slots_clash(event):
    found = answer(event)
    assert not broken_rules(event, found["interviews"])
    assert found["optimal"]
    assert objective_of(event, found["interviews"]) == brute_force_best(event)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events())
def test_the_plain_slot_model_alone_also_finds_the_best_schedule(event):
    # With no time for the decomposition, the answer comes from the plain model's polish.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(solver, "LOOP_SHARE", 0.0)
        found = answer(event)
    assert not broken_rules(event, found["interviews"])
    assert found["optimal"]
    assert objective_of(event, found["interviews"]) == brute_force_best(event)


def test_a_clash_of_slots_that_no_count_reveals_is_found_and_proven():
    # c1 can see e2 only in slot 0, so c1 meets e1 in slot 1, the only slot c2 can see e1:
    # every count allows all three interviews, but the slots do not.
    event = {
        "slots": 2,
        "employers": [{"id": "e1"}, {"id": "e2", "unavailable": [1]}],
        "candidates": [
            {"id": "c1", "min_interviews": 2},
            {"id": "c2", "min_interviews": 1, "unavailable": [0]},
        ],
        "wishes": [["c1", "e1", 1], ["c1", "e2", 1], ["c2", "e1", 1]],
    }
    found = answer(event)
    assert found["optimal"] and found["shortfall"] == 1
    assert objective_of(event, found["interviews"]) == brute_force_best(event)


def test_weights_too_fine_to_scale_exactly_are_rounded_and_not_claimed_optimal():
    event = {
        "slots": 2,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [{"id": "c1", "max_interviews": 1}],
        "wishes": [["c1", "e1", Decimal("1E+15")], ["c1", "e2", Decimal("1E-15")]],
    }
    found = answer(event)
    assert found["interviews"] == [["c1", "e1", 0]]
    assert not found["optimal"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(candidates=12, employers=6, slots=5, wishes=40))
def test_every_answer_obeys_every_rule_and_reports_itself_truthfully(event):
    found = answer(event, time_limit=2.0)
    assert not broken_rules(event, found["interviews"])
    shortfall, _, weight = objective_of(event, found["interviews"])
    assert found["shortfall"] == shortfall
    assert found["total_weight"] == (int(weight) if weight.denominator == 1 else float(weight))
    count = Counter(c for c, _, _ in found["interviews"])
    below = {c["id"] for c in event["candidates"] if count[c["id"]] < c.get("min_interviews", 0)}
    assert {s["candidate"] for s in found["short"]} == below
    for entry in found["short"]:
        assert entry["interviews"] == count[entry["candidate"]]
        assert entry["reasons"] or entry["fix"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(candidates=8, employers=5, slots=4, wishes=25))
def test_re_solving_with_the_answer_as_previous_keeps_every_interview(event):
    event.pop("previous", None)
    first = answer(event)
    event["previous"] = first["interviews"]
    again = answer(event)
    assert {tuple(t) for t in first["interviews"]} <= {tuple(t) for t in again["interviews"]}
    assert (again["shortfall"], again["total_weight"]) == (first["shortfall"], first["total_weight"])


def test_the_example_from_the_issue_is_scheduled():
    event = {
        "slots": 8,
        "employers": [{"id": "e1", "tables": 1, "max_interviews": 8, "unavailable": [0]}],
        "candidates": [
            {
                "id": "c1",
                "min_interviews": 3,
                "max_interviews": 4,
                "unavailable": [],
                "advisor": "a1",
                "accompanied": True,
            }
        ],
        "wishes": [["c1", "e1", 5]],
        "locked": [["c1", "e1", 2]],
        "previous": [["c1", "e1", 2]],
    }
    found = answer(event)
    assert found["interviews"] == [["c1", "e1", 2]]
    assert found["shortfall"] == 2 and found["total_weight"] == 5 and found["optimal"]
    assert [s["candidate"] for s in found["short"]] == ["c1"]


def test_locked_interviews_are_kept_even_against_the_weights():
    event = small_event(locked=[["c1", "e2", 0]])
    found = answer(event)
    assert ["c1", "e2", 0] in found["interviews"]
    assert not broken_rules(event, found["interviews"])


def test_previous_interviews_are_kept_where_possible_before_weight_counts():
    # Swapping would gain weight, but keeping last week's schedule comes first.
    event = small_event(previous=[["c1", "e2", 0], ["c2", "e1", 1]])
    event["candidates"] = [{"id": "c1", "max_interviews": 1}, {"id": "c2", "max_interviews": 1}]
    found = answer(event)
    assert sorted(found["interviews"]) == [["c1", "e2", 0], ["c2", "e1", 1]]


def test_a_previous_interview_moves_when_its_slot_became_unavailable():
    event = small_event(previous=[["c1", "e1", 0], ["c2", "e2", 0]])
    event["candidates"][0]["unavailable"] = [0]
    found = answer(event)
    assert ["c2", "e2", 0] in found["interviews"]
    assert ["c1", "e1", 0] not in found["interviews"]
    assert any(c == "c1" and e == "e1" for c, e, _ in found["interviews"])


def test_the_shortfall_comes_before_keeping_previous_interviews():
    # c1 kept e1 in the only slot; c2 needs e1, and c1 has e2 as an alternative.
    event = {
        "slots": 1,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [{"id": "c1", "min_interviews": 1}, {"id": "c2", "min_interviews": 1}],
        "wishes": [["c1", "e1", 1], ["c1", "e2", 1], ["c2", "e1", 1]],
        "previous": [["c1", "e1", 0]],
    }
    found = answer(event)
    assert found["shortfall"] == 0
    assert sorted(found["interviews"]) == [["c1", "e2", 0], ["c2", "e1", 0]]


def test_decimal_weights_are_compared_exactly():
    # Rounding weights to a grid would make these equal, and the choice arbitrary.
    event = {
        "slots": 1,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [{"id": "c1"}],
        "wishes": [["c1", "e1", Decimal("1000000")], ["c1", "e2", Decimal("1000000.000000001")]],
    }
    assert answer(event)["interviews"] == [["c1", "e2", 0]]
    event["wishes"] = [["c1", "e1", Decimal("0.3")], ["c1", "e2", Decimal("0.1")]]
    event["slots"] = 2
    found = answer(event)
    assert found["total_weight"] == 0.4 and found["optimal"]


def test_an_advisor_attends_one_accompanied_interview_per_slot():
    event = {
        "slots": 2,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [
            {"id": f"c{i}", "min_interviews": 2, "advisor": "a1", "accompanied": True} for i in (1, 2)
        ]
        + [{"id": "c3", "min_interviews": 2, "advisor": "a1"}],
        "wishes": [[c, e, 1] for c in ("c1", "c2", "c3") for e in ("e1", "e2")],
    }
    found = answer(event)
    assert not broken_rules(event, found["interviews"])
    # The unaccompanied c3 is not held back by a1, so only the two accompanied share two slots.
    assert found["shortfall"] == 2


def test_a_ta_sjansen_sized_event_is_proven_optimal_quickly():
    import random

    rng = random.Random(7)
    event: dict[str, Any] = {
        "slots": 10,
        "employers": [
            {
                "id": f"e{i}",
                "tables": rng.choice([1, 1, 2]),
                "unavailable": rng.sample(range(10), rng.randint(0, 2)),
            }
            for i in range(15)
        ],
        "candidates": [],
        "wishes": [],
    }
    for i in range(50):
        event["candidates"].append(
            {
                "id": f"c{i}",
                "min_interviews": rng.randint(2, 4),
                "unavailable": rng.sample(range(10), rng.randint(0, 3)),
                "advisor": f"a{i % 9}",
                "accompanied": rng.random() < 0.4,
            }
        )
        for e in rng.sample(range(15), rng.randint(3, 8)):
            event["wishes"].append([f"c{i}", f"e{e}", rng.randint(1, 5)])
    found = answer(event, time_limit=1.5)
    assert found["optimal"]
    assert not broken_rules(event, found["interviews"])
