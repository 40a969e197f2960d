"""The access audit: the central permission matrix and the form fuzz, outside pytest.

    python bench/bench_access.py           # PostgreSQL (a fresh test_kobling_bench_access), full fuzz
    python bench/bench_access.py --quick   # SQLite (a fresh test database), reduced fuzz, no matrix

It builds the two-organisation world of tests/security/world.py in a fresh database, asks every route
(tests/security/matrix.py) with GET and POST as every persona, then posts hostile values into every field
of every form, and puts them in the query of every filter and search form, as a persona allowed to use
it (tests/security/fuzz.py): up to 200 requests a form in the full run, 1 in the quick one. Every
request is rolled back afterwards, so each sees the same world.

It prints the number of requests, leaks and 5xx answers. A leak is a persona getting through where the
matrix says 404, or a page showing a secret the persona may not read. It exits non-zero when there is a
leak or a 5xx (the matrix's other disagreements, a persona refused where the matrix lets it in, are
printed and counted but are the tests' business). Nothing about time is asserted.
"""

import argparse
import contextlib
import io
import logging
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/kobling_bench_access"
FULL_BUDGET, QUICK_BUDGET = 200, 1


def configure(quick: bool) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "kobling.settings",
            "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver",
            "SECURE_COOKIES": "0",
            "SECURE_SSL_REDIRECT": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "CRITICAL",
        }
    )
    os.environ.pop("REDIS_URL", None)
    if quick:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.gettempdir()}/kobling-bench-access.sqlite3"
    else:
        os.environ["DATABASE_URL"] = PG_URL
    import django

    django.setup()
    # Without collectstatic, WhiteNoise says it has no directory to serve; the audit needs none.
    warnings.filterwarnings("ignore", message="No directory at")


class Tally:
    def __init__(self):
        self.requests = 0
        self.leaks: list[str] = []
        self.errors: list[str] = []
        self.refused: list[str] = []

    def note(self, answer, expected=None) -> None:
        from tests.security.probe import ERROR, THROUGH

        self.requests += 1
        where = f"{answer.persona} {answer.method} {answer.name}"
        if answer.outcome == ERROR or answer.status >= 500:
            self.errors.append(f"{where}: HTTP {answer.status} {answer.error}")
        if answer.leaks:
            self.leaks.append(f"{where}: shows {answer.leaks}")
        if expected is not None and answer.outcome not in expected:
            if answer.outcome == THROUGH:
                self.leaks.append(f"{where}: got through (HTTP {answer.status}), expected {sorted(expected)}")
            elif answer.outcome != ERROR:
                self.refused.append(f"{where}: HTTP {answer.status}, expected {sorted(expected)}")


def run_matrix(world, clients, tally: Tally) -> None:
    from tests.security.matrix import MATRIX, expected
    from tests.security.probe import METHODS, ask
    from tests.security.world import PERSONAS, rolled_back

    for name in sorted(MATRIX):
        for method in METHODS:
            for persona in PERSONAS:
                with rolled_back():
                    answer = ask(
                        clients[persona], world, name, method, persona, data=world.post_data.get(name)
                    )
                tally.note(answer, expected(MATRIX[name], method, persona))


def run_fuzz(world, clients, tally: Tally, budget: int) -> str:
    from tests.security.fuzz import hostile_values, requests_for, rng_for, targets
    from tests.security.probe import ask
    from tests.security.world import rolled_back

    found = targets(world, clients)
    values = hostile_values(world)
    for target in found:
        # A page without a form gets fewer: it reads at most a few names from its query.
        size = budget if target.fields or target.method == "POST" else min(budget, 40)
        bodies = requests_for(target, values, size, rng_for(target))
        client = clients[target.persona]
        for body in bodies:
            with rolled_back():
                answer = ask(
                    client, world, target.name, target.method, target.persona, data=body, url=target.url
                )
            tally.note(answer)
    posts = sum(t.method == "POST" for t in found)
    forms = sum(t.method == "GET" and bool(t.fields) for t in found)
    pages = len(found) - posts - forms
    return f"{posts} POST routes, {forms} filter or search forms and the query of {pages} pages"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="SQLite and a reduced fuzz, no matrix (for CI, whose suites run it)",
    )
    args = parser.parse_args()
    configure(args.quick)

    import time_machine
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment
    from tests.security.probe import client_for
    from tests.security.world import NOW, PERSONAS, build_world, isolated_world, quiet_logs

    setup_test_environment()
    with contextlib.redirect_stdout(io.StringIO()):  # migrations that print what they make
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    engine = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    tally = Tally()
    try:
        with (
            tempfile.TemporaryDirectory() as media,
            time_machine.travel(NOW, tick=False),
            isolated_world(media),
            quiet_logs(logging.CRITICAL),
        ):
            started = time.perf_counter()
            world = build_world()
            clients = {persona: client_for(world, persona) for persona in PERSONAS}
            built = time.perf_counter() - started
            if not args.quick:  # CI's suites run the matrix on both databases already (tests/security)
                run_matrix(world, clients, tally)
            matrix_requests = tally.requests
            matrix_time = time.perf_counter() - started - built
            forms = run_fuzz(world, clients, tally, QUICK_BUDGET if args.quick else FULL_BUDGET)
            fuzz_time = time.perf_counter() - started - built - matrix_time
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    report(args, engine, tally, matrix_requests, forms, (built, matrix_time, fuzz_time))
    return 1 if tally.leaks or tally.errors else 0


def report(args, engine: str, tally: Tally, matrix_requests: int, forms: int, times) -> None:
    built, matrix_time, fuzz_time = times
    print(f"Kobling access audit ({'quick' if args.quick else 'full'}): {engine}, fresh test database")
    print(f"world built in {built:.1f} s")
    print(f"matrix: {matrix_requests} requests in {matrix_time:.1f} s")
    print(f"fuzz: {tally.requests - matrix_requests} requests into {forms} in {fuzz_time:.1f} s")
    print(f"requests: {tally.requests}")
    print(f"leaks: {len(tally.leaks)}")
    print(f"5xx: {len(tally.errors)}")
    print(f"refused where the matrix lets in: {len(tally.refused)}")
    for title, lines in (("leak", tally.leaks), ("5xx", tally.errors), ("refused", tally.refused)):
        for line in lines[:40]:
            print(f"  {title}: {line[:400]}")
        if len(lines) > 40:
            print(f"  ... and {len(lines) - 40} more")


if __name__ == "__main__":
    sys.exit(main())
