"""The event report, the series report and the employers' history. Aggregate queries only: the number of
queries does not grow with the events, candidates or interviews counted.

Definitions
    Candidates: registrations that were not withdrawn. In a series the people are counted once however
    many events they came to (`people`), and the events' own rows count registrations.
    Interviews held: interviews marked held (giving feedback marks the interview held), and, once the
    event is marked held or closed, every published interview that was neither cancelled nor a no-show.
    No-shows: interviews the candidate did not come to (as marked on the day).
    Offers: the outcome "job offer" or "work-practice offer" in the employer's feedback. Accepted: the
    candidate said yes and a start date is known. Started: the 30-day check was answered "yes". Holds:
    the 90-day check was answered "yes". Accepted offers whose 30-day check is not answered yet are shown
    as "start not confirmed", never counted as started.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q

from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, EventStatus, Interview
from kobling.recruitment.models import FeedbackOutcome, Offer, OfferCheck

HELD_EVENT = (EventStatus.HELD, EventStatus.CLOSED)
SMALL = 5


def held_q(prefix: str = "") -> Q:
    p = prefix
    return Q(**{f"{p}state": Interview.State.HELD}) | (
        Q(
            **{
                f"{p}state": Interview.State.PLANNED,
                f"{p}published": True,
                f"{p}event__status__in": HELD_EVENT,
            }
        )
    )


@dataclass
class Figures:
    candidates: int = 0
    candidate_no_shows: int = 0
    interviews: int = 0  # published, not cancelled
    held: int = 0
    no_shows: int = 0
    feedback: int = 0
    # Every key is there from the start, counted 0, so a series with no events still has a total.
    outcomes: dict = field(default_factory=lambda: dict.fromkeys(FeedbackOutcome.values, 0))
    offers: dict = field(default_factory=lambda: dict.fromkeys(Offer.Kind.values, 0))  # kind -> count
    accepted: dict = field(default_factory=lambda: dict.fromkeys(Offer.Kind.values, 0))
    declined: dict = field(default_factory=lambda: dict.fromkeys(Offer.Kind.values, 0))
    started: dict = field(default_factory=lambda: dict.fromkeys(Offer.Kind.values, 0))
    holds: dict = field(default_factory=lambda: dict.fromkeys(Offer.Kind.values, 0))
    unconfirmed: int = 0  # accepted, start not confirmed yet

    def add(self, other: "Figures") -> None:
        for name in (
            "candidates",
            "candidate_no_shows",
            "interviews",
            "held",
            "no_shows",
            "feedback",
            "unconfirmed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("outcomes", "offers", "accepted", "declined", "started", "holds"):
            mine = getattr(self, name)
            for key, value in getattr(other, name).items():
                mine[key] = mine.get(key, 0) + value

    @property
    def jobs_started(self) -> int:
        return self.started.get(Offer.Kind.JOB, 0)

    @property
    def practice_started(self) -> int:
        return self.started.get(Offer.Kind.PRACTICE, 0)

    @property
    def offers_total(self) -> int:
        return sum(self.offers.values())

    @property
    def accepted_total(self) -> int:
        return sum(self.accepted.values())


def figures_by_event(event_ids) -> dict[int, Figures]:
    """Figures for each event, in six aggregate queries whatever the number of events."""
    result = {pk: Figures() for pk in event_ids}
    _count_candidates(result, event_ids)
    _count_interviews(result, event_ids)
    _count_feedback(result, event_ids)
    _count_offers(result, event_ids)
    _count_checks(result, event_ids)
    return result


def _count_candidates(result: dict[int, Figures], event_ids) -> None:
    for row in (
        CandidateRegistration.objects.filter(event__in=event_ids)
        .exclude(state=CandidateRegistration.State.WITHDRAWN)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"), absent=Count("pk", filter=Q(no_show=True)))
    ):
        result[row["event"]].candidates, result[row["event"]].candidate_no_shows = row["n"], row["absent"]


def _count_interviews(result: dict[int, Figures], event_ids) -> None:
    for row in (
        Interview.objects.filter(event__in=event_ids, published=True)
        .exclude(state=Interview.State.CANCELLED)
        .order_by()
        .values("event")
        .annotate(
            n=Count("pk"),
            held=Count("pk", filter=held_q()),
            absent=Count("pk", filter=Q(state=Interview.State.NO_SHOW)),
        )
    ):
        f = result[row["event"]]
        f.interviews, f.held, f.no_shows = row["n"], row["held"], row["absent"]


def _count_feedback(result: dict[int, Figures], event_ids) -> None:
    # From the interviews' side, so a few events look up their feedback by index instead of scanning it.
    outcome_counts = {o: Count("feedback", filter=Q(feedback__outcome=o)) for o in FeedbackOutcome.values}
    for row in (
        Interview.objects.filter(event__in=event_ids)
        .order_by()
        .values("event")
        .annotate(n=Count("feedback"), **outcome_counts)
    ):
        f = result[row["event"]]
        f.feedback = row["n"]
        f.outcomes = {o: row[o] for o in FeedbackOutcome.values}


def _count_offers(result: dict[int, Figures], event_ids) -> None:
    kinds = Offer.Kind.values
    offer_counts = {}
    for kind in kinds:
        offer_counts[f"o_{kind}"] = Count("pk", filter=Q(kind=kind))
        offer_counts[f"a_{kind}"] = Count("pk", filter=Q(kind=kind, state=Offer.State.ACCEPTED))
        offer_counts[f"d_{kind}"] = Count("pk", filter=Q(kind=kind, state=Offer.State.DECLINED))
    for row in Offer.objects.filter(event__in=event_ids).order_by().values("event").annotate(**offer_counts):
        f = result[row["event"]]
        f.offers = {k: row[f"o_{k}"] for k in kinds}
        f.accepted = {k: row[f"a_{k}"] for k in kinds}
        f.declined = {k: row[f"d_{k}"] for k in kinds}


def _count_checks(result: dict[int, Figures], event_ids) -> None:
    kinds = Offer.Kind.values
    check_counts = {}
    for kind in kinds:
        check_counts[f"s_{kind}"] = Count(
            "pk", filter=Q(offer__kind=kind, days=OfferCheck.STARTED, answer=True)
        )
        check_counts[f"h_{kind}"] = Count(
            "pk", filter=Q(offer__kind=kind, days=OfferCheck.HOLDS, answer=True)
        )
    check_counts["unconfirmed"] = Count("pk", filter=Q(days=OfferCheck.STARTED, answer__isnull=True))
    for row in (
        OfferCheck.objects.filter(offer__event__in=event_ids)
        .order_by()
        .values("offer__event")
        .annotate(**check_counts)
    ):
        f = result[row["offer__event"]]
        f.started = {k: row[f"s_{k}"] for k in kinds}
        f.holds = {k: row[f"h_{k}"] for k in kinds}
        f.unconfirmed = row["unconfirmed"]


def event_report(event: Event) -> Figures:
    return figures_by_event([event.pk])[event.pk]


@dataclass
class People:
    """Distinct people across a series: each person once, however many events they came to."""

    candidates: int = 0
    interviewed: int = 0
    offered: int = 0
    job: int = 0
    practice: int = 0


@dataclass
class Series:
    organiser: object
    date_from: datetime.date | None
    date_to: datetime.date | None
    events: list = field(default_factory=list)  # (event, Figures)
    total: Figures = field(default_factory=Figures)
    people: People = field(default_factory=People)

    def share(self, count: int) -> float | None:
        return round(count / self.people.candidates, 3) if self.people.candidates else None


def series_events(organiser, date_from=None, date_to=None):
    events = Event.objects.filter(organisers=organiser).select_related("venue").order_by("date", "id")
    if date_from:
        events = events.filter(date__gte=date_from)
    if date_to:
        events = events.filter(date__lte=date_to)
    return events


def series_report(organiser, date_from=None, date_to=None) -> Series:
    """All events of an organiser (optionally within dates), each with its figures, and the totals."""
    events = list(series_events(organiser, date_from, date_to))
    ids = [e.pk for e in events]
    figures = figures_by_event(ids)
    series = Series(organiser, date_from, date_to, events=[(e, figures[e.pk]) for e in events])
    for _event, f in series.events:
        series.total.add(f)
    kinds = Offer.Kind
    people = People()
    people.candidates = (
        CandidateRegistration.objects.filter(event__in=ids)
        .exclude(state=CandidateRegistration.State.WITHDRAWN)
        .aggregate(n=Count("participant", distinct=True))["n"]
    )
    people.interviewed = Interview.objects.filter(Q(event__in=ids) & (held_q())).aggregate(
        n=Count("candidate__participant", distinct=True)
    )["n"]
    people.offered = Offer.objects.filter(event__in=ids).aggregate(
        n=Count("candidate__participant", distinct=True)
    )["n"]
    started = OfferCheck.objects.filter(offer__event__in=ids, days=OfferCheck.STARTED, answer=True).aggregate(
        job=Count("offer__candidate__participant", distinct=True, filter=Q(offer__kind=kinds.JOB)),
        practice=Count("offer__candidate__participant", distinct=True, filter=Q(offer__kind=kinds.PRACTICE)),
    )
    people.job, people.practice = started["job"], started["practice"]
    series.people = people
    return series


@dataclass
class EmployerHistory:
    organisation_id: int
    name: str
    events: int
    first: datetime.date
    last: datetime.date
    held: int = 0
    offers: int = 0
    jobs: int = 0  # accepted job offers
    practice: int = 0  # accepted work-practice offers

    @property
    def comes_back(self) -> bool:
        return self.events >= 2


def employers_report(organiser, organisation_id: int | None = None) -> list[EmployerHistory]:
    """Each employer that took part in the organiser's events: how often, and what came of it.

    With `organisation_id`, the rows are that employer's events instead (keyed by event)."""
    regs = EmployerRegistration.objects.filter(event__organisers=organiser).exclude(
        state=EmployerRegistration.State.WITHDRAWN
    )
    key = "organisation"
    if organisation_id is not None:
        regs = regs.filter(organisation=organisation_id)
        key = "event"
    rows = {}
    for row in (
        regs.order_by()
        .values(key, "organisation__name")
        .annotate(n=Count("event", distinct=True), first=Min("event__date"), last=Max("event__date"))
    ):
        rows[row[key]] = EmployerHistory(
            row[key], row["organisation__name"], row["n"], row["first"], row["last"]
        )
    prefix = "employer__"
    for row in (
        Interview.objects.filter(employer__in=regs, published=True)
        .filter(held_q())
        .order_by()
        .values(f"{prefix}{key}")
        .annotate(n=Count("pk"))
    ):
        rows[row[f"{prefix}{key}"]].held = row["n"]
    for row in (
        Offer.objects.filter(employer__in=regs)
        .order_by()
        .values(f"{prefix}{key}")
        .annotate(
            n=Count("pk"),
            jobs=Count("pk", filter=Q(kind=Offer.Kind.JOB, state=Offer.State.ACCEPTED)),
            practice=Count("pk", filter=Q(kind=Offer.Kind.PRACTICE, state=Offer.State.ACCEPTED)),
        )
    ):
        r = rows[row[f"{prefix}{key}"]]
        r.offers, r.jobs, r.practice = row["n"], row["jobs"], row["practice"]
    return sorted(rows.values(), key=lambda r: (-r.events, r.name.lower(), r.first))


def employer_events(rows: list[EmployerHistory]) -> list[tuple[Event, EmployerHistory]]:
    """One employer's rows of `employers_report` (keyed by event) with their events, oldest first."""
    events = Event.objects.select_related("venue").in_bulk([r.organisation_id for r in rows])
    return sorted(((events[r.organisation_id], r) for r in rows), key=lambda pair: pair[0].date)
