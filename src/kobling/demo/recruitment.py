"""Seven past Ta sjansen events in Innlandet, with interviews held, feedback and what became of them.

Run after `build_demo()` (and, if wanted, `build_events_demo()`, whose upcoming event joins the same
series). The past is written straight into the event and recruitment tables, as rows that a year of use
would have left: 7 events at 7 NAV offices (invented place names), about 100 people (some came twice),
more than 30 employers (invented companies, several coming back), 3–4 interviews per person, feedback on
every interview held, and offers of which 10 jobs and 40 work-practice places started (the figures of
seed 004). A few offers were declined or never started, so the report has something honest to show.

The series is organised by NAV Mjøsstrand (the market coordinator marked@ organises it). The demo
advisor (veileder@) follows some of the people, with feedback from the latest event still to pass on;
the demo employer (arbeidsgiver@, Bølgedata) took part in most events.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from faker import Faker

from kobling.core.models import Membership, Organisation, User
from kobling.core.roles import Role
from kobling.demo import data
from kobling.demo.common import organisation_get_or_create
from kobling.demo.persons import NameBook, ascii_slug
from kobling.events.models import (
    CandidateRegistration,
    EmployerRegistration,
    Event,
    EventStatus,
    EventStatusChange,
    Interview,
)
from kobling.people.models import Consent, Participant, ParticipantLanguage, Source, TimelineEntry
from kobling.recruitment.models import EventSettings, Feedback, FeedbackOutcome, Offer, OfferCheck

SEED = 2004
ORGANISER = data.EVENTS_ORGANISER
# Venues: invented place names in Innlandet, none of them a municipality.
OFFICES = [
    ORGANISER,
    ("nav-furuvika", "NAV Furuvika", "nav_office", "34", "Hamar"),
    ("nav-sildrestad", "NAV Sildrestad", "nav_office", "34", "Gjøvik"),
    ("nav-bjorkelia", "NAV Bjørkelia", "nav_office", "34", "Elverum"),
    ("nav-grakollen", "NAV Gråkollen", "nav_office", "34", "Kongsvinger"),
    ("nav-elvebredd", "NAV Elvebredd", "nav_office", "34", "Sel"),
    ("nav-tjernmo", "NAV Tjernmo", "nav_office", "34", "Nord-Aurdal"),
]
PROVIDER = ("mjosvekst", "Mjøsvekst AS", "provider", "34", "Hamar")
COORDINATOR = (f"koordinator.mjosvekst@{data.DOMAIN}", "Randi Solbakken")
ADVISORS = [
    (f"eirin.holm@{data.DOMAIN}", "Eirin Holm", "nav-furuvika"),
    (f"knut.lien@{data.DOMAIN}", "Knut Lien", "nav-sildrestad"),
    (f"maria.dahl@{data.DOMAIN}", "Maria Dahl", "nav-bjorkelia"),
]
DEMO_EMPLOYERS = ["bolgedata", "granittregnskap", "mjosdigital", "viddelogistikk", "havbris-forsikring"]
# Invented companies of the region.
NEW_EMPLOYERS = [
    "Lågendal Bygg AS",
    "Mjøskanten Regnskap AS",
    "Furulund Sykehjem AS",
    "Glåmdal Trelast AS",
    "Kvitfjellet Hotell AS",
    "Sildrestad Elektro AS",
    "Tjernmo Transport AS",
    "Bjørkelia Barnehager AS",
    "Gråkollen Maskin AS",
    "Innlandsnett IT AS",
    "Vangsåsen Dagligvare AS",
    "Elvebredd Rørlegger AS",
    "Høgfjell Renhold AS",
    "Skogvokter Data AS",
    "Mjøsbølgen Kafé AS",
    "Lysgård Eiendom AS",
    "Nordre Brøtt Mekaniske AS",
    "Storsjøen Logistikk AS",
    "Dølakraft Service AS",
    "Fjellgløtt Omsorg AS",
    "Kornsilo Verksted AS",
    "Tinglyst Kontorservice AS",
    "Vårsol Gartneri AS",
    "Stabburet IT-drift AS",
    "Heimbygd Regnskap AS",
    "Sølvtind Sikkerhet AS",
    "Granli Lager AS",
]
STREETS = ["Storgata", "Kirkegata", "Jernbanegata"]
DAYS_AGO = [340, 290, 240, 190, 140, 90, 40]
SLOTS = 4  # 16:00–18:00 in 30-minute slots
JOBS, PRACTICE = 10, 40
STRENGTHS = [
    "God til å lytte og stille spørsmål.",
    "Tydelig interesse for faget.",
    "Rolig og strukturert.",
    "Positiv og løsningsorientert.",
    "Relevant erfaring fra tidligere jobb.",
    "Viste at hen lærer raskt.",
]
ADVICE = [
    "Fortell mer konkret om hva du har gjort selv.",
    "Øv på å presentere deg selv på to minutter.",
    "Ta med eksempler fra praksis eller frivillig arbeid.",
    "Spør gjerne mer om arbeidsplassen.",
    "Jobb videre med norsken, du er på god vei.",
]
REFLECTIONS = [
    "Jeg var nervøs i starten, men det gikk bedre etter hvert.",
    "Fint å møte en arbeidsgiver ansikt til ansikt.",
    "Jeg burde forberedt meg mer på spørsmål om erfaring.",
    "Det var en hyggelig samtale, jeg håper på praksis.",
]


def _user(email, name, role, org, password: str) -> User:
    """`password` is the demo's shared password, already hashed: hashing is the slow part."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=name)
        user.password = password
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, organisation=org, role=role)
    return user


def _people(rng: random.Random, provider, advisors, office_ids, count: int) -> list[Participant]:
    fake = Faker("no_NO")
    fake.seed_instance(SEED)
    now = timezone.now()
    book = NameBook.from_database()
    rows = []
    for n in range(count):
        first, last = "", ""
        while not first or not book.is_free(first, last):
            first = fake.first_name_female() if n % 2 else fake.first_name_male()
            last = fake.last_name()
        book.claim_name(first, last)
        advisor = advisors[n % len(advisors)]
        rows.append(
            Participant(
                organisation=provider,
                first_name=first,
                last_name=last,
                email=f"{ascii_slug(first)}.{ascii_slug(last)}.{n}@{data.DOMAIN}",
                birth_year=timezone.localdate().year - rng.randint(22, 58),
                region="34",
                municipality=rng.choice(["Hamar", "Gjøvik", "Lillehammer", "Elverum", "Kongsvinger"]),
                nav_user=True,
                immigrant=rng.random() < 0.35,
                advisor=advisor,
                referring_office_id=office_ids[n % len(office_ids)],
                source=Source.REFERRAL,
                work_experience=rng.choice(["Lager", "Butikk", "Renhold", "Kundeservice", "Omsorg", ""]),
                created_at=now - datetime.timedelta(days=400),
            )
        )
    people = Participant.objects.bulk_create(rows)
    languages = []
    for p in people:
        if p.immigrant:
            languages.append(
                ParticipantLanguage(participant=p, language="no", level=rng.choice(["A2", "B1", "B2"]))
            )
            languages.append(
                ParticipantLanguage(
                    participant=p, language=rng.choice(["ar", "ti", "so", "uk", "fa"]), level="native"
                )
            )
        else:
            languages.append(ParticipantLanguage(participant=p, language="no", level="native"))
    ParticipantLanguage.objects.bulk_create(languages)
    Consent.objects.bulk_create(
        Consent(participant=p, purpose=Consent.Purpose.EMPLOYERS, given=True, at=p.created_at) for p in people
    )
    return people


def _schedule(rng, candidates, employers) -> list[tuple]:
    """(candidate, employer, slot, table) with 3–4 interviews each, a pair at most once, tables respected."""
    used: dict[tuple[int, int], int] = {}
    result = []
    for cand in candidates:
        met = set()
        wanted = rng.choice([3, 4, 4])
        for slot in rng.sample(range(SLOTS), SLOTS):
            if len([r for r in result if r[0] is cand]) >= wanted:
                break
            free = [e for e in employers if e.pk not in met and used.get((e.pk, slot), 0) < e.tables]
            if not free:
                continue
            emp = rng.choice(free)
            used[emp.pk, slot] = used.get((emp.pk, slot), 0) + 1
            met.add(emp.pk)
            result.append((cand, emp, slot, used[emp.pk, slot]))
    return result


@transaction.atomic
def build_recruitment_demo() -> list[Event]:
    return PastSeries().build()


class PastSeries:
    """The seven past events, built in one seeded stream: people, employers, then event by event."""

    def __init__(self):
        self.rng = random.Random(SEED)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.offices = [organisation_get_or_create(row) for row in OFFICES]
        self.organiser = self.offices[0]
        self.market = User.objects.get(email=f"marked@{data.DOMAIN}")

    def build(self) -> list[Event]:
        provider = organisation_get_or_create(PROVIDER)
        Membership.objects.get_or_create(user=self.market, organisation=self.organiser, role=Role.NAV_MARKET)
        password = self.market.password  # every demo user shares the password
        _user(*COORDINATOR, Role.COORDINATOR, provider, password)
        advisors = [
            _user(
                email,
                name,
                Role.NAV_ADVISOR,
                organisation_get_or_create(next(o for o in OFFICES if o[0] == slug)),
                password,
            )
            for email, name, slug in ADVISORS
        ]
        demo_advisor = User.objects.get(email=f"veileder@{data.DOMAIN}")
        people = _people(self.rng, provider, advisors + [demo_advisor], [o.pk for o in self.offices[1:]], 100)
        self.employers = [Organisation.objects.get(slug=slug) for slug in DEMO_EMPLOYERS]
        self.employers += [
            organisation_get_or_create(
                (
                    ascii_slug(name),
                    name,
                    "employer",
                    "34",
                    self.rng.choice(["Hamar", "Gjøvik", "Lillehammer"]),
                )
            )
            for name in NEW_EMPLOYERS
        ]
        self.regulars = self.employers[:8]  # these come to most events
        per_event = self.attendance(people)
        events, all_interviews = [], []
        for index, (office, days_ago) in enumerate(zip(self.offices, DAYS_AGO, strict=True)):
            latest = index == len(DAYS_AGO) - 1
            event = self.event(office, days_ago, latest)
            regs = self.employer_registrations(event, index, days_ago)
            rows = self.interviews(event, regs, per_event[index], days_ago)
            events.append(event)
            all_interviews += [(event, latest, row) for row in rows if row.state == Interview.State.HELD]
        _outcomes(self.rng, all_interviews, people, self.market, self.now, self.today)
        return events

    def attendance(self, people: list[Participant]) -> list[list[Participant]]:
        """Who comes to which event: everyone once, 15 people twice."""
        order = people[:]
        self.rng.shuffle(order)
        per_event = [order[k::7] for k in range(7)]
        for k, person in enumerate(self.rng.sample(people, 15)):
            event_index = (k * 3) % 7
            if person not in per_event[event_index]:
                per_event[event_index].append(person)
        return per_event

    def event(self, office: Organisation, days_ago: int, latest: bool) -> Event:
        """The event held at `office` `days_ago` days back, with its status history; the latest is
        held but not closed, and its feedback is released by hand."""
        now, market = self.now, self.market
        date = self.today - datetime.timedelta(days=days_ago)
        event = Event.objects.create(
            title=f"Ta sjansen – {office.name.removeprefix('NAV ')}",
            description="Hurtigintervjuer etter stengetid på NAV-kontoret.",
            venue=office,
            address=f"{self.rng.choice(STREETS)} {self.rng.randint(2, 40)}, {office.municipality}",
            rooms="Møterommene i første etasje",
            date=date,
            starts_at=datetime.time(16, 0),
            ends_at=datetime.time(18, 0),
            info_meeting_at=datetime.time(15, 30),
            employer_deadline=date - datetime.timedelta(days=14),
            candidate_deadline=date - datetime.timedelta(days=10),
            status=EventStatus.HELD if latest else EventStatus.CLOSED,
            schedule_version=1,
            schedule_optimal=True,
            scheduled_at=now - datetime.timedelta(days=days_ago + 5),
            created_by=market,
            created_at=now - datetime.timedelta(days=days_ago + 40),
        )
        event.organisers.set([self.organiser, office] if office != self.organiser else [self.organiser])
        EventStatusChange.objects.bulk_create(
            EventStatusChange(
                event=event, status=s, by=market, at=now - datetime.timedelta(days=days_ago - d)
            )
            for s, d in [("draft", -40), ("open", -35), ("scheduling", -10), ("published", -5), ("held", 0)]
            + ([] if latest else [("closed", 14)])
        )
        EventSettings.objects.create(event=event, release_automatically=not latest)
        return event

    def employer_registrations(self, event: Event, index: int, days_ago: int) -> list[EmployerRegistration]:
        """Five to eight regulars and four others, all checked in; Bølgedata's contact is arbeidsgiver@."""
        others = self.employers[8:]
        chosen = self.regulars[: 5 + index % 4] + [others[(index * 4 + j) % len(others)] for j in range(4)]
        regs = EmployerRegistration.objects.bulk_create(
            EmployerRegistration(
                event=event,
                organisation=org,
                state=EmployerRegistration.State.REGISTERED,
                contact_name=f"Rekruttering {org.name}",
                contact_email=f"rekruttering@{org.slug}.{data.DOMAIN}",
                tables=2 if org in self.regulars[:4] else 1,
                looking_for="Motiverte folk som vil lære.",
                checked_in_at=self.now - datetime.timedelta(days=days_ago),
                registered_at=self.now - datetime.timedelta(days=days_ago + 20),
            )
            for org in chosen
        )
        if org_bolge := next((r for r in regs if r.organisation.slug == "bolgedata"), None):
            EmployerRegistration.objects.filter(pk=org_bolge.pk).update(
                contact_email=f"arbeidsgiver@{data.DOMAIN}"
            )
        return regs

    def interviews(
        self, event: Event, regs: list, persons: list[Participant], days_ago: int
    ) -> list[Interview]:
        """The candidates (one did not come) and their published, held interviews."""
        rng, now = self.rng, self.now
        cands = CandidateRegistration.objects.bulk_create(
            CandidateRegistration(
                event=event,
                participant=p,
                registered_by=p.advisor,
                advisor=p.advisor,
                advisor_attends=rng.random() < 0.3,
                looking_for=rng.choice(["Arbeidspraksis", "Fast jobb", "Brukerstøtte", "Lager og logistikk"]),
                languages="norsk B1, engelsk B2",
                consent_at=now - datetime.timedelta(days=days_ago + 12),
                no_show=False,
                checked_in_at=now - datetime.timedelta(days=days_ago),
            )
            for p in persons
        )
        absent = set(c.pk for c in rng.sample(cands, 1))
        CandidateRegistration.objects.filter(pk__in=absent).update(no_show=True, checked_in_at=None)
        return Interview.objects.bulk_create(
            Interview(
                event=event,
                candidate=c,
                employer=e,
                slot=slot,
                table=table,
                published=True,
                state=Interview.State.NO_SHOW if c.pk in absent else Interview.State.HELD,
                created_at=now - datetime.timedelta(days=days_ago + 5),
            )
            for c, e, slot, table in _schedule(rng, cands, regs)
        )


def _outcomes(rng, interviews, people, market, now, today) -> None:
    """Feedback on every interview held; one offer for 55 people: 10 jobs and 40 work-practice places
    started, 3 declined, 2 that never started."""
    by_person: dict[int, list] = {}
    for item in interviews:
        by_person.setdefault(item[2].candidate.participant_id, []).append(item)
    lucky = rng.sample([pk for pk in by_person if len(by_person[pk]) >= 2], JOBS + PRACTICE + 5)
    plan = {pk: ("job" if k < JOBS + 2 else "practice") for k, pk in enumerate(lucky)}
    fate = {pk: "started" for pk in lucky}
    for pk in lucky[JOBS : JOBS + 2] + lucky[-1:]:
        fate[pk] = "declined"
    for pk in lucky[-3:-1]:
        fate[pk] = "not_started"
    offered = {pk: rng.choice(items)[2].pk for pk, items in by_person.items() if pk in plan}
    feedback, offers = [], []
    for event, latest, row in interviews:
        person = row.candidate.participant_id
        kind = plan.get(person) if offered.get(person) == row.pk else None
        outcome = {
            "job": FeedbackOutcome.JOB_OFFER,
            "practice": FeedbackOutcome.PRACTICE_OFFER,
        }.get(kind) or rng.choice([FeedbackOutcome.NOT_NOW] * 3 + [FeedbackOutcome.SECOND_INTERVIEW])
        given = datetime.datetime.combine(
            event.date, datetime.time(19, 0), tzinfo=timezone.get_current_timezone()
        )
        released = None if latest and rng.random() < 0.6 else given + datetime.timedelta(days=1)
        feedback.append(
            Feedback(
                interview=row,
                motivation=rng.randint(3, 5) if kind else rng.randint(2, 5),
                communication=rng.randint(2, 5),
                skills=rng.randint(2, 5),
                fit=rng.randint(3, 5) if kind else rng.randint(1, 5),
                strengths=rng.choice(STRENGTHS),
                advice=rng.choice(ADVICE),
                outcome=outcome,
                given_at=given,
                updated_at=given,
                released_at=released,
            )
        )
        if kind:
            offers.append((row, kind, fate[person], event))
    Feedback.objects.bulk_create(feedback)
    _offers(offers, market, now, today)


def _offers(offers, market, now, today) -> None:
    rows, checks, notes = [], [], []
    for row, kind, fate, event in offers:
        start = event.date + datetime.timedelta(days=7)
        accepted = fate != "declined"
        rows.append(
            Offer(
                interview=row,
                event=event,
                employer=row.employer,
                candidate=row.candidate,
                kind=kind,
                state=Offer.State.ACCEPTED if accepted else Offer.State.DECLINED,
                start_date=start if accepted else None,
                decided_at=now - datetime.timedelta(days=(today - event.date).days - 7),
                decided_by=row.candidate.advisor or market,
                created_at=now - datetime.timedelta(days=(today - event.date).days),
            )
        )
    created = Offer.objects.bulk_create(rows)
    for offer, (row, kind, fate, event) in zip(created, offers, strict=True):
        if offer.state != Offer.State.ACCEPTED:
            continue
        for days in OfferCheck.DAYS:
            due = offer.start_date + datetime.timedelta(days=days)
            answered = due <= today
            answer = (fate == "started") if answered else None
            checks.append(
                OfferCheck(
                    offer=offer,
                    days=days,
                    due=due,
                    answer=answer,
                    answered_at=now if answered else None,
                    answered_by=offer.decided_by if answered else None,
                )
            )
        label = "Jobb" if kind == "job" else "Arbeidspraksis"
        notes.append(
            TimelineEntry(
                participant_id=row.candidate.participant_id,
                kind=TimelineEntry.Kind.NOTE,
                visibility=TimelineEntry.Visibility.PARTICIPANT,
                title=f"{label} hos {row.employer.organisation.name} fra {offer.start_date:%d.%m.%Y}",
                body=f"Tilbudet ble takket ja til etter intervjuet på {event}.",
                occurred_at=offer.decided_at,
                author=offer.decided_by,
            )
        )
    OfferCheck.objects.bulk_create(checks)
    TimelineEntry.objects.bulk_create(notes)
