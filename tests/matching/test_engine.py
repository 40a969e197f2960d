"""The matching engine finds the lexicographically best matching (most matches, then highest
total score), exactly, and refuses instances that are not valid.

Optimality is checked against references written here without OR-Tools or flow.py: brute
force over every subset of pairs, successive longest augmenting paths in exact rational
arithmetic, and the optimality conditions on the answer's residual graph (no augmenting path,
no cycle that gains score).
"""

import decimal
import itertools
import json
import random
from collections import Counter, deque
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kobling.matching import flow
from kobling.matching.engine import (
    InstanceError,
    MatchingInstance,
    MatchingResult,
    format_score,
    load_instance,
    parse_instance,
    solve,
)

# --- building instances ------------------------------------------------------------------

EXACT = decimal.Context(prec=10_000)  # Decimal's default 28 digits would round the sums below


def make(mentees, mentors, pairs) -> MatchingInstance:
    """``mentees``/``mentors``: {id: capacity}; ``pairs``: [(mentee, mentor, score)]."""
    return parse_instance(
        {
            "mentees": [{"id": i, "capacity": c} for i, c in mentees.items()],
            "mentors": [{"id": i, "capacity": c} for i, c in mentors.items()],
            "pairs": [list(pair) for pair in pairs],
        }
    )


def random_instance(rng: random.Random, people: int, max_pairs: int, score) -> MatchingInstance:
    num_mentees, num_mentors = rng.randint(1, people), rng.randint(1, people)
    possible = [(i, j) for i in range(num_mentees) for j in range(num_mentors)]
    chosen = rng.sample(possible, min(len(possible), rng.randint(0, max_pairs)))
    return make(
        {f"p{i}": rng.randint(0, 3) for i in range(num_mentees)},
        {f"m{j}": rng.randint(0, 3) for j in range(num_mentors)},
        [(f"p{i}", f"m{j}", score(rng)) for i, j in chosen],
    )


def mixed_score(rng: random.Random):
    """Integers, short decimals, float-like decimals and very long decimals, with many ties."""
    kind = rng.random()
    if kind < 0.25:
        return rng.randint(0, 4)
    if kind < 0.5:
        return EXACT.scaleb(Decimal(rng.randint(0, 10**6)), -rng.randint(0, 8))
    if kind < 0.75:
        return Decimal(repr(rng.random() * 100))
    return EXACT.scaleb(Decimal(rng.randint(0, 10**30)), -rng.randint(0, 40))


# --- independent references -----------------------------------------------------------------


def pairs_of(instance: MatchingInstance):
    return list(
        zip(instance.pair_mentees.tolist(), instance.pair_mentors.tolist(), instance.scores, strict=True)
    )


def brute_force(instance: MatchingInstance) -> tuple[int, Fraction]:
    """The best (matches, total) over every subset of the allowed pairs."""
    pairs = pairs_of(instance)
    best = (0, Fraction(0))
    for size in range(1, len(pairs) + 1):
        for subset in itertools.combinations(pairs, size):
            mentee_load = [0] * len(instance.mentee_ids)
            mentor_load = [0] * len(instance.mentor_ids)
            for i, j, _ in subset:
                mentee_load[i] += 1
                mentor_load[j] += 1
            fits = all(load <= cap for load, cap in zip(mentee_load, instance.mentee_capacities, strict=True))
            fits = fits and all(
                load <= cap for load, cap in zip(mentor_load, instance.mentor_capacities, strict=True)
            )
            if fits:
                best = max(best, (size, sum(Fraction(score) for _, _, score in subset)))
    return best


class _Network:
    """Source → mentees → mentors → sink, as a residual graph with exact rational weights."""

    def __init__(self, instance: MatchingInstance):
        self.num_mentees = len(instance.mentee_ids)
        self.source, self.sink = 0, self.num_mentees + len(instance.mentor_ids) + 1
        self.arcs: list[list] = []  # [head, residual capacity, weight, index of reverse arc]
        self.out: list[list[int]] = [[] for _ in range(self.sink + 1)]
        for i, cap in enumerate(instance.mentee_capacities):
            self._add(self.source, 1 + i, cap, Fraction(0))
        for j, cap in enumerate(instance.mentor_capacities):
            self._add(1 + self.num_mentees + j, self.sink, cap, Fraction(0))
        for i, j, score in pairs_of(instance):
            self._add(1 + i, 1 + self.num_mentees + j, 1, Fraction(score))

    def _add(self, tail, head, cap, weight):
        self.out[tail].append(len(self.arcs))
        self.arcs.append([head, cap, weight, len(self.arcs) + 1])
        self.out[head].append(len(self.arcs))
        self.arcs.append([tail, 0, -weight, len(self.arcs) - 1])

    def augment(self, path):
        for arc in path:
            self.arcs[arc][1] -= 1
            self.arcs[self.arcs[arc][3]][1] += 1


def maximum_matching_size(instance: MatchingInstance) -> int:
    """Edmonds–Karp max flow: breadth-first augmenting paths, weights ignored."""
    network, size = _Network(instance), 0
    while True:
        came_by = {network.source: None}
        queue = deque([network.source])
        while queue and network.sink not in came_by:
            node = queue.popleft()
            for arc in network.out[node]:
                head, cap = network.arcs[arc][:2]
                if cap > 0 and head not in came_by:
                    came_by[head] = arc
                    queue.append(head)
        if network.sink not in came_by:
            return size
        path, node = [], network.sink
        while came_by[node] is not None:
            path.append(came_by[node])
            node = network.arcs[network.arcs[came_by[node]][3]][0]
        network.augment(path)
        size += 1


def best_by_longest_paths(instance: MatchingInstance) -> tuple[int, Fraction]:
    """Successive longest augmenting paths (Bellman-Ford on rationals): after k augmentations
    the matching is the heaviest of size k, and it stops at the maximum size."""
    network, size, total = _Network(instance), 0, Fraction(0)
    while True:
        best = {network.source: Fraction(0)}
        came_by = {network.source: None}
        for _ in range(network.sink + 1):
            changed = False
            for node in list(best):
                for arc in network.out[node]:
                    head, cap, weight, _ = network.arcs[arc]
                    if cap > 0 and (head not in best or best[node] + weight > best[head]):
                        best[head], came_by[head], changed = best[node] + weight, arc, True
            if not changed:
                break
        if network.sink not in best:
            return size, total
        path, node = [], network.sink
        while came_by[node] is not None:
            path.append(came_by[node])
            node = network.arcs[network.arcs[came_by[node]][3]][0]
        network.augment(path)
        size, total = size + 1, total + best[network.sink]


def assert_certified_optimal(instance: MatchingInstance, result: MatchingResult) -> None:
    """Check the textbook optimality conditions on the residual graph of the answer: no
    augmenting path (so no matching is larger), and no cycle that gains score (Bellman-Ford on
    exact integer weights settles, so no matching of the same size scores higher)."""
    mentee_at = {m: k for k, m in enumerate(instance.mentee_ids)}
    mentor_at = {m: k for k, m in enumerate(instance.mentor_ids)}
    chosen = {(mentee_at[p], mentor_at[m]) for p, m in result.matches}
    scale = max([0] + [-Decimal(score).as_tuple().exponent for score in instance.scores])
    arcs = []  # (tail, head, score gained by pushing one unit along it)
    for i, j, score in pairs_of(instance):
        weight = int(Fraction(score) * 10**scale)  # exact: no score has more than `scale` decimals
        arcs.append((("m", j), ("p", i), -weight) if (i, j) in chosen else (("p", i), ("m", j), weight))
    for side, capacities, load in (
        ("p", instance.mentee_capacities, Counter(i for i, _ in chosen)),
        ("m", instance.mentor_capacities, Counter(j for _, j in chosen)),
    ):
        end = "source" if side == "p" else "sink"
        for k, capacity in enumerate(capacities):
            if load[k] < capacity:
                arcs.append((end, (side, k), 0) if side == "p" else ((side, k), end, 0))
            if load[k] > 0:
                arcs.append(((side, k), end, 0) if side == "p" else (end, (side, k), 0))
    leaving = {}
    for tail, head, _ in arcs:
        leaving.setdefault(tail, []).append(head)
    reachable, frontier = {"source"}, ["source"]
    while frontier:
        for head in leaving.get(frontier.pop(), []):
            if head not in reachable:
                reachable.add(head)
                frontier.append(head)
    assert "sink" not in reachable, "an augmenting path exists: the matching is not maximum"
    gain = Counter()  # longest gains from a virtual root joined to every node at 0
    for _ in range(len(instance.mentee_ids) + len(instance.mentor_ids) + 3):
        changed = False
        for tail, head, weight in arcs:
            if gain[tail] + weight > gain[head]:
                gain[head], changed = gain[tail] + weight, True
        if not changed:
            return
    raise AssertionError("a residual cycle gains score: a better matching of the same size exists")


def assert_valid(instance: MatchingInstance, result: MatchingResult) -> None:
    """Only listed pairs, each at most once, capacities kept, and the figures add up."""
    mentee_at = {m: k for k, m in enumerate(instance.mentee_ids)}
    mentor_at = {m: k for k, m in enumerate(instance.mentor_ids)}
    score_of = {(i, j): score for i, j, score in pairs_of(instance)}
    chosen = [(mentee_at[p], mentor_at[m]) for p, m in result.matches]
    assert set(chosen) <= set(score_of)
    assert len(set(chosen)) == len(chosen)
    for k, cap in enumerate(instance.mentee_capacities):
        assert sum(1 for i, _ in chosen if i == k) <= cap
    for k, cap in enumerate(instance.mentor_capacities):
        assert sum(1 for _, j in chosen if j == k) <= cap
    assert result.matched == len(result.matches)
    assert Fraction(result.total_score) == sum((Fraction(score_of[pair]) for pair in chosen), Fraction(0))
    matched = {p for p, _ in result.matches}
    assert result.unmatched_mentees == [m for m in instance.mentee_ids if m not in matched]


def value(result: MatchingResult) -> tuple[int, Fraction]:
    return result.matched, Fraction(result.total_score)


# --- what a matching is ----------------------------------------------------------------------


def test_a_single_allowed_pair_is_matched():
    result = solve(make({"p1": 1}, {"m1": 1}, [("p1", "m1", 73.5)]))
    assert result.matches == [("p1", "m1")]
    assert result.total_score == Decimal("73.5")
    assert result.unmatched_mentees == []


def test_capacity_defaults_to_one():
    instance = load_instance(
        '{"mentees": [{"id": "p1"}, {"id": "p2"}], "mentors": [{"id": "m1"}], '
        '"pairs": [["p1", "m1", 5], ["p2", "m1", 4]]}'
    )
    assert instance.mentee_capacities == [1, 1] and instance.mentor_capacities == [1]
    assert solve(instance).matches == [("p1", "m1")]


def test_only_listed_pairs_are_ever_matched():
    result = solve(make({"p1": 1, "p2": 1}, {"m1": 1, "m2": 1}, [("p1", "m1", 1), ("p2", "m1", 9)]))
    assert result.matches == [("p2", "m1")]
    assert result.unmatched_mentees == ["p1"]


def test_one_more_match_beats_any_amount_of_score():
    # The single best pair scores 1000; taking it leaves room for nothing else.
    instance = make(
        {"p1": 1, "p2": 1}, {"m1": 1, "m2": 1}, [("p1", "m1", 1000), ("p1", "m2", 0), ("p2", "m1", 0)]
    )
    result = solve(instance)
    assert result.matches == [("p1", "m2"), ("p2", "m1")]
    assert result.total_score == 0


def test_among_maximum_matchings_the_highest_total_wins():
    instance = make(
        {"p1": 1, "p2": 1},
        {"m1": 1, "m2": 1},
        [("p1", "m1", 10), ("p1", "m2", 8), ("p2", "m1", 9), ("p2", "m2", 1)],
    )
    result = solve(instance)
    assert result.matches == [("p1", "m2"), ("p2", "m1")]
    assert result.total_score == 17


def test_a_mentee_with_capacity_two_gets_two_different_mentors():
    result = solve(make({"p1": 2}, {"m1": 5, "m2": 5}, [("p1", "m1", 1), ("p1", "m2", 2)]))
    assert result.matches == [("p1", "m1"), ("p1", "m2")]


def test_a_pair_is_used_at_most_once_even_when_both_sides_have_room():
    result = solve(make({"p1": 3}, {"m1": 3}, [("p1", "m1", 5)]))
    assert result.matches == [("p1", "m1")] and result.matched == 1


def test_a_person_with_capacity_zero_is_never_matched():
    result = solve(
        make({"p1": 0, "p2": 1}, {"m1": 1, "m2": 0}, [("p1", "m1", 9), ("p2", "m2", 9), ("p2", "m1", 1)])
    )
    assert result.matches == [("p2", "m1")]
    assert result.unmatched_mentees == ["p1"]


def test_integer_ids_are_echoed_back_as_integers():
    result = solve(make({7: 1, 3: 1}, {7: 1}, [(3, 7, 2), (7, 7, 1)]))
    assert result.matches == [(3, 7)]
    assert result.unmatched_mentees == [7]
    assert json.loads(result.to_json())["matches"] == [[3, 7]]


def test_matches_come_in_input_order_of_mentees_then_mentors_every_time():
    instance = make(
        {"b": 2, "a": 2}, {"y": 2, "x": 2}, [("a", "x", 1), ("b", "x", 1), ("a", "y", 1), ("b", "y", 1)]
    )
    first = solve(instance)
    assert first.matches == [("b", "y"), ("b", "x"), ("a", "y"), ("a", "x")]
    assert solve(instance).to_json() == first.to_json()


def test_an_empty_instance_has_an_empty_answer():
    result = solve(make({}, {}, []))
    assert json.loads(result.to_json()) == {
        "matches": [],
        "matched": 0,
        "total_score": 0.0,
        "unmatched_mentees": [],
    }


def test_the_answer_is_the_json_the_command_prints():
    result = solve(make({"p1": 1, "p9": 1}, {"m1": 2}, [("p1", "m1", Decimal("90210.5"))]))
    assert result.to_json() == (
        '{"matches": [["p1", "m1"]], "matched": 1, "total_score": 90210.5, "unmatched_mentees": ["p9"]}'
    )


# --- exact scores ------------------------------------------------------------------------


def test_decimal_scores_add_up_exactly_where_floats_would_not():
    result = solve(make({"p1": 1, "p2": 1}, {"m1": 1, "m2": 1}, [("p1", "m1", 0.1), ("p2", "m2", 0.2)]))
    assert result.total_score == Decimal("0.3")
    assert format_score(result.total_score) == "0.3"


def test_a_tie_in_decimals_is_a_tie_not_a_float_rounding_accident():
    # 0.1 + 0.2 and 0.3 + 0 are the same decimal total, so both matchings are optimal.
    pairs = [("p1", "m1", 0.1), ("p2", "m2", 0.2), ("p1", "m2", 0.3), ("p2", "m1", 0)]
    result = solve(make({"p1": 1, "p2": 1}, {"m1": 1, "m2": 1}, pairs))
    assert (result.matched, result.total_score) == (2, Decimal("0.3"))


def test_scores_that_differ_in_the_sixth_decimal_are_told_apart():
    pairs = [("p1", "m1", "0.500001"), ("p2", "m2", "0.5"), ("p1", "m2", "0.5"), ("p2", "m1", "0.5")]
    result = solve(make({"p1": 1, "p2": 1}, {"m1": 1, "m2": 1}, [(p, m, Decimal(s)) for p, m, s in pairs]))
    assert result.matches == [("p1", "m1"), ("p2", "m2")]
    assert result.total_score == Decimal("1.000001")


@pytest.mark.parametrize("tiny", ["1e-20", "1e-40", "5e-324"])
def test_a_difference_far_below_float_precision_still_decides(tiny):
    # 70.1 + 30 beats 100.1 + 0 by exactly `tiny`: invisible to doubles, not to the engine.
    big = EXACT.add(Decimal("70.1"), Decimal(tiny))
    pairs = [("p1", "m1", big), ("p2", "m2", Decimal(30)), ("p1", "m2", Decimal("100.1")), ("p2", "m1", 0)]
    result = solve(make({"p1": 1, "p2": 1}, {"m1": 1, "m2": 1}, pairs))
    assert result.matches == [("p1", "m1"), ("p2", "m2")]
    assert result.total_score == EXACT.add(Decimal("100.1"), Decimal(tiny))


def test_huge_and_tiny_scores_together_are_still_exact():
    pairs = [("p1", "m1", Decimal("1e300")), ("p2", "m2", Decimal("1e-300")), ("p2", "m1", Decimal("2e-300"))]
    result = solve(make({"p1": 1, "p2": 1}, {"m1": 1, "m2": 1}, pairs))
    assert result.matches == [("p1", "m1"), ("p2", "m2")]
    assert result.total_score == EXACT.add(Decimal("1e300"), Decimal("1e-300"))


def test_float_scores_given_in_python_count_as_the_decimal_json_would_write():
    instance = make({"p1": 1}, {"m1": 1}, [("p1", "m1", 0.1)])
    assert instance.scores == [Decimal("0.1")]


@pytest.mark.parametrize(
    ("total", "written"),
    [("90210.5", "90210.5"), ("3", "3.0"), ("0.300", "0.3"), ("1E+2", "100.0"), ("1E-7", "0.0000001")],
)
def test_the_total_is_written_exactly_in_plain_notation(total, written):
    assert format_score(Decimal(total)) == written


# --- optimality against the references -------------------------------------------------------


def test_agrees_with_brute_force_on_hundreds_of_small_random_instances():
    rng = random.Random(20240611)
    for _ in range(300):
        instance = random_instance(rng, people=4, max_pairs=9, score=mixed_score)
        result = solve(instance)
        assert_valid(instance, result)
        assert value(result) == brute_force(instance)


@pytest.mark.parametrize("cost_limit", [1, 1000, 10**9])
def test_the_exact_refinement_agrees_with_brute_force_however_many_levels_it_takes(cost_limit):
    # A tiny cost limit pushes every instance through several levels of rounding and repair.
    rng = random.Random(cost_limit)
    for _ in range(120):
        instance = random_instance(rng, people=4, max_pairs=9, score=mixed_score)
        assert value(solve(instance, cost_limit=cost_limit)) == brute_force(instance)


@pytest.mark.parametrize("cost_limit", [None, 1])
def test_agrees_with_longest_augmenting_paths_on_larger_random_instances(cost_limit):
    rng = random.Random(7 if cost_limit is None else 8)
    for _ in range(12):
        instance = random_instance(rng, people=14, max_pairs=70, score=mixed_score)
        result = solve(instance, cost_limit=cost_limit)
        assert_valid(instance, result)
        assert value(result) == best_by_longest_paths(instance)


@pytest.mark.parametrize("decimals", [2, None], ids=["two-decimal scores", "full float scores"])
def test_a_few_hundred_people_get_a_certified_optimal_matching(decimals):
    rng = random.Random(99)

    def score() -> Decimal:
        value = rng.random() * 100
        return Decimal(repr(value if decimals is None else round(value, decimals)))

    mentors = {f"m{j}": rng.randint(1, 3) for j in range(120)}
    pairs = [(f"p{i}", f"m{j}", score()) for i in range(300) for j in rng.sample(range(120), 20)]
    instance = make({f"p{i}": rng.randint(1, 3) for i in range(300)}, mentors, pairs)
    result = solve(instance)
    assert_valid(instance, result)
    assert_certified_optimal(instance, result)


def test_the_certificate_check_catches_a_matching_that_is_not_optimal():
    instance = make(
        {"p1": 1, "p2": 1},
        {"m1": 1, "m2": 1},
        [("p1", "m1", 5), ("p1", "m2", 4), ("p2", "m1", 3), ("p2", "m2", 1)],
    )
    assert_certified_optimal(instance, MatchingResult([("p1", "m2"), ("p2", "m1")], Decimal(7), []))
    with pytest.raises(AssertionError, match="gains score"):
        assert_certified_optimal(instance, MatchingResult([("p1", "m1"), ("p2", "m2")], Decimal(6), []))
    with pytest.raises(AssertionError, match="augmenting path"):
        assert_certified_optimal(instance, MatchingResult([("p1", "m1")], Decimal(5), ["p2"]))


def test_the_references_agree_with_each_other():
    rng = random.Random(3)
    for _ in range(60):
        instance = random_instance(rng, people=4, max_pairs=8, score=mixed_score)
        assert best_by_longest_paths(instance) == brute_force(instance)
        assert maximum_matching_size(instance) == brute_force(instance)[0]


scores = st.one_of(
    st.integers(0, 6),
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=1, places=7),
    st.decimals(min_value=0, max_value=10**6, places=30),
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
)


@st.composite
def instances(draw) -> MatchingInstance:
    num_mentees, num_mentors = draw(st.integers(0, 6)), draw(st.integers(0, 6))
    possible = [(i, j) for i in range(num_mentees) for j in range(num_mentors)]
    chosen = draw(st.lists(st.sampled_from(possible), unique=True, max_size=16)) if possible else []
    return make(
        {f"p{i}": draw(st.integers(0, 3)) for i in range(num_mentees)},
        {f"m{j}": draw(st.integers(0, 3)) for j in range(num_mentors)},
        [(f"p{i}", f"m{j}", draw(scores)) for i, j in chosen],
    )


@settings(max_examples=200, deadline=None)
@given(instance=instances(), cost_limit=st.sampled_from([None, 1]))
def test_every_answer_is_valid_maximum_and_heaviest(instance, cost_limit):
    result = solve(instance, cost_limit=cost_limit)
    assert_valid(instance, result)
    assert result.matched == maximum_matching_size(instance)
    assert value(result) == best_by_longest_paths(instance)


# --- the flow layer on its own -------------------------------------------------------------


def test_a_circulation_follows_a_negative_cycle_and_nothing_else():
    import numpy as np

    tail, head = np.array([0, 1, 2, 2]), np.array([1, 2, 0, 3])
    capacity = np.array([2, 2, 2, 5])
    cost = np.array([-(10**40), 5, 7, -1], dtype=object)  # cycle 0→1→2→0 is negative; 2→3 leads nowhere
    assert flow.min_cost_circulation(4, tail, head, capacity, cost, cost_limit=100).tolist() == [2, 2, 2, 0]


def test_when_or_tools_refuses_large_costs_they_are_scaled_down_and_still_solved_exactly(monkeypatch):
    import numpy as np

    real = flow._ortools

    def refuse_costs_above_a_thousand(num_nodes, tail, head, capacity, cost, terminals):
        if len(cost) and np.abs(cost).max() > 1000:
            raise flow._CostRangeError
        return real(num_nodes, tail, head, capacity, cost, terminals)

    monkeypatch.setattr(flow, "_ortools", refuse_costs_above_a_thousand)
    rng = random.Random(4)
    for _ in range(40):
        instance = random_instance(rng, people=4, max_pairs=8, score=lambda r: r.randint(0, 10**6))
        assert value(solve(instance)) == brute_force(instance)


def test_potentials_make_every_reduced_cost_non_negative():
    import numpy as np

    tail, head, cost = np.array([0, 1, 2, 0]), np.array([1, 2, 3, 3]), np.array([-4, 3, -2, -5])
    p = flow.potentials(4, tail, head, cost)
    assert (cost + p[tail] - p[head]).min() >= 0


# --- refusing bad instances ----------------------------------------------------------------

GOOD = {"mentees": [{"id": "p1"}], "mentors": [{"id": "m1"}], "pairs": [["p1", "m1", 1]]}


def variant(**changes):
    return json.dumps({**GOOD, **changes})


BAD_DOCUMENTS = {
    "malformed JSON": ('{"mentees": [', "malformed JSON"),
    "empty document": ("", "malformed JSON"),
    "top level is a list": ("[]", "JSON object"),
    "no mentees": ('{"mentors": [], "pairs": []}', '"mentees"'),
    "pairs is not a list": (variant(pairs={}), '"pairs" must be a list'),
    "a mentee is not an object": (variant(mentees=["p1"]), "mentees[0]"),
    "a mentee has no id": (variant(mentees=[{"capacity": 1}]), 'mentees[0] has no "id"'),
    "an id is a boolean": (variant(mentees=[{"id": True}]), "mentees[0].id"),
    "an id is a float": (variant(mentors=[{"id": 1.5}]), "mentors[0].id"),
    "duplicate mentee ids": (variant(mentees=[{"id": "p1"}, {"id": "p1"}]), "mentees[1] repeats the id"),
    "duplicate mentor ids": (variant(mentors=[{"id": "m1"}, {"id": "m1"}]), "mentors[1] repeats the id"),
    "negative capacity": (variant(mentors=[{"id": "m1", "capacity": -1}]), "mentors[0].capacity"),
    "fractional capacity": (variant(mentees=[{"id": "p1", "capacity": 1.5}]), "mentees[0].capacity"),
    "string capacity": (variant(mentees=[{"id": "p1", "capacity": "2"}]), "mentees[0].capacity"),
    "boolean capacity": (variant(mentees=[{"id": "p1", "capacity": True}]), "mentees[0].capacity"),
    "a pair is not a list": (variant(pairs=[{"p1": "m1"}]), "pairs[0] must be a list"),
    "a pair has two elements": (variant(pairs=[["p1", "m1"]]), "pairs[0] must be a list"),
    "a pair has four elements": (variant(pairs=[["p1", "m1", 1, 2]]), "pairs[0] must be a list"),
    "unknown mentee": (variant(pairs=[["p2", "m1", 1]]), 'unknown mentee id "p2"'),
    "unknown mentor": (variant(pairs=[["p1", "m2", 1]]), 'unknown mentor id "m2"'),
    "id of the wrong type": (variant(pairs=[["p1", ["m1"], 1]]), "pairs[0][1]"),
    "true standing in for the id 1": (
        '{"mentees": [{"id": 1}], "mentors": [{"id": 1}], "pairs": [[true, 1, 1]]}',
        "pairs[0][0]",
    ),
    "1.0 standing in for the id 1": (
        '{"mentees": [{"id": 1}], "mentors": [{"id": 1}], "pairs": [[1, 1.0, 1]]}',
        "pairs[0][1]",
    ),
    "a string standing in for the id 1": (
        '{"mentees": [{"id": 1}], "mentors": [{"id": 1}], "pairs": [["1", 1, 1]]}',
        'unknown mentee id "1"',
    ),
    "duplicate pair": (variant(pairs=[["p1", "m1", 1], ["p1", "m1", 2]]), "pairs[1] repeats the pair"),
    "NaN score": ('{"mentees": [{"id": 1}], "mentors": [{"id": 1}], "pairs": [[1, 1, NaN]]}', "NaN"),
    "Infinity score": (
        '{"mentees": [{"id": 1}], "mentors": [{"id": 1}], "pairs": [[1, 1, Infinity]]}',
        "finite",
    ),
    "-Infinity score": (
        '{"mentees": [{"id": 1}], "mentors": [{"id": 1}], "pairs": [[1, 1, -Infinity]]}',
        "finite",
    ),
    "score beyond a double": (variant(pairs=[["p1", "m1", 1]]).replace("1]]", "1e400]]"), "finite"),
    "negative score": (variant(pairs=[["p1", "m1", -0.5]]), "pairs[0]: the score must be"),
    "string score": (variant(pairs=[["p1", "m1", "5"]]), "pairs[0]: the score must be"),
    "boolean score": (variant(pairs=[["p1", "m1", True]]), "pairs[0]: the score must be"),
    "null score": (variant(pairs=[["p1", "m1", None]]), "pairs[0]: the score must be"),
}


@pytest.mark.parametrize("case", BAD_DOCUMENTS, ids=str)
def test_a_bad_instance_is_refused_with_a_one_line_message(case):
    document, expected = BAD_DOCUMENTS[case]
    with pytest.raises(InstanceError) as refused:
        load_instance(document)
    message = str(refused.value)
    assert expected in message
    assert "\n" not in message


def test_an_id_with_a_newline_still_gives_a_one_line_message():
    with pytest.raises(InstanceError) as refused:
        load_instance(variant(pairs=[["p\n1", "m1", 1]]))
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "document",
    [
        variant(mentees=[{"id": "p1", "capacity": 2.0}]),  # the same JSON number as 2
        variant(mentees=[{"id": "x"}], mentors=[{"id": "x"}], pairs=[["x", "x", 1]]),  # separate id spaces
        variant(pairs=[["p1", "m1", -0.0]]),  # minus zero is zero
        variant(extra="ignored"),
        '\ufeff{"mentees": [], "mentors": [], "pairs": []}',
    ],
    ids=["capacity 2.0", "a mentee and a mentor share an id", "score -0.0", "extra keys", "byte-order mark"],
)
def test_unusual_but_valid_instances_are_accepted(document):
    load_instance(document.encode())
