"""The solver's helpers that need no master problem: the greedy start and the slot check.

`greedy` gives CP-SAT a complete hint and a fallback; `SlotCheck` answers whether chosen pairs fit into
slots, naming a core of clashing pairs when they do not (see solver.py for how both are used).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from kobling.scheduling.board import Board
from kobling.scheduling.instance import EventInstance, Triple

# An item of a core: ("pair", (candidate, employer)) or ("keep", (candidate, employer, slot)).
CoreItem = tuple[str, Any]


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


def split_items(items: list[CoreItem]) -> tuple[set[tuple[int, int]], set[Triple]]:
    """The pairs and the kept previous interviews among the items of a core."""
    return {i for kind, i in items if kind == "pair"}, {i for kind, i in items if kind == "keep"}


class SlotCheck:
    """Can these pairs all meet, keeping these previous slots? If not, which of them clash (a core)?

    Built once for a set of pairs and then asked about subsets of it through assumptions: building
    a CP-SAT model in Python costs more than solving this one. Items of a core are ("pair", (c, e))
    and ("keep", (c, e, s)); locked interviews are hard constraints, never part of a core.

    `options` holds the slots where each pair can meet (a locked pair only its locked slot),
    `locked_pairs` the locked pairs, and `remaining` tells the seconds left of the search's time.
    """

    def __init__(
        self,
        inst: EventInstance,
        options: dict[tuple[int, int], list[int]],
        locked_pairs: set[tuple[int, int]],
        remaining: Callable[[], float],
        cp_model: Any,
        pairs: set[tuple[int, int]],
        kept: set[Triple],
    ) -> None:
        self.cp_model, self.remaining = cp_model, remaining
        m = self.model = cp_model.CpModel()
        chosen = pairs | {t[:2] for t in kept}
        # Locked interviews matter only where they share someone with the chosen pairs.
        people = {("c", c) for c, _ in chosen} | {("e", e) for _, e in chosen}
        people |= {("a", inst.shared_advisor(c)) for c, _ in chosen} - {("a", None)}
        chosen |= {
            (c, e)
            for c, e in locked_pairs
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
            for s in options[(c, e)]:
                self.y[(c, e, s)] = v = m.new_bool_var("")
                here.append(v)
                cand_slot[(c, s)].append(v)
                emp_slot[(e, s)].append(v)
                if advisor is not None:
                    adv_slot[(advisor, s)].append(v)
            if (c, e) in locked_pairs:
                m.add(here[0] == 1)
                continue
            m.add_at_most_one(here)
            self.meets[(c, e)] = lit = m.new_bool_var("")
            m.add_bool_or(here).only_enforce_if(lit)
            m.add_bool_and([~v for v in here]).only_enforce_if(~lit)
        for t in sorted(kept):
            if t[:2] not in locked_pairs:
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
    ) -> tuple[list[Triple] | None, list[CoreItem]]:
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
        solver.parameters.max_time_in_seconds = max(0.01, min(self.remaining(), 10.0))
        status = solver.solve(self.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [t for t, v in self.y.items() if solver.boolean_value(v)], []
        if status != cp_model.INFEASIBLE:
            return None, []
        core = solver.sufficient_assumptions_for_infeasibility()
        return None, [self.items[i] for i in core if i in self.items]
