"""The results table: what became of the people who started a programme.

Pure computation: four aggregate queries whatever the size, never a loop over the rows.

Who is counted (the denominator)
    The table counts the enrolments of the programme (optionally one cohort) that *started*: that
    reached "participating" at some time. The statuses that follow it (has left, completed, broken off)
    can only be reached from it and lead nowhere else, so an enrolment started exactly when its status
    is one of these four; rows imported without their full history count too. Their number is `total`,
    the denominator of every share in the table.

Which row a person is in
    A recorded outcome decides the row (IT job, other job, education, other, dropped out), even while
    the person still participates. Without one, a person whose status is "participating" is in
    `participating`. Everyone else who started (completed or left without a recorded outcome) is in
    `other`, and also counted in `no_outcome_recorded` so that this is never hidden. The six rows
    therefore always add up to `total`. Dropout reasons are shares of those who dropped out.

Period (from, to; both days included, Oslo time)
    The table counts people whose first start (the first time they reached a started status, from the
    history) falls in the period. The funnel counts enrolments created (referred, applied or
    registered) in the period, since people who never started have no start date.

The funnel
    referred or applied → screened (intake interview, or under assessment, on the waiting list or
    accepted) → accepted (waiting to start) → started → completed → in a job (started, with an IT or
    other job as outcome, including people who left early for the job). Each step is a status reached
    at some time, not only the current one, and a later step counts as having passed the earlier ones,
    so the funnel never widens. Shares are of the first step.

Time to job: the median of the days from the first start to the outcome's start date, over the jobs.
Employment held: of the follow-ups answered 6 and 12 months after a job started, how many still had work.

Small numbers: a share whose denominator is below 5 is flagged `small`; it is shown, marked, never hidden.
"""

import contextlib
import datetime
import statistics
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.people.models import Source
from kobling.programmes.models import (
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Outcome,
    OutcomeFollowUp,
    Programme,
    Status,
)

S = Status
K = Outcome.Kind
SMALL = 5
STARTED = (S.PARTICIPATING, S.LEFT, S.COMPLETED, S.BROKEN_OFF)
JOBS = (K.IT_JOB, K.OTHER_JOB)
RETENTION_MONTHS = (6, 12)

ROW_KEYS = ("it_job", "other_job", "education", "other", "dropped_out", "participating")
ROW_LABELS = {
    "it_job": K.IT_JOB.label,
    "other_job": K.OTHER_JOB.label,
    "education": K.EDUCATION.label,
    "other": K.OTHER.label,
    "dropped_out": K.DROPPED_OUT.label,
    "participating": _("Still participating"),
}
REASON_KEYS = tuple(Outcome.DropoutReason.values)
REASON_LABELS = dict(Outcome.DropoutReason.choices)
FUNNEL_KEYS = ("referred", "screened", "accepted", "started", "completed", "in_job")
FUNNEL_LABELS = {
    "referred": _("Referred or applied"),
    "screened": _("Screened"),
    "accepted": _("Accepted"),
    "started": _("Started"),
    "completed": _("Completed"),
    "in_job": _("In a job"),
}
# Said on the page and in the downloads, so both explain the figures the same way.
DEFINITIONS = {
    "counted": _(
        "The table counts everyone who started, that is, took part in the programme at some time. "
        "That number is the total, and every share in the table is of it. A recorded outcome decides "
        "the row. People who ended without a recorded outcome are counted under “Other”."
    ),
    "period": _(
        "With a period, the table counts the people whose first day of participation falls in it, and "
        "the funnel counts the people referred or who applied in it. Both the first and the last day are "
        "included."
    ),
    "small": _(
        "Shares of fewer than 5 people are marked “few people”: they say little and can point to individuals."
    ),
}


@dataclass(frozen=True)
class Figure:
    """A count and the denominator of its share."""

    key: str
    count: int
    of: int

    @property
    def share(self) -> float | None:
        return round(self.count / self.of, 3) if self.of else None

    @property
    def small(self) -> bool:
        return self.of < SMALL


@dataclass(frozen=True)
class Retention:
    months: int
    held: Figure  # still employed, of those answered
    unanswered: int


@dataclass(frozen=True)
class Results:
    programme: Programme
    cohort: Cohort | None
    date_from: datetime.date | None
    date_to: datetime.date | None
    total: int
    rows: list[Figure]
    reasons: list[Figure]
    no_outcome_recorded: int
    funnel: list[Figure]
    sources: dict[str, int]
    median_days_to_job: float | None
    jobs_timed: int
    retention: list[Retention] = field(default_factory=list)

    @property
    def small(self) -> bool:
        return self.total < SMALL

    def row(self, key: str) -> Figure:
        return next(r for r in self.rows if r.key == key)

    def as_dict(self) -> dict:
        """The JSON form: programme, total and rows first, the rest after."""
        return {
            "programme": self.programme.slug,
            "total": self.total,
            "rows": [{"outcome": r.key, "count": r.count, "share": r.share} for r in self.rows],
            "small": self.small,
            "cohort": self.cohort.pk if self.cohort else None,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "no_outcome_recorded": self.no_outcome_recorded,
            "reasons": [
                {"reason": r.key, "count": r.count, "of": r.of, "share": r.share, "small": r.small}
                for r in self.reasons
            ],
            "funnel": [
                {"stage": f.key, "count": f.count, "share": f.share, "small": f.small} for f in self.funnel
            ],
            "sources": self.sources,
            "median_days_to_job": self.median_days_to_job,
            "jobs_timed": self.jobs_timed,
            "retention": [
                {
                    "months": r.months,
                    "still_employed": r.held.count,
                    "answered": r.held.of,
                    "share": r.held.share,
                    "small": r.held.small,
                    "unanswered": r.unanswered,
                }
                for r in self.retention
            ],
        }


class Median(Aggregate):
    """PostgreSQL's PERCENTILE_CONT(0.5); other databases use the Python fallback."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def day_bounds(
    date_from: datetime.date | None, date_to: datetime.date | None
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
    """Local midnights: [start of `from`, start of the day after `to`)."""

    def midnight(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    low = midnight(date_from) if date_from else None
    high = midnight(date_to + datetime.timedelta(days=1)) if date_to else None
    return low, high


def enrolments_in(programme: Programme, cohort: Cohort | None = None):
    qs = Enrolment.objects.filter(programme=programme).order_by()
    return qs.filter(cohort=cohort) if cohort is not None else qs


def started_enrolments(
    programme: Programme,
    cohort: Cohort | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
):
    """The table's population: enrolments that started, their first start within the period.

    The started statuses are final: TRANSITIONS leads from "participating" only to has left, completed
    or broken off, and from those nowhere (tests/reports guard this). So "reached a started status at
    some time" is the same as "the current status is one", which the (programme, status) index answers
    without reading the history. The period needs the history for the day of the first start.
    """
    qs = enrolments_in(programme, cohort).filter(status__in=STARTED)
    low, high = day_bounds(date_from, date_to)
    starts = EnrolmentStatus.objects.filter(enrolment=OuterRef("pk"), status__in=STARTED)
    # The first start is before `high` when any start is; it is on or after `low` when none is before.
    if high:
        qs = qs.filter(Exists(starts.filter(valid_from__lt=high)))
    if low:
        qs = qs.filter(~Exists(starts.filter(valid_from__lt=low)))
    return qs


def _table(started) -> tuple[int, list[Figure], list[Figure], int]:
    kind = "outcome__kind"
    no_outcome = Q(outcome__isnull=True)
    dropped = Q(**{kind: K.DROPPED_OUT})
    reason_filters = {
        r: dropped & Q(outcome__dropout_reason=r) for r in REASON_KEYS if r != Outcome.DropoutReason.OTHER
    }
    reason_filters[Outcome.DropoutReason.OTHER] = dropped & ~Q(
        outcome__dropout_reason__in=list(reason_filters)
    )
    counts = started.aggregate(
        total=Count("pk"),
        it_job=Count("pk", filter=Q(**{kind: K.IT_JOB})),
        other_job=Count("pk", filter=Q(**{kind: K.OTHER_JOB})),
        education=Count("pk", filter=Q(**{kind: K.EDUCATION})),
        dropped_out=Count("pk", filter=dropped),
        participating=Count("pk", filter=no_outcome & Q(status=S.PARTICIPATING)),
        no_outcome=Count("pk", filter=no_outcome & ~Q(status=S.PARTICIPATING)),
        **{f"reason_{r}": Count("pk", filter=q) for r, q in reason_filters.items()},
    )
    total = counts["total"]
    # `other` is the rest by construction, so the rows add up to the total whatever the data holds.
    named = ("it_job", "other_job", "education", "dropped_out", "participating")
    counts["other"] = total - sum(counts[k] for k in named)
    rows = [Figure(k, counts[k], total) for k in ROW_KEYS]
    reasons = [Figure(r, counts[f"reason_{r}"], counts["dropped_out"]) for r in REASON_KEYS]
    return total, rows, reasons, counts["no_outcome"]


def _funnel(enrolments) -> tuple[list[Figure], dict[str, int]]:
    """One pass over the enrolments, no grouping. Statuses nobody leaves backwards are read from the
    current status (no transition leads back to draft; the started statuses and completed are final);
    only whether someone was ever screened or accepted needs the history, and only for those who did
    not start (the short-circuiting OR skips the lookup for the others)."""
    history = EnrolmentStatus.objects.filter(enrolment=OuterRef("pk"))
    started = Q(status__in=STARTED)
    interviewed = Q(interview__isnull=False)
    reached = {
        "referred": ~Q(status=S.DRAFT) | interviewed,
        "screened": started
        | interviewed
        | Q(Exists(history.filter(status__in=(S.ASSESSING, S.WAITING_LIST, S.WAITING_START)))),
        "accepted": started | Q(Exists(history.filter(status=S.WAITING_START))),
        "started": started,
        "completed": Q(status=S.COMPLETED),
        "in_job": started & Q(outcome__kind__in=JOBS),
    }
    counts = enrolments.aggregate(
        **{key: Count("pk", filter=q) for key, q in reached.items()},
        **{
            f"source_{s}": Count("pk", filter=reached["referred"] & Q(participant__source=s))
            for s in Source.values
        },
    )
    first = counts["referred"]
    funnel = [Figure(key, counts[key], first) for key in FUNNEL_KEYS]
    return funnel, {s: counts[f"source_{s}"] for s in Source.values}


def _first_start():
    return Subquery(
        EnrolmentStatus.objects.filter(enrolment=OuterRef("pk"), status__in=STARTED)
        .order_by("valid_from")
        .values("valid_from")[:1]
    )


def _median_days_to_job(started) -> tuple[float | None, int]:
    jobs = started.filter(outcome__kind__in=JOBS).annotate(started_at=_first_start())
    if connection.vendor == "postgresql":
        days = F("outcome__start_date") - TruncDate("started_at")
        result = jobs.aggregate(n=Count("pk"), median=Median(days, output_field=DurationField()))
        median = result["median"]
        if median is not None and hasattr(median, "total_seconds"):
            median = median.total_seconds() / 86400
        return (round(median, 1) if median is not None else None), result["n"]
    pairs = jobs.values_list("started_at", "outcome__start_date")
    days = [(job_start - timezone.localtime(start).date()).days for start, job_start in pairs]
    return (round(float(statistics.median(days)), 1) if days else None), len(days)


def _retention(started) -> list[Retention]:
    rows = (
        OutcomeFollowUp.objects.filter(
            outcome__enrolment__in=started.values("pk"), outcome__kind__in=JOBS, months__in=RETENTION_MONTHS
        )
        .order_by()
        .values("months")
        .annotate(
            answered=Count("pk", filter=Q(still_employed__isnull=False)),
            held=Count("pk", filter=Q(still_employed=True)),
            unanswered=Count("pk", filter=Q(still_employed__isnull=True)),
        )
    )
    by_month = {r["months"]: r for r in rows}
    result = []
    for months in RETENTION_MONTHS:
        r = by_month.get(months, {"answered": 0, "held": 0, "unanswered": 0})
        result.append(
            Retention(months, Figure(f"{months}_months", r["held"], r["answered"]), r["unanswered"])
        )
    return result


@contextlib.contextmanager
def report_transaction():
    """On PostgreSQL, one transaction for the report's queries, without the JIT.

    The JIT spends longer compiling these one-pass aggregates than running them (about 0.3 s a query
    at 100,000 enrolments); SET LOCAL ends with the transaction. SQLite gets no transaction: ours
    begin IMMEDIATE, which would make writers wait for a report.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def results_for(
    *,
    programme: Programme,
    cohort: Cohort | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> Results:
    """The whole report for one programme, optionally one cohort and a period (see the module docstring)."""
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValueError("The cohort belongs to another programme.")
    if date_from and date_to and date_from > date_to:
        raise ValueError("The period ends before it starts.")
    started = started_enrolments(programme, cohort, date_from, date_to)
    enrolments = enrolments_in(programme, cohort)
    low, high = day_bounds(date_from, date_to)
    if low:
        enrolments = enrolments.filter(created_at__gte=low)
    if high:
        enrolments = enrolments.filter(created_at__lt=high)
    with report_transaction():
        total, rows, reasons, no_outcome = _table(started)
        funnel, sources = _funnel(enrolments)
        median, timed = _median_days_to_job(started)
        retention = _retention(started)
    return Results(
        programme=programme,
        cohort=cohort,
        date_from=date_from,
        date_to=date_to,
        total=total,
        rows=rows,
        reasons=reasons,
        no_outcome_recorded=no_outcome,
        funnel=funnel,
        sources=sources,
        median_days_to_job=median,
        jobs_timed=timed,
        retention=retention,
    )
