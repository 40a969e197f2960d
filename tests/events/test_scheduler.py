"""The speed-interview scheduler: answers obey the rules and are lexicographically best.

The rule checker and the brute force here are written from the issue's rules, independently of the
solver, so that the two can be compared.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kobling.events import scheduler
from kobling.events.scheduler import EventError, parse_event, solve

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------------- an independent judge


def employer_of(event: dict[str, Any], eid: str) -> dict[str, Any]:
    return next(e for e in event["employers"] if e["id"] == eid)


def candidate_of(event: dict[str, Any], cid: str) -> dict[str, Any]:
    return next(c for c in event["candidates"] if c["id"] == cid)


def broken_rules(event: dict[str, Any], interviews: list[list[Any]]) -> list[str]:
    """Every rule of the issue that these interviews break, read straight from the event's JSON."""
    slots = event["slots"]
    wishes = {(c, e) for c, e, _ in event["wishes"]}
    broken = []
    per_pair = Counter((c, e) for c, e, _ in interviews)
    per_candidate_slot = Counter((c, s) for c, _, s in interviews)
    per_employer_slot = Counter((e, s) for _, e, s in interviews)
    per_candidate = Counter(c for c, _, _ in interviews)
    per_employer = Counter(e for _, e, _ in interviews)
    per_advisor_slot: Counter[tuple[str, int]] = Counter()
    for c, e, s in interviews:
        cand, emp = candidate_of(event, c), employer_of(event, e)
        if (c, e) not in wishes:
            broken.append(f"{c} meets {e} without a wish")
        if not 0 <= s < slots:
            broken.append(f"slot {s} does not exist")
        if s in cand.get("unavailable", []) or s in emp.get("unavailable", []):
            broken.append(f"{c} meets {e} in unavailable slot {s}")
        if cand.get("accompanied") and cand.get("advisor") is not None:
            per_advisor_slot[(cand["advisor"], s)] += 1
    broken += [f"{p} meet twice" for p, n in per_pair.items() if n > 1]
    broken += [f"{c} is double-booked in slot {s}" for (c, s), n in per_candidate_slot.items() if n > 1]
    broken += [
        f"{e} has too few tables in slot {s}"
        for (e, s), n in per_employer_slot.items()
        if n > employer_of(event, e).get("tables", 1)
    ]
    broken += [f"advisor {a} is double-booked in slot {s}" for (a, s), n in per_advisor_slot.items() if n > 1]
    broken += [
        f"{c} has more than max_interviews"
        for c, n in per_candidate.items()
        if n > candidate_of(event, c).get("max_interviews", slots)
    ]
    for e, n in per_employer.items():
        emp = employer_of(event, e)
        if n > emp.get("max_interviews", emp.get("tables", 1) * slots):
            broken.append(f"{e} has more than max_interviews")
    kept = {tuple(t) for t in interviews}
    broken += [f"locked {t} was not kept" for t in event.get("locked") or [] if tuple(t) not in kept]
    return broken


def objective_of(event: dict[str, Any], interviews: list[list[Any]]) -> tuple[int, int, Fraction]:
    """(shortfall, previous interviews kept, total wish weight), straight from the issue."""
    count = Counter(c for c, _, _ in interviews)
    shortfall = sum(max(0, c.get("min_interviews", 0) - count[c["id"]]) for c in event["candidates"])
    previous = {tuple(t) for t in event.get("previous") or []}
    kept = sum(1 for t in interviews if tuple(t) in previous)
    weight = {(c, e): Fraction(w) for c, e, w in event["wishes"]}
    return shortfall, kept, sum((weight[(c, e)] for c, e, _ in interviews), Fraction(0))


def rank(objective: tuple[int, int, Fraction]) -> tuple[int, int, Fraction]:
    """Bigger is better: least shortfall, then most kept, then most weight."""
    return (-objective[0], objective[1], objective[2])


def brute_force_best(event: dict[str, Any]) -> tuple[int, int, Fraction]:
    """The best objective over every schedule: each wish meets in one of the slots, or not at all."""
    best: tuple[int, int, Fraction] | None = None

    def extend(interviews: list[list[Any]], wish: int) -> None:
        nonlocal best
        if wish == len(event["wishes"]):
            if not broken_rules(event, interviews):
                found = objective_of(event, interviews)
                if best is None or rank(found) > rank(best):
                    best = found
            return
        extend(interviews, wish + 1)
        c, e, _ = event["wishes"][wish]
        for s in range(event["slots"]):
            trial = [*interviews, [c, e, s]]
            # Every rule but "locked are kept" only gets more broken as interviews are added.
            if not broken_rules({**event, "locked": []}, trial):
                extend(trial, wish + 1)

    extend([], 0)
    assert best is not None, "the locked interviews alone are always a schedule"
    return best


def answer(event: dict[str, Any], time_limit: float = 10.0) -> dict[str, Any]:
    """The solver's JSON answer, as the command would print it."""
    return json.loads(json.dumps(solve(parse_event(copy.deepcopy(event)), time_limit=time_limit).to_json()))


# ------------------------------------------------------------------------------------------ random events


@st.composite
def events(draw: Any, candidates: int = 3, employers: int = 3, slots: int = 3, wishes: int = 6) -> dict:
    n_slots = draw(st.integers(1, slots))
    any_slots = st.lists(st.integers(0, n_slots - 1), unique=True, max_size=n_slots)
    event: dict[str, Any] = {"slots": n_slots, "employers": [], "candidates": [], "wishes": []}
    for e in range(draw(st.integers(1, employers))):
        emp: dict[str, Any] = {"id": f"e{e}", "unavailable": draw(any_slots)}
        if draw(st.booleans()):
            emp["tables"] = draw(st.integers(1, 2))
        if draw(st.booleans()):
            emp["max_interviews"] = draw(st.integers(0, 3))
        event["employers"].append(emp)
    for c in range(draw(st.integers(1, candidates))):
        least = draw(st.integers(0, min(3, n_slots)))
        cand: dict[str, Any] = {"id": f"c{c}", "min_interviews": least, "unavailable": draw(any_slots)}
        if draw(st.booleans()):
            cand["max_interviews"] = draw(st.integers(least, 4))
        if draw(st.booleans()):
            cand["advisor"] = draw(st.sampled_from(["a0", "a1"]))
            cand["accompanied"] = draw(st.booleans())
        event["candidates"].append(cand)
    pairs = st.tuples(st.sampled_from(event["candidates"]), st.sampled_from(event["employers"]))
    weight = st.sampled_from([0, 1, 2, 3, 5, Decimal("0.1"), Decimal("0.25"), 1.5])
    for cand, emp in draw(st.lists(pairs, unique_by=lambda p: (p[0]["id"], p[1]["id"]), max_size=wishes)):
        event["wishes"].append([cand["id"], emp["id"], draw(weight)])
    # Locked interviews are drawn one at a time and kept only if they break no rule.
    locked: list[list[Any]] = []
    for c, e, _ in event["wishes"]:
        if draw(st.integers(0, 3)) == 0:
            trial = [*locked, [c, e, draw(st.integers(0, n_slots - 1))]]
            if not broken_rules(event, trial):
                locked = trial
    if locked:
        event["locked"] = locked
    if draw(st.booleans()) and event["wishes"]:
        triples = st.tuples(st.sampled_from(event["wishes"]), st.integers(0, n_slots - 1))
        chosen = draw(st.lists(triples, unique_by=lambda t: (t[0][0], t[0][1], t[1]), max_size=4))
        event["previous"] = [[w[0], w[1], s] for w, s in chosen]
    return event


@st.composite
def tight_events(draw: Any) -> dict:
    """Few slots, everyone away for one of them and wanting every slot filled: slot clashes that no
    single party's counts reveal, which the solver must discover while scheduling."""
    n_slots = draw(st.integers(2, 3))
    one_away = st.lists(st.integers(0, n_slots - 1), unique=True, max_size=1)
    event: dict[str, Any] = {"slots": n_slots, "employers": [], "candidates": [], "wishes": []}
    for e in range(draw(st.integers(2, 3))):
        event["employers"].append({"id": f"e{e}", "unavailable": draw(one_away)})
    for c in range(draw(st.integers(2, 3))):
        cand: dict[str, Any] = {"id": f"c{c}", "min_interviews": n_slots, "unavailable": draw(one_away)}
        if draw(st.booleans()):
            cand.update(advisor="a0", accompanied=True)
        event["candidates"].append(cand)
        for emp in event["employers"]:
            if draw(st.integers(0, 3)) > 0:
                event["wishes"].append([cand["id"], emp["id"], draw(st.integers(0, 3))])
    if event["wishes"] and draw(st.booleans()):
        c, e, _ = draw(st.sampled_from(event["wishes"]))
        event["previous"] = [[c, e, draw(st.integers(0, n_slots - 1))]]
    return event


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
        patch.setattr(scheduler, "LOOP_SHARE", 0.0)
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


def small_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "slots": 3,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [{"id": "c1", "min_interviews": 1}, {"id": "c2", "min_interviews": 1}],
        "wishes": [["c1", "e1", 5], ["c1", "e2", 1], ["c2", "e1", 1], ["c2", "e2", 5]],
    }
    event.update(changes)
    return event


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


# ------------------------------------------------------------------------------------ shortfall reasons


def short_entry(event: dict[str, Any], candidate: str) -> dict[str, Any]:
    found = answer(event)
    return next(s for s in found["short"] if s["candidate"] == candidate)


def test_too_few_wishes_is_explained_with_employers_that_have_room():
    event = {
        "slots": 4,
        "employers": [{"id": "e1"}, {"id": "e2"}, {"id": "e3"}],
        "candidates": [{"id": "c1", "min_interviews": 3}],
        "wishes": [["c1", "e1", 1]],
    }
    entry = short_entry(event, "c1")
    assert entry["interviews"] == 1 and entry["min"] == 3
    assert any("too few wishes" in r and "one employer" in r for r in entry["reasons"])
    assert "two more wishes for c1" in entry["fix"] and "e2" in entry["fix"] and "e3" in entry["fix"]


def test_being_unavailable_too_much_is_explained():
    event = {
        "slots": 4,
        "employers": [{"id": "e1"}, {"id": "e2"}, {"id": "e3"}],
        "candidates": [{"id": "c1", "min_interviews": 3, "unavailable": [0, 1, 2]}],
        "wishes": [["c1", "e1", 1], ["c1", "e2", 1], ["c1", "e3", 1]],
    }
    entry = short_entry(event, "c1")
    assert any("unavailable too much" in r and "only one slot of 4" in r for r in entry["reasons"])
    assert "c1 attending two more slots" in entry["fix"]


def test_an_employer_at_its_maximum_is_named_as_full():
    event = {
        "slots": 3,
        "employers": [{"id": "e1", "max_interviews": 1}],
        "candidates": [{"id": "c1", "min_interviews": 1}, {"id": "c2", "min_interviews": 1}],
        "wishes": [["c1", "e1", 2], ["c2", "e1", 1]],
    }
    entry = short_entry(event, "c2")
    assert any("full employers" in r and "e1 (max 1)" in r for r in entry["reasons"])
    assert "one more interview allowed at e1" in entry["fix"]


def test_tables_taken_in_the_candidates_slots_are_explained_with_a_table_to_add():
    event = {
        "slots": 2,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [
            {"id": "c1", "min_interviews": 1, "unavailable": [1]},
            {"id": "c2", "min_interviews": 1, "unavailable": [1]},
        ],
        "wishes": [["c1", "e1", 2], ["c2", "e1", 1]],
    }
    entry = short_entry(event, "c2")
    assert any(
        "too few tables" in r and "e1 has every table taken whenever c2 is free" in r
        for r in entry["reasons"]
    )
    assert "one more table at e1" in entry["fix"]
    assert "one more wish for c2 (for example e2" in entry["fix"]


def test_a_double_booked_advisor_is_explained():
    event = {
        "slots": 1,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [
            {"id": "c1", "min_interviews": 1, "advisor": "a1", "accompanied": True},
            {"id": "c2", "min_interviews": 1, "advisor": "a1", "accompanied": True},
        ],
        "wishes": [["c1", "e1", 2], ["c2", "e2", 1]],
    }
    entry = short_entry(event, "c2")
    assert any("advisor a1 is double-booked" in r and "e2 had a free table" in r for r in entry["reasons"])
    assert "someone else accompanying c2" in entry["fix"]


def test_an_employer_away_whenever_the_candidate_is_free_is_named():
    event = {
        "slots": 2,
        "employers": [{"id": "e1", "unavailable": [0]}],
        "candidates": [{"id": "c1", "min_interviews": 1, "unavailable": [1]}],
        "wishes": [["c1", "e1", 1]],
    }
    entry = short_entry(event, "c1")
    assert any("e1 is away in every slot c1 can attend" in r for r in entry["reasons"])
    assert "e1 also being there in slot 0" in entry["fix"]


# -------------------------------------------------------------------------------------------- bad input


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.floats()
    | st.text(max_size=3)
    | st.sampled_from(["c1", "e1"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "slots",
                    "employers",
                    "candidates",
                    "wishes",
                    "locked",
                    "previous",
                    "id",
                    "tables",
                    "min_interviews",
                    "max_interviews",
                    "unavailable",
                    "advisor",
                    "accompanied",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_is_either_an_event_or_refused_with_an_event_error(data):
    try:
        parse_event(data)
    except EventError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=60, deadline=None)
@given(events(), st.data())
def test_breaking_a_valid_event_is_refused_rather_than_crashing(event, data):
    path: list[Any] = []
    node: Any = event
    while isinstance(node, dict | list) and node and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    if not path:
        return
    parent = event
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(st.none() | st.booleans() | st.integers(-2, 9) | st.text(max_size=2))
    with contextlib.suppress(EventError):
        parse_event(event)


@pytest.mark.parametrize(
    "weight",
    [-1, float("nan"), float("inf"), "5", True, None],
    ids=["negative", "nan", "inf", "text", "bool", "null"],
)
def test_a_bad_weight_is_refused(weight):
    with pytest.raises(EventError, match="weight"):
        parse_event(small_event(wishes=[["c1", "e1", weight]]))
