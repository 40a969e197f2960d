"""The speed-interview event as the scheduler sees it, and the checks that read it from JSON.

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
  integers, so CP-SAT sees exactly the ratios that were written (see `solver.py`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any

MAX_SLOTS = 1000
# Counts (tables, max_interviews, ...) beyond this are typos, and would only slow the arithmetic down.
MAX_COUNT = 10**9

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
