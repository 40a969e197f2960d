"""Many participants fast, for benchmarks: `kobling demo --participants N`.

Rows go in with bulk_create, a batch per transaction, without services or audit rows: this is
load for measuring pages, not a story. Each enrolment gets a single history row that is open and
equal to its status, so the history rule holds here too. NAV advisors get about 300 people each,
the demo advisor first, so the portfolio page is measured at a realistic size.
"""

import datetime
import random
import time
from collections import deque

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from kobling.core.models import Membership, Occupation, Organisation, User
from kobling.core.roles import Role
from kobling.demo import data
from kobling.demo.persons import NamePools, PersonMaker, weighted
from kobling.people.models import Consent, Participant, ParticipantLanguage, Source, Task, TimelineEntry
from kobling.programmes.models import Enrolment, EnrolmentStatus, Programme, Status

S = Status
OPEN_OR_WAITING = (S.APPLIED, S.ASSESSING, S.WAITING_LIST, S.WAITING_START)
ADVISOR_CAPACITY = 300
STATUS_WEIGHTS = {
    S.APPLIED: 5,
    S.ASSESSING: 4,
    S.WAITING_LIST: 4,
    S.WAITING_START: 5,
    S.PARTICIPATING: 22,
    S.COMPLETED: 35,
    S.LEFT: 7,
    S.BROKEN_OFF: 9,
    S.NOT_RELEVANT: 9,
}
REASONS = {
    S.LEFT: ["got_job", "got_job", "education", "ill"],
    S.BROKEN_OFF: ["ill", "no_show", "other_support"],
    S.NOT_RELEVANT: ["requirements", "no_place", "course_full", "no_show"],
}
PROVIDER_SHARE = {data.TRAINING_COMPANY: 0.65, data.MENTOR_NGO: 0.35}
PERSONAS = {
    "course": {"young": 5, "adult": 4, "it_newcomer": 2},
    "practice": {"adult": 5, "young": 3, "it_newcomer": 2},
    "event": {"adult": 5, "young": 3, "skilled": 2},
    "mentor": {"skilled": 17, "it_newcomer": 3},
}
ENTRY_TITLES = {
    TimelineEntry.Kind.NOTE: ["Notat", "Oppfølging", "CV oppdatert"],
    TimelineEntry.Kind.CALL: ["Telefonsamtale", "Ringte om fravær"],
    TimelineEntry.Kind.DIALOGUE: ["Dialogmøte"],
    TimelineEntry.Kind.STATUS: ["Statusmøte"],
    TimelineEntry.Kind.EMAIL: ["E-post om oppstart"],
}


class AdvisorPool:
    """Hands out advisors until each has ADVISOR_CAPACITY people, making new ones when all are full."""

    def __init__(self, offices: list[Organisation], password: str, maker: PersonMaker):
        self.offices = offices
        self.password = password
        self.maker = maker
        members = Membership.objects.filter(role=Role.NAV_ADVISOR).select_related("user", "organisation")
        members = sorted(members, key=lambda m: (m.user.email != f"veileder@{data.DOMAIN}", m.user_id))
        counts = dict(
            Participant.objects.filter(advisor__isnull=False).values_list("advisor").annotate(n=Count("pk"))
        )
        self.slots = deque(
            [m.user, m.organisation, ADVISOR_CAPACITY - counts.get(m.user_id, 0)] for m in members
        )
        self.created = 0

    def take(self) -> tuple[User, Organisation]:
        while self.slots and self.slots[0][2] <= 0:
            self.slots.popleft()
        if not self.slots:
            self.slots.append([*self.new_advisor(), ADVISOR_CAPACITY])
        slot = self.slots[0]
        slot[2] -= 1
        return slot[0], slot[1]

    def new_advisor(self) -> tuple[User, Organisation]:
        number = User.objects.filter(email__startswith="nav.veileder.").count() + 1
        office = self.offices[number % len(self.offices)]
        first, last = self.maker.name("norwegian", self.maker.rng.choice("mf"))
        user = User.objects.create(
            email=f"nav.veileder.{number:04d}@{data.DOMAIN}",
            full_name=f"{first} {last}",
            password=self.password,
        )
        Membership.objects.create(user=user, organisation=office, role=Role.NAV_ADVISOR)
        self.created += 1
        return user, office


def _activity(entries: list[TimelineEntry], now: datetime.datetime) -> tuple:
    """The same rule as people.services.participant_activity_refresh, computed without queries."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    past = [e.occurred_at for e in entries if e.occurred_at <= now]
    meetings = [
        e.occurred_at for e in entries if e.occurred_at > midnight and e.kind in TimelineEntry.MEETING_KINDS
    ]
    return (max(past) if past else None), (min(meetings) if meetings else None)


def build_bulk(n: int, *, batch_size: int = 5000, write=print) -> dict:
    started = time.perf_counter()
    load = BulkLoad(batch_size)
    totals = dict.fromkeys(["participants", "enrolments", "history", "languages", "timeline", "tasks"], 0)
    for batch_start in range(0, n, batch_size):
        size = min(batch_size, n - batch_start)
        with transaction.atomic():
            counts = load.batch(size)
        for key, count in counts.items():
            totals[key] += count
        done = batch_start + size
        if done % (batch_size * 4) == 0 or done == n:
            write(f"  {done:>7,} / {n:,} participants ({time.perf_counter() - started:.1f} s)")
    totals["advisors_created"] = load.pool.created
    analyse_started = time.perf_counter()
    analyse()
    write(f"  statistics refreshed ({time.perf_counter() - analyse_started:.1f} s)")
    totals["seconds"] = round(time.perf_counter() - started, 1)
    return totals


class BulkLoad:
    """One `build_bulk` run: what the rows refer to, read once, and the seeded stream they are drawn from."""

    def __init__(self, batch_size: int):
        self.batch_size = batch_size
        self.now = timezone.now()
        self.today = timezone.localtime(self.now).date()
        # Seeded by how many exist, so a second run adds different people, and the same run repeats.
        self.rng = random.Random(data.SEED * 1000 + Participant.objects.count())
        self.maker = PersonMaker(self.rng, NamePools(data.SEED), self.today)
        self.providers = {o.slug: o for o in Organisation.objects.filter(slug__in=PROVIDER_SHARE)}
        offices = list(Organisation.objects.filter(kind=Organisation.Kind.NAV_OFFICE).order_by("slug"))
        self.programmes = {
            slug: list(Programme.objects.filter(organisation=org, accepts_applications=True).order_by("slug"))
            for slug, org in self.providers.items()
        }
        self.coordinators = {
            slug: list(User.objects.filter(memberships__organisation=org, memberships__role=Role.COORDINATOR))
            for slug, org in self.providers.items()
        }
        self.occupation_codes = set(Occupation.objects.filter(level=4).values_list("code", flat=True))
        advisor_password = User.objects.get(email=f"veileder@{data.DOMAIN}").password
        self.pool = AdvisorPool(offices, advisor_password, self.maker)
        self.through = Participant.target_occupations.through
        self.serial = Participant.objects.count()

    def batch(self, size: int) -> dict[str, int]:
        """`size` more people with everything that hangs on them; how many rows of each kind."""
        rows = []
        for _ in range(size):
            self.serial += 1
            rows.append(
                _person(
                    self.rng, self.maker, self.providers, self.programmes, self.pool, self.now, self.serial
                )
            )
        Participant.objects.bulk_create([r["participant"] for r in rows], batch_size=self.batch_size)
        made = {
            "enrolments": [],
            "languages": [],
            "occupations": [],
            "consents": [],
            "timeline": [],
            "tasks": [],
        }
        for row in rows:
            self.collect(row, made)
        Enrolment.objects.bulk_create(made["enrolments"], batch_size=self.batch_size)
        history = [self.history_row(e) for e in made["enrolments"]]
        for model, objs in (
            (EnrolmentStatus, history),
            (ParticipantLanguage, made["languages"]),
            (self.through, made["occupations"]),
            (Consent, made["consents"]),
            (TimelineEntry, made["timeline"]),
            (Task, made["tasks"]),
        ):
            model.objects.bulk_create(objs, batch_size=self.batch_size)
        return {
            "participants": size,
            "enrolments": len(made["enrolments"]),
            "history": len(history),
            "languages": len(made["languages"]),
            "timeline": len(made["timeline"]),
            "tasks": len(made["tasks"]),
        }

    def collect(self, row: dict, made: dict[str, list]) -> None:
        """The rows that hang on one saved participant, added to `made`."""
        p = row["participant"]
        made["languages"] += [
            ParticipantLanguage(participant=p, language=c, level=lv) for c, lv in row["languages"].items()
        ]
        made["occupations"] += [
            self.through(participant_id=p.pk, occupation_id=c)
            for c in row["occupations"]
            if c in self.occupation_codes
        ]
        made["consents"].append(
            Consent(participant=p, purpose=Consent.Purpose.PROCESSING, given=True, at=p.created_at)
        )
        made["enrolments"] += [
            Enrolment(
                participant=p,
                programme=programme,
                status=status,
                status_since=since,
                created_at=p.created_at,
                referred_by=p.advisor,
            )
            for programme, status, since in row["enrolments"]
        ]
        coordinator = self.rng.choice(self.coordinators[p.organisation.slug])
        for e in row["entries"]:
            e.participant = p
            e.author = p.advisor if e.kind == TimelineEntry.Kind.DIALOGUE and p.advisor else coordinator
        made["timeline"] += row["entries"]
        made["tasks"] += _tasks(self.rng, p, coordinator, self.today)

    def history_row(self, enrolment: Enrolment) -> EnrolmentStatus:
        """The single, open history row of a bulk enrolment."""
        reason = self.rng.choice(REASONS[enrolment.status]) if enrolment.status in REASONS else ""
        return EnrolmentStatus(
            enrolment=enrolment,
            status=enrolment.status,
            reason=reason,
            valid_from=enrolment.status_since,
            changed_by=enrolment.referred_by,
        )


BULK_TABLES = [Participant, ParticipantLanguage, Enrolment, EnrolmentStatus, Consent, TimelineEntry, Task]


def analyse() -> None:
    """Refresh the planner's statistics for the tables just filled.

    Without them PostgreSQL plans as if the tables were empty until autovacuum gets round to
    them (never, where autovacuum is off), and counts cannot use index-only scans until VACUUM
    has set the visibility map.
    """
    tables = [m._meta.db_table for m in BULK_TABLES] + [Participant.target_occupations.through._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM refuses to run inside a transaction (as in the tests); ANALYZE alone still helps.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            cursor.execute("ANALYZE")


def _person(rng, maker, providers, programmes, pool, now, serial) -> dict:
    provider_slug = (
        data.TRAINING_COMPANY if rng.random() < PROVIDER_SHARE[data.TRAINING_COMPANY] else data.MENTOR_NGO
    )
    provider = providers[provider_slug]
    programme = rng.choice(programmes[provider_slug])
    source = weighted(rng, {Source.REFERRAL: 70, Source.APPLICATION: 22, Source.REGISTERED: 8})
    advisor = office = None
    if source == Source.REFERRAL:
        advisor, office = pool.take()
        region, municipality = office.region, office.municipality
    else:
        region = weighted(rng, data.APPLICANT_AREAS[provider_slug])
        municipality = rng.choice(data.MUNICIPALITIES[region])
    profile = maker.profile(weighted(rng, PERSONAS[programme.kind]), region, municipality)
    status = weighted(rng, STATUS_WEIGHTS)
    # People still in intake applied recently; the rest are spread over three years.
    days = rng.uniform(0, 90) if status in OPEN_OR_WAITING else rng.uniform(14, 3 * 365)
    created = now - datetime.timedelta(days=days)
    since = created + (now - created) * rng.uniform(0.05, 0.9)
    enrolments = [(programme, status, since)]
    if programme.kind != "event" and status in (S.PARTICIPATING, S.COMPLETED) and rng.random() < 0.15:
        event = next((p for p in programmes[provider_slug] if p.kind == "event"), None)
        if event:
            enrolments.append((event, S.COMPLETED, since + (now - since) * rng.uniform(0.1, 0.9)))
    fields = {k: v for k, v in profile.items() if k not in ("languages", "occupations", "origin")}
    participant = Participant(
        organisation=provider,
        source=source,
        advisor=advisor,
        referring_office=office,
        nav_user=advisor is not None,
        email=maker.email(profile["first_name"], profile["last_name"], f".{serial}"),
        phone=maker.phone() if rng.random() < 0.8 else "",
        created_at=created,
        updated_at=since,
        **fields,
    )
    entries = []
    for _ in range(rng.choices([0, 1, 2, 3, 4], weights=[2, 3, 3, 2, 1])[0]):
        kind = weighted(rng, {"note": 5, "call": 3, "dialogue": 2, "status": 2, "email": 1})
        entries.append(_entry(rng, kind, created + (now - created) * rng.random(), now))
    if status in (S.ASSESSING, S.WAITING_START, S.PARTICIPATING) and rng.random() < 0.5:
        days = 0 if rng.random() < 0.04 else rng.randint(1, 30)
        when = (timezone.localtime(now) + datetime.timedelta(days=days)).replace(
            hour=rng.randint(9, 15), minute=rng.choice([0, 30]), second=0, microsecond=0
        )
        entries.append(_entry(rng, rng.choice(["dialogue", "status"]), when, now))
    participant.last_activity_at, participant.next_meeting_at = _activity(entries, now)
    return {
        "participant": participant,
        "languages": profile["languages"],
        "occupations": profile["occupations"],
        "enrolments": enrolments,
        "entries": entries,
    }


def _entry(rng, kind, when, now) -> TimelineEntry:
    visibility = rng.choices(["nav", "provider", "participant"], weights=[6, 3, 1])[0]
    return TimelineEntry(
        kind=kind,
        visibility=visibility,
        sensitive=rng.random() < 0.02,
        title=rng.choice(ENTRY_TITLES[kind]),
        body="",
        occurred_at=when,
        created_at=min(when, now),
    )


def _tasks(rng, participant, coordinator, today) -> list[Task]:
    wanted = []
    if participant.advisor and rng.random() < 0.06:
        wanted.append((participant.advisor, rng.choice(data.TASKS_NAV), Task.WaitingOn.NAV))
    if participant.advisor and rng.random() < 0.04:
        wanted.append((participant.advisor, rng.choice(data.TASKS_PERSON), Task.WaitingOn.PARTICIPANT))
    if rng.random() < 0.03:
        wanted.append((coordinator, rng.choice(data.TASKS_PROVIDER), Task.WaitingOn.PROVIDER))
    return [
        Task(
            organisation=participant.organisation,
            participant=participant,
            title=title,
            assignee=assignee,
            waiting_on=waiting_on,
            due=today + datetime.timedelta(days=rng.randint(-10, 30)),
            created_by=coordinator,
            created_at=participant.updated_at,
            done_at=participant.updated_at if rng.random() < 0.3 else None,
        )
        for assignee, title, waiting_on in wanted
    ]
