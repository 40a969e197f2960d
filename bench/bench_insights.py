"""Benchmark the "what works" page (kobling.insights) over a large programme.

    python bench/bench_insights.py           # PostgreSQL database kobling_bench_insights, 100,000 enrolments
    python bench/bench_insights.py --quick   # SQLite in a temporary directory, 2,000 enrolments

The data set is bench_results.py's (one programme: status histories, intake interviews, outcomes),
built once in its own database and reused. It times the factor derivation (`factors.rows_for`), the
whole analysis (`analysis.insight_for`: the factors and the engine) and the page itself (a GET by the
provider's coordinator through Django's test client; above `precompute.COMPUTE_IN_REQUEST` started
enrolments it shows the answer the task worker stored, whose job, `precompute.store`, is timed too),
and prints min/median/max in ms, the number of
queries and the process's peak memory. The target is under 2 s at 100,000 on PostgreSQL; nothing
about time is asserted.
"""

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_results  # noqa: E402  (the data set and the timing helper)

RUNS = 3


def measure() -> None:
    from django.test import Client
    from django.urls import reverse

    from kobling.core.models import Membership, User
    from kobling.core.roles import Role
    from kobling.insights import precompute
    from kobling.insights.analysis import insight_for
    from kobling.insights.factors import rows_for
    from kobling.programmes.models import Enrolment, Programme

    programme = Programme.objects.select_related("organisation").get(slug=bench_results.SLUG)
    enrolments = Enrolment.objects.filter(programme=programme)
    user = User.objects.filter(email="bench-insights@example.no").first()
    if user is None:
        user = User.objects.create_user("bench-insights@example.no", "bench-password-1234", full_name="Benk")
        Membership.objects.create(user=user, organisation=programme.organisation, role=Role.COORDINATOR)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("insights_programme", args=[programme.slug])
    print()
    bench_results.timed("factors (rows_for)", lambda: rows_for(enrolments), RUNS)
    bench_results.timed("analysis (insight_for)", lambda: insight_for(enrolments), RUNS)
    bench_results.timed("the worker's job (store)", lambda: precompute.store("programme", programme.pk), 1)
    bench_results.timed("the page (GET)", lambda: client.get(url), RUNS)
    insight = precompute.insight_for_scope("programme", programme.pk)
    where = "stored by the task worker" if insight.stored else "computed in the request"
    print()
    print(
        f"The page: {insight.n:,} started, {insight.finished:,} finished, {len(insight.findings)} rows, "
        f"{where} (above {precompute.COMPUTE_IN_REQUEST:,} started the worker computes it); "
        f"the computation took {insight.seconds:.2f} s"
    )
    print(f"Process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5,000 enrolments on SQLite")
    args = parser.parse_args()
    n = 2_000 if args.quick else 100_000
    tmp = None
    if args.quick:
        tmp = tempfile.TemporaryDirectory(prefix="kobling-bench-insights-")
        url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
        print(f"SQLite in {tmp.name}, {n:,} enrolments")
    else:
        bench_results.PG_DATABASE = "kobling_bench_insights"
        url = f"postgres://postgres@127.0.0.1:5432/{bench_results.PG_DATABASE}"
        bench_results.ensure_postgres_database()
        print(f"PostgreSQL {url}, {n:,} enrolments")
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kobling.settings"}
    bench_results.migrate(env)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")})
    sys.path.insert(0, str(bench_results.REPO / "src"))
    import django

    django.setup()
    from django.utils import timezone

    timezone.activate("Europe/Oslo")
    try:
        bench_results.build(n)
        measure()
    finally:
        if tmp:
            from django.db import connections

            connections.close_all()
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
