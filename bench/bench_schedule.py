"""Benchmark `kobling solve-schedule` as a real process on seeded random events.

    python bench/bench_schedule.py           # Ta sjansen (15 x 50 x 10), recruitment day (50 x 300 x 10)
    python bench/bench_schedule.py --quick   # small events and short limits, for CI

For every event it prints the size, wall time, peak memory of the process, the objective (shortfall,
previous interviews kept, total wish weight) and whether optimality was proven. The re-plan rows take
a published schedule, make an employer late and a candidate a no-show from slot k on, lock the slots
before k and pass the published schedule as `previous`. Nothing is asserted: this measures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def make_event(
    seed: int,
    n_employers: int,
    n_candidates: int,
    slots: int,
    *,
    decimals: bool = False,
    patchy: bool = False,
) -> dict:
    """A random event shaped like a real one: popular employers, late arrivals, shared advisors.

    There are about as many tables as the candidates' minimums need, as organisers would plan, but
    wishes crowd the popular employers, so some candidates still fall short. `patchy` events are the
    hard kind: most candidates away for scattered slots and most of them sharing busy advisors.
    """
    rng = random.Random(seed)
    # Tables per employer, so that the tables cover the (on average three) interviews per candidate.
    mean_tables = 3 * n_candidates / (n_employers * slots)
    table_choices = [1, 2, 3] if mean_tables > 1.5 else [1, 2]

    def block() -> list[int]:
        # People arrive late or leave early, so their absences are a run at either end of the day.
        length = rng.randint(1, max(1, slots // 4))
        return list(range(length)) if rng.random() < 0.5 else list(range(slots - length, slots))

    employers = []
    for i in range(n_employers):
        emp: dict[str, Any] = {"id": f"e{i}", "tables": rng.choice(table_choices)}
        if rng.random() < 0.25:
            emp["unavailable"] = block()
        if rng.random() < 0.15:
            emp["max_interviews"] = rng.randint(slots // 2, emp["tables"] * slots)
        employers.append(emp)
    popularity = [rng.paretovariate(2.0) for _ in employers]
    candidates, wishes = [], []
    for i in range(n_candidates):
        least = rng.randint(2, 4)
        cand: dict[str, Any] = {
            "id": f"c{i}",
            "min_interviews": least,
            "max_interviews": least + rng.randint(0, 2),
        }
        if patchy and rng.random() < 0.6:
            cand["unavailable"] = sorted(rng.sample(range(slots), rng.randint(1, slots // 2)))
        elif rng.random() < 0.25:
            cand["unavailable"] = block()
        if rng.random() < (0.9 if patchy else 0.6):
            cand["advisor"] = f"a{rng.randrange(max(1, n_candidates // (5 if patchy else 4)))}"
            cand["accompanied"] = rng.random() < (0.8 if patchy else 0.5)
        candidates.append(cand)
        chosen: list[int] = []
        for _ in range(min(n_employers, rng.randint(3, 8))):
            e = rng.choices(range(n_employers), popularity)[0]
            if e not in chosen:
                chosen.append(e)
        for rank, e in enumerate(chosen):
            weight: Any = max(1, 5 - rank)
            if decimals:
                weight = Decimal(weight) - Decimal(rng.randrange(10)) / 10
            wishes.append([cand["id"], f"e{e}", weight])
    return {"slots": slots, "employers": employers, "candidates": candidates, "wishes": wishes}


def replan(event: dict, schedule: list[list[Any]], k: int, seed: int) -> tuple[dict, str, str]:
    """The event at slot k: an employer late for two slots, a candidate gone, the past locked."""
    rng = random.Random(seed)
    event = json.loads(json.dumps(event, default=float))
    slots = event["slots"]
    late_slots = set(range(k, min(k + 2, slots)))
    # Someone whose absence actually disturbs the published schedule.
    late_id = rng.choice(sorted({e for _, e, s in schedule if s in late_slots}))
    gone_id = rng.choice(sorted({c for c, _, s in schedule if s >= k}))
    for emp in event["employers"]:
        if emp["id"] == late_id:
            emp["unavailable"] = sorted(set(emp.get("unavailable", [])) | late_slots)
    past = [t for t in schedule if t[2] < k]
    busy = {(c, s) for c, _, s in past}
    for cand in event["candidates"]:
        away = set(cand.get("unavailable", []))
        if cand["id"] == gone_id:
            away |= set(range(k, slots))
            cand["min_interviews"] = 0
        # Nobody can be given a new interview in a slot that is over: only the locked ones remain there.
        away |= {s for s in range(k) if (cand["id"], s) not in busy}
        cand["unavailable"] = sorted(away)
    event["locked"] = past
    event["previous"] = schedule
    return event, late_id, gone_id


@dataclass
class Run:
    name: str
    size: str
    limit: float
    wall: float
    peak_mb: float
    answer: dict


def solve(name: str, event: dict, limit: float) -> Run:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "event.json"
        path.write_text(json.dumps(event, default=float))
        out = Path(tmp) / "out.json"
        err = Path(tmp) / "err.txt"
        command = [sys.executable, "-m", "kobling", "solve-schedule", "--time-limit", str(limit), str(path)]
        paths = [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
        with out.open("w") as stdout, err.open("w") as stderr:
            started = time.monotonic()
            process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env)
            # wait4 gives this child's own peak memory, not the maximum over all children so far.
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise SystemExit(f"{name}: exit {code}: {err.read_text().strip()}")
        answer = json.loads(out.read_text())
    size = f"{len(event['employers'])}x{len(event['candidates'])}x{event['slots']}"
    return Run(name, size, limit, wall, usage.ru_maxrss / 1024, answer)


def kept(event: dict, answer: dict) -> str:
    if not event.get("previous"):
        return "-"
    previous = {tuple(t) for t in event["previous"]}
    return f"{sum(1 for t in answer['interviews'] if tuple(t) in previous)}/{len(previous)}"


def row(run: Run, event: dict) -> str:
    a = run.answer
    weight = a["total_weight"]
    weight_text = f"{weight:g}" if isinstance(weight, float) else str(weight)
    return (
        f"{run.name:<31} {run.size:>10} {run.limit:>6g} {run.wall:>7.2f} {run.peak_mb:>8.0f} "
        f"{len(a['interviews']):>10} {a['shortfall']:>9} {kept(event, a):>9} {weight_text:>8} "
        f"{'yes' if a['optimal'] else 'no':>7}"
    )


HEADER = (
    f"{'event':<31} {'E x C x S':>10} {'limit':>6} {'wall s':>7} {'peak MB':>8} "
    f"{'interviews':>10} {'shortfall':>9} {'kept':>9} {'weight':>8} {'optimal':>7}"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small events and short limits (CI)")
    args = parser.parse_args()
    if args.quick:
        plans = [("small", 0, (6, 15, 6), 5.0, ""), ("medium", 1, (10, 40, 8), 5.0, "decimals")]
    else:
        plans = [
            ("Ta sjansen", 1, (15, 50, 10), 30.0, ""),
            ("Ta sjansen", 2, (15, 50, 10), 30.0, "decimals"),
            ("Ta sjansen", 3, (15, 50, 10), 30.0, "patchy"),
            ("recruitment day", 1, (50, 300, 10), 60.0, ""),
            ("recruitment day", 2, (50, 300, 10), 60.0, "decimals"),
            ("recruitment day", 3, (50, 300, 10), 60.0, "patchy"),
        ]
    print(HEADER)
    print("-" * len(HEADER))
    replanned = set()
    for name, seed, (n_e, n_c, slots), limit, kind in plans:
        event = make_event(seed, n_e, n_c, slots, decimals=kind == "decimals", patchy=kind == "patchy")
        label = f"{name} #{seed}" + (f" ({kind})" if kind else "")
        published = solve(label, event, limit)
        print(row(published, event), flush=True)
        if name in replanned:
            continue
        replanned.add(name)
        k = slots // 2
        changed, late, gone = replan(event, published.answer["interviews"], k, seed)
        again = solve(f"  re-plan: {late} late, {gone} gone", changed, limit)
        print(row(again, changed), flush=True)


if __name__ == "__main__":
    main()
