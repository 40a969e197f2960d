"""The upcoming Ta sjansen event of the demo: registrations and wishes ready to schedule.

Run after `build_demo()`. It adds a NAV office in Innlandet (a place name that is no municipality),
makes the demo market coordinator (marked@) a market coordinator there too, and registers demo
employers (Bølgedata, with arbeidsgiver@ as its contact, among them) and demo participants who have
consented to share a profile with employers; the demo advisor's (veileder@) people are among them.
Everything goes through the event services, so the audit log looks as it would in use.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from kobling.core.models import Membership, Occupation, Organisation, User
from kobling.core.roles import Role
from kobling.demo import data
from kobling.demo.common import organisation_get_or_create
from kobling.events import services
from kobling.events.models import (
    CandidateRegistration,
    EmployerRegistration,
    Event,
    EventStatus,
    InclusionTag,
)
from kobling.people import services as people
from kobling.people.models import Consent, Participant
from kobling.people.selectors import has_consent

SEED = 2026
# slug, tables, arrives at, what they look for, [(kind, STYRK-08, places, tags)]
EMPLOYERS = [
    (
        "bolgedata",
        2,
        None,
        "Folk som liker å løse problemer for kunder, gjerne med litt IT-erfaring.",
        [("practice", "3512", 2, ["cv_gap", "outside_eea"]), ("job", "3513", 1, [])],
    ),
    (
        "granittregnskap",
        1,
        None,
        "Nøyaktige folk som trives med tall og systemer.",
        [("practice", "4110", 2, ["adapted_hours"]), ("internship", "2411", 1, ["young"])],
    ),
    (
        "mjosdigital",
        2,
        None,
        "Interesse for nettsider, design eller programmering.",
        [("job", "2512", 1, []), ("practice", "3514", 2, ["young", "cv_gap"])],
    ),
    (
        "viddelogistikk",
        1,
        datetime.time(17, 0),
        "Praktiske folk til lager og logistikksystemer.",
        [("job", "4321", 3, ["physical"]), ("practice", "4110", 1, [])],
    ),
    (
        "trollkode",
        1,
        None,
        "Nysgjerrige utviklere, også med utdanning fra utlandet.",
        [("practice", "2512", 2, ["outside_eea"])],
    ),
    (
        "havbris-forsikring",
        1,
        None,
        "Kundeservice og brukerstøtte.",
        [("practice", "3512", 2, ["adapted_hours", "cv_gap"])],
    ),
    (
        "lysloype-programvare",
        1,
        None,
        "Testere og utviklere i starten av karrieren.",
        [("internship", "2512", 2, ["young"])],
    ),
]
LOOKING_FOR = [
    "Brukerstøtte eller drift",
    "Arbeidspraksis innen IT",
    "Kontorarbeid med mye systembruk",
    "Utvikling, gjerne webutvikling",
    "Lager og logistikk, helst fast jobb",
    "Kundeservice",
]
EXPERIENCE = [
    "To år i kundeservice, ett år på lager.",
    "IT-utdanning fra hjemlandet og kurs i nettverk.",
    "Butikkmedarbeider i fem år, lang pause for omsorg.",
    "Fagbrev i IKT-servicefag, kortere vikariater.",
    "Selvlært programmering og frivillig arbeid med nettsider.",
    "Regnskapsfører i Syria, norskkurs nivå B1.",
]
CANDIDATES = 20
FROM_DEMO_ADVISOR = 6


@transaction.atomic
def build_events_demo() -> Event:
    rng = random.Random(SEED)
    now = timezone.now()
    office = organisation_get_or_create(data.EVENTS_ORGANISER)
    market = User.objects.get(email=f"marked@{data.DOMAIN}")
    Membership.objects.get_or_create(user=market, organisation=office, role=Role.NAV_MARKET)
    provider = Organisation.objects.get(slug=data.TRAINING_COMPANY)
    event = event_open(market, office, provider, timezone.localdate() + datetime.timedelta(days=21))
    employer_regs = [employer_register(market, event, row) for row in EMPLOYERS]
    candidate_regs = candidates_register(rng, event, employer_regs)
    for reg in employer_regs:
        liked = rng.sample(candidate_regs, k=min(len(candidate_regs), 5))
        services.interest_set(actor=market, employer=reg, candidate_ids={c.pk for c in liked}, vetoes={})
    Event.objects.filter(pk=event.pk).update(created_at=now - datetime.timedelta(days=30))
    return event


def event_open(market: User, office: Organisation, provider: Organisation, date: datetime.date) -> Event:
    """The upcoming event at `office` on `date`, organised with `provider`, open for registrations."""
    event = services.event_create(
        actor=market,
        organisers=[office, provider],
        data={
            "title": "Ta sjansen – Mjøsstrand",
            "description": "Hurtigintervjuer etter stengetid: arbeidsgivere møter kandidater til korte "
            "intervjuer. Ta gjerne med veilederen din.",
            "venue": office,
            "address": "Storgata 12, 2609 Lillehammer",
            "rooms": "Møterom Mjøsa (bord 1–6) og Vingrom (bord 7–10)",
            "date": date,
            "starts_at": datetime.time(16, 0),
            "ends_at": datetime.time(20, 0),
            "slot_minutes": 30,
            "breaks": ["18:00-18:15"],
            "info_meeting_at": datetime.time(15, 30),
            "info_meeting_minutes": 30,
            "min_interviews": 3,
            "max_interviews": 4,
            "employer_deadline": date - datetime.timedelta(days=10),
            "candidate_deadline": date - datetime.timedelta(days=7),
        },
    )
    return services.event_change_status(actor=market, event=event, status=EventStatus.OPEN)


def employer_register(market: User, event: Event, row: tuple) -> EmployerRegistration:
    """One EMPLOYERS row registered by the market coordinator, with its openings."""
    slug, tables, arrives, looking_for, openings = row
    org = Organisation.objects.get(slug=slug)
    contact = User.objects.filter(memberships__organisation=org, memberships__role=Role.EMPLOYER).first()
    reg = services.employer_register(
        actor=market,
        event=event,
        organisation=org,
        data={
            "contact_name": contact.full_name if contact else f"Rekruttering {org.name}",
            "contact_email": contact.email if contact else f"rekruttering@{slug}.{data.DOMAIN}",
            "language": "nb",
            "tables": tables,
            "arrives_at": arrives,
            "looking_for": looking_for,
        },
    )
    occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
    for opening_kind, code, places, tags in openings:
        if code in occupations:
            services.opening_add(
                actor=market,
                registration=reg,
                data={
                    "kind": opening_kind,
                    "occupation": occupations[code],
                    "places": places,
                    "description": "",
                    "inclusion_tags": [t for t in tags if t in InclusionTag.values],
                },
            )
    return reg


def candidates_register(rng: random.Random, event: Event, employer_regs: list) -> list[CandidateRegistration]:
    """CANDIDATES people who may be shown to employers, the demo advisor's first, with their wishes."""
    advisor = User.objects.get(email=f"veileder@{data.DOMAIN}")
    people_pool = list(
        Participant.objects.filter(user__isnull=True, email__gt="")
        .exclude(advisor=advisor)
        .filter(consents__purpose=Consent.Purpose.EMPLOYERS, consents__given=True)
        .distinct()
        .order_by("pk")
    )
    own = list(Participant.objects.filter(advisor=advisor, email__gt="").order_by("pk")[:FROM_DEMO_ADVISOR])
    chosen = own + rng.sample(people_pool, min(CANDIDATES - len(own), len(people_pool)))
    coordinator = User.objects.get(email=f"koordinator@{data.DOMAIN}")
    slot_count = len(event.slots())
    candidate_regs = []
    for n, participant in enumerate(chosen):
        actor = participant.advisor or coordinator
        if not has_consent(participant, Consent.Purpose.EMPLOYERS):
            people.consent_set(
                actor=actor, participant=participant, purpose=Consent.Purpose.EMPLOYERS, given=True
            )
        languages = ", ".join(
            f"{lang.language} {lang.get_level_display()}" for lang in participant.languages.all()[:3]
        )
        reg = services.candidate_register(
            actor=actor,
            event=event,
            participant=participant,
            data={
                "looking_for": rng.choice(LOOKING_FOR),
                "experience": rng.choice(EXPERIENCE),
                "languages": languages,
                "advisor_attends": participant.advisor_id == advisor.pk and n % 2 == 0,
                "unavailable": [rng.randrange(slot_count)] if rng.random() < 0.2 else [],
                "needs_interpreter": "arabisk" if n == 3 else "",
                "needs_accessibility": "trinnfri adkomst" if n == 7 else "",
            },
        )
        candidate_regs.append(reg)
        wishes_set(rng, actor, reg, employer_regs)
    return candidate_regs


def wishes_set(
    rng: random.Random, actor: User, candidate: CandidateRegistration, employer_regs: list
) -> None:
    """The candidate ranks four to six employers, and now and then rules out one they have met."""
    ranked = rng.sample(employer_regs, k=min(len(employer_regs), rng.choice([4, 5, 5, 6])))
    vetoes = {}
    if rng.random() < 0.1:
        others = [e for e in employer_regs if e not in ranked]
        if others:
            vetoes[others[0].pk] = "met_before"
    services.wishes_set(
        actor=actor,
        candidate=candidate,
        ranks={e.pk: i for i, e in enumerate(ranked, start=1)},
        vetoes=vetoes,
    )
