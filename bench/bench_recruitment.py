"""Benchmark the recruitment series report (kobling.recruitment.reports) on the demo series and on a
large synthetic series.

    python bench/bench_recruitment.py           # PostgreSQL kobling_bench_recruitment, 200 events × 300
    python bench/bench_recruitment.py --quick   # SQLite in a temporary directory, 10 events × 60

The full run creates the database on 127.0.0.1:5432 (user postgres) with psql on first use and builds
the data once; later runs reuse it. The synthetic series: every candidate has 4 interviews, 90 % of
them with feedback, 3 % ending in an offer (a third jobs), 80 % of the offers accepted and most of
those confirmed started at 30 days. It times `series_report` (and the employers' history, and the CSV
and XLSX exports) and prints min/median/max in ms, the number of queries and the row counts. Nothing
about time is asserted.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin" if (REPO / ".venv" / "bin" / "kobling").exists() else Path(sys.executable).parent
PG_DATABASE = "kobling_bench_recruitment"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
BATCH = 5000
RUNS = 5
SYNTHETIC = "nav-bench-series"


def ensure_postgres_database() -> None:
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc"]
    exists = subprocess.run(
        [*psql, f"select 1 from pg_database where datname = '{PG_DATABASE}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run([*psql, f"create database {PG_DATABASE}"], check=True, capture_output=True)
    print(f"PostgreSQL database {PG_DATABASE}: {'reused' if exists else 'created'}")


def build_demo_series() -> None:
    from kobling.core.models import Organisation
    from kobling.demo.generator import build_demo
    from kobling.demo.recruitment import build_recruitment_demo

    if Organisation.objects.filter(slug="mjosvekst").exists():
        print("Demo series: exists, reused")
        return
    started = time.perf_counter()
    if not Organisation.objects.filter(slug="fjordkompetanse").exists():
        build_demo()
    build_recruitment_demo()
    print(f"Demo series built in {time.perf_counter() - started:.1f} s")


def build_synthetic(events: int, per_event: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from kobling.core.models import Organisation
    from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, Interview
    from kobling.people.models import Participant, Source
    from kobling.recruitment.models import Feedback, Offer, OfferCheck

    if Organisation.objects.filter(slug=SYNTHETIC).exists():
        print("Synthetic series: exists, reused")
        return
    started = time.perf_counter()
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        office = Organisation.objects.create(
            slug=SYNTHETIC, name="NAV Benkestad", kind="nav_office", region="34", municipality="Hamar"
        )
        provider = Organisation.objects.create(
            slug="bench-provider", name="Benk AS", kind="provider", region="34", municipality="Hamar"
        )
        employers = Organisation.objects.bulk_create(
            Organisation(
                slug=f"bench-emp-{i}",
                name=f"Benkefirma {i} AS",
                kind="employer",
                region="34",
                municipality="Hamar",
            )
            for i in range(400)
        )
        people = Participant.objects.bulk_create(
            (
                Participant(
                    organisation=provider, first_name=f"P{i}", last_name="Benk", source=Source.REFERRAL
                )
                for i in range(events * per_event // 2)
            ),
            batch_size=BATCH,
        )
        tables, emps = 3, 40
        for e in range(events):
            date = today - datetime.timedelta(days=10 + e * 3)
            event = Event.objects.create(
                title=f"Benk {e}",
                venue=office,
                address="Benkegata 1",
                date=date,
                starts_at=datetime.time(12, 0),
                ends_at=datetime.time(17, 0),
                employer_deadline=date,
                candidate_deadline=date,
                status="closed",
            )
            event.organisers.set([office])
            regs = EmployerRegistration.objects.bulk_create(
                EmployerRegistration(
                    event=event,
                    organisation=employers[(e * 7 + k) % len(employers)],
                    state="registered",
                    contact_name="K",
                    contact_email="k@example.no",
                    tables=tables,
                )
                for k in range(emps)
            )
            chosen = [people[(e * per_event // 2 + c) % len(people)] for c in range(per_event)]
            cands = CandidateRegistration.objects.bulk_create(
                CandidateRegistration(event=event, participant=p, looking_for="Jobb", consent_at=now)
                for p in chosen
            )
            # Each employer's tables in a slot are numbered 1, 2, … (the database holds one
            # interview per table and slot).
            seated: dict[tuple[int, int], int] = {}
            planned = []
            for n, c in enumerate(cands):
                for k in range(4):
                    employer, slot = regs[(n * 4 + k) % emps], k + (n % 2) * 4
                    seated[employer.pk, slot] = seated.get((employer.pk, slot), 0) + 1
                    planned.append(
                        Interview(
                            event=event,
                            candidate=c,
                            employer=employer,
                            slot=slot,
                            table=seated[employer.pk, slot],
                            published=True,
                            state="no_show" if n % 50 == 0 else "held",
                        )
                    )
            rows = Interview.objects.bulk_create(
                planned,
                batch_size=BATCH,
            )
            held = [r for r in rows if r.state == "held"]
            Feedback.objects.bulk_create(
                (
                    Feedback(
                        interview=r,
                        motivation=3,
                        communication=3,
                        skills=3,
                        fit=3,
                        outcome=(
                            "job_offer" if i % 99 == 0 else "practice_offer" if i % 33 == 0 else "not_now"
                        ),
                    )
                    for i, r in enumerate(held)
                    if i % 10
                ),
                batch_size=BATCH,
            )
            offers = Offer.objects.bulk_create(
                Offer(
                    interview=r,
                    event=event,
                    employer_id=r.employer_id,
                    candidate_id=r.candidate_id,
                    kind="job" if i % 99 == 0 else "practice",
                    state="accepted" if i % 5 else "declined",
                    start_date=date if i % 5 else None,
                )
                for i, r in enumerate(held)
                if i % 10 and (i % 99 == 0 or i % 33 == 0)
            )
            OfferCheck.objects.bulk_create(
                OfferCheck(
                    offer=o,
                    days=d,
                    due=o.start_date + datetime.timedelta(days=d),
                    answer=(i % 7 != 0) if o.start_date + datetime.timedelta(days=d) <= today else None,
                )
                for i, o in enumerate(offers)
                if o.state == "accepted"
                for d in (30, 90)
            )
    took = time.perf_counter() - started
    print(f"Synthetic series ({events} events × {per_event} candidates) built in {took:.1f} s")


def measure(slug: str, label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kobling.core.models import Organisation
    from kobling.events.models import CandidateRegistration, Interview
    from kobling.recruitment.models import Feedback, Offer
    from kobling.recruitment.reports import export
    from kobling.recruitment.reports import figures as reports

    organiser = Organisation.objects.get(slug=slug)
    ids = list(reports.series_events(organiser).values_list("pk", flat=True))
    print(
        f"\n{label}: {len(ids):,} events, "
        f"{CandidateRegistration.objects.filter(event__in=ids).count():,} registrations, "
        f"{Interview.objects.filter(event__in=ids).count():,} interviews, "
        f"{Feedback.objects.filter(interview__event__in=ids).count():,} feedback, "
        f"{Offer.objects.filter(event__in=ids).count():,} offers"
    )
    series = None
    for name, call in (
        ("series_report", lambda: reports.series_report(organiser)),
        ("employers_report", lambda: reports.employers_report(organiser)),
        ("series CSV", lambda: export.as_csv(reports.series_report(organiser))),
        ("series XLSX", lambda: export.as_xlsx(reports.series_report(organiser))),
    ):
        times = []
        for _ in range(RUNS):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = call()
                times.append((time.perf_counter() - started) * 1000)
            if name == "series_report":
                series = result
        print(
            f"  {name:18} min {min(times):8.1f} ms  median {statistics.median(times):8.1f} ms  "
            f"max {max(times):8.1f} ms  {len(queries)} queries"
        )
    p = series.people
    print(
        f"  people {p.candidates:,} → interviewed {p.interviewed:,} → offered {p.offered:,} → "
        f"jobs started {p.job:,}, work practice started {p.practice:,}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="SQLite, 10 events × 60 candidates")
    args = parser.parse_args()
    events, per_event = (10, 60) if args.quick else (200, 300)
    tmp = None
    if args.quick:
        tmp = tempfile.TemporaryDirectory(prefix="kobling-bench-recruitment-")
        url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
        print(f"SQLite {url}")
    else:
        ensure_postgres_database()
        url = PG_URL
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kobling.settings"}
    subprocess.run([BIN / "kobling", "migrate", "--noinput", "-v0"], env=env, cwd=REPO, check=True)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")})
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.utils import timezone

    timezone.activate("Europe/Oslo")
    try:
        build_demo_series()
        build_synthetic(events, per_event)
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        measure("nav-mjosstrand", "Demo series (Ta sjansen, Innlandet)")
        measure(SYNTHETIC, f"Synthetic series ({events} × {per_event})")
    finally:
        if tmp:
            from django.db import connections

            connections.close_all()
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
