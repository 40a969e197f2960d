"""The demo data set: organisations, one login per role and about 200 people with real histories.

Everything goes through the services, so the audit log and the status history look as they
would in use. The services stamp rows with the current time; the histories are then moved back
to the dates the story needs, keeping the history's rule (one open row, the enrolment's status
equal to the newest) intact.
"""

import datetime
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation

from kobling.core.models import Membership, Occupation, Organisation, User
from kobling.demo import course_data, data
from kobling.demo.courses import SECURITY, CourseMixin, local
from kobling.demo.effects import Decks, EffectsMixin
from kobling.demo.events import build_events_demo
from kobling.demo.followup import FollowUpMixin
from kobling.demo.inhouse import InHouseMixin
from kobling.demo.mentoring import build_mentoring_demo
from kobling.demo.mentorspace import build_mentorspace_demo
from kobling.demo.network import build_network_demo
from kobling.demo.persons import NameBook, NamePools, PersonMaker, synthetic_national_id, weighted
from kobling.demo.plans import PlanMixin
from kobling.demo.recruitment import build_recruitment_demo
from kobling.demo.stories import DAY, Story, StoryClock
from kobling.people import services as people
from kobling.people.models import Participant, Source, Task, TimelineEntry
from kobling.programmes import services as programmes
from kobling.programmes.intake.services import intake_interview_record, intake_submit
from kobling.programmes.models import Enrolment, EnrolmentStatus, IntakeInterview, Meeting, Programme, Status

S = Status
Kind = TimelineEntry.Kind
Vis = TimelineEntry.Visibility

PERSONAS = {
    "salesforce-pilot": {"young": 1},
    "security-pilot": {"young": 1},
    "it-i-praksis": {"adult": 7, "young": 3},
    "arbeidspraksis-it": {"adult": 5, "young": 3, "it_newcomer": 2},
    "hurtigintervjuer": {"adult": 5, "young": 3, "skilled": 2},
    "fagmentor": {"skilled": 17, "it_newcomer": 3},
    "kode-og-nettverk": {"it_newcomer": 1},
}
SOURCES = {
    "salesforce-pilot": {Source.REFERRAL: 1},  # seed 001: every candidate came through NAV
    "security-pilot": {Source.REFERRAL: 1},
    "it-i-praksis": {Source.REFERRAL: 17, Source.REGISTERED: 3},
    "arbeidspraksis-it": {Source.REFERRAL: 4, Source.REGISTERED: 1},
    "hurtigintervjuer": {Source.REFERRAL: 12, Source.APPLICATION: 5, Source.REGISTERED: 3},
    "fagmentor": {Source.APPLICATION: 7, Source.REFERRAL: 3},
    "kode-og-nettverk": {Source.APPLICATION: 6, Source.REFERRAL: 3, Source.REGISTERED: 1},
}
# Where each programme's referrals come from.
OFFICES = {
    "salesforce-pilot": {"nav-lillestrand": 1},
    "security-pilot": {"nav-lillestrand": 1},
    "it-i-praksis": {"nav-fjordvang": 3, "nav-midtmyra": 2, "nav-lillestrand": 1},
    "arbeidspraksis-it": {"nav-fjordvang": 1, "nav-midtmyra": 1, "nav-lillestrand": 1},
    "hurtigintervjuer": {"nav-fjordvang": 2, "nav-midtmyra": 1, "nav-lillestrand": 1},
    "fagmentor": {"nav-lillestrand": 2, "nav-fjordvang": 1, "nav-midtmyra": 1},
    "kode-og-nettverk": {"nav-lillestrand": 1},
}


def demo_participant_profile(birth_year: int) -> dict:
    """The fixed demo participant's profile (deltaker@, Selam Tesfay)."""
    return {
        "first_name": "Selam",
        "last_name": "Tesfay",
        "email": data.PARTICIPANT_EMAIL,
        "birth_year": birth_year,
        "region": "03",
        "municipality": "Oslo",
        "immigrant": True,
        "education_level": "bachelor",
        "education_field": "Informasjonssystemer",
        "education_completed": True,
        "education_abroad": True,
        "it_evidence": ["courses", "self_study"],
        "it_interest_notes": "Har tatt Microsoft Learn-moduler om Azure på egen hånd.",
        "work_experience": "Jobbet i IT-avdelingen på et sykehus i Asmara i to år. "
        "Deltidsjobb i butikk i Oslo.",
        "barrier_income": True,
        "preferred_language": "nb",
        "languages": {"ti": "native", "no": "B2", "en": "B2", "am": "C1"},
        "occupations": ["2529", "3512"],
    }


def demo_exists() -> bool:
    return User.objects.filter(email=data.ADMIN_EMAIL).exists()


def login_block() -> str:
    width = max(len(role) for role, _email in data.LOGINS)
    lines = [f"Kobling demo: {settings.SITE_URL}", "", f"  {'Role':<{width}}  {'E-mail':<38} Password"]
    lines += [f"  {role:<{width}}  {email:<38} {data.PASSWORD}" for role, email in data.LOGINS]
    lines.append("")
    lines.append(
        "All demo users (also the other advisors, mentors and employer contacts) use the same password."
    )
    if settings.MFA_ENFORCED:
        lines.append(
            "Platform admins, provider coordinators and NAV advisors set up two-factor login (an "
            "authenticator app) at their first login."
        )
    else:
        lines.append(
            "Two-factor login is skipped because DEBUG is on (MFA_ENFORCED is off): the password alone "
            "logs every demo user in. In production admins, coordinators and NAV advisors must use it."
        )
    return "\n".join(lines)


class DemoBuilder(CourseMixin, InHouseMixin, PlanMixin, FollowUpMixin, EffectsMixin):
    def __init__(self, *, seed: int = data.SEED, now: datetime.datetime | None = None):
        self.rng = random.Random(seed)
        self.now = now or timezone.now()
        self.local_now = timezone.localtime(self.now)
        self.clock = StoryClock(self.rng, self.now)
        self.maker = PersonMaker(self.rng, NamePools(seed), self.local_now.date(), NameBook.from_database())
        # The demo participant's name is fixed; nobody drawn at random may have it first.
        self.maker.book.claim_name("Selam", "Tesfay")
        self.maker.book.claim_email(data.PARTICIPANT_EMAIL)
        self.orgs: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.programmes: dict[str, Programme] = {}
        self.occupations: dict[str, Occupation] = {}
        self.made: list[tuple[Participant, Story]] = []
        # The planted effects (effects.py): their own random stream, and each planted person's group.
        self.decks = Decks()
        self.planted: dict[int, dict] = {}

    # ------------------------------------------------------------ top level
    @transaction.atomic
    def build(self) -> None:
        # The services write some texts themselves (timeline titles, reasons, task titles): in bokmål.
        with translation.override("nb"):
            self.occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
            self.make_organisations()
            self.make_staff()
            self.make_programmes()
            self.make_salesforce_pilot()
            self.make_participants()
            self.make_demo_participant()
            self.finish_courses()
            self.finish_inhouse()
            self.make_security_plans()
            self.make_advisor_day()
            self.make_possible_match()

    def make_organisations(self) -> None:
        for slug, name, kind, region, municipality in data.PROVIDERS + data.NAV_OFFICES + data.EMPLOYERS:
            self.orgs[slug] = Organisation.objects.create(
                name=name,
                slug=slug,
                kind=kind,
                region=region,
                municipality=municipality,
                created_at=self.now - 400 * DAY,
            )

    def make_staff(self) -> None:
        # One hash for everyone: the demo shares a password, and hashing is the slow part.
        password = make_password(data.PASSWORD)
        for key, email, full_name, memberships in data.STAFF:
            if key == "admin":
                user = User.objects.create_superuser(email, None, full_name=full_name)
            else:
                user = User.objects.create_user(email, None, full_name=full_name)
            user.password = password
            user.date_joined = self.now - 380 * DAY
            user.save(update_fields=["password", "date_joined"])
            for role, slug in memberships:
                Membership.objects.get_or_create(user=user, organisation=self.orgs.get(slug), role=role)
            self.users[key] = user
        self.password = password

    # --------------------------------------------------------------- people
    def staff_of(self, provider: Organisation) -> list[User]:
        if provider.slug == data.TRAINING_COMPANY:
            return [self.users["coordinator"], self.users["coordinator"], self.users["instructor"]]
        return [self.users["ngo_coordinator"]]

    def coordinator_of(self, provider: Organisation) -> User:
        return self.users["coordinator" if provider.slug == data.TRAINING_COMPANY else "ngo_coordinator"]

    def advisors_at(self, office_slug: str) -> list[User]:
        return {
            # The demo advisor's people are chosen by ADVISOR_SHARE, so the count stays about 30.
            "nav-lillestrand": [self.users["advisor_oslo"]],
            "nav-fjordvang": [self.users["advisor_bergen"], self.users["advisor_bergen2"]],
            "nav-midtmyra": [self.users["advisor_trondheim"]],
        }[office_slug]

    def make_participants(self) -> None:
        event_slug = "hurtigintervjuer"
        order = [slug for slug in data.PLAN if slug != event_slug] + [event_slug]
        for slug in order:
            programme = self.programmes[slug]
            statuses = [status for status, count in data.PLAN[slug].items() for _ in range(count)]
            share = data.ADVISOR_SHARE[slug]
            followed = {int(i * len(statuses) / share) for i in range(share)}
            reuse = data.EVENT_REUSES if slug == event_slug else 0
            # One of the security pilot's seven in the first intake is the demo participant, made later.
            demo_seat = slug == "security-pilot"
            for index, status in enumerate(statuses):
                if demo_seat and status == S.PARTICIPATING and index not in followed:
                    demo_seat = False
                    continue
                if status == S.COMPLETED and reuse:
                    reuse -= 1
                    self.enrol_again(programme, status)
                    continue
                self.make_person(programme, status, follow=index in followed)

    def pick_name(self, profile: dict) -> None:
        """Two people with the same first and last name in a set this small would look made up."""
        profile["first_name"], profile["last_name"] = self.maker.unique_name(
            profile["origin"], profile["first_name"], profile["last_name"], max_per_last_name=3
        )
        profile["email"] = self.maker.unique_email(profile["first_name"], profile["last_name"])

    def make_person(
        self, programme: Programme, status: str, *, follow: bool, story: Story | None = None, finish=None
    ) -> Participant:
        slug = programme.slug
        provider = programme.organisation
        source = Source.REFERRAL if follow else weighted(self.rng, SOURCES[slug])
        office = advisor = None
        if source == Source.REFERRAL:
            office_slug = "nav-lillestrand" if follow else weighted(self.rng, OFFICES[slug])
            office = self.orgs[office_slug]
            advisor = self.users["advisor"] if follow else self.rng.choice(self.advisors_at(office_slug))
            region = data.OFFICE_AREA[office_slug]
            municipality = office.municipality
        else:
            region = weighted(self.rng, data.APPLICANT_AREAS[provider.slug])
            municipality = self.rng.choice(data.MUNICIPALITIES[region])
        profile = self.maker.profile(weighted(self.rng, PERSONAS[slug]), region, municipality)
        self.pick_name(profile)
        if story is None:
            story, finish = self.course_story_and_finish(programme, status)
        story = story or self.clock.story(programme, status)
        return self.create_person(
            programme, story, profile, source=source, advisor=advisor, office=office, finish=finish
        )

    def create_person(
        self,
        programme,
        story: Story,
        profile: dict,
        *,
        source,
        advisor,
        office,
        user: User | None = None,
        finish=None,
    ) -> Participant:
        provider = programme.organisation
        actor = {Source.REFERRAL: advisor, Source.REGISTERED: self.coordinator_of(provider)}.get(source)
        plan = self.plant_profile(profile, story, advisor)
        fields = {k: v for k, v in profile.items() if k not in ("languages", "occupations", "origin")}
        if self.rng.random() < 0.8:
            fields["phone"] = self.maker.phone()
        if self.rng.random() < 0.15:
            d_number = profile["immigrant"] and self.rng.random() < 0.5
            fields["national_id"] = synthetic_national_id(self.rng, profile["birth_year"], d_number)
        if advisor is not None:
            fields.update(advisor=advisor, referring_office=office, nav_user=True)
        else:
            fields["nav_user"] = self.rng.random() < 0.4
        participant = people.participant_create(
            actor=actor,
            organisation=provider,
            data=fields,
            languages=profile["languages"],
            occupations=[self.occupations[c] for c in profile["occupations"] if c in self.occupations],
            source=source,
        )
        if plan is not None:
            self.planted[participant.pk] = plan
        if user is not None:
            participant.user = user
        first = story.steps[0][1]
        participant.created_at = participant.updated_at = first - datetime.timedelta(minutes=3)
        participant.save(update_fields=["user", "created_at", "updated_at"])
        self.enrol(
            participant, story, actor=actor, note=self.referral_note(participant, source), finish=finish
        )
        self.consents(participant, story)
        self.timeline(participant, story)
        self.tasks(participant, story)
        self.made.append((participant, story))
        return participant

    def enrol_again(self, programme: Programme, status: str) -> None:
        """A person from another of the provider's programmes also goes to a recruitment event."""
        candidates = [
            (p, s)
            for p, s in self.made
            if p.organisation_id == programme.organisation_id
            and s.status in (S.PARTICIPATING, S.COMPLETED)
            and not any(o.programme == programme for q, o in self.made if q.pk == p.pk)
        ]
        participant, earlier = self.rng.choice(candidates)
        story = self.clock.story(programme, status, after=earlier.time_of(S.PARTICIPATING))
        self.enrol(participant, story, actor=self.coordinator_of(programme.organisation))
        self.timeline(participant, story)
        self.made.append((participant, story))

    def enrol(
        self, participant: Participant, story: Story, *, actor, note: str = "", finish=None
    ) -> Enrolment:
        """`finish(enrolment, story)` runs after the steps, before the history is dated; when the
        story is closed by its outcome, `finish` writes the last step."""
        coordinator = self.coordinator_of(story.programme.organisation)
        enrolment = programmes.enrolment_create(
            actor=actor, participant=participant, programme=story.programme, note=note
        )
        steps = story.steps[1:-1] if story.closed_by_outcome else story.steps[1:]
        for status, _when, reason, reason_text in steps:
            if status == S.ASSESSING:
                self.interview(enrolment, participant, coordinator)
            else:
                programmes.enrolment_change_status(
                    enrolment=enrolment,
                    status=status,
                    actor=coordinator,
                    reason=reason,
                    reason_text=reason_text,
                )
        if finish is not None:
            finish(enrolment, story)
        self.backdate(enrolment, story)
        return enrolment

    def interview(self, enrolment: Enrolment, participant: Participant, interviewer: User) -> None:
        rng = self.rng
        keys = ["motivation", "it_interest", "basic_it", "resilience", "learning", "collaboration"]
        base = rng.choice([2, 3, 3, 4, 4, 5])
        answers = {k: max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for k in keys}
        levels = dict(participant.languages.values_list("language", "level"))
        profile_type = rng.choice(["technical", "problem_solver", "practical"])
        group = self.planted_group(participant.pk)
        if group is not None:
            # A null factor (effects.py); the interviewer's view of IT interest follows the record.
            profile_type = self.decks.profile_type(enrolment.programme.slug, group)
            interest = answers["it_interest"]
            answers["it_interest"] = max(interest, 3) if participant.it_evidence else min(interest, 2)
        path = {"technical": "development", "problem_solver": "operations", "practical": "support"}[
            profile_type
        ]
        if rng.random() < 0.3:
            path = rng.choice(["support", "operations", "development"])
        notes = {}
        if answers["motivation"] >= 4:
            notes["motivation"] = "Tydelig motivert, har tenkt gjennom hvorfor nå."
        if answers["it_interest"] <= 2:
            notes["it_interest"] = "Lite dokumentert IT-interesse så langt."
        intake_interview_record(
            enrolment=enrolment,
            actor=interviewer,
            answers=answers,
            notes=notes,
            norwegian_level=levels.get("no", ""),
            english_level=levels.get("en", ""),
            profile_type=profile_type,
            recommended_path=path,
        )

    def backdate(self, enrolment: Enrolment, story: Story) -> None:
        rows = list(EnrolmentStatus.objects.filter(enrolment=enrolment).order_by("id"))
        times = [when for _s, when, _r, _x in story.steps]
        assert [r.status for r in rows] == [s for s, *_rest in story.steps], (
            "history does not follow the story"
        )
        for row, start, end in zip(rows, times, times[1:] + [None], strict=True):
            row.valid_from, row.valid_to = start, end
        EnrolmentStatus.objects.bulk_update(rows, ["valid_from", "valid_to"])
        Enrolment.objects.filter(pk=enrolment.pk).update(created_at=times[0], status_since=times[-1])
        held = story.time_of(S.ASSESSING)
        if held:
            IntakeInterview.objects.filter(enrolment=enrolment).update(held_at=held)

    def referral_note(self, participant: Participant, source: str) -> str:
        if source != Source.REFERRAL:
            return ""
        title, body = self.rng.choice(data.NOTES_REFERRAL)
        return body.format(name=participant.first_name)

    # ------------------------------------------------- the fixed demo people
    def make_demo_participant(self) -> None:
        """deltaker@ is Selam, in the security pilot's first intake, followed by the demo advisor."""
        provider = self.orgs[data.TRAINING_COMPANY]
        user = self.participant_login(data.PARTICIPANT_EMAIL, "Selam Tesfay", provider)
        programme = self.programmes[SECURITY]
        story, finish = self.course_story_and_finish(programme, S.PARTICIPATING, demo_person=True)
        advisor = self.users["advisor"]
        participant = self.create_person(
            programme,
            story,
            demo_participant_profile(self.local_now.year - 27),
            source=Source.REFERRAL,
            advisor=advisor,
            office=self.orgs["nav-lillestrand"],
            user=user,
            finish=finish,
        )
        first_exam = self.security_exams[0]
        self.add_entry(
            participant,
            self.users["instructor"],
            Kind.NOTE,
            "Første sertifisering bestått",
            "Gratulerer, {name}! SC-900 er bestått. Neste mål er SC-200.",
            self.clock.clamp(local(first_exam, 15)),
            Vis.PARTICIPANT,
        )
        people.task_create(
            actor=self.users["coordinator"],
            organisation=provider,
            title="Sende inn CV-utkast",
            assignee=advisor,
            participant=participant,
            due=self.local_now.date() + 5 * DAY,
            waiting_on=Task.WaitingOn.PARTICIPANT,
        )
        self.demo_participant = participant

    def make_security_plans(self) -> None:
        """The demo advisor's people in the running security cohort share an activity plan; the demo
        participant has proposed two activities of her own."""
        advisor = self.users["advisor"]
        for row in self.course_rows:
            participant = row.enrolment.participant
            if (
                row.cohort.programme.slug == SECURITY
                and not row.fate
                and participant.advisor_id == advisor.pk
            ):
                self.plan_items(participant, course_data.PLAN_ITEMS, actor=advisor, cert="SC-200")
        self.proposals(self.demo_participant, 2)

    def make_advisor_day(self) -> None:
        """The demo advisor always has meetings today, whatever day the demo is built."""
        advisor = self.users["advisor"]
        followed = [
            (p, s)
            for p, s in self.made
            if p.advisor_id == advisor.pk
            and s.status == S.PARTICIPATING
            and s.programme.kind != Programme.Kind.EVENT
            and p.pk != self.demo_participant.pk
        ]
        for (participant, story), hour in zip(followed[:2], (10, 13), strict=False):
            enrolment = participant.enrolments.get(programme=story.programme)
            when = self.local_now.replace(hour=hour, minute=30, second=0, microsecond=0)
            organiser = self.coordinator_of(story.programme.organisation)
            self.meeting(enrolment, Meeting.Kind.DIALOGUE, when, organiser=organiser, publish=False)

    def make_possible_match(self) -> None:
        """A NAV advisor refers someone who applied on their own earlier: the coordinator's intake
        queue shows the possible match, to link the records or keep them apart."""
        # Not one of the pilots, whose results tables tell the published story.
        choices = [self.programmes[slug] for slug in ("arbeidspraksis-it", "it-i-praksis")]
        applicant, programme = next(
            (p, programme)
            for p, _story in self.made
            if p.source == Source.APPLICATION
            and p.organisation.slug == data.TRAINING_COMPANY
            and p.advisor_id is None
            for programme in choices
            if not p.enrolments.filter(programme=programme).exists()
        )
        advisor = self.users["advisor_bergen"]
        fields = ["first_name", "last_name", "email", "phone", "birth_year", "region", "municipality"]
        intake_submit(
            actor=advisor,
            programme=programme,
            data={f: getattr(applicant, f) for f in fields},
            languages=dict(applicant.languages.values_list("language", "level")),
            source=Source.REFERRAL,
            advisor=advisor,
            referring_office=self.orgs["nav-fjordvang"],
            note="Har søkt selv tidligere, men vi mener dette kurset passer bedre.",
        )


def build_demo(*, extras: bool = True) -> DemoBuilder:
    """The whole demo. `extras=False` stops after the people, programmes and courses, for tests
    that build one of the later parts (mentoring, the network, events) on their own."""
    builder = DemoBuilder()
    builder.build()
    if extras:
        build_extras()
    return builder


def build_extras() -> None:
    with translation.override("nb"):
        build_mentoring_demo()
        build_mentorspace_demo()
        build_network_demo()
        build_events_demo()
        build_recruitment_demo()
    # The later parts write some timeline entries directly; keep the list columns in step.
    people.refresh_activity(Participant.objects.all())
