"""Benchmark of `kobling analyse-outcomes` on a large synthetic programme.

    python bench/bench_outcomes.py           # 100,000 people × 40 factors: must take < 10 s and < 2 GB
    python bench/bench_outcomes.py --quick   # 5,000 people × 40 factors, for CI

The people come from the tests' generator (tests/outcomes/generator.py: planted effects, null
factors, 20 % still participating), plus a 30-level `municipality`, written to a temporary CSV.
The real command runs as its own process; its wall time and peak memory (the child's maximum
resident set size) are the whole run: start-up, reading, statistics, the risk model and printing.
The file is written by another child process: on Linux a child's peak memory starts at its
parent's peak (the counter is copied at fork and kept across exec), so this process stays small.
The answer is then checked against what was planted, and the dropout risk against the would-be
outcomes of the participating people, which the file does not show.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FULL, QUICK = 100_000, 5_000
MAX_SECONDS, MAX_BYTES = 10.0, 2 * 1024**3


def write_people(people: int, seed: int, path: Path) -> None:
    """Write the CSV, and beside it what the file hides (run in a child process)."""
    import numpy as np

    sys.path.insert(0, str(REPO))
    from tests.outcomes.generator import generate

    rng = np.random.default_rng(seed)
    municipality = [f"m{k:02d}" for k in rng.zipf(1.6, people) % 30]
    # 5 planted and age, 12 flags, 12 numbers, 10 three-level groups and the municipality: 40 factors.
    data = generate(
        people,
        seed=seed,
        null_booleans=12,
        null_numerics=12,
        null_categoricals=10,
        extra={"municipality": municipality},
    )
    path.write_text(data.csv, encoding="utf-8")
    truth = {"would_drop_out": data.would_drop_out, "null_factors": [*data.null_factors, "municipality"]}
    path.with_suffix(".truth.json").write_text(json.dumps(truth))


def run_command(path: Path) -> tuple[dict, float, int]:
    """Run the real command: its answer, wall time and peak memory in bytes."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "kobling", "analyse-outcomes", str(path)], stdout=out)
        # wait4 gives this one child's resource usage (ru_maxrss in KiB on Linux).
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"analyse-outcomes failed with status {os.waitstatus_to_exitcode(status)}")
        out.seek(0)
        return json.load(out), elapsed, usage.ru_maxrss * 1024


def calibration(answer: dict, would_drop_out: dict[str, bool]) -> tuple[float, float]:
    """Mean predicted minus observed dropout, and the expected calibration error over tenths,
    on the participating people's would-be outcomes."""
    import numpy as np

    risk = np.array([person["risk"] for person in answer["dropout_risk"]])
    dropped = np.array([would_drop_out[person["id"]] for person in answer["dropout_risk"]])
    tenths = np.array_split(np.argsort(risk, kind="stable"), 10)
    error = sum(len(t) * abs(risk[t].mean() - dropped[t].mean()) for t in tenths) / len(risk)
    return float(risk.mean() - dropped.mean()), float(error)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 people, for CI")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # the child that writes the file
    args = parser.parse_args()
    people = QUICK if args.quick else FULL
    if args.write:
        write_people(people, args.seed, args.write)
        return 0
    python = sys.version.split()[0]
    print(f"kobling analyse-outcomes benchmark (seed {args.seed}, {os.cpu_count()} cores, Python {python})")
    with tempfile.TemporaryDirectory() as workdir:
        path = Path(workdir) / f"outcomes-{people}.csv"
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, *sys.argv[1:], "--write", str(path)], check=True)
        factors = len(path.open(encoding="utf-8").readline().split(",")) - 2
        print(
            f"generated {people:,} people × {factors} factors ({path.stat().st_size / 1e6:.1f} MB) "
            f"in {time.perf_counter() - started:.1f} s"
        )
        answer, seconds, peak = run_command(path)
        truth = json.loads(path.with_suffix(".truth.json").read_text())
    rows = answer["factors"] + answer["dropout_factors"]
    found = [row for row in rows if row["q"] is not None and row["q"] < 0.05]
    false = sum(row["factor"] in truth["null_factors"] for row in found)
    gap, error = calibration(answer, truth["would_drop_out"])
    print(
        f"whole process: {seconds:.2f} s, peak memory {peak / 2**20:,.0f} MB "
        f"(limits {MAX_SECONDS:.0f} s, {MAX_BYTES / 2**30:.0f} GB)"
    )
    print(
        f"answer: {answer['finished']:,} finished, {len(answer['factors'])} factor rows, "
        f"{len(found)} with q < 0.05 ({false} of them null factors), {len(answer['dropout_risk']):,} risks"
    )
    print(f"risk on held-out people: mean predicted - observed {gap:+.3f}, calibration error {error:.3f}")
    if seconds > MAX_SECONDS or peak > MAX_BYTES:
        print("OVER BUDGET")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
