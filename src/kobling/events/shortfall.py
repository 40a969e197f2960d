"""What a schedule achieves, and why a candidate ended up below their minimum, in plain English.

`Board` keeps count of a schedule so that every rule can be checked for one more interview; the
scheduler's greedy start uses it, and so do the explanations. The reasons are read off the instance
and the schedule that was found: for every wished employer the candidate does not meet, each slot
both could attend is checked for what took it (the candidate's own other interview, the employer's
tables, the advisor's other accompanied interview), and the suggested fixes name the employers,
advisor or candidate concerned.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kobling.events.scheduler import EventInstance, Triple


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


def objective(inst: EventInstance, interviews: list[Triple]) -> tuple[int, int, Fraction]:
    """(shortfall, previous kept, total wish weight) of a schedule."""
    count = [0] * len(inst.candidates)
    for c, _, _ in interviews:
        count[c] += 1
    shortfall = sum(max(0, cand.min_interviews - n) for cand, n in zip(inst.candidates, count, strict=True))
    kept = len(set(inst.previous or ()) & set(interviews))
    weight = sum((inst.wishes[(c, e)] for c, e, _ in interviews), Fraction(0))
    return shortfall, kept, weight


WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def number(n: int) -> str:
    return WORDS[n] if 0 <= n < len(WORDS) else str(n)


def counted(n: int, singular: str, plural: str | None = None) -> str:
    return f"{number(n)} {singular if n == 1 else plural or singular + 's'}"


def listing(names: list[str], last: str = "and") -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def slot_list(slots: list[int]) -> str:
    return ("slot " if len(slots) == 1 else "slots ") + listing([str(s) for s in slots])


def explain(inst: EventInstance, interviews: list[Triple]) -> list[dict[str, Any]]:
    """One entry per candidate below min_interviews: counts, reasons and a suggested fix."""
    board = Board(inst, interviews)
    wished: dict[int, list[int]] = defaultdict(list)
    # The candidate's favourite employers first, so that fixes suggest the ones they care most about.
    for c, e in sorted(inst.wishes, key=lambda pair: -inst.wishes[pair]):
        wished[c].append(e)
    result = []
    for c, cand in enumerate(inst.candidates):
        got = board.cand_count[c]
        if got >= cand.min_interviews:
            continue
        reasons, fixes = _diagnose(inst, board, c, wished[c])
        result.append(
            {
                "candidate": cand.id,
                "interviews": got,
                "min": cand.min_interviews,
                "reasons": reasons,
                "fix": ", or ".join(fixes),
            }
        )
    return result


def _diagnose(inst: EventInstance, board: Board, c: int, wished: list[int]) -> tuple[list[str], list[str]]:
    cand = inst.candidates[c]
    name = cand.id
    need = cand.min_interviews - board.cand_count[c]
    available = [s for s in range(inst.slots) if s not in cand.unavailable]
    free = [s for s in available if (c, s) not in board.cand_busy]
    advisor = inst.shared_advisor(c)
    met = {e for cc, e in board.pairs if cc == c}

    away, full, tables, advisor_busy, clash, room = [], [], [], [], [], []
    tables_slots: set[int] = set()
    advisor_slots: set[int] = set()
    room_slots: set[int] = set()
    for e in wished:
        if e in met:
            continue
        emp = inst.employers[e]
        common = [s for s in available if s not in emp.unavailable]
        if not common:
            away.append(e)
            continue
        # A max_interviews below what the tables allow is a cap someone chose and could raise; at the
        # tables' capacity, what is missing is a table.
        capacity = emp.tables * (inst.slots - len(emp.unavailable))
        if board.emp_count[e] >= emp.max_interviews and emp.max_interviews < capacity:
            full.append(e)
            continue
        open_here = [s for s in common if (c, s) not in board.cand_busy]
        if not open_here:
            clash.append(e)
            continue
        taken = [s for s in open_here if board.emp_used[(e, s)] >= emp.tables]
        blocked = [
            s
            for s in open_here
            if s not in taken and advisor is not None and board.adv_busy.get((advisor, s), c) != c
        ]
        left = [s for s in open_here if s not in taken and s not in blocked]
        if left:
            room.append(e)
            room_slots.update(left)
        elif blocked:
            advisor_busy.append(e)
            advisor_slots.update(blocked)
        else:
            tables.append(e)
            tables_slots.update(taken)

    def ids(es: list[int]) -> list[str]:
        return [inst.employers[e].id for e in es]

    reasons: list[str] = []
    fixes: list[str] = []
    if len(wished) < cand.min_interviews:
        reasons.append(
            f"too few wishes: {name} wished for {counted(len(wished), 'employer')} "
            f"but needs {cand.min_interviews} interviews"
        )
    if len(available) < cand.min_interviews:
        reasons.append(
            f"unavailable too much: {name} can attend only {counted(len(available), 'slot')} "
            f"of {inst.slots} but needs {cand.min_interviews} interviews"
        )
        fixes.append(f"{name} attending {counted(cand.min_interviews - len(available), 'more slot')}")
    if away:
        verb = "is" if len(away) == 1 else "are"
        reasons.append(f"{listing(ids(away))} {verb} away in every slot {name} can attend")
    if full:
        parts = [f"{inst.employers[e].id} (max {inst.employers[e].max_interviews})" for e in full]
        verb = "has its" if len(full) == 1 else "have their"
        reasons.append(
            f"wishes for full employers: {listing(parts)} already {verb} maximum number of interviews"
        )
        fixes.append(_each("one more interview allowed at", ids(full), need))
    if tables:
        verb = "has" if len(tables) == 1 else "have"
        reasons.append(
            f"too few tables in the slots {name} can attend: {listing(ids(tables))} {verb} every table "
            f"taken {_when(sorted(tables_slots), free, name)}"
        )
        fixes.append(_each("one more table at", ids(tables), need))
    if advisor_busy:
        reasons.append(
            f"advisor {advisor} is double-booked: accompanying another candidate in "
            f"{slot_list(sorted(advisor_slots))}, when {listing(ids(advisor_busy), 'or')} had a free table"
        )
        fixes.append(f"someone else accompanying {name}, or {name} going unaccompanied")
    if clash:
        verb = "is" if len(clash) == 1 else "are"
        reasons.append(
            f"{listing(ids(clash))} {verb} only there in slots where {name} already has another interview"
        )
    # An employer who is away whenever the candidate is free could come for one of those slots.
    stay = [
        f"{inst.employers[e].id} also being there in slot {slots[0]}"
        for e in away + clash
        if (slots := [s for s in free if s in inst.employers[e].unavailable])
    ]
    if stay:
        fixes.append(listing(stay[:need]))
    if room:
        reasons.append(
            f"{listing(ids(room))} still had room in {slot_list(sorted(room_slots))}: the search ran out of "
            "time before using it"
        )
        fixes.append("a longer --time-limit")
    if not wished:
        reasons.append(f"{name} has no wishes")

    spare = _spare_employers(inst, board, c, free, advisor, set(wished))
    if spare or len(wished) < cand.min_interviews:
        more = max(need, cand.min_interviews - len(wished))
        text = f"{counted(more, 'more wish', 'more wishes')} for {name}"
        if spare:
            examples = listing(ids(spare[: more + 1]), "or")
            text += f" (for example {examples}, who have free tables when {name} is free)"
        fixes.append(text)
    if not fixes:
        fixes.append(f"more tables at {name}'s wished employers, or wishes for employers with room")
    return reasons, fixes


def _when(slots: list[int], free: list[int], name: str) -> str:
    return f"whenever {name} is free" if slots == free else f"in {slot_list(slots)}, when {name} is free"


def _each(change: str, names: list[str], need: int) -> str:
    """The change at as many of the (best first) employers as interviews are missing."""
    names = names[:need]
    return f"{change} {names[0]}" if len(names) == 1 else f"{change} each of {listing(names)}"


def _spare_employers(
    inst: EventInstance, board: Board, c: int, free: list[int], advisor: str | None, wished: set[int]
) -> list[int]:
    """Employers not wished for who could still see the candidate in one of their free slots."""
    spare = []
    for e, emp in enumerate(inst.employers):
        if e in wished or board.emp_count[e] >= emp.max_interviews:
            continue
        for s in free:
            if s in emp.unavailable or board.emp_used[(e, s)] >= emp.tables:
                continue
            if advisor is not None and (advisor, s) in board.adv_busy:
                continue
            spare.append(e)
            break
    # The emptiest employers first: they are the likeliest to take one more candidate.
    spare.sort(key=lambda e: board.emp_count[e] / max(1, inst.employers[e].max_interviews))
    return spare
