"""Runs every benchmark in bench/ (`make bench`), or their reduced forms (`make bench-quick`, used by CI).

The full benchmarks run one at a time, so that each has the machine to itself and its figures mean
something. The reduced forms check that every benchmark still runs and what it asserts (no leaks,
no errors, the right answers); they run two at a time, one a core, and each one's output is printed
whole when it ends, in the order of their names.
"""

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK_AT_ONCE = 2
# Started first in the reduced run, so that no long one is left running alone at the end.
LONGEST = ("bench_web.py", "bench_access.py", "bench_recruitment.py")


def run(script: Path, quick: bool) -> tuple[int, str]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(script), *(["--quick"] if quick else [])],
        stdout=subprocess.PIPE if quick else None,
        stderr=subprocess.STDOUT if quick else None,
        text=True,
    )
    took = time.perf_counter() - started
    ended = f"=== {script.name}: exit {result.returncode} in {took:.1f} s ==="
    return result.returncode, f"{result.stdout or ''}{ended}"


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    scripts = sorted(HERE.glob("bench_*.py"))
    failures = 0
    started = time.perf_counter()
    if quick:
        with ThreadPoolExecutor(max_workers=QUICK_AT_ONCE) as pool:
            order = sorted(scripts, key=lambda s: s.name not in LONGEST)
            futures = {s: pool.submit(run, s, True) for s in order}
            for script in scripts:
                code, output = futures[script].result()
                print(f"\n=== {script.name} (quick) ===\n{output}", flush=True)
                failures += code != 0
    else:
        for script in scripts:
            print(f"\n=== {script.name} ===", flush=True)
            code, output = run(script, False)
            print(output, flush=True)
            failures += code != 0
    took = time.perf_counter() - started
    print(f"\n{len(scripts) - failures} of {len(scripts)} benchmarks exited 0 in {took:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
