"""What a schedule achieves, and why a candidate ended up below their minimum.

The reasons are read off the instance and the schedule that was found, counted on a `board.Board`:
for every wished employer the candidate does not meet, each slot both could attend is checked for what
took it (the candidate's own other interview, the employer's tables, the advisor's other accompanied
interview), and the suggested fixes name the employers, advisor or candidate concerned.

`diagnose` gives each reason and fix as a `Note` (a code with ids, counts and slot numbers), so that
they can be put in words more than one way: `english` is the wording `kobling solve-schedule` prints
(through `explain`); the web pages word them in the user's language
(`kobling.events.schedule.shortfall_text`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from kobling.scheduling.board import Board

if TYPE_CHECKING:
    from kobling.scheduling.instance import EventInstance, Triple


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


@dataclass(frozen=True)
class Note:
    """One reason for a shortfall, or one suggested fix: its kind (`code`) and what it is about.

    Only the fields a code uses are set. `employers` and `slots` are ids and slot numbers; for
    `stay` they pair up (employer i could also be there in slot i), for `full` `limits` pairs up
    with `employers` (their max_interviews).
    """

    code: str
    candidate: str
    employers: tuple[str, ...] = ()
    slots: tuple[int, ...] = ()
    count: int = 0
    need: int = 0
    total: int = 0
    advisor: str = ""
    limits: tuple[int, ...] = ()
    whenever: bool = False


@dataclass(frozen=True)
class Shortfall:
    """A candidate below their minimum: how many interviews they got, why, and what would help."""

    candidate: str
    interviews: int
    min: int
    reasons: list[Note] = field(default_factory=list)
    fixes: list[Note] = field(default_factory=list)


REASONS = (
    "too_few_wishes", "unavailable", "away", "full", "tables", "advisor_busy", "clash", "room", "no_wishes",
)  # fmt: skip
FIXES = (
    "attend_more", "raise_max", "more_tables", "other_advisor", "stay", "time_limit", "more_wishes",
    "fallback",
)  # fmt: skip


def diagnose(inst: EventInstance, interviews: list[Triple]) -> list[Shortfall]:
    """One entry per candidate below min_interviews, with structured reasons and fixes."""
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
        result.append(Shortfall(cand.id, got, cand.min_interviews, reasons, fixes))
    return result


def explain(inst: EventInstance, interviews: list[Triple]) -> list[dict[str, Any]]:
    """One entry per candidate below min_interviews: counts, reasons and a suggested fix, in English."""
    return [
        {
            "candidate": s.candidate,
            "interviews": s.interviews,
            "min": s.min,
            "reasons": [english(r) for r in s.reasons],
            "fix": ", or ".join(english(f) for f in s.fixes),
        }
        for s in diagnose(inst, interviews)
    ]


def _diagnose(inst: EventInstance, board: Board, c: int, wished: list[int]) -> tuple[list[Note], list[Note]]:
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

    def ids(es: list[int]) -> tuple[str, ...]:
        return tuple(inst.employers[e].id for e in es)

    reasons: list[Note] = []
    fixes: list[Note] = []
    if len(wished) < cand.min_interviews:
        reasons.append(Note("too_few_wishes", name, count=len(wished), need=cand.min_interviews))
    if len(available) < cand.min_interviews:
        reasons.append(
            Note("unavailable", name, count=len(available), total=inst.slots, need=cand.min_interviews)
        )
        fixes.append(Note("attend_more", name, count=cand.min_interviews - len(available)))
    if away:
        reasons.append(Note("away", name, employers=ids(away)))
    if full:
        limits = tuple(inst.employers[e].max_interviews for e in full)
        reasons.append(Note("full", name, employers=ids(full), limits=limits))
        fixes.append(Note("raise_max", name, employers=ids(full)[:need]))
    if tables:
        slots = sorted(tables_slots)
        reasons.append(
            Note("tables", name, employers=ids(tables), slots=tuple(slots), whenever=slots == free)
        )
        fixes.append(Note("more_tables", name, employers=ids(tables)[:need]))
    if advisor_busy:
        reasons.append(
            Note(
                "advisor_busy",
                name,
                employers=ids(advisor_busy),
                slots=tuple(sorted(advisor_slots)),
                advisor=advisor or "",
            )
        )
        fixes.append(Note("other_advisor", name))
    if clash:
        reasons.append(Note("clash", name, employers=ids(clash)))
    # An employer who is away whenever the candidate is free could come for one of those slots.
    stay = [
        (inst.employers[e].id, slots[0])
        for e in away + clash
        if (slots := [s for s in free if s in inst.employers[e].unavailable])
    ][:need]
    if stay:
        fixes.append(Note("stay", name, employers=tuple(e for e, _ in stay), slots=tuple(s for _, s in stay)))
    if room:
        reasons.append(Note("room", name, employers=ids(room), slots=tuple(sorted(room_slots))))
        fixes.append(Note("time_limit", name))
    if not wished:
        reasons.append(Note("no_wishes", name))

    spare = _spare_employers(inst, board, c, free, advisor, set(wished))
    if spare or len(wished) < cand.min_interviews:
        more = max(need, cand.min_interviews - len(wished))
        fixes.append(Note("more_wishes", name, count=more, employers=ids(spare[: more + 1])))
    if not fixes:
        fixes.append(Note("fallback", name))
    return reasons, fixes


# The English words, as `kobling solve-schedule` prints them -----------------------------------------


def english(note: Note) -> str:
    """The note as one English phrase, naming candidates and employers by id and slots by number."""
    return _ENGLISH[note.code](note)


def _verb(names: tuple[str, ...], one: str, many: str) -> str:
    return one if len(names) == 1 else many


def _each(change: str, names: tuple[str, ...]) -> str:
    """The change at each of the (best first) employers, already cut to the interviews missing."""
    return f"{change} {names[0]}" if len(names) == 1 else f"{change} each of {listing(list(names))}"


def _more_wishes(n: Note) -> str:
    text = f"{counted(n.count, 'more wish', 'more wishes')} for {n.candidate}"
    if n.employers:
        examples = listing(list(n.employers), "or")
        text += f" (for example {examples}, who have free tables when {n.candidate} is free)"
    return text


def _when(n: Note) -> str:
    if n.whenever:
        return f"whenever {n.candidate} is free"
    return f"in {slot_list(list(n.slots))}, when {n.candidate} is free"


_ENGLISH: dict[str, Callable[[Note], str]] = {
    "too_few_wishes": lambda n: (
        f"too few wishes: {n.candidate} wished for {counted(n.count, 'employer')} "
        f"but needs {n.need} interviews"
    ),
    "unavailable": lambda n: (
        f"unavailable too much: {n.candidate} can attend only {counted(n.count, 'slot')} "
        f"of {n.total} but needs {n.need} interviews"
    ),
    "away": lambda n: (
        f"{listing(list(n.employers))} {_verb(n.employers, 'is', 'are')} away in every slot "
        f"{n.candidate} can attend"
    ),
    "full": lambda n: (
        "wishes for full employers: "
        + listing([f"{e} (max {m})" for e, m in zip(n.employers, n.limits, strict=True)])
        + f" already {_verb(n.employers, 'has its', 'have their')} maximum number of interviews"
    ),
    "tables": lambda n: (
        f"too few tables in the slots {n.candidate} can attend: {listing(list(n.employers))} "
        f"{_verb(n.employers, 'has', 'have')} every table taken {_when(n)}"
    ),
    "advisor_busy": lambda n: (
        f"advisor {n.advisor} is double-booked: accompanying another candidate in "
        f"{slot_list(list(n.slots))}, when {listing(list(n.employers), 'or')} had a free table"
    ),
    "clash": lambda n: (
        f"{listing(list(n.employers))} {_verb(n.employers, 'is', 'are')} only there in slots where "
        f"{n.candidate} already has another interview"
    ),
    "room": lambda n: (
        f"{listing(list(n.employers))} still had room in {slot_list(list(n.slots))}: the search ran out of "
        "time before using it"
    ),
    "no_wishes": lambda n: f"{n.candidate} has no wishes",
    "attend_more": lambda n: f"{n.candidate} attending {counted(n.count, 'more slot')}",
    "raise_max": lambda n: _each("one more interview allowed at", n.employers),
    "more_tables": lambda n: _each("one more table at", n.employers),
    "other_advisor": lambda n: (
        f"someone else accompanying {n.candidate}, or {n.candidate} going unaccompanied"
    ),
    "stay": lambda n: listing(
        [f"{e} also being there in slot {s}" for e, s in zip(n.employers, n.slots, strict=True)]
    ),
    "time_limit": lambda n: "a longer --time-limit",
    "more_wishes": _more_wishes,
    "fallback": lambda n: (
        f"more tables at {n.candidate}'s wished employers, or wishes for employers with room"
    ),
}


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
