"""Exact minimum-cost flow on integer costs of any size, built on OR-Tools.

OR-Tools' solver is exact but only takes costs that fit comfortably in 64 bits. Costs that do
not fit are solved by cost scaling: solve with the costs rounded to multiples of a unit ``D``,
compute node potentials that prove the rounded solution optimal, and use them to turn the
remaining error into a much smaller problem (a circulation on the residual graph, costs given
exactly) that is solved the same way, recursively. The arc-fixing rule (Goldberg & Tarjan)
keeps that problem small: an arc whose exact reduced cost exceeds (n - 1)·ε, when no residual
arc is below -ε, cannot carry a different flow in any optimal solution.
"""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow

INT64_MAX = 2**63 - 1
# OR-Tools multiplies costs by (nodes + 1) and lets potentials drift well below the largest
# scaled cost; this margin keeps it clear of its BAD_COST_RANGE check in all but freak cases,
# and the solver below retries with a smaller limit if it is hit anyway.
_HEADROOM = 64


class FlowError(RuntimeError):
    """The flow solver failed in a way that the input cannot explain (a bug, not bad data)."""


def default_cost_limit(num_nodes: int) -> int:
    """The largest cost magnitude handed to OR-Tools for a graph with ``num_nodes`` nodes."""
    return INT64_MAX // (2 * (num_nodes + 3) * _HEADROOM)


def max_flow_min_cost(
    num_nodes: int,
    tail: np.ndarray,
    head: np.ndarray,
    capacity: np.ndarray,
    cost: np.ndarray,
    source: int,
    sink: int,
    *,
    cost_limit: int | None = None,
) -> np.ndarray:
    """Return arc flows of a maximum source→sink flow whose cost is minimum among maximum flows.

    ``cost`` holds exact integers: an int64 array, or an object array of Python ints of any size.
    """
    return _solve(num_nodes, tail, head, capacity, cost, (source, sink), cost_limit)


def min_cost_circulation(
    num_nodes: int,
    tail: np.ndarray,
    head: np.ndarray,
    capacity: np.ndarray,
    cost: np.ndarray,
    *,
    cost_limit: int | None = None,
) -> np.ndarray:
    """Return arc flows of a minimum-cost circulation (every node balanced)."""
    return _solve(num_nodes, tail, head, capacity, cost, None, cost_limit)


def _solve(num_nodes, tail, head, capacity, cost, terminals, cost_limit) -> np.ndarray:
    if len(tail) == 0:
        return np.zeros(0, dtype=np.int64)
    limit = default_cost_limit(num_nodes) if cost_limit is None else cost_limit
    # Each refinement leaves costs up to about n/2 units, so the unit must be well above that
    # for the costs to shrink from one level to the next.
    floor = 8 * num_nodes
    largest = _max_abs(cost)
    while True:
        limit = max(limit, floor)
        try:
            if largest <= limit:
                return _ortools(num_nodes, tail, head, capacity, _to_int64(cost), terminals)
            unit = -(-largest // limit)  # ceil: rounded costs then stay within the limit
            coarse = _to_int64(_round_div(cost, unit))
            flow = _ortools(num_nodes, tail, head, capacity, coarse, terminals)
            return _refine(num_nodes, tail, head, capacity, cost, coarse, unit, flow, cost_limit)
        except _CostRangeError:
            if limit <= floor:
                raise FlowError("OR-Tools rejects costs even at the smallest limit") from None
            limit //= 1024


class _CostRangeError(Exception):
    pass


def _ortools(num_nodes, tail, head, capacity, cost, terminals) -> np.ndarray:
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(
        tail.astype(np.int32), head.astype(np.int32), capacity.astype(np.int64), cost
    )
    # Node supplies make OR-Tools aware of every node, including ones no arc touches.
    solver.set_node_supply(num_nodes - 1, 0)
    if terminals is None:
        status = solver.solve()
    else:
        source, sink = terminals
        solver.set_node_supply(source, int(capacity.sum()))
        solver.set_node_supply(sink, -int(capacity.sum()))
        status = solver.solve_max_flow_with_min_cost()
    if status == solver.BAD_COST_RANGE:
        raise _CostRangeError
    if status != solver.OPTIMAL:
        raise FlowError(f"OR-Tools min-cost flow ended with status {status.name}")
    return np.asarray(solver.flows(np.asarray(arcs, dtype=np.int32)), dtype=np.int64)


def _refine(num_nodes, tail, head, capacity, cost, coarse, unit, flow, cost_limit) -> np.ndarray:
    """Turn ``flow``, optimal for ``coarse`` = round(``cost`` / ``unit``), into one optimal for ``cost``.

    Why the result is exact: with potentials unit·p, where p certifies ``flow`` for ``coarse``,
    no residual arc has an exact reduced cost below -ε, with ε <= unit/2. An optimal flow f*
    differs from ``flow`` by a circulation of residual arcs that splits into simple cycles,
    each of cost <= 0 (or taking it out of f* would make f* cheaper). A cycle has at most n
    arcs, so an arc with reduced cost above (n - 1)·ε lies on none of them, and f* agrees
    with ``flow`` there. So the cheapest circulation over the other arcs, priced exactly (by
    reduced costs, whose potential terms cancel around any cycle), completes an optimal flow.
    """
    forward = np.flatnonzero(flow < capacity)
    backward = np.flatnonzero(flow > 0)
    r_arc = np.concatenate([forward, backward])
    r_sign = np.concatenate([np.ones(len(forward), np.int64), -np.ones(len(backward), np.int64)])
    r_tail = np.concatenate([tail[forward], head[backward]])
    r_head = np.concatenate([head[forward], tail[backward]])
    r_cap = np.concatenate([capacity[forward] - flow[forward], flow[backward]])
    r_coarse = coarse[r_arc] * r_sign
    potential = potentials(num_nodes, r_tail, r_head, r_coarse)
    reduced = r_coarse + potential[r_tail] - potential[r_head]
    if reduced.min(initial=0) < 0:
        raise FlowError("potentials do not certify the rounded solution")
    # The exact reduced cost is unit·reduced + r with |r| <= unit/2; arcs reduced by more than
    # about n/2 units are fixed by the rule below, so only the rest need exact arithmetic.
    near = np.flatnonzero(reduced <= num_nodes // 2 + 1)
    arcs = r_arc[near]
    exact = _as_object(cost[arcs]) - _as_object(coarse[arcs]) * unit
    exact = exact * r_sign[near] + _as_object(reduced[near]) * unit
    epsilon = max(0, -min(exact, default=0))
    if epsilon == 0:
        return flow  # the potentials prove this flow optimal for the exact costs too
    keep = np.flatnonzero(exact <= (num_nodes - 1) * epsilon)
    chosen = near[keep]
    nodes, local = np.unique(np.concatenate([r_tail[chosen], r_head[chosen]]), return_inverse=True)
    delta = min_cost_circulation(
        len(nodes),
        local[: len(chosen)],
        local[len(chosen) :],
        r_cap[chosen],
        exact[keep],
        cost_limit=cost_limit,
    )
    flow = flow.copy()
    np.add.at(flow, r_arc[chosen], delta * r_sign[chosen])
    return flow


def potentials(num_nodes: int, tail: np.ndarray, head: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Node potentials p with every reduced cost ``cost + p[tail] - p[head]`` >= 0.

    These are shortest-path distances from a virtual root joined to every node, so they exist
    exactly when the graph has no negative cycle, i.e. when the flow it came from was optimal.
    """
    distance = np.zeros(num_nodes, dtype=np.int64)
    if len(tail) == 0:
        return distance
    # Bellman-Ford, one vectorised pass per arc of the longest shortest path. On matching
    # graphs those paths are short (about 20 arcs on random instances of every size tried);
    # only chain-like instances need many passes, and OR-Tools is slow on those anyway.
    order = np.argsort(head, kind="stable")
    s_tail, s_cost = tail[order], cost[order]
    heads, starts = np.unique(head[order], return_index=True)
    for _ in range(num_nodes + 1):
        best = np.minimum.reduceat(distance[s_tail] + s_cost, starts)
        improved = best < distance[heads]
        if not improved.any():
            return distance
        distance[heads[improved]] = best[improved]
    raise FlowError("negative cycle: the flow handed to potentials() was not optimal")


def _max_abs(cost: np.ndarray) -> int:
    return max(abs(int(cost.max())), abs(int(cost.min()))) if len(cost) else 0


def _round_div(cost: np.ndarray, unit: int) -> np.ndarray:
    """cost / unit rounded to a nearest integer, so that |cost - unit * result| <= unit / 2."""
    return (_as_object(cost) + unit // 2) // unit


def _as_object(values: np.ndarray) -> np.ndarray:
    return values if values.dtype == object else values.astype(object)


def _to_int64(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.int64) if values.dtype != np.int64 else values
