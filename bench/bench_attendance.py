"""Attendance-screen benchmark: one cohort of 30 people with three months of daily marks.

    python bench/bench_attendance.py           # PostgreSQL database kobling_bench_att (created if missing)
    python bench/bench_attendance.py --quick   # a fresh SQLite file in a temporary directory

The screen is served through Django's test client, logged in as the cohort's coordinator: 200
GETs and 50 POSTs (a whole day's list saved at once) over the last 20 teaching days. It prints the
p50/p95/p99 of the server's own time, read from the `Server-Timing: app;dur=<ms>` header that the
project's middleware adds, and the number of queries a GET and a POST cost. The target is a p95
under 100 ms; it asserts nothing about time. The full run reuses the data set when it exists.
"""

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin" / "kobling").exists() else Path(sys.executable).parent
PG_DATABASE = "kobling_bench_att"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
SLUG = "bench-attendance"
PEOPLE, GETS, POSTS, DAYS_USED = 30, 200, 50, 20
TARGET_P95_MS = 100
MARKS, WEIGHTS = ["present", "late", "excused", "unexcused"], [82, 8, 6, 4]


def ensure_postgres_database() -> None:
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1"]
    query = f"select 1 from pg_database where datname = '{PG_DATABASE}'"
    found = subprocess.run([*psql, "-tAc", query], check=True, capture_output=True, text=True).stdout.strip()
    if not found:
        subprocess.run([*psql, "-c", f"create database {PG_DATABASE}"], check=True, capture_output=True)
    print(f"PostgreSQL database {PG_DATABASE}: {'exists, reused' if found else 'created'}")


def build():
    """The provider, its coordinator, the programme, the cohort, 30 people and their marks."""
    from django.db import transaction
    from django.utils import timezone

    from kobling.core.models import Membership, Organisation, User
    from kobling.core.roles import Role
    from kobling.people.models import Participant, Source
    from kobling.programmes.attendance.days import teaching_days
    from kobling.programmes.models import (
        AttendanceRecord,
        Cohort,
        Enrolment,
        EnrolmentStatus,
        Programme,
        Status,
    )

    cohort = Cohort.objects.filter(programme__slug=SLUG).select_related("programme").first()
    if cohort is not None:
        print("Reusing the data set.")
        return cohort, User.objects.get(email="bench-attendance@kobling.example")
    started = time.perf_counter()
    rng = random.Random(2026)
    today = timezone.localdate()
    with transaction.atomic():
        provider = Organisation.objects.create(
            name="Benk Kurs AS", slug="bench-attendance", kind="provider", region="46", municipality="Bergen"
        )
        user = User.objects.create_user(
            "bench-attendance@kobling.example", None, full_name="Benk Koordinator"
        )
        Membership.objects.create(user=user, organisation=provider, role=Role.COORDINATOR)
        programme = Programme.objects.create(
            organisation=provider, name="Benk: sertifiseringskurs", slug=SLUG, kind="course", state="active"
        )
        cohort = Cohort.objects.create(
            programme=programme,
            name="Benk 2026",
            start_date=today - timedelta(days=91),
            end_date=today + timedelta(days=60),
            seats=PEOPLE,
            weekdays=[0, 1, 2, 3, 4],
        )
        people = Participant.objects.bulk_create(
            Participant(
                organisation=provider,
                first_name=f"Deltaker{n:02d}",
                last_name=rng.choice(["Hansen", "Johansen", "Olsen", "Larsen", "Ahmed", "Nguyen"]),
                email=f"deltaker{n:02d}@bench.example",
                source=Source.REFERRAL,
            )
            for n in range(PEOPLE)
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(participant=p, programme=programme, status=Status.PARTICIPATING, cohort=cohort)
            for p in people
        )
        EnrolmentStatus.objects.bulk_create(
            EnrolmentStatus(enrolment=e, status=Status.PARTICIPATING, changed_by=user) for e in enrolments
        )
        days = teaching_days(cohort, end=today - timedelta(days=1))
        AttendanceRecord.objects.bulk_create(
            (
                AttendanceRecord(enrolment=e, day=d, mark=rng.choices(MARKS, WEIGHTS)[0], recorded_by=user)
                for e in enrolments
                for d in days
            ),
            batch_size=2000,
        )
    print(
        f"Built {PEOPLE} people with {len(days)} teaching days of marks "
        f"({PEOPLE * len(days):,} rows) in {time.perf_counter() - started:.1f} s."
    )
    return cohort, user


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def server_ms(response) -> float:
    match = re.search(r"app;dur=([\d.]+)", response.get("Server-Timing", ""))
    if not match:
        raise RuntimeError("no Server-Timing header: is kobling.core.middleware.ServerTimingMiddleware on?")
    return float(match.group(1))


def measure(cohort, user) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from kobling.programmes.models import AttendanceRecord

    days = sorted(
        AttendanceRecord.objects.filter(enrolment__cohort=cohort).values_list("day", flat=True).distinct()
    )[-DAYS_USED:]
    ids = list(cohort.enrolments.values_list("pk", flat=True))
    client = Client()
    client.force_login(user)
    urls = [reverse("attendance_day", args=[cohort.pk, d.isoformat()]) for d in days]
    rng = random.Random(7)

    def post_data():
        # No unexcused marks, so the saves measure the screen and not the alert e-mails.
        return {f"mark_{i}": rng.choices(MARKS[:3], WEIGHTS[:3])[0] for i in ids}

    client.get(urls[0])  # warm the caches and the connection, untimed
    with CaptureQueriesContext(connection) as get_queries:
        first = client.get(urls[-1])
    with CaptureQueriesContext(connection) as post_queries:
        saved = client.post(urls[-1], post_data())
    # Counted now: the captured list is a view of the connection's log, which later requests reset.
    queries = {"GET": len(get_queries), "POST": len(post_queries)}
    if first.status_code != 200 or saved.status_code != 302:
        raise RuntimeError(f"unexpected answers: GET {first.status_code}, POST {saved.status_code}")
    timings: dict[str, list[float]] = {"GET": [], "POST": []}
    for n in range(GETS):
        response = client.get(urls[n % len(urls)])
        if response.status_code != 200:
            raise RuntimeError(f"GET {urls[n % len(urls)]}: HTTP {response.status_code}")
        timings["GET"].append(server_ms(response))
    for n in range(POSTS):
        response = client.post(urls[n % len(urls)], post_data())
        if response.status_code != 302:
            raise RuntimeError(f"POST {urls[n % len(urls)]}: HTTP {response.status_code}")
        timings["POST"].append(server_ms(response))
    return {
        "timings": timings,
        "queries": queries,
        "days": len(days),
    }


def report(results: dict, database: str) -> None:
    print(f"\nAttendance screen, {PEOPLE} people, {database}; server time (Server-Timing), ms")
    print(f"{'':6} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'queries':>8}")
    for method, values in results["timings"].items():
        print(
            f"{method:6} {len(values):>5} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
            f"{percentile(values, 99):>8.1f} {results['queries'][method]:>8}"
        )
    worst = max(percentile(v, 95) for v in results["timings"].values())
    verdict = "met" if worst < TARGET_P95_MS else "NOT met"
    print(f"Target p95 under {TARGET_P95_MS} ms: {verdict} (worst p95 {worst:.1f} ms).")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="a fresh SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    try:
        import django  # noqa: F401
    except ImportError:
        # Started with a Python that lacks the project; run again with the project's own.
        os.execv(str(BIN / "python"), [str(BIN / "python"), __file__, *sys.argv[1:]])

    workdir = Path(tempfile.mkdtemp(prefix="kobling-bench-att-"))
    if args.quick:
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        ensure_postgres_database()
        database_url = PG_URL
    env = {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "kobling.settings",
        "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback, as behind a TLS-ending proxy
        "MFA_ENFORCED": "0",  # the benchmark measures the pages, not the two-factor step before them
        "STATIC_ROOT": str(workdir),  # an existing folder, so WhiteNoise does not warn
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    subprocess.run(
        [str(BIN / "kobling"), "migrate", "--noinput", "-v0"], env=os.environ.copy(), cwd=REPO, check=True
    )

    import django

    django.setup()
    cohort, user = build()
    results = measure(cohort, user)
    report(results, "SQLite (quick)" if args.quick else f"PostgreSQL {PG_DATABASE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
