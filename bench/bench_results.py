"""Benchmark the results table and funnel (kobling.reports.results) on a large programme.

    python bench/bench_results.py           # PostgreSQL database kobling_bench_results, 100,000 enrolments
    python bench/bench_results.py --quick   # SQLite in a temporary directory, 2,000 enrolments

The full run creates the database on 127.0.0.1:5432 (user postgres) with psql on first use, migrates
it, and builds the data once; later runs reuse it. Every enrolment belongs to one programme, so the
report covers all of them: a status history like the services write (one open row), intake interviews,
outcomes with dropout reasons, and 6- and 12-month follow-ups for the jobs.

It times `results_for` (table, funnel, median time to job, employment held) 10 times, and each part on
its own, and prints min/median/max in ms, the number of queries, the row counts, the database size and
the memory used. The target is under 1 s at 100,000 on PostgreSQL; nothing about time is asserted.
"""

import argparse
import datetime
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin" / "kobling").exists() else Path(sys.executable).parent
PG_DATABASE = "kobling_bench_results"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
SLUG = "bench-results"
RUNS = 10
BATCH = 5000
SEED = 2026


def ensure_postgres_database() -> None:
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc"]
    exists = subprocess.run(
        [*psql, f"select 1 from pg_database where datname = '{PG_DATABASE}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists:
        print(f"PostgreSQL database {PG_DATABASE}: exists, reused")
        return
    subprocess.run([*psql, f"create database {PG_DATABASE}"], check=True, capture_output=True)
    print(f"PostgreSQL database {PG_DATABASE}: created")


def migrate(env: dict) -> None:
    started = time.perf_counter()
    subprocess.run([BIN / "kobling", "migrate", "--noinput", "-v0"], env=env, cwd=REPO, check=True)
    print(f"Migrated in {time.perf_counter() - started:.1f} s")


# --------------------------------------------------------------------------- data


def journey(rng: random.Random):
    """(statuses with reasons, outcome kind or None, dropout reason) for one enrolment."""
    S = ("applied", "assessing", "waiting_list", "waiting_start", "participating")
    roll = rng.random()
    if roll < 0.08:
        return [(S[0], ""), ("not_relevant", "no_place")], None, ""
    if roll < 0.16:
        return [(S[0], ""), (S[1], ""), ("not_relevant", "requirements")], None, ""
    if roll < 0.21:
        return [(S[0], ""), (S[1], ""), (S[2], "")], None, ""
    if roll < 0.26:
        return [(S[0], ""), (S[1], ""), (S[3], "")], None, ""
    steps = [(S[0], ""), (S[1], ""), (S[3], ""), (S[4], "")]
    if rng.random() < 0.2:
        return steps, None, ""  # still participating
    kind = rng.choices(
        ["it_job", "other_job", "education", "other", "dropped_out", None], [35, 25, 8, 5, 22, 5]
    )[0]
    if kind == "dropped_out":
        reason = rng.choice(["leave", "motivation", "motivation", "health", "other"])
        end = (
            ("broken_off", "ill" if reason == "health" else "no_show")
            if rng.random() < 0.6
            else ("left", "other")
        )
        return [*steps, end], kind, reason
    end = (
        ("completed", "")
        if rng.random() < 0.75
        else ("left", "got_job" if kind in ("it_job", "other_job") else "education")
    )
    return [*steps, end], kind, ""


def build(n: int) -> None:
    from django.db import connection, reset_queries, transaction
    from django.utils import timezone

    from kobling.core.models import Organisation
    from kobling.people.models import Participant
    from kobling.programmes.models import (
        Cohort,
        Enrolment,
        EnrolmentStatus,
        IntakeInterview,
        Outcome,
        OutcomeFollowUp,
        Programme,
    )

    programme = Programme.objects.filter(slug=SLUG).first()
    have = Enrolment.objects.filter(programme=programme).count() if programme else 0
    if have >= n:
        print(f"Reusing the data set: {have:,} enrolments in {SLUG}.")
        return
    if programme:
        print(f"Only {have:,} enrolments; starting again.")
        Enrolment.objects.filter(programme=programme).delete()
    else:
        provider, _created = Organisation.objects.get_or_create(
            slug="bench-provider",
            defaults={"name": "Benkeleverandør", "kind": "provider", "region": "03", "municipality": "Oslo"},
        )
        programme = Programme.objects.create(
            organisation=provider, name="Benk: resultater", slug=SLUG, kind="course", state="active"
        )
    rng = random.Random(SEED)
    tz = timezone.get_current_timezone()
    first_day = datetime.date(2019, 1, 7)
    cohorts = Cohort.objects.filter(programme=programme).order_by("start_date")
    if not cohorts.exists():
        Cohort.objects.bulk_create(
            Cohort(
                programme=programme,
                name=f"Kull {i + 1}",
                start_date=first_day + datetime.timedelta(weeks=4 * i),
                end_date=first_day + datetime.timedelta(weeks=4 * i + 24),
                seats=1000,
            )
            for i in range(80)
        )
    cohorts = list(cohorts)
    provider = programme.organisation
    started = time.perf_counter()
    for batch_start in range(0, n, BATCH):
        size = min(BATCH, n - batch_start)
        with transaction.atomic():
            people = Participant.objects.bulk_create(
                Participant(
                    organisation=provider,
                    first_name="Benk",
                    last_name=f"Person{batch_start + i:06d}",
                    source=rng.choice(["referral", "referral", "referral", "application", "registered"]),
                )
                for i in range(size)
            )
            plans, enrolments = [], []
            for person in people:
                cohort = rng.choice(cohorts)
                start = datetime.datetime.combine(cohort.start_date, datetime.time(9), tzinfo=tz)
                steps, kind, reason = journey(rng)
                # Before the start the steps are spread over the 40 days of intake; after it, the end
                # comes 1–6 months later.
                times = [start - datetime.timedelta(days=40 - 12 * i) for i in range(min(len(steps), 4))]
                if len(steps) >= 4:
                    times[3] = start
                if len(steps) == 5:
                    times.append(start + datetime.timedelta(days=rng.randint(30, 180)))
                plans.append((times, steps, kind, reason))
                enrolments.append(
                    Enrolment(
                        participant=person,
                        programme=programme,
                        status=steps[-1][0],
                        status_since=times[-1],
                        cohort=cohort if len(steps) >= 4 else None,
                        created_at=start - datetime.timedelta(days=40),
                    )
                )
            Enrolment.objects.bulk_create(enrolments)
            history, interviews, outcomes = [], [], []
            for enrolment, (times, steps, kind, reason) in zip(enrolments, plans, strict=True):
                for i, (status, why) in enumerate(steps):
                    history.append(
                        EnrolmentStatus(
                            enrolment=enrolment,
                            status=status,
                            reason=why,
                            reason_text="Benk" if why == "other" else "",
                            valid_from=times[i],
                            valid_to=times[i + 1] if i + 1 < len(steps) else None,
                        )
                    )
                if len(steps) > 2 and steps[1][0] == "assessing" and rng.random() < 0.7:
                    interviews.append(
                        IntakeInterview(
                            enrolment=enrolment,
                            answers={"motivation": 4},
                            score=60,
                            profile_type="technical",
                            recommended_path="support",
                            held_at=times[1],
                        )
                    )
                if kind:
                    is_job = kind in ("it_job", "other_job")
                    outcomes.append(
                        Outcome(
                            enrolment=enrolment,
                            kind=kind,
                            dropout_reason=reason,
                            occupation_id=(
                                rng.choice(["2512", "3512", "2511"]) if kind == "it_job" else "4110"
                            )
                            if is_job
                            else None,
                            start_date=(times[-1] + datetime.timedelta(days=rng.randint(0, 60))).date(),
                        )
                    )
            EnrolmentStatus.objects.bulk_create(history, batch_size=BATCH)
            IntakeInterview.objects.bulk_create(interviews, batch_size=BATCH)
            Outcome.objects.bulk_create(outcomes, batch_size=BATCH)
            follow_ups = []
            for outcome in outcomes:
                if outcome.kind not in ("it_job", "other_job"):
                    continue
                for months, answered in ((3, 0.9), (6, 0.8), (12, 0.5)):
                    reply = rng.random() < answered
                    follow_ups.append(
                        OutcomeFollowUp(
                            outcome=outcome,
                            months=months,
                            due=outcome.start_date + datetime.timedelta(days=30 * months),
                            still_employed=(rng.random() < 0.85 - months / 100) if reply else None,
                        )
                    )
            OutcomeFollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
        reset_queries()
        done = batch_start + size
        if done % 20000 == 0 or done == n:
            print(f"  {done:,} enrolments ({time.perf_counter() - started:.1f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Data set built in {time.perf_counter() - started:.1f} s.")


# --------------------------------------------------------------------------- measuring


def timed(label: str, fn, runs: int = RUNS) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()  # warm-up, and the query count
    # Read now: the log is cleared below. BEGIN, SET LOCAL jit and COMMIT are counted apart.
    statements = [q["sql"].lstrip().upper() for q in captured.captured_queries]
    selects = sum(sql.startswith("SELECT") for sql in statements)
    queries = f"{selects} SELECT" + (
        f" + {len(statements) - selects} other" if len(statements) > selects else ""
    )
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        reset_queries()
    print(
        f"{label:<34} min {min(times):8.1f}  median {statistics.median(times):8.1f}  "
        f"max {max(times):8.1f} ms   {queries}"
    )


def sizes(db_path: Path | None) -> None:
    from django.db import connection

    from kobling.programmes.models import (
        Enrolment,
        EnrolmentStatus,
        IntakeInterview,
        Outcome,
        OutcomeFollowUp,
        Programme,
    )

    programme = Programme.objects.get(slug=SLUG)
    counts = {
        "enrolments": Enrolment.objects.filter(programme=programme).count(),
        "status history rows": EnrolmentStatus.objects.filter(enrolment__programme=programme).count(),
        "intake interviews": IntakeInterview.objects.filter(enrolment__programme=programme).count(),
        "outcomes": Outcome.objects.filter(enrolment__programme=programme).count(),
        "follow-ups": OutcomeFollowUp.objects.filter(outcome__enrolment__programme=programme).count(),
    }
    print("Sizes: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("select pg_size_pretty(pg_database_size(current_database()))")
            print(f"Database size: {cursor.fetchone()[0]}")
    elif db_path:
        print(f"Database file: {db_path.stat().st_size / 1e6:.1f} MB")


def measure() -> None:
    from kobling.programmes.models import Cohort, Programme
    from kobling.reports import results as r

    programme = Programme.objects.select_related("organisation").get(slug=SLUG)
    cohort = Cohort.objects.filter(programme=programme).order_by("start_date")[40]
    year = {"date_from": datetime.date(2021, 1, 1), "date_to": datetime.date(2021, 12, 31)}
    started = r.started_enrolments(programme)
    print()
    timed("results_for: whole report", lambda: r.results_for(programme=programme))

    def part(fn):
        def run():
            with r.report_transaction():
                return fn()

        return run

    timed("  table", part(lambda: r._table(started)))
    timed("  funnel", part(lambda: r._funnel(r.enrolments_in(programme))))
    timed("  table + funnel", part(lambda: (r._table(started), r._funnel(r.enrolments_in(programme)))))
    timed("  median days to job", part(lambda: r._median_days_to_job(started)))
    timed("  employment held", part(lambda: r._retention(started)))
    timed("results_for: one cohort", lambda: r.results_for(programme=programme, cohort=cohort))
    timed("results_for: one year", lambda: r.results_for(programme=programme, **year))
    tracemalloc.start()
    result = r.results_for(programme=programme)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print()
    print(
        f"Report: {result.total:,} started; "
        + ", ".join(f"{row.key} {row.count:,} ({row.share:.1%})" for row in result.rows)
    )
    print("Funnel: " + " → ".join(f"{f.key} {f.count:,}" for f in result.funnel))
    print(
        f"Median days to job: {result.median_days_to_job} over {result.jobs_timed:,} jobs; held: "
        + ", ".join(f"{x.months} months {x.held.count:,}/{x.held.of:,}" for x in result.retention)
    )
    print(f"Memory: {peak / 1e6:.2f} MB allocated at peak by one report (tracemalloc); ", end="")
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 enrolments on SQLite")
    args = parser.parse_args()
    n = 2_000 if args.quick else 100_000
    tmp = None
    db_path = None
    if args.quick:
        tmp = tempfile.TemporaryDirectory(prefix="kobling-bench-results-")
        db_path = Path(tmp.name) / "bench.sqlite3"
        url = f"sqlite:///{db_path}"
        print(f"SQLite file {db_path}, {n:,} enrolments")
    else:
        ensure_postgres_database()
        url = PG_URL
        print(f"PostgreSQL {PG_URL}, {n:,} enrolments")
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kobling.settings"}
    migrate(env)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")})
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.utils import timezone

    timezone.activate("Europe/Oslo")
    try:
        build(n)
        sizes(db_path)
        measure()
    finally:
        if tmp:
            from django.db import connections

            connections.close_all()
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
