"""Occupancy of a schedule: who is busy when, and how many interviews each side has.

The greedy start (`slotcheck.greedy`) fills a board, and the shortfall explanations (`shortfall.diagnose`)
read one to tell what took a slot.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kobling.scheduling.instance import EventInstance, Triple


class Board:
    """Occupancy of a schedule, so that every rule can be tested for one more interview in O(1)."""

    def __init__(self, inst: EventInstance, interviews: list[Triple] | None = None) -> None:
        self.inst = inst
        self.interviews: list[Triple] = []
        self.pairs: set[tuple[int, int]] = set()
        self.cand_busy: dict[tuple[int, int], int] = {}  # (candidate, slot) -> employer
        self.emp_used: dict[tuple[int, int], int] = defaultdict(int)
        self.adv_busy: dict[tuple[str, int], int] = {}  # (advisor, slot) -> candidate
        self.cand_count = [0] * len(inst.candidates)
        self.emp_count = [0] * len(inst.employers)
        for t in interviews or ():
            self.add(*t)

    def fits(self, c: int, e: int, s: int) -> bool:
        inst = self.inst
        cand, emp = inst.candidates[c], inst.employers[e]
        advisor = inst.shared_advisor(c)
        return (
            (c, e) in inst.wishes
            and (c, e) not in self.pairs
            and s not in cand.unavailable
            and s not in emp.unavailable
            and (c, s) not in self.cand_busy
            and self.emp_used[(e, s)] < emp.tables
            and (advisor is None or (advisor, s) not in self.adv_busy)
            and self.cand_count[c] < cand.max_interviews
            and self.emp_count[e] < emp.max_interviews
        )

    def add(self, c: int, e: int, s: int) -> None:
        self.interviews.append((c, e, s))
        self.pairs.add((c, e))
        self.cand_busy[(c, s)] = e
        self.emp_used[(e, s)] += 1
        advisor = self.inst.shared_advisor(c)
        if advisor is not None:
            self.adv_busy[(advisor, s)] = c
        self.cand_count[c] += 1
        self.emp_count[e] += 1
