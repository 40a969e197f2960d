"""Speed-interview scheduling: who meets whom, in which slot.

Pure Python plus CP-SAT, so the `kobling solve-schedule` command runs without Django. The event and its
parsing live in `instance.py` (with the choices the issue left open), the greedy start and the slot check
in `slotcheck.py`, the explanations of shortfalls in `shortfall.py`; this module holds the search.
"""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from fractions import Fraction
from typing import Any

from kobling.scheduling.instance import EventInstance, ScheduleResult, Triple
from kobling.scheduling.shortfall import explain, objective
from kobling.scheduling.slotcheck import CoreItem, SlotCheck, greedy, split_items

PLAIN_PRESOLVE = False
LOOP_SHARE = 0.3
# CP-SAT's objective is int64 and its LP works in doubles; staying below 2**53 keeps both exact.
EXACT_LIMIT = 2**53


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
        self.cuts: list[list[CoreItem]] = []

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

    def _slot_check(self, cp_model: Any, pairs: set[tuple[int, int]], kept: set[Triple]) -> SlotCheck:
        return SlotCheck(self.inst, self.options, self.locked_pairs, self.remaining, cp_model, pairs, kept)

    def _shrink(self, cp_model: Any, core: list[CoreItem]) -> list[CoreItem]:
        """A minimal core, by leaving out each item in turn: small cores make strong cuts."""
        give_up = time.monotonic() + min(1.0, 0.05 * (self.deadline - self.started))
        check = self._slot_check(cp_model, *split_items(core))
        i = 0
        while i < len(core) and time.monotonic() < give_up:
            found, smaller = check.run(*split_items(core[:i] + core[i + 1 :]))
            if found is None and smaller:
                keep = set(smaller)
                core = [item for item in core if item in keep]
            else:
                i += 1
        return core

    def _price(self, item: CoreItem, count: list[int]) -> int:
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
        check = self._slot_check(cp_model, pairs, kept)
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

    def _master_literal(self, item: CoreItem) -> Any:
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
