"""Runs every benchmark in bench/ (`make bench`), or their reduced forms (`make bench-quick`, used by CI)."""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failures = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name}{' (quick)' if quick else ''} ===", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script), *(["--quick"] if quick else [])])
        print(f"=== {script.name}: exit {result.returncode} in {time.perf_counter() - started:.1f} s ===")
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
