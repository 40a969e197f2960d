"""Demo data for the mentor programme's network (issue 4), built on top of `build_mentoring_demo()`.

For seed 002's "Fagmentor" programme: directory consents (most approved mentors and about 60 % of
the mentees say yes), logins for a handful of mentees still waiting for a mentor, a question board
with answers (one answer hidden by the coordinator, with the reason), and networking meetups in
Oslo, Bergen, Trondheim and online with sign-ups, a full one with a waiting list, and two past ones
with attendance. Everything is invented; e-mail addresses end in .example.

Call `build_network_demo()` after `build_mentoring_demo()`; it is not wired into the generator.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kobling.core.models import Membership, Organisation, User
from kobling.core.roles import Role
from kobling.demo import data
from kobling.demo.common import CoordinatorDemo
from kobling.mentoring.models import MentorProfile, Mentorship, Topic
from kobling.network.models import Answer, Meetup, MeetupSignup, MentorDirectoryConsent, Question
from kobling.people.models import Consent
from kobling.programmes.models import Enrolment, Programme, Status

SEED = data.SEED + 5
PROGRAMME = "fagmentor"
MENTEE_LOGINS = 8

QUESTIONS = [
    (
        Topic.JOB_SEARCH,
        "Hvordan får jeg godkjent ingeniørutdanningen min fra utlandet?",
        "Jeg har en mastergrad i bygg fra Damaskus. Hvor begynner jeg?",
        [
            "Søk HK-dir om generell godkjenning. Det tar noen måneder, så søk med en gang.",
            "Jeg gjorde det i fjor. Legg ved vitnemål og karakterutskrift, oversatt av en "
            "statsautorisert translatør.",
        ],
    ),
    (
        Topic.CV,
        "Skal jeg ha bilde på CV-en?",
        "",
        ["Det er vanlig i Norge, men ikke et krav. Velg et enkelt og nøytralt bilde hvis du har med et."],
    ),
    (
        Topic.WORK_CULTURE,
        "Hva betyr det når sjefen sier «det ordner seg»?",
        "Jeg er usikker på om jeg skal følge opp eller vente.",
        [
            "Ofte betyr det at hun tar ansvar for det. Men det er helt greit å spørre igjen om en uke.",
            "Norske ledere liker at du tar initiativ. Spør gjerne: «Skal jeg gjøre noe med dette?»",
            "Janteloven gjør at folk sier ting forsiktig. Still heller ett spørsmål for mye.",
        ],
    ),
    (
        Topic.INTERVIEWS,
        "Hvordan forbereder jeg meg på et intervju med case-oppgave?",
        "Det er for en stilling som utvikler i et konsulentselskap i Bergen.",
        ["Øv på å tenke høyt. De vil se hvordan du resonnerer, ikke bare svaret."],
    ),
    (
        Topic.NETWORK,
        "Kjenner noen folk i energibransjen i Stavanger?",
        "Jeg er prosessingeniør og flytter dit i sommer.",
        [],
    ),
    (
        Topic.CERTIFICATION,
        "Er AZ-900 verdt å ta før jeg søker driftsjobber?",
        "",
        [
            "Ja, den er et fint første bevis på at du kan skyen. Ta AZ-104 etterpå.",
            "Vi spør ofte etter den i stillingsannonser for drift.",
        ],
    ),
    (
        Topic.JOB_SEARCH,
        "Hvor mange søknader er normalt å sende før man får intervju?",
        "",
        ["Det varierer mye. Tilpass hver søknad; ti gode er bedre enn femti like."],
    ),
    (
        Topic.WORK_CULTURE,
        "Er det vanlig å ta med mat til kollegene på første arbeidsdag?",
        "",
        [],
    ),
]
HIDDEN_ANSWER = (
    "Send meg en melding på 412 34 567, så fikser jeg jobb til deg.",
    "Telefonnummer og jobbløfter hører ikke hjemme på tavla.",
)

MEETUPS = [
    # title, description, days from now, hour, region, place, video, capacity, waiting list
    (
        "Nettverkstreff i Oslo: møt arbeidsgivere i IT",
        "Tre partnerbedrifter forteller hva de ser etter. Etterpå: mingling og pizza.",
        9,
        17,
        "03",
        "Veiviserne, Torggata 12, Oslo",
        "",
        30,
        True,
    ),
    (
        "CV-verksted i Bergen",
        "Ta med CV-en din. Mentorer gir tilbakemelding en og en.",
        16,
        18,
        "46",
        "Bergen offentlige bibliotek, Strømgaten 6",
        "",
        6,
        True,
    ),
    (
        "Digitalt kaffetreff: norsk arbeidskultur",
        "En halvtime om uskrevne regler på norske arbeidsplasser, og tid til spørsmål.",
        5,
        12,
        "",
        "",
        "https://meet.kobling.example/kaffetreff",
        50,
        False,
    ),
    (
        "Ingeniørkveld i Trondheim",
        "For ingeniører og arkitekter: godkjenning, fagforeninger og jobbsøking.",
        23,
        18,
        "50",
        "Digs, Krambugata 2, Trondheim",
        "",
        25,
        True,
    ),
    (
        "Sommeravslutning for nettverket",
        "Grilling i parken for alle mentorer og mentees.",
        -20,
        16,
        "03",
        "Sofienbergparken, Oslo",
        "",
        60,
        False,
    ),
    (
        "Intervjutrening i Bergen",
        "Øv på intervju med mentorer fra Bølgedata.",
        -45,
        17,
        "46",
        "Bølgedata AS, Bergen",
        "",
        12,
        True,
    ),
]


class NetworkDemo(CoordinatorDemo):
    def __init__(self, seed: int = SEED):
        super().__init__(seed)
        self.programme = Programme.objects.select_related("organisation").get(slug=PROGRAMME)

    @property
    def audit_organisation(self) -> Organisation:
        return self.programme.organisation

    def ago(self, days_low: int, days_high: int) -> datetime.datetime:
        return self.now - datetime.timedelta(
            days=self.rng.randint(days_low, days_high), minutes=self.rng.randint(0, 600)
        )

    # ------------------------------------------------------------------ people
    def mentors(self) -> list[MentorProfile]:
        return list(
            MentorProfile.objects.filter(
                programme=self.programme, state=MentorProfile.State.APPROVED, user__isnull=False
            )
            .select_related("user")
            .order_by("pk")
        )

    def enrolments(self) -> list[Enrolment]:
        return list(
            Enrolment.objects.filter(
                programme=self.programme,
                status__in=[Status.WAITING_LIST, Status.WAITING_START, Status.PARTICIPATING],
            )
            .select_related("participant__user")
            .order_by("pk")
        )

    def consents(self, mentors, enrolments) -> None:
        MentorDirectoryConsent.objects.bulk_create(
            MentorDirectoryConsent(mentor=m, given=True, at=self.ago(10, 200), recorded_by=m.user)
            for m in mentors
            if self.rng.random() < 0.75
        )
        answered = set(
            Consent.objects.filter(
                purpose=Consent.Purpose.DIRECTORY, participant__in=[e.participant for e in enrolments]
            ).values_list("participant_id", flat=True)
        )
        Consent.objects.bulk_create(
            Consent(
                participant=e.participant,
                purpose=Consent.Purpose.DIRECTORY,
                given=True,
                at=self.ago(5, 150),
                recorded_by=self.coordinator,
            )
            for e in enrolments
            if e.participant_id not in answered and self.rng.random() < 0.6
        )

    def mentee_users(self, enrolments) -> list[tuple[User, Enrolment]]:
        """Mentees who log in: those who have a login, and a few still waiting for a mentor."""
        with_pair = set(
            Mentorship.objects.filter(programme=self.programme, state__in=Mentorship.OPEN).values_list(
                "mentee__enrolment_id", flat=True
            )
        )
        people = [(e.participant.user, e) for e in enrolments if e.participant.user_id]
        waiting = [
            e
            for e in enrolments
            if e.pk not in with_pair and not e.participant.user_id and e.participant.email
        ]
        taken = set(User.objects.values_list("email", flat=True))
        for enrolment in waiting:
            if len(people) >= MENTEE_LOGINS:
                break
            participant = enrolment.participant
            if participant.email in taken:
                continue
            user = User.objects.create_user(participant.email, None, full_name=participant.full_name)
            user.password = self.password
            user.save(update_fields=["password"])
            Membership.objects.get_or_create(
                user=user, organisation=self.programme.organisation, role=Role.PARTICIPANT
            )
            participant.user = user
            participant.save(update_fields=["user"])
            people.append((user, enrolment))
        return people

    # ------------------------------------------------------------------ board
    def board(self, mentors, mentees) -> int:
        rng = self.rng
        askers = [(u, e.participant.full_name, e.participant.region) for u, e in mentees] or [
            (m.user, m.full_name, m.region) for m in mentors
        ]
        answerers = [(m.user, m.full_name) for m in mentors] + [
            (u, e.participant.full_name) for u, e in mentees
        ]
        count = 0
        for i, (topic, title, body, replies) in enumerate(QUESTIONS):
            user, name, region = askers[i % len(askers)]
            asked = self.ago(3, 60)
            question = self.created(
                Question,
                ["title", "body"],
                actor=user,
                programme=self.programme,
                author=user,
                author_name=name,
                region=region,
                topic=topic,
                title=title,
                body=body,
                created_at=asked,
            )
            at = asked
            pool = [a for a in answerers if a[0].pk != user.pk]
            for text, (author, author_name) in zip(
                replies, rng.sample(pool, min(len(replies), len(pool))), strict=False
            ):
                at = at + datetime.timedelta(hours=rng.randint(1, 48))
                self.created(
                    Answer,
                    ["body"],
                    actor=author,
                    question=question,
                    author=author,
                    author_name=author_name,
                    body=text,
                    created_at=min(at, self.now),
                )
            if i == 2 and pool:
                author, author_name = pool[-1]
                self.created(
                    Answer,
                    ["hidden"],
                    note=f"hidden: {HIDDEN_ANSWER[1]}",
                    question=question,
                    author=author,
                    author_name=author_name,
                    body=HIDDEN_ANSWER[0],
                    created_at=min(at + datetime.timedelta(hours=3), self.now),
                    hidden_at=min(at + datetime.timedelta(hours=5), self.now),
                    hidden_by=self.coordinator,
                    hidden_reason=HIDDEN_ANSWER[1],
                )
            question.answer_count = question.answers.filter(hidden_at__isnull=True).count()
            question.save(update_fields=["answer_count"])
            count += 1
        return count

    # ------------------------------------------------------------------ meetups
    def meetups(self, mentors, mentees) -> int:
        rng = self.rng
        members = [(m.user, m.full_name, "mentor") for m in mentors] + [
            (u, e.participant.full_name, "mentee") for u, e in mentees
        ]
        today = timezone.localtime(self.now).replace(minute=0, second=0, microsecond=0)
        for title, description, days, hour, region, place, video, capacity, waiting in MEETUPS:
            starts = today.replace(hour=hour) + datetime.timedelta(days=days)
            meetup = Meetup.objects.create(
                programme=self.programme,
                title=title,
                description=description,
                starts_at=starts,
                minutes=120 if place else 30,
                place=place,
                video_url=video,
                region=region,
                capacity=capacity,
                waiting_list=waiting,
                created_by=self.coordinator,
                created_at=starts - datetime.timedelta(days=30),
            )
            # The small Bergen workshop fills up and keeps a waiting list; the others are half full.
            wanted = capacity + 3 if capacity < 10 else rng.randint(capacity // 3, capacity * 2 // 3)
            chosen = rng.sample(members, min(wanted, len(members)))
            signups = []
            for n, (user, name, kind) in enumerate(chosen):
                state = MeetupSignup.State.CONFIRMED if n < capacity else MeetupSignup.State.WAITING
                if state == MeetupSignup.State.WAITING and not waiting:
                    break
                attended = (rng.random() < 0.8) if days < 0 else None
                signups.append(
                    MeetupSignup(
                        meetup=meetup,
                        user=user,
                        name=name,
                        kind=kind,
                        state=state,
                        signed_up_at=meetup.created_at + datetime.timedelta(hours=n * 5 + 1),
                        attended=attended,
                    )
                )
            if (
                len(signups) > 2
                and days > 0
                and all(x.state == MeetupSignup.State.CONFIRMED for x in signups)
            ):
                signups[1].state = MeetupSignup.State.CANCELLED
            MeetupSignup.objects.bulk_create(signups)
            self.audit(meetup, ["title", "starts_at", "capacity"])
        return len(MEETUPS)


@transaction.atomic
def build_network_demo() -> dict[str, int]:
    demo = NetworkDemo()
    mentors = demo.mentors()
    enrolments = demo.enrolments()
    demo.consents(mentors, enrolments)
    mentees = demo.mentee_users(enrolments)
    return {
        "questions": demo.board(mentors, mentees),
        "meetups": demo.meetups(mentors, mentees),
        "mentee_logins": len(mentees),
    }
