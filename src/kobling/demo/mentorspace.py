"""Demo data for the pairs' spaces (issue 4), on top of `build_mentoring_demo()`.

Every active pair gets goals with progress, a meeting log that matches how long it has run (a few
pairs have gone quiet, so the board shows "no meeting" flags), messages, the fit question and monthly
check-ins (about one pair in eight answers low, which also makes the coordinator's task), and each
mentor programme's provider gets a shelf of curated resources, national and regional.
Everything is invented; links point to .example addresses.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from kobling.core.audit import create_and_log, log_action
from kobling.core.models import AuditLog, Organisation, User
from kobling.demo import data
from kobling.mentoring.models import Mentorship
from kobling.mentorspace.models import CheckIn, Goal, MeetingLog, Message, PrivateNote, Resource, Side
from kobling.mentorspace.selectors import months_running
from kobling.mentorspace.services import checkin_low_task
from kobling.programmes.followup.outcomes import add_months

SEED = data.SEED + 5
GOALS = [
    "Norsk CV og LinkedIn-profil ferdig",
    "Søke på minst fem relevante stillinger",
    "Øve på jobbintervju to ganger",
    "Bli kjent med tre personer i bransjen",
    "Forstå godkjenning av utdanningen fra hjemlandet",
    "Ta sertifisering i Azure Fundamentals",
    "Lære hvordan et norsk team jobber sammen",
]
NOTES = [
    "Gikk gjennom CV-en linje for linje. Kortere sammendrag, mer om resultater.",
    "Snakket om janteloven og hvordan man presenterer seg selv uten å virke skrytende.",
    "Øvde på typiske intervjuspørsmål. Bra svar om prosjektet fra forrige jobb.",
    "Mentor tipset om to meetups i byen og et faglig nettverk på LinkedIn.",
    "Så på stillingsannonser sammen og valgte ut tre å søke på.",
    "Snakket om forskjellen på flat struktur og hierarki på arbeidsplassen.",
]
PRIVATE = ["Virket sliten i dag, spør om økonomien neste gang.", "Må huske å sende lenken til kurset."]
MESSAGES = [
    ("mentor", "Hei! Passer det å møtes torsdag kl. 17 på kafeen ved stasjonen?"),
    ("mentee", "Ja, det passer fint. Jeg tar med CV-en."),
    ("mentor", "Så annonsen fra Fjordnett – den passer deg godt. Søk før fredag!"),
    ("mentee", "Takk! Jeg har sendt søknaden."),
    ("mentee", "Jeg er kalt inn til intervju neste uke. Kan vi øve før det?"),
    ("mentor", "Selvsagt, jeg sender deg noen spørsmål i kveld."),
]
RESOURCES = [
    (
        "Slik skriver du en norsk CV",
        "article",
        "",
        ["cv"],
        "applying",
        "",
        "En norsk CV er kort: to sider, nyeste erfaring først, og et sammendrag på tre-fire linjer.",
    ),
    (
        "Janteloven og flat struktur – norsk arbeidskultur",
        "article",
        "",
        ["work_culture"],
        "new_job",
        "",
        "Norske arbeidsplasser er flate: sjefen sitter ofte i samme landskap, "
        "og alle forventes å si sin mening.",
    ),
    (
        "Intervjutrening: de ti vanligste spørsmålene",
        "link",
        "https://intervju.kobling.example",
        ["interviews"],
        "interviewing",
        "",
        "",
    ),
    (
        "Microsoft Azure Fundamentals (AZ-900) – gratis kurs",
        "course",
        "https://kurs.kobling.example/az-900",
        ["certification"],
        "applying",
        "",
        "",
    ),
    (
        "Salesforce Trailhead for nybegynnere",
        "course",
        "https://kurs.kobling.example/trailhead",
        ["certification"],
        "start",
        "",
        "",
    ),
    (
        "Nettverksmøter for IT-folk i Oslo",
        "link",
        "https://meetup.kobling.example/oslo",
        ["network"],
        "",
        "03",
        "",
    ),
    (
        "Bransjetreff i Bergen og Vestland",
        "link",
        "https://meetup.kobling.example/bergen",
        ["network"],
        "",
        "46",
        "",
    ),
    (
        "Jobbsøkerkafé i Trondheim",
        "link",
        "https://kafe.kobling.example/trondheim",
        ["job_search"],
        "applying",
        "50",
        "",
    ),
    (
        "Godkjenning av utenlandsk utdanning",
        "link",
        "https://godkjenning.kobling.example",
        ["job_search"],
        "start",
        "",
        "",
    ),
]


class SpaceDemo:
    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.now = timezone.now()

    def at(self, day: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(hour, self.rng.choice([0, 15, 30])))
        )

    def resources(self, organisation: Organisation, author: User | None) -> int:
        made = 0
        for title, kind, url, topics, stage, region, body in RESOURCES:
            if Resource.objects.filter(organisation=organisation, title=title).exists():
                continue
            create_and_log(
                Resource,
                actor=author,
                organisation=organisation,
                logged=["title", "kind", "topics"],
                title=title,
                kind=kind,
                url=url,
                body=body,
                summary=body.split(".")[0] + "." if body else "",
                topics=topics,
                stage=stage,
                region=region,
                created_by=author,
            )
            made += 1
        return made

    def pair(self, pair: Mentorship, *, quiet: bool, low: bool) -> None:
        rng = self.rng
        mentor_user = pair.mentor.user
        mentee_user = pair.mentee.enrolment.participant.user
        users = {Side.MENTOR: mentor_user, Side.MENTEE: mentee_user}
        start = pair.started_on
        last_day = self.today - datetime.timedelta(days=rng.randint(40, 70) if quiet else rng.randint(2, 20))
        goals = rng.sample(GOALS, rng.randint(1, 3))
        running = max((self.today - start).days, 1)
        Goal.objects.bulk_create(
            Goal(
                mentorship=pair,
                title=title,
                progress=rng.choice([0, 25, 50, 75, 100][: 1 + min(4, running // 30)]),
                created_by=mentee_user or mentor_user,
                created_at=self.at(start + datetime.timedelta(days=rng.randint(0, 7)), 18),
            )
            for title in goals
        )
        meetings, day = [], start + datetime.timedelta(days=rng.randint(5, 14))
        while day <= last_day:
            meetings.append(
                MeetingLog(
                    mentorship=pair,
                    held_on=day,
                    minutes=rng.choice([45, 60, 60, 90]),
                    topics=rng.sample(
                        ["cv", "interviews", "work_culture", "network", "job_search"], rng.randint(1, 2)
                    ),
                    shared_notes=rng.choice(NOTES),
                    created_by=users[rng.choice([Side.MENTOR, Side.MENTEE])],
                    created_at=self.at(day, 20),
                )
            )
            day += datetime.timedelta(days=rng.randint(12, 24))
        MeetingLog.objects.bulk_create(meetings)
        if meetings and mentor_user and rng.random() < 0.4:
            PrivateNote.objects.create(meeting=meetings[-1], author=mentor_user, text=rng.choice(PRIVATE))
        for i, (side, body) in enumerate(MESSAGES[: rng.randint(2, len(MESSAGES))]):
            sent = self.at(min(start + datetime.timedelta(days=3 + i * 6), self.today), 19)
            Message.objects.create(
                mentorship=pair, sender=users[side], side=side, body=body, created_at=sent, read_at=sent
            )
        if meetings:
            self.checkins(pair, users, meetings[0].held_on, low=low)
        log_action(
            actor=mentor_user,
            action=AuditLog.Action.CREATE,
            obj=pair,
            organisation=pair.programme.organisation,
            fields=["goals", "meetings", "messages", "checkins"],
        )

    def checkins(self, pair, users, first_meeting, *, low: bool) -> None:
        rng = self.rng

        def answered(side, kind, day: datetime.date, hour: int, **answer) -> CheckIn:
            """One side's check-in of the pair, answered at about `hour` on `day`."""
            at = self.at(day, hour)
            return CheckIn(mentorship=pair, side=side, user=users[side], kind=kind, created_at=at, **answer)

        rows = []
        fit_day = first_meeting + datetime.timedelta(days=1)
        for side in (Side.MENTOR, Side.MENTEE):
            rows.append(answered(side, CheckIn.Kind.FIT, fit_day, 9, good_fit=True))
            for month in range(1, months_running(pair, self.today) + 1):
                if rng.random() < 0.2:
                    continue  # not everyone answers every month
                score = rng.choice([3, 4, 4, 5, 5])
                day = add_months(pair.started_on, month)
                rows.append(answered(side, CheckIn.Kind.MONTHLY, day, 10, month=month, score=score))
        CheckIn.objects.bulk_create(rows)
        if low:
            side = rng.choice([Side.MENTOR, Side.MENTEE])
            month = months_running(pair, self.today) or 0
            kind = CheckIn.Kind.MONTHLY if month else CheckIn.Kind.FIT
            CheckIn.objects.filter(mentorship=pair, side=side, kind=kind, month=month).delete()
            checkin = CheckIn.objects.create(
                mentorship=pair,
                side=side,
                user=users[side],
                kind=kind,
                month=month,
                low=True,
                score=2 if month else None,
                good_fit=False if not month else None,
                comment=rng.choice(["Vi finner ikke tid til å møtes.", "Vi snakker forbi hverandre.", ""]),
                created_at=self.now - datetime.timedelta(days=rng.randint(1, 6)),
            )
            from kobling.mentorspace.selectors import Space, nudge_settings_for, space_settings_for

            space = Space(pair, side, space_settings_for(pair.programme), nudge_settings_for(pair.programme))
            checkin_low_task(actor=users[side], space=space, checkin=checkin)


@transaction.atomic
def build_mentorspace_demo() -> int:
    """Fill the spaces of the mentoring demo's active pairs. Returns how many pairs were filled."""
    demo = SpaceDemo()
    pairs = list(
        Mentorship.objects.filter(state=Mentorship.State.ACTIVE, started_on__isnull=False)
        .exclude(space_goals__isnull=False)
        .select_related("programme__organisation", "mentor__user", "mentee__enrolment__participant__user")
        .order_by("pk")
    )
    for organisation in {p.programme.organisation for p in pairs}:
        coordinator = User.objects.filter(
            memberships__organisation=organisation, memberships__role="coordinator"
        ).first()
        demo.resources(organisation, coordinator)
    for i, pair in enumerate(pairs):
        # The first pair is the demo mentor's own and always healthy; then a mix of quiet and low.
        demo.pair(pair, quiet=i > 0 and demo.rng.random() < 0.15, low=i > 0 and demo.rng.random() < 0.125)
    return len(pairs)
