"""Benchmark of `kobling solve-matching` against a best-first greedy baseline.

    python bench/bench_matching.py           # 200×100, 5,000×2,000 and 50,000×20,000
    python bench/bench_matching.py --quick   # 200×100 and 1,000×400, for CI

Instances are random but seeded, so every run solves the same ones. Capacities are 1–3 and
scores are full-precision floats as json.dumps writes them (e.g. 73.48217362818263): the
hardest case for an exact solver, since they do not fit 64-bit costs once scaled to integers.

For each instance it times the real command as a separate process (start-up, reading, solving
and printing included) with that process's peak memory, times parsing and solving inside this
process, and runs the greedy baseline: take pairs by descending score while both sides have
room. Nothing about time is asserted; the table is for people.
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
from pathlib import Path

from kobling.matching.engine import load_instance, solve

FULL = [(200, 100, 100), (5_000, 2_000, 100), (50_000, 20_000, 50)]  # mentees, mentors, pairs per mentee
QUICK = [(200, 100, 100), (1_000, 400, 100)]


@dataclass
class Row:
    size: str
    pairs: int
    process_s: float
    peak_mb: float
    parse_s: float
    solve_s: float
    matched: int
    total: float
    greedy_s: float
    greedy_matched: int
    greedy_total: float


def generate(num_mentees: int, num_mentors: int, per_mentee: int, seed: int) -> dict:
    rng = random.Random(seed)
    per_mentee = min(per_mentee, num_mentors)
    return {
        "mentees": [{"id": f"p{i}", "capacity": rng.randint(1, 3)} for i in range(num_mentees)],
        "mentors": [{"id": f"m{j}", "capacity": rng.randint(1, 3)} for j in range(num_mentors)],
        "pairs": [
            [f"p{i}", f"m{j}", rng.random() * 100]
            for i in range(num_mentees)
            for j in rng.sample(range(num_mentors), per_mentee)
        ],
    }


def run_command(path: Path) -> tuple[dict, float, float]:
    """Run the real command; return its answer, wall time and peak memory (MB)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "kobling", "solve-matching", str(path)], stdout=out)
        # wait4 gives this one child's resource usage, so each row's peak memory is its own.
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"solve-matching failed with status {child.returncode} on {path}")
        out.seek(0)
        return json.load(out), elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def greedy(instance: dict) -> tuple[int, float]:
    """Best-first: highest score first, taken whenever both sides still have room."""
    room = {("p", m["id"]): m.get("capacity", 1) for m in instance["mentees"]}
    room.update({("m", m["id"]): m.get("capacity", 1) for m in instance["mentors"]})
    matched, total = 0, 0.0
    for mentee, mentor, score in sorted(instance["pairs"], key=lambda pair: -pair[2]):
        if room[("p", mentee)] > 0 and room[("m", mentor)] > 0:
            room[("p", mentee)] -= 1
            room[("m", mentor)] -= 1
            matched, total = matched + 1, total + score
    return matched, total


def measure(num_mentees: int, num_mentors: int, per_mentee: int, seed: int, workdir: Path) -> Row:
    instance = generate(num_mentees, num_mentors, per_mentee, seed)
    document = json.dumps(instance)
    path = workdir / f"matching-{num_mentees}x{num_mentors}.json"
    path.write_text(document)

    answer, process_s, peak_mb = run_command(path)

    start = time.perf_counter()
    parsed = load_instance(document)
    parse_s = time.perf_counter() - start
    del document
    start = time.perf_counter()
    result = solve(parsed)
    solve_s = time.perf_counter() - start
    if result.matched != answer["matched"]:
        sys.exit("the command and the engine disagree")
    del parsed, result

    start = time.perf_counter()
    greedy_matched, greedy_total = greedy(instance)
    greedy_s = time.perf_counter() - start
    return Row(
        size=f"{num_mentees:,}×{num_mentors:,}",
        pairs=len(instance["pairs"]),
        process_s=process_s,
        peak_mb=peak_mb,
        parse_s=parse_s,
        solve_s=solve_s,
        matched=answer["matched"],
        total=answer["total_score"],
        greedy_s=greedy_s,
        greedy_matched=greedy_matched,
        greedy_total=greedy_total,
    )


COLUMNS = [
    ("instance", "size", "{}"),
    ("pairs", "pairs", "{:,}"),
    ("process s", "process_s", "{:.2f}"),
    ("peak MB", "peak_mb", "{:,.0f}"),
    ("parse s", "parse_s", "{:.2f}"),
    ("solve s", "solve_s", "{:.2f}"),
    ("matched", "matched", "{:,}"),
    ("total score", "total", "{:,.2f}"),
    ("greedy s", "greedy_s", "{:.2f}"),
    ("greedy matched", "greedy_matched", "{:,}"),
    ("greedy total", "greedy_total", "{:,.2f}"),
]


def print_table(rows: list[Row]) -> None:
    cells = [[fmt.format(getattr(row, attr)) for _, attr, fmt in COLUMNS] for row in rows]
    widths = [max(len(title), *(len(line[k]) for line in cells)) for k, (title, _, _) in enumerate(COLUMNS)]
    print("  ".join(title.rjust(width) for (title, _, _), width in zip(COLUMNS, widths, strict=True)))
    print("  ".join("-" * width for width in widths))
    for line in cells:
        print("  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)))
    print()
    for row in rows:
        print(
            f"{row.size}: optimal matching gains {row.matched - row.greedy_matched:+,} matches "
            f"({(row.matched / max(row.greedy_matched, 1) - 1) * 100:+.1f}%) and "
            f"{row.total - row.greedy_total:+,.2f} score over greedy"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only, for CI")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    python = sys.version.split()[0]
    print(f"kobling solve-matching benchmark (seed {args.seed}, {os.cpu_count()} cores, Python {python})")
    print("process = the whole `python -m kobling solve-matching FILE` run; parse/solve = in this process\n")
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for number, (num_mentees, num_mentors, per_mentee) in enumerate(sizes):
            rows.append(measure(num_mentees, num_mentors, per_mentee, args.seed + number, Path(workdir)))
    print_table(rows)


if __name__ == "__main__":
    main()
