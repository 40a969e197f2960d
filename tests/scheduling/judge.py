"""An independent judge of schedules, and random events to put to the solver.

The rule checker and the brute force here are written from the issue's rules, independently of the
solver, so that the two can be compared.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from kobling.scheduling.instance import parse_event
from kobling.scheduling.solver import solve

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


def small_event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "slots": 3,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [{"id": "c1", "min_interviews": 1}, {"id": "c2", "min_interviews": 1}],
        "wishes": [["c1", "e1", 5], ["c1", "e2", 1], ["c2", "e1", 1], ["c2", "e2", 5]],
    }
    event.update(changes)
    return event
