"""Speed-interview scheduling: who meets whom, in which slot.

Pure Python plus CP-SAT, so the `kobling solve-schedule` command runs without Django.

Choices the issue left open:

* A locked interview must be a wished pair. "Only listed wishes may meet" holds for locked interviews too,
  and a locked pair without a wish would have no weight; add the wish (weight 0 if need be).
* A locked interview that breaks any other rule (an unavailable slot, two for one candidate in a slot,
  more than the employer's tables, an advisor's two accompanied candidates in one slot, more than
  either side's max_interviews, a pair locked twice) is bad input: it cannot be "kept as it is".
* `previous` entries need known ids and slots in range, but may break today's rules (that is what
  re-planning is for); such entries simply cannot be kept.
* `accompanied: true` without an advisor shares no advisor with anyone, so it constrains nothing.
* Unknown fields are rejected, so that a misspelt "max_interview" is not silently ignored.
* Wish weights are exact: JSON decimals are read as `Decimal` and scaled by a common denominator into
  integers, so CP-SAT sees exactly the ratios that were written (see `_scale_weights`).
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any

from kobling.events.shortfall import Board, explain, objective

MAX_SLOTS = 1000
# Counts (tables, max_interviews, ...) beyond this are typos, and would only slow the arithmetic down.
MAX_COUNT = 10**9
PLAIN_PRESOLVE = False
LOOP_SHARE = 0.3
# CP-SAT's objective is int64 and its LP works in doubles; staying below 2**53 keeps both exact.
EXACT_LIMIT = 2**53

Triple = tuple[int, int, int]  # (candidate index, employer index, slot)


class EventError(ValueError):
    """The event description is not valid; the message is one line meant for the organiser."""


@dataclass(frozen=True)
class Employer:
    id: str
    tables: int
    max_interviews: int
    unavailable: frozenset[int]


@dataclass(frozen=True)
class Candidate:
    id: str
    min_interviews: int
    max_interviews: int
    unavailable: frozenset[int]
    advisor: str | None = None
    accompanied: bool = False


@dataclass(frozen=True)
class EventInstance:
    slots: int
    employers: tuple[Employer, ...]
    candidates: tuple[Candidate, ...]
    wishes: dict[tuple[int, int], Fraction]  # (candidate, employer) -> weight
    locked: tuple[Triple, ...] = ()
    previous: tuple[Triple, ...] | None = None

    def shared_advisor(self, c: int) -> str | None:
        """The advisor whose accompanied interviews must not overlap, or None."""
        cand = self.candidates[c]
        return cand.advisor if cand.accompanied and cand.advisor is not None else None

    def open_slots(self, c: int, e: int) -> list[int]:
        """Slots where both the candidate and the employer are present."""
        away = self.candidates[c].unavailable | self.employers[e].unavailable
        return [s for s in range(self.slots) if s not in away]


@dataclass
class ScheduleResult:
    instance: EventInstance
    interviews: list[Triple]
    shortfall: int
    previous_kept: int
    total_weight: Fraction
    optimal: bool
    short: list[dict[str, Any]] = field(default_factory=list)

    @property
    def objective(self) -> tuple[int, int, Fraction]:
        return (self.shortfall, self.previous_kept, self.total_weight)

    def to_json(self) -> dict[str, Any]:
        inst = self.instance
        weight = self.total_weight
        return {
            "interviews": [[inst.candidates[c].id, inst.employers[e].id, s] for c, e, s in self.interviews],
            "shortfall": self.shortfall,
            "total_weight": int(weight) if weight.denominator == 1 else float(weight),
            "optimal": self.optimal,
            "short": self.short,
        }


# --------------------------------------------------------------------------------------------- parsing


def _where(kind: str, index: int, item: Any) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return f"{kind} {item['id']!r}"
    return f"{kind}s[{index}]"


def _finite(value: Any) -> bool:
    # float() of a huge number is inf or an OverflowError, so this also refuses numbers beyond what a
    # double holds: they could not be added up or printed back.
    try:
        return math.isfinite(float(value))
    except (ValueError, OverflowError):
        return False


def _integer(value: Any, what: str, *, minimum: int = 0) -> int:
    # bool is an int in Python, but `true` is no table count.
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal) or not _finite(value):
        raise EventError(f"{what} must be a whole number, not {_show(value)}")
    if value > MAX_COUNT:
        raise EventError(f"{what} must be at most {MAX_COUNT}, not {_show(value)}")
    if value != int(value):
        raise EventError(f"{what} must be a whole number, not {_show(value)}")
    if value < minimum:
        raise EventError(f"{what} must be at least {minimum}, not {_show(value)}")
    return int(value)


def _show(value: Any) -> str:
    try:
        text = repr(value) if not isinstance(value, Decimal) else str(value)
    except RecursionError:
        return "a deeply nested value"
    return text if len(text) <= 40 else text[:37] + "..."


def _object(value: Any, what: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EventError(f"{what} must be a JSON object, not {_show(value)}")
    unknown = [k for k in value if k not in allowed]
    if unknown:
        raise EventError(f"{what} has an unknown field {unknown[0]!r}")
    missing = sorted(required - value.keys())
    if missing:
        raise EventError(f"{what} lacks the field {missing[0]!r}")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise EventError(f"{what} must be a list, not {_show(value)}")
    return value


def _id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise EventError(f"{what} must be a non-empty string, not {_show(value)}")
    return value


def _slots(value: Any, what: str, slots: int) -> frozenset[int]:
    result = set()
    for i, s in enumerate(_list(value, what)):
        s = _integer(s, f"{what}[{i}]")
        if s >= slots:
            raise EventError(f"{what} has slot {s}, but slots run 0..{slots - 1}")
        result.add(s)
    return frozenset(result)


def _weight(value: Any, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        raise EventError(f"{what} must be a number, not {_show(value)}")
    if not _finite(value):
        raise EventError(f"{what} must be finite, not {_show(value)}")
    if value < 0:
        raise EventError(f"{what} must be >= 0, not {_show(value)}")
    return Fraction(value)


def _index(ids: dict[str, int], value: Any, what: str, kind: str) -> int:
    name = _id(value, what)
    if name not in ids:
        raise EventError(f"{what} names an unknown {kind} {name!r}")
    return ids[name]


def _triples(
    raw: Any, what: str, cids: dict[str, int], eids: dict[str, int], slots: int
) -> list[tuple[Triple, str]]:
    result = []
    for i, item in enumerate(_list(raw, what)):
        where = f"{what}[{i}]"
        if not isinstance(item, list) or len(item) != 3:
            raise EventError(f"{where} must be [candidate, employer, slot], not {_show(item)}")
        c = _index(cids, item[0], where, "candidate")
        e = _index(eids, item[1], where, "employer")
        s = _integer(item[2], f"{where} slot")
        if s >= slots:
            raise EventError(f"{where} has slot {s}, but slots run 0..{slots - 1}")
        result.append(((c, e, s), f"{where} ({item[0]}, {item[1]}, slot {s})"))
    return result


def parse_event(data: Any) -> EventInstance:
    """Check an event as read from JSON and build the instance; raises EventError on bad input."""
    top = _object(
        data,
        "the event",
        {"slots", "employers", "candidates", "wishes", "locked", "previous"},
        {"slots", "employers", "candidates", "wishes"},
    )
    slots = _integer(top["slots"], "slots", minimum=1)
    if slots > MAX_SLOTS:
        raise EventError(f"slots must be at most {MAX_SLOTS}, not {slots}")

    employers: list[Employer] = []
    eids: dict[str, int] = {}
    for i, raw in enumerate(_list(top["employers"], "employers")):
        where = _where("employer", i, raw)
        raw = _object(raw, where, {"id", "tables", "max_interviews", "unavailable"}, {"id"})
        eid = _id(raw["id"], f"employers[{i}].id")
        if eid in eids:
            raise EventError(f"employer id {eid!r} is used twice")
        tables = _integer(raw.get("tables", 1), f"{where}: tables", minimum=1)
        most = _integer(raw.get("max_interviews", tables * slots), f"{where}: max_interviews")
        away = _slots(raw.get("unavailable", []), f"{where}: unavailable", slots)
        eids[eid] = len(employers)
        employers.append(Employer(eid, tables, most, away))

    candidates: list[Candidate] = []
    cids: dict[str, int] = {}
    allowed = {"id", "min_interviews", "max_interviews", "unavailable", "advisor", "accompanied"}
    for i, raw in enumerate(_list(top["candidates"], "candidates")):
        where = _where("candidate", i, raw)
        raw = _object(raw, where, allowed, {"id"})
        cid = _id(raw["id"], f"candidates[{i}].id")
        if cid in cids:
            raise EventError(f"candidate id {cid!r} is used twice")
        least = _integer(raw.get("min_interviews", 0), f"{where}: min_interviews")
        most = _integer(raw.get("max_interviews", slots), f"{where}: max_interviews")
        if least > most:
            default = "" if "max_interviews" in raw else " (by default the number of slots)"
            raise EventError(f"{where}: min_interviews {least} is more than max_interviews {most}{default}")
        away = _slots(raw.get("unavailable", []), f"{where}: unavailable", slots)
        advisor = raw.get("advisor")
        if advisor is not None:
            advisor = _id(advisor, f"{where}: advisor")
        accompanied = raw.get("accompanied", False)
        if not isinstance(accompanied, bool):
            raise EventError(f"{where}: accompanied must be true or false, not {_show(accompanied)}")
        cids[cid] = len(candidates)
        candidates.append(Candidate(cid, least, most, away, advisor, accompanied))

    wishes: dict[tuple[int, int], Fraction] = {}
    for i, item in enumerate(_list(top["wishes"], "wishes")):
        where = f"wishes[{i}]"
        if not isinstance(item, list) or len(item) != 3:
            raise EventError(f"{where} must be [candidate, employer, weight], not {_show(item)}")
        c = _index(cids, item[0], where, "candidate")
        e = _index(eids, item[1], where, "employer")
        if (c, e) in wishes:
            raise EventError(f"{where}: the wish ({item[0]}, {item[1]}) is listed twice")
        wishes[(c, e)] = _weight(item[2], f"{where} weight")

    locked_raw = top.get("locked")
    locked = _triples([] if locked_raw is None else locked_raw, "locked", cids, eids, slots)
    _check_locked(locked, candidates, employers, wishes)

    previous: tuple[Triple, ...] | None = None
    if top.get("previous") is not None:
        seen: set[Triple] = set()
        for triple, where in _triples(top["previous"], "previous", cids, eids, slots):
            if triple in seen:
                raise EventError(f"{where} is listed twice")
            seen.add(triple)
        previous = tuple(sorted(seen))

    return EventInstance(
        slots=slots,
        employers=tuple(employers),
        candidates=tuple(candidates),
        wishes=wishes,
        locked=tuple(t for t, _ in locked),
        previous=previous,
    )


def _check_locked(
    locked: list[tuple[Triple, str]],
    candidates: list[Candidate],
    employers: list[Employer],
    wishes: dict[tuple[int, int], Fraction],
) -> None:
    pairs: set[tuple[int, int]] = set()
    cand_slot: set[tuple[int, int]] = set()
    emp_slot: dict[tuple[int, int], int] = defaultdict(int)
    advisor_slot: set[tuple[str, int]] = set()
    cand_count: dict[int, int] = defaultdict(int)
    emp_count: dict[int, int] = defaultdict(int)
    for (c, e, s), where in locked:
        cand, emp = candidates[c], employers[e]
        if (c, e) in pairs:
            raise EventError(f"{where}: this pair is already locked; a pair meets at most once")
        if (c, e) not in wishes:
            raise EventError(f"{where}: the pair is not in wishes (add it, with weight 0 if need be)")
        if s in cand.unavailable:
            raise EventError(f"{where}: candidate {cand.id!r} is unavailable in slot {s}")
        if s in emp.unavailable:
            raise EventError(f"{where}: employer {emp.id!r} is unavailable in slot {s}")
        if (c, s) in cand_slot:
            raise EventError(f"{where}: candidate {cand.id!r} already has a locked interview in slot {s}")
        emp_slot[(e, s)] += 1
        if emp_slot[(e, s)] > emp.tables:
            raise EventError(
                f"{where}: all {emp.tables} of employer {emp.id!r}'s tables are taken in slot {s}"
            )
        if cand.accompanied and cand.advisor is not None:
            if (cand.advisor, s) in advisor_slot:
                raise EventError(
                    f"{where}: advisor {cand.advisor!r} already accompanies a locked interview in slot {s}"
                )
            advisor_slot.add((cand.advisor, s))
        cand_count[c] += 1
        if cand_count[c] > cand.max_interviews:
            raise EventError(
                f"{where}: more than the max_interviews ({cand.max_interviews}) of candidate {cand.id!r}"
            )
        emp_count[e] += 1
        if emp_count[e] > emp.max_interviews:
            raise EventError(
                f"{where}: more than the max_interviews ({emp.max_interviews}) of employer {emp.id!r}"
            )
        pairs.add((c, e))
        cand_slot.add((c, s))


# ---------------------------------------------------------------------------------------------- greedy


def greedy(inst: EventInstance) -> list[Triple]:
    """A quick valid schedule: locked, then previous, then minimums round-robin, then by weight.

    It is CP-SAT's starting point (a complete hint) and the fallback should the search find nothing.
    """
    board = Board(inst, list(inst.locked))
    for c, e, s in inst.previous or ():
        if board.fits(c, e, s):
            board.add(c, e, s)

    by_candidate: dict[int, list[int]] = defaultdict(list)
    for c, e in sorted(inst.wishes, key=lambda pair: -inst.wishes[pair]):
        by_candidate[c].append(e)

    def place(c: int, e: int) -> bool:
        # The least crowded slot leaves the most room for the employer's other candidates.
        best = None
        for s in inst.open_slots(c, e):
            if board.fits(c, e, s) and (best is None or board.emp_used[(e, s)] < board.emp_used[(e, best)]):
                best = s
        if best is None:
            return False
        board.add(c, e, best)
        return True

    # One interview per needy candidate per round, so that nobody takes the tables everyone needs.
    stuck: set[int] = set()
    while True:
        needy = [
            c
            for c, cand in enumerate(inst.candidates)
            if c not in stuck and board.cand_count[c] < cand.min_interviews
        ]
        if not needy:
            break
        needy.sort(
            key=lambda c: (board.cand_count[c] - inst.candidates[c].min_interviews, len(by_candidate[c]))
        )
        for c in needy:
            if not any(place(c, e) for e in by_candidate[c] if (c, e) not in board.pairs):
                stuck.add(c)

    for (c, e), _ in sorted(inst.wishes.items(), key=lambda item: -item[1]):
        if (c, e) not in board.pairs:
            place(c, e)
    return board.interviews


# --------------------------------------------------------------------------------------------- solving
#
# The objective depends on which pairs meet (and, for `previous`, on a few slots), not on the slot of
# every interview. So the search is split (logic-based Benders decomposition):
#
# * the master problem picks pairs, x[c,e], under every counting rule plus Hall-type capacity cuts and,
#   for `previous` only, the slots of previous interviews. Without the cuts its LP is a network flow,
#   so CP-SAT proves it optimal in a fraction of a second even for 300 candidates;
# * the subproblem assigns slots to the chosen pairs. If it succeeds, the master's optimum, a bound
#   on every schedule, is reached: the schedule is proven optimal. If it fails, CP-SAT names a core
#   (pairs that cannot all be scheduled), which becomes a cut in the master, and dropping the
#   cheapest pair of each core until the rest fits gives the next best schedule found.
#
# A plain model with a variable per (candidate, employer, slot) spends its time permuting slots and
# rarely proves optimality beyond toy events; it is kept only to polish the answer when the loop
# has not converged with time to spare.


def _scale_weights(
    weights: dict[tuple[int, int], Fraction], budget: int
) -> tuple[dict[tuple[int, int], int], bool]:
    """Integer weights with exactly the ratios of the given ones, and whether that was possible.

    Every weight is a fraction (a JSON decimal read as Decimal, or a binary float); multiplying all of
    them by the least common multiple of their denominators makes them integers without rounding.
    Only if their total would then exceed `budget` (absurd precision, such as 1e-12 next to 1e12) are
    they rounded to the finest grid that fits, and the answer is then not claimed optimal.
    """
    denominator = 1
    for w in weights.values():
        denominator = math.lcm(denominator, w.denominator)
        if denominator > budget:
            break
    total = sum(weights.values(), Fraction(0))
    if total * denominator <= budget:
        return {pair: int(w * denominator) for pair, w in weights.items()}, True
    scale = Fraction(budget) / total
    return {pair: math.floor(w * scale) for pair, w in weights.items()}, False


class _Solver:
    def __init__(self, inst: EventInstance, deadline: float) -> None:
        self.inst = inst
        self.started = time.monotonic()
        self.deadline = deadline
        locked_slot = {(c, e): s for c, e, s in inst.locked}
        # Where each pair can meet: a locked pair only in its locked slot.
        self.options: dict[tuple[int, int], list[int]] = {}
        for c, e in inst.wishes:
            if (c, e) in locked_slot:
                self.options[(c, e)] = [locked_slot[(c, e)]]
            elif inst.candidates[c].max_interviews and inst.employers[e].max_interviews:
                slots = inst.open_slots(c, e)
                if slots:
                    self.options[(c, e)] = slots
        self.locked_pairs = set(locked_slot)
        self.keepable = [t for t in inst.previous or () if t[2] in self.options.get(t[:2], ())]
        # Shortfall beyond what a candidate could ever get is a constant, so the model only counts
        # up to `target`; this keeps the numbers small whatever min_interviews says.
        pairs_of = Counter(c for c, _ in self.options)
        self.target = [
            min(cand.min_interviews, pairs_of[c], inst.slots - len(cand.unavailable))
            for c, cand in enumerate(inst.candidates)
        ]
        budget = EXACT_LIMIT // ((sum(self.target) + 1) * (len(self.keepable) + 2))
        self.weights, self.exact = _scale_weights({p: inst.wishes[p] for p in self.options}, budget)
        self.prev_unit = self._weight_bound() + 1
        # Lexicographic in one integer: a unit of a higher level outweighs the widest swing below it.
        self.short_unit = (len(self.keepable) + 1) * self.prev_unit
        self.best: list[Triple] = greedy(inst)
        self.best_cost = self.cost(self.best)
        self.lower_bound: int | None = None
        self.master_optimal = False
        self.cuts: list[list[tuple[str, Any]]] = []

    def _weight_bound(self) -> int:
        per_candidate: dict[int, list[int]] = defaultdict(list)
        for c, e in self.options:
            per_candidate[c].append(self.weights[(c, e)])
        return sum(
            sum(sorted(ws, reverse=True)[: self.inst.candidates[c].max_interviews])
            for c, ws in per_candidate.items()
        )

    def cost(self, interviews: list[Triple]) -> int:
        count = [0] * len(self.inst.candidates)
        for c, _, _ in interviews:
            count[c] += 1
        short = sum(max(0, target - n) for target, n in zip(self.target, count, strict=True))
        kept = len(set(self.keepable) & set(interviews))
        weight = sum(self.weights[(c, e)] for c, e, _ in interviews)
        return self.short_unit * short - self.prev_unit * kept - weight

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def _offer(self, interviews: list[Triple]) -> None:
        cost = self.cost(interviews)
        if cost < self.best_cost:
            self.best, self.best_cost = interviews, cost

    @property
    def proven(self) -> bool:
        return self.lower_bound is not None and self.best_cost <= self.lower_bound

    # -------------------------------------------------------------------------------------- master

    def _vertices(self) -> dict[tuple[str, Any], tuple[int, int, list[tuple[int, int]]]]:
        """Every party with a per-slot capacity: (capacity per slot, max_interviews, its pairs)."""
        inst = self.inst
        result: dict[tuple[str, Any], tuple[int, int, list[tuple[int, int]]]] = {}
        for c, e in self.options:
            cand, emp = inst.candidates[c], inst.employers[e]
            result.setdefault(("c", c), (1, cand.max_interviews, []))[2].append((c, e))
            result.setdefault(("e", e), (emp.tables, emp.max_interviews, []))[2].append((c, e))
            advisor = inst.shared_advisor(c)
            if advisor is not None:
                result.setdefault(("a", advisor), (1, inst.slots, []))[2].append((c, e))
        return result

    def _pair_rules(self, m: Any, x: dict[tuple[int, int], Any]) -> None:
        """Locked pairs, max_interviews, Hall-type cuts and the cores found so far, on pair variables."""
        for p in self.locked_pairs:
            m.add(x[p] == 1)
        for per_slot, most, pairs in self._vertices().values():
            # Hall's condition: the pairs that can only meet within the slots T need per_slot * |T|
            # places there. T ranges over each pair's slots, unions of two of them, and all slots.
            within = {p: frozenset(self.options[p]) for p in pairs}
            sets = set(within.values())
            everything = frozenset().union(*sets)
            trials = sets | {everything}
            if len(sets) <= 40:
                listed = list(sets)
                trials |= {a | b for i, a in enumerate(listed) for b in listed[i + 1 :]}
            for t in trials:
                inside = [x[p] for p in pairs if within[p] <= t]
                room = per_slot * len(t) if t != everything else min(most, per_slot * len(t))
                if len(inside) > room:
                    m.add(sum(inside) <= room)

    def build_master(self, cp_model: Any) -> None:
        inst = self.inst
        m = self.master = cp_model.CpModel()
        self.x = {p: m.new_bool_var(f"x{p[0]}_{p[1]}") for p in self.options}
        self._pair_rules(m, self.x)

        # Slots matter to the master only for previous interviews, which it may promise to keep.
        self.k = {t: m.new_bool_var(f"k{t}") for t in self.keepable}
        for t in inst.locked:
            if t in self.k:
                m.add(self.k[t] == 1)
        fixed = {t: self.k.get(t, 1) for t in inst.locked}
        fixed.update(self.k)
        by_pair: dict[tuple[int, int], list[Any]] = defaultdict(list)
        by_cand_slot: dict[tuple[int, int], list[Any]] = defaultdict(list)
        by_emp_slot: dict[tuple[int, int], list[Any]] = defaultdict(list)
        by_adv_slot: dict[tuple[str, int], list[Any]] = defaultdict(list)
        for (c, e, s), v in fixed.items():
            by_pair[(c, e)].append(v)
            by_cand_slot[(c, s)].append(v)
            by_emp_slot[(e, s)].append(v)
            advisor = inst.shared_advisor(c)
            if advisor is not None:
                by_adv_slot[(advisor, s)].append(v)
        for p, vs in by_pair.items():
            m.add(sum(vs) <= self.x[p])
        for vs in [*by_cand_slot.values(), *by_adv_slot.values()]:
            if len(vs) > 1:
                m.add(sum(vs) <= 1)
        for (e, _), vs in by_emp_slot.items():
            if len(vs) > inst.employers[e].tables:
                m.add(sum(vs) <= inst.employers[e].tables)

        self._objective(m, self.x, list(self.k.values()))

    def _objective(self, m: Any, x: dict[tuple[int, int], Any], kept: list[Any]) -> Any:
        per_candidate: dict[int, list[Any]] = defaultdict(list)
        for (c, _), v in x.items():
            per_candidate[c].append(v)
        short = []
        for c, target in enumerate(self.target):
            if target:
                v = m.new_int_var(0, target, f"short{c}")
                m.add(v + sum(per_candidate[c]) >= target)
                short.append(v)
        terms = (
            self.short_unit * sum(short)
            - self.prev_unit * sum(kept)
            - sum(self.weights[p] * v for p, v in x.items() if self.weights[p])
        )
        m.minimize(terms)
        return terms

    def solve_master(self, cp_model: Any) -> tuple[set[tuple[int, int]], set[Triple]] | None:
        m = self.master
        m.clear_hints()
        chosen = {(c, e) for c, e, _ in self.best}
        for p, v in self.x.items():
            m.add_hint(v, p in chosen)
        best = set(self.best)
        for t, v in self.k.items():
            m.add_hint(v, t in best)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        # Presolve's dual reductions cost the LP its network structure: the bound stalls far below
        # the optimum on the 300-candidate events, while without presolve the root LP is tight.
        solver.parameters.cp_model_presolve = False
        # Leave time to turn the master's answer into a schedule.
        solver.parameters.max_time_in_seconds = max(0.01, 0.9 * self.remaining())
        status = solver.solve(m)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        bound = math.ceil(solver.best_objective_bound - 1e-6)
        self.lower_bound = max(bound, self.lower_bound if self.lower_bound is not None else bound)
        self.master_optimal = status == cp_model.OPTIMAL
        pairs = {p for p, v in self.x.items() if solver.boolean_value(v)}
        kept = {t for t, v in self.k.items() if solver.boolean_value(v)}
        return pairs, kept

    # ------------------------------------------------------------------------------------ subproblem

    def _shrink(self, cp_model: Any, core: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """A minimal core, by leaving out each item in turn: small cores make strong cuts."""
        give_up = time.monotonic() + min(1.0, 0.05 * (self.deadline - self.started))
        check = _SlotCheck(self, cp_model, *_split(core))
        i = 0
        while i < len(core) and time.monotonic() < give_up:
            found, smaller = check.run(*_split(core[:i] + core[i + 1 :]))
            if found is None and smaller:
                keep = set(smaller)
                core = [item for item in core if item in keep]
            else:
                i += 1
        return core

    def _price(self, item: tuple[str, Any], count: list[int]) -> int:
        """What giving up a core item costs the objective, to drop the cheapest."""
        if item[0] == "keep":
            return self.prev_unit
        c, e = item[1]
        price = self.weights[(c, e)]
        if count[c] <= self.target[c]:
            price += self.short_unit
        return price + self.prev_unit * sum(1 for t in self.keepable if t[:2] == (c, e))

    def realise(self, cp_model: Any, pairs: set[tuple[int, int]], kept: set[Triple]) -> bool:
        """Schedule the master's choice, cutting each core and dropping its cheapest item until it fits.

        Returns whether the choice fitted as it was.
        """
        pairs, kept = set(pairs), set(kept)
        check = _SlotCheck(self, cp_model, pairs, kept)
        first = True
        while self.remaining() > 0.05:
            found, core = check.run(pairs, kept)
            if found is not None:
                self._offer(found)
                return first
            if not core:
                return False
            first = False
            core = self._shrink(cp_model, core)
            self.cuts.append(core)
            self.master.add(sum(self._master_literal(item) for item in core) <= len(core) - 1)
            count = [0] * len(self.inst.candidates)
            for c, _ in pairs:
                count[c] += 1
            kind, item = min(core, key=lambda it: self._price(it, count))
            if kind == "keep":
                kept.discard(item)
            else:
                pairs.discard(item)
                kept = {t for t in kept if t[:2] != item}
        return False

    def _master_literal(self, item: tuple[str, Any]) -> Any:
        return self.x[item[1]] if item[0] == "pair" else self.k[item[1]]

    # ----------------------------------------------------------------------------------- full model

    def polish(self, cp_model: Any) -> None:
        """The plain slot model, started from the best schedule, for whatever time is left."""
        inst = self.inst
        m = cp_model.CpModel()
        x = {p: m.new_bool_var("") for p in self.options}
        y: dict[Triple, Any] = {}
        cand_slot: dict[tuple[int, int], list[Any]] = defaultdict(list)
        emp_slot: dict[tuple[int, int], list[Any]] = defaultdict(list)
        adv_slot: dict[tuple[str, int], list[Any]] = defaultdict(list)
        for (c, e), slots in self.options.items():
            advisor = inst.shared_advisor(c)
            here = []
            for s in slots:
                y[(c, e, s)] = v = m.new_bool_var("")
                here.append(v)
                cand_slot[(c, s)].append(v)
                emp_slot[(e, s)].append(v)
                if advisor is not None:
                    adv_slot[(advisor, s)].append(v)
            m.add(sum(here) == x[(c, e)])
        for vs in [*cand_slot.values(), *adv_slot.values()]:
            m.add_at_most_one(vs)
        for (e, _), vs in emp_slot.items():
            if len(vs) > inst.employers[e].tables:
                m.add(sum(vs) <= inst.employers[e].tables)
        self._pair_rules(m, x)
        for core in self.cuts:
            m.add(sum(x[i] if kind == "pair" else y[i] for kind, i in core) <= len(core) - 1)
        terms = self._objective(m, x, [y[t] for t in self.keepable])
        if self.lower_bound is not None:
            # The master's bound lets this model stop as soon as it reaches it.
            m.add(terms >= self.lower_bound)
        best = set(self.best)
        for t, v in y.items():
            m.add_hint(v, t in best)
        for p, v in x.items():
            m.add_hint(v, any((*p, s) in best for s in self.options[p]))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        solver.parameters.cp_model_presolve = PLAIN_PRESOLVE
        solver.parameters.max_time_in_seconds = max(0.01, self.remaining())
        status = solver.solve(m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self._offer([t for t, v in y.items() if solver.boolean_value(v)])
            if status == cp_model.OPTIMAL:
                # Optimal under valid cuts and a valid bound: optimal for the event.
                self.lower_bound = round(solver.objective_value)

    def run(self, cp_model: Any, budget: float) -> None:
        self.build_master(cp_model)
        loop_end = time.monotonic() + LOOP_SHARE * budget
        while not self.proven and time.monotonic() < loop_end and self.remaining() > 0.05:
            choice = self.solve_master(cp_model)
            if choice is None:
                break
            cuts = len(self.cuts)
            fitted = self.realise(cp_model, *choice)
            # Fitted: proven if the master was optimal, else out of time. No new cut: no progress.
            if fitted or not self.master_optimal or len(self.cuts) == cuts:
                break
        if not self.proven and self.remaining() > 0.5:
            self.polish(cp_model)


def _split(items: list[tuple[str, Any]]) -> tuple[set[tuple[int, int]], set[Triple]]:
    return {i for kind, i in items if kind == "pair"}, {i for kind, i in items if kind == "keep"}


class _SlotCheck:
    """Can these pairs all meet, keeping these previous slots? If not, which of them clash (a core)?

    Built once for a set of pairs and then asked about subsets of it through assumptions: building
    a CP-SAT model in Python costs more than solving this one. Items of a core are ("pair", (c, e))
    and ("keep", (c, e, s)); locked interviews are hard constraints, never part of a core.
    """

    def __init__(self, owner: _Solver, cp_model: Any, pairs: set[tuple[int, int]], kept: set[Triple]) -> None:
        self.owner, self.cp_model = owner, cp_model
        inst = owner.inst
        m = self.model = cp_model.CpModel()
        chosen = pairs | {t[:2] for t in kept}
        # Locked interviews matter only where they share someone with the chosen pairs.
        people = {("c", c) for c, _ in chosen} | {("e", e) for _, e in chosen}
        people |= {("a", inst.shared_advisor(c)) for c, _ in chosen} - {("a", None)}
        chosen |= {
            (c, e)
            for c, e in owner.locked_pairs
            if ("c", c) in people or ("e", e) in people or ("a", inst.shared_advisor(c)) in people
        }
        self.y: dict[Triple, Any] = {}
        self.meets: dict[tuple[int, int], Any] = {}
        self.keeps: dict[Triple, Any] = {}
        cand_slot: dict[tuple[int, int], list[Any]] = defaultdict(list)
        emp_slot: dict[tuple[int, int], list[Any]] = defaultdict(list)
        adv_slot: dict[tuple[str, int], list[Any]] = defaultdict(list)
        for c, e in sorted(chosen):
            here = []
            advisor = inst.shared_advisor(c)
            for s in owner.options[(c, e)]:
                self.y[(c, e, s)] = v = m.new_bool_var("")
                here.append(v)
                cand_slot[(c, s)].append(v)
                emp_slot[(e, s)].append(v)
                if advisor is not None:
                    adv_slot[(advisor, s)].append(v)
            if (c, e) in owner.locked_pairs:
                m.add(here[0] == 1)
                continue
            m.add_at_most_one(here)
            self.meets[(c, e)] = lit = m.new_bool_var("")
            m.add_bool_or(here).only_enforce_if(lit)
            m.add_bool_and([~v for v in here]).only_enforce_if(~lit)
        for t in sorted(kept):
            if t[:2] not in owner.locked_pairs:
                self.keeps[t] = lit = m.new_bool_var("")
                m.add_implication(lit, self.y[t])
        for vs in [*cand_slot.values(), *adv_slot.values()]:
            m.add_at_most_one(vs)
        for (e, _), vs in emp_slot.items():
            if len(vs) > inst.employers[e].tables:
                m.add(sum(vs) <= inst.employers[e].tables)
        self.items = {v.index: ("pair", p) for p, v in self.meets.items()}
        self.items.update({v.index: ("keep", t) for t, v in self.keeps.items()})

    def run(
        self, pairs: set[tuple[int, int]], kept: set[Triple]
    ) -> tuple[list[Triple] | None, list[tuple[str, Any]]]:
        """The interviews if they fit, else (None, a core); (None, []) if time ran out."""
        cp_model = self.cp_model
        kept_pairs = {t[:2] for t in kept}
        assumptions = [self.keeps[t] for t in kept if t in self.keeps]
        for p, lit in self.meets.items():
            if p in pairs:
                assumptions.append(lit)
            elif p not in kept_pairs:
                # Ruling a pair out can never be why the rest clash, so cores never name these.
                assumptions.append(~lit)
        self.model.clear_assumptions()
        self.model.add_assumptions(assumptions)
        solver = cp_model.CpSolver()
        # Cores come from a single search thread. This is a pure feasibility question asked hundreds
        # of times: presolve and the LP cost more than they save.
        solver.parameters.num_workers = 1
        solver.parameters.cp_model_presolve = False
        solver.parameters.linearization_level = 0
        solver.parameters.max_time_in_seconds = max(0.01, min(self.owner.remaining(), 10.0))
        status = solver.solve(self.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [t for t, v in self.y.items() if solver.boolean_value(v)], []
        if status != cp_model.INFEASIBLE:
            return None, []
        core = solver.sufficient_assumptions_for_infeasibility()
        return None, [self.items[i] for i in core if i in self.items]


def solve(instance: EventInstance, *, time_limit: float) -> ScheduleResult:
    """The lexicographically best schedule found within about `time_limit` seconds of wall time."""
    started = time.monotonic()
    from ortools.sat.python import cp_model

    inst = instance
    solver = _Solver(inst, started + time_limit)
    solver.run(cp_model, time_limit)
    interviews = sorted(solver.best, key=lambda t: (t[0], t[2], t[1]))
    shortfall, kept, weight = objective(inst, interviews)
    return ScheduleResult(
        instance=inst,
        interviews=interviews,
        shortfall=shortfall,
        previous_kept=kept,
        total_weight=weight,
        optimal=solver.proven and solver.exact,
        short=explain(inst, interviews),
    )
