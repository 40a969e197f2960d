"""The mentor-matching engine: pairs mentees with mentors, provably optimally.

The objective is lexicographic: first as many matches as possible, then the highest total
score. It is solved as one min-cost flow, source → mentee → mentor → sink, in which OR-Tools
first finds the maximum flow and then the cheapest flow of that value. Because the flow value
is fixed before costs are looked at, no amount of score can ever buy a lost match.

Exactness: scores are the decimals written in the file (never binary floats). Scaling them by
10**k, where k is the most decimal places any score has, turns them into integers with no
rounding at all. Those integers go to OR-Tools directly when they fit its 64-bit range, and to
the cost-scaling refinement in flow.py, also exact, when they do not (long float-like scores).
"""

from __future__ import annotations

import decimal
import json
import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from kobling.matching.flow import max_flow_min_cost
from kobling.matching.instance import Id, InstanceError, MatchingInstance, load_instance, parse_instance

__all__ = ["InstanceError", "MatchingInstance", "MatchingResult", "load_instance", "parse_instance", "solve"]

# Wide enough that shifting a decimal's exponent or summing scores never rounds.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[decimal.Inexact]
)


@dataclass(frozen=True)
class MatchingResult:
    matches: list[tuple[Id, Id]]
    total_score: Decimal
    unmatched_mentees: list[Id]

    @property
    def matched(self) -> int:
        return len(self.matches)

    def to_json(self) -> str:
        """The answer as one line of JSON; the total is written exactly, never rounded."""
        return (
            f'{{"matches": {json.dumps([list(match) for match in self.matches])}, '
            f'"matched": {self.matched}, "total_score": {format_score(self.total_score)}, '
            f'"unmatched_mentees": {json.dumps(self.unmatched_mentees)}}}'
        )


def format_score(value: Decimal) -> str:
    """A JSON number for ``value`` in plain notation, with at least one decimal: 12.5, 3.0."""
    text = format(value, "f")
    if "." not in text:
        return text + ".0"
    text = text.rstrip("0")
    return text + "0" if text.endswith(".") else text


def solve(instance: MatchingInstance, *, cost_limit: int | None = None) -> MatchingResult:
    """Return a matching with the most matches and, among those, the highest total score.

    ``cost_limit`` lowers the largest cost handed to OR-Tools, so tests can drive small
    instances through the multi-level refinement that long scores need.
    """
    # Capacity beyond a person's number of allowed pairs changes nothing; capping keeps any
    # absurd capacity in the file from overflowing the solver's 64-bit flows.
    mentees, mentors = instance.pair_mentees, instance.pair_mentors
    mentee_caps = _capped(instance.mentee_capacities, mentees)
    mentor_caps = _capped(instance.mentor_capacities, mentors)
    # A pair whose mentee or mentor has capacity 0 can never be used: leave it out of the graph.
    usable = np.flatnonzero((mentee_caps[mentees] > 0) & (mentor_caps[mentors] > 0))
    scale, weights = _integer_scores([instance.scores[k] for k in usable.tolist()])
    used = _solve_flow(mentees[usable], mentors[usable], weights, mentee_caps, mentor_caps, cost_limit)
    total = sum((weights[k] for k in np.flatnonzero(used).tolist()), 0)
    chosen = usable[used]
    chosen = chosen[np.lexsort((mentors[chosen], mentees[chosen]))]
    mentee_ids, mentor_ids = instance.mentee_ids, instance.mentor_ids
    pairs = zip(mentees[chosen].tolist(), mentors[chosen].tolist(), strict=True)
    taken = np.zeros(len(mentee_ids), dtype=bool)
    taken[mentees[chosen]] = True
    return MatchingResult(
        matches=[(mentee_ids[i], mentor_ids[j]) for i, j in pairs],
        total_score=_EXACT.scaleb(Decimal(total), -scale),
        unmatched_mentees=[mentee_ids[i] for i in np.flatnonzero(~taken).tolist()],
    )


def _capped(capacities, people: np.ndarray) -> np.ndarray:
    degrees = np.bincount(people, minlength=len(capacities)).tolist()
    return np.asarray([min(c, d) for c, d in zip(capacities, degrees, strict=True)], dtype=np.int64)


def _integer_scores(scores: list) -> tuple[int, list[int]]:
    """Return k and the scores times 10**k, all exact integers (k = most decimal places)."""
    # as_integer_ratio is one C call per score; decimal denominators are all 2**a * 5**b, and
    # there are few distinct ones, so the factor for each is worked out once.
    ratios = [score.as_integer_ratio() for score in scores]
    denominators = {denominator for _, denominator in ratios}
    scale = max((_decimal_places(d) for d in denominators), default=0)
    factor = {d: 10**scale // d for d in denominators}
    return scale, [numerator * factor[denominator] for numerator, denominator in ratios]


def _decimal_places(denominator: int) -> int:
    twos = (denominator & -denominator).bit_length() - 1
    fives = 0
    rest = denominator >> twos
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        raise ValueError(f"{denominator} is not the denominator of a decimal")
    return max(twos, fives)


def _solve_flow(mentees, mentors, weights, mentee_caps, mentor_caps, cost_limit) -> np.ndarray:
    """Return, per pair, whether it is used in a lexicographically best matching."""
    if not weights:
        return np.zeros(0, dtype=bool)
    # Every maximum matching has the same number of pairs, so subtracting the smallest weight
    # from all, or dividing all by their common factor, changes every candidate's total alike:
    # the optimum is the same, and the smaller costs more often fit OR-Tools in one go.
    shifted = _minus_smallest(weights)
    common = (int(np.gcd.reduce(shifted)) if shifted.dtype == np.int64 else math.gcd(*shifted)) or 1
    reduced = shifted // common if common > 1 else shifted
    num_mentees, num_mentors = len(mentee_caps), len(mentor_caps)
    source, sink = num_mentees + num_mentors, num_mentees + num_mentors + 1
    tail = np.concatenate([mentees, np.full(num_mentees, source), np.arange(num_mentors) + num_mentees])
    head = np.concatenate([mentors + num_mentees, np.arange(num_mentees), np.full(num_mentors, sink)])
    capacity = np.concatenate([np.ones(len(weights), dtype=np.int64), mentee_caps, mentor_caps])
    cost = np.concatenate([-reduced, np.zeros(num_mentees + num_mentors, dtype=reduced.dtype)])
    flow = max_flow_min_cost(sink + 1, tail, head, capacity, cost, source, sink, cost_limit=cost_limit)
    return flow[: len(weights)] == 1


def _minus_smallest(weights: list[int]) -> np.ndarray:
    """``weights`` minus their minimum, as int64 where that fits."""
    low, high = min(weights), max(weights)
    if high - low >= 2**62:
        return np.array(weights, dtype=object) - low
    if high < 2**62:
        return np.fromiter(weights, np.int64, len(weights)) - low
    return np.fromiter((weight - low for weight in weights), np.int64, len(weights))
