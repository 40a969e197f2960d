"""The world the permission matrix and the form fuzz run in: two of everything.

Two providers, each with its NAV office and an employer (which is also a partner company in the mentor
programme), and in each one of every object a route takes as an argument, made through the apps' own
services (or the test helpers that call them), so a route's object is a real one and the other
organisation's twin shows what must stay out of reach. The matrix asks every route with organisation 1's
objects; organisation 2's personas are the "same role, other organisation" that must get a 404.

`build_world()` is called by the pytest fixture (inside a transaction rolled back after the module) and
by `bench/bench_access.py` (in a fresh test database). It returns a `World`: the personas, the URL
arguments of every route (tests/security/routes.py), and the secret markers with the personas allowed to
read each.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kobling.accounts import services as account_services
from kobling.api import services as api_services
from kobling.core.models import Membership, Occupation, Organisation, User
from kobling.core.roles import Role
from kobling.events import services as event_services
from kobling.events.models import Opening
from kobling.mentoring import services as mentoring
from kobling.mentoring.matching.pool import suggestions_for
from kobling.mentoring.models import ChoiceMode, MentorProgrammeSettings, Mentorship
from kobling.mentorspace import services as space_services
from kobling.mentorspace.models import MeetingLog
from kobling.mentorspace.selectors import space_for_user
from kobling.network import services as network_services
from kobling.network.models import Question
from kobling.network.selectors import seat_for
from kobling.notifications.models import OutboxEmail
from kobling.people import services as people
from kobling.people.models import Consent, TimelineEntry
from kobling.programmes.courses import services as courses
from kobling.programmes.followup import meetings as followup_meetings
from kobling.programmes.followup import outcomes as followup_outcomes
from kobling.programmes.followup import services as followup
from kobling.programmes.intake.services import intake_submit
from kobling.programmes.models import Cohort, IntakeMatch, Programme, Status
from kobling.programmes.services import enrolment_change_status, enrolment_create
from kobling.recruitment import services as recruitment
from kobling.recruitment.models import FeedbackOutcome, Offer
from kobling.webhooks import services as webhook_services
from tests.core.test_validators import with_check_digits
from tests.fixtures.events import make_event, register_candidate, register_employer
from tests.fixtures.mentoring import give_mentor_consent, make_mentee, make_mentor
from tests.fixtures.mentorspace import activate
from tests.fixtures.recruitment import candidate, interview, make_held_event, register
from tests.network.conftest import make_meetup, show_mentor, show_participant
from tests.security.routes import foreign_ids, post_data, route_args

PASSWORD = "correct-horse-battery-9"
# Every request of the matrix happens at this moment (a Tuesday, in term, between the two events).
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))

ANON = "anon"
ORG_ROLES = ("coordinator", "staff", "advisor", "market", "employer", "mentor", "participant")
PERSONAS = (
    ANON,
    "admin",
    "outsider",
    *ORG_ROLES,
    *(f"{role}2" for role in ORG_ROLES),
)


@dataclass
class World:
    users: dict[str, User]
    args: dict[str, list]  # URL name -> the arguments that reach organisation 1's object
    post_data: dict[str, dict]  # URL name -> a POST body that gets past the form to the service
    markers: dict[str, frozenset[str]]  # secret text -> personas that may read it on some page
    national_ids: dict[str, str] = field(default_factory=dict)  # owner persona -> national id
    revealers: dict[str, set[str]] = field(default_factory=dict)  # persona -> owners they may reveal
    foreign_ids: list = field(default_factory=list)  # organisation 2's ids and slugs, for the fuzz
    # persona -> markers about a person that they may read in that person's copy of their data (GDPR
    # article 15: the person's own copy, and the one their provider's coordinator makes for them)
    in_copies: dict[str, frozenset[str]] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)


def national_id(prefix: str) -> str:
    for individual in range(100, 500):
        number = with_check_digits(f"{prefix}{individual}")
        if number:
            return number
    raise AssertionError(prefix)


def _org(name: str, kind: str, region: str = "46", municipality: str = "Bergen") -> Organisation:
    slug = name.lower().replace(" ", "-").replace("ø", "o").replace("å", "a")
    return Organisation.objects.create(
        name=name, slug=slug, kind=kind, region=region, municipality=municipality
    )


def _user(email: str, name: str, role: str | None = None, organisation=None) -> User:
    user = User.objects.create_user(email, PASSWORD, full_name=name)
    if role:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _person(provider, actor, first, last, *, nid="", advisor=None, programme=None, **fields):
    with transaction.atomic():
        participant = people.participant_create(
            actor=actor,
            organisation=provider,
            data={
                "first_name": first,
                "last_name": last,
                "email": f"{first}.{last}@example.no".lower(),
                "advisor": advisor,
                "national_id": nid,
                "birth_year": 1990,
                "region": "46",
                "municipality": "Bergen",
                **fields,
            },
            languages={"no": "B2", "en": "B2"},
            source="referral" if advisor else "application",
        )
        enrolment = None
        if programme is not None:
            enrolment = enrolment_create(actor=actor, participant=participant, programme=programme)
    return participant, enrolment


def _move(enrolment, actor, *statuses):
    for status in statuses:
        with transaction.atomic():
            enrolment_change_status(enrolment=enrolment, status=status, actor=actor)
    enrolment.refresh_from_db()
    return enrolment


class _Side:
    """One organisation's half of the world; `n` is 1 or 2 and `tag` the letters in its markers."""

    def __init__(self, n: int, tag: str, now: datetime.datetime):
        self.n, self.tag, self.now = n, tag, now
        self.today = timezone.localdate(now)
        suffix = "" if n == 1 else "2"
        self.suffix = suffix
        self.provider = _org(f"Leverandør {tag}", "provider")
        self.office = _org(f"NAV {tag}", "nav_office")
        self.company = _org(f"Bedrift {tag} AS", "employer", "03", "Oslo")
        self.users = {
            f"coordinator{suffix}": _user(
                f"koord{n}@example.no", f"Koord {tag}", Role.COORDINATOR, self.provider
            ),
            f"staff{suffix}": _user(f"instr{n}@example.no", f"Instr {tag}", Role.STAFF, self.provider),
            f"advisor{suffix}": _user(
                f"veil{n}@nav.example.no", f"Veil {tag}", Role.NAV_ADVISOR, self.office
            ),
            f"market{suffix}": _user(
                f"marked{n}@nav.example.no", f"Marked {tag}", Role.NAV_MARKET, self.office
            ),
            f"employer{suffix}": _user(
                f"sjef{n}@bedrift.example.no", f"Sjef {tag}", Role.EMPLOYER, self.company
            ),
            f"mentor{suffix}": _user(f"mentor{n}@example.no", f"Mentor {tag}", Role.MENTOR, self.provider),
        }
        self.coordinator = self.users[f"coordinator{suffix}"]
        self.staff = self.users[f"staff{suffix}"]
        self.advisor = self.users[f"advisor{suffix}"]
        self.market = self.users[f"market{suffix}"]
        self.employer = self.users[f"employer{suffix}"]
        self.mentor = self.users[f"mentor{suffix}"]
        self.args: dict[str, list] = {}
        self.secrets: dict[str, set[str]] = {}

    def persona(self, role: str) -> str:
        return f"{role}{self.suffix}"

    def secret(self, text: str, *roles: str) -> str:
        """A text only these roles of this organisation may read ("admin": the platform admin)."""
        self.secrets[text] = {r if r == "admin" else self.persona(r) for r in roles}
        return text

    # ------------------------------------------------------------------ people and programmes
    def build_programme(self):
        t, c = self.tag, self.coordinator
        self.course = Programme.objects.create(
            organisation=self.provider,
            name=f"Kurs {t}",
            slug=f"kurs-{t.lower()}",
            kind=Programme.Kind.COURSE,
            state=Programme.State.ACTIVE,
            accepts_applications=True,
        )
        self.phase = courses.phase_add(actor=c, programme=self.course, name="Grunnkurs")
        self.certification = courses.certification_save(
            actor=c, programme=self.course, name="Admin", vendor="Salesforce", exam_code="ADM-201"
        )
        self.cohort = Cohort.objects.create(
            programme=self.course,
            name=f"Vår {t}",
            start_date=datetime.date(2026, 3, 2),
            end_date=datetime.date(2026, 6, 26),
            seats=10,
            weekdays=[0, 1, 2, 3, 4],
        )
        self.cohort.instructors.add(self.staff)

    def build_person(self):
        """The persona participant: followed by the advisor, with a login, in the cohort."""
        t, c = self.tag, self.coordinator
        self.nid = national_id("150585" if self.n == 1 else "160686")
        last = self.secret(
            f"Vrenholt{t}", "coordinator", "staff", "advisor", "participant", "mentor", "market", "admin"
        )
        self.person, self.enrolment = _person(
            self.provider, c, "Amina", last, nid=self.nid, advisor=self.advisor, programme=self.course
        )
        login = _user(f"amina{self.n}@example.no", f"Amina {t[0]}.", Role.PARTICIPANT, self.provider)
        self.users[self.persona("participant")] = login
        self.participant = login
        self.person.user = login
        self.person.save(update_fields=["user"])
        _move(self.enrolment, c, Status.WAITING_START)
        with transaction.atomic():
            courses.cohort_enrol(actor=c, cohort=self.cohort, enrolment=self.enrolment)
        _move(self.enrolment, c, Status.PARTICIPATING)
        for purpose in (Consent.Purpose.EMPLOYERS, Consent.Purpose.MENTOR, Consent.Purpose.DIRECTORY):
            with transaction.atomic():
                people.consent_set(actor=login, participant=self.person, purpose=purpose, given=True)
        # Timeline entries of each visibility; the sensitive one for the coordinator and advisor only.
        people.timeline_entry_create(
            actor=c,
            participant=self.person,
            kind=TimelineEntry.Kind.NOTE,
            visibility=TimelineEntry.Visibility.NAV,
            sensitive=True,
            title="Helse",
            body=self.secret(f"Helseopplysning{t}", "coordinator", "advisor"),
        )
        people.timeline_entry_create(
            actor=c,
            participant=self.person,
            kind=TimelineEntry.Kind.NOTE,
            visibility=TimelineEntry.Visibility.PROVIDER,
            sensitive=False,
            title="Intern",
            body=self.secret(f"Interntnotat{t}", "coordinator", "staff"),
        )

    def build_others(self):
        """A second person, who got a job (outcome and follow-ups); an applicant and a look-alike."""
        t, c = self.tag, self.coordinator
        last2 = self.secret(f"Skarvenes{t}", "coordinator", "staff", "advisor", "market", "admin")
        self.person2, self.enrolment2 = _person(
            self.provider, c, "Bilal", last2, advisor=self.advisor, programme=self.course
        )
        _move(self.enrolment2, c, Status.WAITING_START, Status.PARTICIPATING)
        with transaction.atomic():
            followup_outcomes.outcome_record(
                actor=c,
                enrolment=self.enrolment2,
                result="job",
                occupation=Occupation.objects.get(code="2512"),
                employer_name="Fjelltopp AS",
                start_date=self.today - datetime.timedelta(days=100),
            )
        self.follow_up = self.enrolment2.outcome.follow_ups.order_by("due").first()
        last3 = self.secret(f"Tindefjell{t}", "coordinator", "staff", "admin")
        self.applicant, self.application = _person(self.provider, c, "Carla", last3, programme=self.course)
        with transaction.atomic():
            self.duplicate = intake_submit(
                actor=None,
                programme=self.course,
                data={
                    "first_name": "Carla",
                    "last_name": last3,
                    "email": self.applicant.email,
                    "birth_year": 1990,
                },
                languages={"no": "B1"},
                source="application",
                consent_given=True,
            ).participant
        self.match = IntakeMatch.objects.get(new=self.duplicate)

    def build_followup(self):
        c, start = self.coordinator, self.now + datetime.timedelta(days=3)
        with transaction.atomic():
            self.meeting = followup_meetings.meeting_plan(
                actor=c,
                enrolment=self.enrolment,
                kind="status",
                starts_at=start,
                minutes_long=45,
                place="Møterom 2",
                agenda="Status",
            )
        with transaction.atomic():
            self.activity = followup.activity_create(
                actor=c, participant=self.person, kind="activity", title="Excel-kurs", due=self.today
            )
        with transaction.atomic():
            self.placement = followup.placement_create(
                actor=c,
                enrolment=self.enrolment,
                kind="practice",
                host=self.company,
                start_date=self.today + datetime.timedelta(days=20),
            )
        self.task = people.task_create(
            actor=c,
            organisation=self.provider,
            title="Ring Amina",
            assignee=self.advisor,
            participant=self.person,
        )
        with transaction.atomic():
            self.invitation, _token = account_services.invitation_create(
                actor=c,
                organisation=self.provider,
                email=f"ny{self.n}@example.no",
                full_name="Ny Instruktør",
                role=Role.STAFF,
            )
        self.invitation_token = _token
        self.api_token = api_services.token_create(
            actor=c,
            organisation=self.provider,
            user=c,
            name=f"Synk {self.tag}",
            scopes=["events:read"],
            days=30,
        )[0]

    # ------------------------------------------------------------------ mentoring
    def build_mentoring(self):
        t, c = self.tag, self.coordinator
        self.mentor_programme = Programme.objects.create(
            organisation=self.provider,
            name=f"Mentor {t}",
            slug=f"mentor-{t.lower()}",
            kind=Programme.Kind.MENTOR,
            state=Programme.State.ACTIVE,
            accepts_applications=True,
        )
        self.mentor_profile = make_mentor(
            self.mentor_programme, name=f"Mentor {t}", email=self.mentor.email, user=self.mentor, capacity=3
        )
        with transaction.atomic():
            self.mentee_enrolment = enrolment_create(
                actor=c, participant=self.person, programme=self.mentor_programme, status=Status.PARTICIPATING
            )
        give_mentor_consent(self.person, self.participant)
        self.mentee = mentoring.mentee_profile_for(self.mentee_enrolment)
        with transaction.atomic():
            proposed = mentoring.mentorship_propose(actor=c, mentee=self.mentee, mentor=self.mentor_profile)
        self.pair = activate(proposed, c)

    def build_space(self):
        """The active pair's space: a meeting with a private note, a message, a goal; a resource file."""
        t, c = self.tag, self.coordinator
        space = space_for_user(self.mentor, self.pair.pk)
        space_services.meeting_log(
            actor=self.mentor,
            space=space,
            held_on=self.today - datetime.timedelta(days=2),
            minutes=60,
            topics=["cv"],
            shared_notes="CV gjennomgått",
            private_note=self.secret(f"Privatnotat{t}", "mentor"),
        )
        self.meeting_log = MeetingLog.objects.get(mentorship=self.pair)
        space_services.message_send(
            actor=self.mentor, space=space, body=self.secret(f"Parmelding{t}", "mentor", "participant")
        )
        self.goal = space_services.goal_add(actor=self.mentor, space=space, title="Søke tre jobber")
        self.resource = space_services.resource_save(
            actor=c,
            organisation=self.provider,
            data={"title": f"Ressurs {t}", "kind": "file", "published": True, "topics": ["cv"]},
            upload=SimpleUploadedFile(f"ressurs-{t}.txt", b"innhold", content_type="text/plain"),
        )

    def build_network(self):
        """A completed pair (its outcome), the partner company's mentor, the network's question and
        meetup, and the mentee-picks mode with a suggestion to pick."""
        t, c = self.tag, self.coordinator
        other = make_mentee(self.mentor_programme, c, first="Dagny", last=f"Rimstad{t}")
        self.secret(f"Rimstad{t}", "coordinator", "staff", "advisor", "mentor", "admin")
        with transaction.atomic():
            proposed = mentoring.mentorship_propose(actor=c, mentee=other, mentor=self.mentor_profile)
        done = activate(proposed, c)
        Mentorship.objects.filter(pk=done.pk).update(state=Mentorship.State.COMPLETED)
        self.completed_pair = done
        # The partner company's colleague mentors here, so its contact has a seat in the network.
        self.partner_mentor = make_mentor(
            self.mentor_programme, name=f"Petter Partner{t}", partner=self.company, region="03"
        )
        show_mentor(self.mentor_profile)
        show_participant(self.person)
        seat = seat_for(self.participant, self.mentor_programme.slug)
        self.question = network_services.question_ask(
            actor=self.participant, seat=seat, title=f"Hvordan skrive CV {t}?", body="Tips?"
        )
        self.question = Question.objects.get(pk=self.question.pk)
        self.meetup = make_meetup(self.mentor_programme, title=f"Treff {t}")
        # Mentees pick their mentor here, so the pick route has a suggestion to take.
        MentorProgrammeSettings.objects.update_or_create(
            programme=self.mentor_programme, defaults={"choice_mode": ChoiceMode.MENTEE_PICKS}
        )
        found = suggestions_for(self.mentee)
        self.suggested_mentor = found[0]["mentor"].pk if found else 0

    # ------------------------------------------------------------------ events and recruitment
    def build_events(self):
        t, m = self.tag, self.market
        self.open_event = make_event(self.office, self.office, m, title=f"Ta sjansen {t}")
        self.open_employer = register_employer(self.open_event, self.company, m)
        self.open_candidate = register_candidate(self.open_event, self.person, self.advisor)
        invited = _org(f"Invitert {t} AS", "employer", "03", "Oslo")
        with transaction.atomic():
            _reg, self.join_token = event_services.employer_invite(
                actor=m,
                event=self.open_event,
                organisation=invited,
                contact_name="Kontakt",
                contact_email=f"kontakt{self.n}@invitert.example.no",
                language="nb",
            )
        self.opening = Opening.objects.create(
            registration=self.open_employer, kind="job", occupation=Occupation.objects.get(code="2512")
        )

    def build_recruitment(self):
        """A held event with published interviews, feedback, an offer and an accepted offer's checks."""
        t = self.tag
        self.held_event = make_held_event(self.office, self.office, title=f"Holdt {t}")
        reg = register(self.held_event, self.company, tables=2)
        cand = candidate(self.held_event, self.person, advisor_attends=True)
        cand2 = candidate(self.held_event, self.person2)
        self.held_employer = reg
        self.interview = interview(self.held_event, cand, reg, 0)
        second = interview(self.held_event, cand2, reg, 1)
        self.feedback = recruitment.feedback_save(
            actor=self.employer,
            interview=self.interview,
            values={
                "motivation": 5,
                "communication": 4,
                "skills": 3,
                "fit": 4,
                "strengths": self.secret(f"Tilbakemelding{t}", "employer", "coordinator", "advisor"),
                "advice": "Øv mer",
                "outcome": FeedbackOutcome.PRACTICE_OFFER,
            },
        )
        self.offer = Offer.objects.get(interview=self.interview)
        recruitment.feedback_save(
            actor=self.employer,
            interview=second,
            values={
                "motivation": 4,
                "communication": 4,
                "skills": 4,
                "fit": 4,
                "strengths": "Presis",
                "advice": "",
                "outcome": FeedbackOutcome.JOB_OFFER,
            },
        )
        accepted = Offer.objects.get(interview=second)
        recruitment.offer_accept(
            actor=self.coordinator,
            offer=accepted,
            start_date=self.today - datetime.timedelta(days=40),
            occupation=Occupation.objects.get(code="2512"),
        )
        self.check = accepted.checks.order_by("days").first()

    # ------------------------------------------------------------------ webhooks
    def build_webhooks(self):
        """The provider's subscription, with its signing secret (no page may show it again), and a
        delivery of one status change."""
        self.webhook, secret = webhook_services.subscription_create(
            actor=self.coordinator,
            organisation=self.provider,
            url=f"https://hooks{self.n}.example.com/kobling",
            events=["participant.status_changed"],
        )
        self.secret(secret)
        with transaction.atomic():
            [self.webhook_delivery] = webhook_services.webhook_event_emit(
                event="participant.status_changed",
                organisations=[self.provider],
                data={"participant_id": self.person.pk, "old_status": "applied", "new_status": "assessing"},
            )

    def outbox_email(self):
        return OutboxEmail.objects.filter(organisation=self.provider).order_by("pk").first()


@contextlib.contextmanager
def isolated_world(private_media):
    """Settings for a fast, self-contained world, and a transaction around it that is always rolled back.

    The transaction is marked as a test case's (as Django's TestCase marks its own), so the services'
    `atomic(durable=True)` still run inside it, as they do inside any test."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # Two-factor login is its own gate, tested with core's login tests; the matrix is about what a
        # logged-in session may reach, so it runs with sessions that need no code step.
        MFA_ENFORCED=False,
        PRIVATE_MEDIA_ROOT=str(private_media),
    )
    with fast:
        outer = transaction.atomic()
        outer._from_testcase = True
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@contextlib.contextmanager
def quiet_logs(level: int = logging.ERROR):
    """Thousands of refused requests would each log a "Not Found" warning; errors still show (the bench,
    which counts and prints them itself, hides them too)."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security", "axes")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@contextlib.contextmanager
def rolled_back():
    """One request's changes, undone afterwards (what each pytest test's own `db` savepoint does)."""
    inner = transaction.atomic()
    inner._from_testcase = True
    inner.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        inner.__exit__(None, None, None)


# The markers written about the persona participant's own record, which their copy of their data holds:
# the sensitive and the provider-only timeline entry and the employer's (unreleased) feedback.
ABOUT_THE_PERSON = ("Helseopplysning", "Interntnotat", "Tilbakemelding")


BUILD_STEPS = (
    "build_programme",
    "build_person",
    "build_others",
    "build_followup",
    "build_mentoring",
    "build_space",
    "build_network",
    "build_events",
    "build_recruitment",
    "build_webhooks",
)


def build_world(now: datetime.datetime = NOW) -> World:
    """Both organisations, the platform admin and an outsider; call inside a transaction."""
    sides = [_Side(1, "Alfa", now), _Side(2, "Beta", now)]
    for side in sides:
        for step in BUILD_STEPS:
            getattr(side, step)()
    one = sides[0]
    users = {
        "admin": User.objects.create_superuser("admin@example.no", PASSWORD, full_name="Ada Admin"),
        "outsider": _user("utenfor@example.no", "Otto Utenfor"),
    }
    for side in sides:
        users.update(side.users)
    markers: dict[str, frozenset[str]] = {}
    for side in sides:
        for text, personas in side.secrets.items():
            markers[text] = frozenset(personas)
    return World(
        users=users,
        args=route_args(one),
        post_data=post_data(one),
        markers=markers,
        national_ids={side.persona("participant"): side.nid for side in sides},
        revealers={
            side.persona(r): {side.persona("participant")}
            for side in sides
            for r in ("coordinator", "advisor")
        },
        foreign_ids=foreign_ids(sides[1]),
        in_copies={
            side.persona(role): frozenset(f"{kind}{side.tag}" for kind in ABOUT_THE_PERSON)
            for side in sides
            for role in ("participant", "coordinator")
        },
        objects={"one": one, "two": sides[1]},
    )
