"""Where a scope's answer comes from: computed in the request, or ahead on the task worker.

A scope is a programme ("programme"), all of a provider's programmes ("provider") or a programme's
intake questions ("intake"), named by kind and primary key. Up to COMPUTE_IN_REQUEST started
enrolments the page computes the answer itself. Above that it could take longer than the 2 s target,
so the task worker computes it (bench/bench_insights.py, on bench_results.py's data set: 0.35 s at
5,000 enrolments on SQLite; at 100,000 on PostgreSQL 1.5 s for the analysis, 1.9 s for the worker's
job and 41 ms for the page that shows the stored answer; real programmes also hold about a hundred
attendance marks per person, which the factors read, so the margin is kept wide). The worker computes
it (`tasks.insights_precompute`) and stores it in the cache (`CACHES["default"]`: the
database cache, or Redis) for KEEP_FOR; the page shows the stored answer with when it was computed
and how long it took, and asks the worker for a fresh one once it is older than FRESH_FOR. Until
the first one is ready the page says it is being computed. One request to the worker at a time per
scope (a cache.add lock for QUEUED_FOR).

The access check is the caller's: the views reach a scope only through the selectors.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from kobling.insights.analysis import Computed, Insight, compute, insight_from
from kobling.insights.factors import rows_for
from kobling.insights.intake import intake_rows_of_programme
from kobling.programmes.models import Enrolment, Programme
from kobling.reports.results import STARTED

COMPUTE_IN_REQUEST = 10_000
FRESH_FOR = timedelta(hours=24)
KEEP_FOR = int(timedelta(days=8).total_seconds())
QUEUED_FOR = 15 * 60
KINDS = ("programme", "provider", "intake")


def enrolments_of(kind: str, pk: int):
    if kind == "provider":
        return Enrolment.objects.filter(programme__organisation_id=pk)
    return Enrolment.objects.filter(programme_id=pk)


def cache_key(kind: str, pk: int) -> str:
    return f"insights:{kind}:{pk}"


def compute_scope(kind: str, pk: int) -> Computed:
    """The scope's answer, computed now."""
    began = time.perf_counter()
    if kind == "intake":
        rows = intake_rows_of_programme(Programme.objects.get(pk=pk))
        return compute(rows, began, numeric=[name for name in rows.values if name.startswith("question_")])
    return compute(rows_for(enrolments_of(kind, pk)), began)


def store(kind: str, pk: int) -> Computed:
    """Compute the scope's answer and keep it for the pages (the task worker's job)."""
    computed = compute_scope(kind, pk)
    cache.set(cache_key(kind, pk), asdict(computed), KEEP_FOR)
    cache.delete(cache_key(kind, pk) + ":queued")
    return computed


def request_store(kind: str, pk: int) -> None:
    """Ask the task worker for the scope's answer, unless it has been asked already."""
    from kobling.insights.tasks import insights_precompute

    if cache.add(cache_key(kind, pk) + ":queued", True, QUEUED_FOR):
        transaction.on_commit(lambda: insights_precompute.enqueue(kind, pk))


def computed_for(kind: str, pk: int) -> tuple[Computed | None, bool]:
    """(the answer or None while the worker computes it, whether it was computed ahead)."""
    if enrolments_of(kind, pk).filter(status__in=STARTED).count() <= COMPUTE_IN_REQUEST:
        return compute_scope(kind, pk), False
    stored = cache.get(cache_key(kind, pk))
    if stored is None or timezone.now() - stored["computed_at"] > FRESH_FOR:
        request_store(kind, pk)
    return (Computed(**stored) if stored else None), True


def insight_for_scope(kind: str, pk: int, labels: dict | None = None) -> Insight:
    """The page's answer for a scope, from wherever it comes (see the module docstring)."""
    computed, ahead = computed_for(kind, pk)
    if computed is None:
        return Insight(n=0, finished=0, seconds=0.0, stored=True, pending=True)
    return insight_from(computed, labels, stored=ahead)
