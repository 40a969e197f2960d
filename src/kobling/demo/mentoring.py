"""Demo data for the mentor programmes (issue 4), built on top of `build_demo()`.

- Seed 002: the NGO's "Fagmentor" programme with 120 mentees and 80 mentors, about half the
  mentees in pairs at every stage (proposed, intro meeting planned, active for a while, declined).
- Seed 003: a corporate programme in which one partner company (Bølgedata AS, whose contact is
  arbeidsgiver@) supplies 12 mentors to newcomers with an IT background.

Mentees have agreed to share their profile with a mentor (the matching only uses those who have),
except WITHOUT_CONSENT waiting mentees in "Fagmentor", whom the unmatched report lists for follow-up.

mentor@ (Arvid Nesheim) is a developer mentor in an active pair; arbeidsgiver@ sees the partner
company's totals. Everything is invented; e-mail addresses end in .example.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kobling.core.models import Membership, Occupation, Organisation, User
from kobling.core.roles import Role
from kobling.demo import data
from kobling.demo.common import CoordinatorDemo
from kobling.demo.persons import NameBook, NamePools, PersonMaker, ascii_slug, weighted
from kobling.mentoring.models import (
    Availability,
    Industry,
    MenteeProfile,
    MentorLanguage,
    MentorProfile,
    MentorProgrammeSettings,
    Mentorship,
    MentorshipStatus,
    Mode,
    Topic,
)
from kobling.people import services as people
from kobling.people.models import Consent, Source
from kobling.programmes.followup.outcomes import add_months
from kobling.programmes.models import Enrolment, Programme, Status
from kobling.programmes.services import enrolment_create

SEED = data.SEED + 4
MENTEES = 120
MENTORS = 80
PARTNER = "bolgedata"
PARTNER_MENTORS = 12
CORPORATE_SLUG = "kode-og-nettverk-mentor"
WITHOUT_CONSENT = 4  # waiting "Fagmentor" mentees who have not agreed to be shown to a mentor
# Mentor professions: the NGO's mentees are engineers, economists, architects and IT people.
MENTOR_OCCUPATIONS = {
    "2512": 10,
    "2511": 6,
    "2513": 3,
    "2514": 3,
    "2522": 3,
    "2523": 3,
    "2529": 3,
    "3512": 4,
    "2142": 8,
    "2151": 5,
    "2144": 4,
    "2145": 2,
    "2161": 5,
    "2411": 6,
    "2431": 2,
    "2423": 3,
    "2120": 2,
    "2223": 3,
    "2330": 2,
    "2166": 1,
    "2114": 1,
    "2165": 1,
}
INDUSTRY_FOR = {
    "25": "ict",
    "35": "ict",
    "21": "construction",
    "24": "finance",
    "22": "health",
    "23": "education",
}
# Where the NGO's mentors work: the demo employers and a few others.
MENTOR_EMPLOYERS = [e[1] for e in data.EMPLOYERS] + [
    "Statens vegvesen",
    "Bergen kommune",
    "Nordkapp Rådgivning AS",
]
BIOS = [
    "Har jobbet som {title} i {years} år og vet hvor vanskelig det kan være å få første jobb i Norge.",
    "{title} med lang erfaring. Jeg hjelper gjerne med CV, nettverk og forberedelse til intervju.",
    "Kom selv til Norge som voksen og begynte som {title}. Vil gjerne gi noe tilbake.",
    "Leder et team av {title_plural} og har ansatt mange. Kan fortelle hva arbeidsgivere ser etter.",
]
GOALS = [
    "Få jobb i eget fag innen et år.",
    "Lære hvordan man søker jobb i Norge, og få en norsk CV.",
    "Bygge et faglig nettverk og forstå norsk arbeidskultur.",
    "Ta en sertifisering og komme på intervju.",
    "Finne ut hvilken godkjenning jeg trenger for utdanningen min.",
]


class MentoringDemo(CoordinatorDemo):
    def __init__(self, seed: int = SEED):
        super().__init__(seed)
        self.maker = PersonMaker(self.rng, NamePools(seed), timezone.localdate(), NameBook.from_database())
        self.occupations = {o.code: o for o in Occupation.objects.filter(level=4)}
        self.ngo = Organisation.objects.get(slug=data.MENTOR_NGO)
        self.partner = Organisation.objects.get(slug=PARTNER)

    # ---------------------------------------------------------------- helpers
    @property
    def audit_organisation(self) -> Organisation:
        return self.ngo

    def pick(self, values, low, high):
        return sorted(self.rng.sample(list(values), self.rng.randint(low, high)))

    def mentor_languages(self, origin: str) -> dict[str, str]:
        if origin == "norwegian":
            langs = {"no": "native", "en": self.rng.choice(["B2", "C1", "C1", "C2"])}
            if self.rng.random() < 0.2:
                langs[self.rng.choice(["de", "fr", "es", "sv"])] = self.rng.choice(["B1", "B2"])
            return langs
        langs = self.maker.languages(origin)
        langs["no"] = self.rng.choice(["B2", "C1", "C2"])
        langs.setdefault("en", "B2")
        return langs

    def make_user(self, email: str, name: str, organisation: Organisation) -> User:
        user = User.objects.create_user(email, None, full_name=name)
        user.password = self.password
        user.date_joined = self.now - datetime.timedelta(days=self.rng.randint(60, 360))
        user.save(update_fields=["password", "date_joined"])
        Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.MENTOR)
        return user

    def mentor(
        self, programme, *, user=None, name=None, code=None, partner=None, state=MentorProfile.State.APPROVED
    ):
        origin = "norwegian" if self.rng.random() < 0.7 else weighted(self.rng, data.IMMIGRANT_ORIGINS)
        name, email = self.mentor_name_and_email(origin, name, user, partner)
        fields = self.mentor_fields(code or weighted(self.rng, MENTOR_OCCUPATIONS), partner)
        reviewed = state != MentorProfile.State.SUBMITTED
        mentor = self.created(
            MentorProfile,
            ["full_name", "email", "occupation", "languages"],
            actor=user,
            programme=programme,
            user=user,
            full_name=name,
            email=email,
            language="nb",
            partner=partner,
            state=state,
            source=MentorProfile.Source.PARTNER if partner else MentorProfile.Source.SIGNUP,
            reviewed_by=self.coordinator if reviewed else None,
            reviewed_at=fields["created_at"] + datetime.timedelta(days=4) if reviewed else None,
            **fields,
        )
        MentorLanguage.objects.bulk_create(
            MentorLanguage(mentor=mentor, language=c, level=lvl)
            for c, lvl in self.mentor_languages(origin).items()
        )
        if user is None and state == MentorProfile.State.APPROVED:
            mentor.user = self.make_user(email, name, partner or self.ngo)
            mentor.save(update_fields=["user"])
        return mentor

    def mentor_name_and_email(self, origin: str, name, user, partner) -> tuple[str, str]:
        """A new mentor's unique name (unless given) and e-mail (the user's, if they have one)."""
        if name is None:
            first, last = self.maker.unique_name(origin, *self.maker.name(origin, self.rng.choice("mf")))
            name = f"{first} {last}"
        if user:
            return name, user.email
        first, last = name.split()[0], name.split()[-1]
        domain = f"{partner.slug}.{data.DOMAIN}" if partner else data.DOMAIN
        return name, self.maker.unique_email(first, last, domain)

    def mentor_fields(self, code: str, partner) -> dict:
        """The drawn part of a mentor profile (in the order the seeded stream draws it)."""
        rng = self.rng
        occupation = self.occupations[code]
        region = partner.region if partner else weighted(rng, data.APPLICANT_AREAS[data.MENTOR_NGO])
        municipality = partner.municipality if partner else rng.choice(data.MUNICIPALITIES[region])
        topics = self.pick(Topic.values, 2, 4)
        created = self.now - datetime.timedelta(days=rng.randint(40, 400))
        return {
            "occupation": occupation,
            "region": region,
            "municipality": municipality,
            "topics": topics,
            "created_at": created,
            "updated_at": created,
            "gender": rng.choice(["woman", "man", "woman", "man", ""]),
            "industries": sorted(
                {INDUSTRY_FOR.get(code[:2], "consulting")} | set(self.pick(Industry.values, 0, 1))
            ),
            "employer": partner.name if partner else rng.choice(MENTOR_EMPLOYERS),
            "mode": rng.choice([Mode.BOTH, Mode.BOTH, Mode.DIGITAL, Mode.IN_PERSON]),
            "capacity": rng.choice([1, 1, 1, 2, 2, 3]),
            "availability": self.pick(Availability.values, 1, 2),
            "topic_detail": rng.choice(["Azure", "AWS", "Salesforce", "AutoCAD", "Power BI"])
            if Topic.CERTIFICATION in topics
            else "",
            "bio": rng.choice(BIOS).format(
                title=occupation.title_nb.lower(),
                title_plural=occupation.title_nb.lower(),
                years=rng.randint(5, 25),
            ),
        }

    def mentee(self, programme: Programme, enrolment: Enrolment) -> MenteeProfile:
        rng = self.rng
        mentee = MenteeProfile.objects.create(
            enrolment=enrolment,
            goals=rng.choice(GOALS),
            topics=self.pick(Topic.values, 1, 3),
            industries=self.pick(Industry.values, 0, 2),
            mode=rng.choice([Mode.BOTH, Mode.BOTH, Mode.BOTH, Mode.DIGITAL, Mode.IN_PERSON]),
            availability=self.pick(Availability.values, 1, 2),
        )
        if rng.random() < 0.08:
            mentee.gender, mentee.same_gender_wish = "woman", True
            mentee.save(update_fields=["gender", "same_gender_wish"])
        return mentee

    def new_participant(self, programme: Programme, status: str) -> Enrolment:
        rng = self.rng
        region = weighted(rng, data.APPLICANT_AREAS[data.MENTOR_NGO])
        municipality = rng.choice(data.MUNICIPALITIES[region])
        persona = (
            "it_newcomer"
            if programme.slug == CORPORATE_SLUG
            else rng.choice(["skilled"] * 4 + ["it_newcomer"])
        )
        profile = self.maker.profile(persona, region, municipality)
        profile["first_name"], profile["last_name"] = self.maker.unique_name(
            profile["origin"], profile["first_name"], profile["last_name"]
        )
        profile["email"] = self.maker.unique_email(profile["first_name"], profile["last_name"], "example.com")
        fields = {k: v for k, v in profile.items() if k not in ("languages", "occupations", "origin")}
        participant = people.participant_create(
            actor=self.coordinator,
            organisation=self.ngo,
            data=fields,
            languages=profile["languages"],
            occupations=[self.occupations[c] for c in profile["occupations"] if c in self.occupations],
            source=Source.APPLICATION,
        )
        return enrolment_create(
            actor=self.coordinator, participant=participant, programme=programme, status=status
        )

    def pair(self, mentee, mentor, state, days_ago: int, *, decline=""):
        rng = self.rng
        proposed_at = self.now - datetime.timedelta(days=days_ago)
        pair = Mentorship.objects.create(
            programme=mentee.enrolment.programme,
            mentee=mentee,
            mentor=mentor,
            state=Mentorship.State.PROPOSED,
            score=round(rng.uniform(55, 95), 1),
            proposed_at=proposed_at,
            proposed_by=self.coordinator,
        )
        steps = [(Mentorship.State.PROPOSED, proposed_at)]
        if state in (Mentorship.State.INTRO, Mentorship.State.ACTIVE, Mentorship.State.DECLINED):
            intro = proposed_at + datetime.timedelta(days=rng.randint(5, 12), hours=rng.choice([9, 12, 17]))
            if state == Mentorship.State.INTRO:
                intro = self.now + datetime.timedelta(days=rng.randint(1, 10))
            pair.intro_starts_at = intro.replace(minute=0, second=0, microsecond=0)
            pair.intro_place = rng.choice(["Veivisernes kontor, Storgata 12", "Kafé Fjøla, sentrum", ""])
            pair.intro_video_url = (
                "" if pair.intro_place else "https://meet.kobling.example/" + ascii_slug(mentor.full_name)
            )
            steps.append((Mentorship.State.INTRO, proposed_at + datetime.timedelta(days=2)))
        if state == Mentorship.State.ACTIVE:
            pair.mentee_answer = pair.mentor_answer = Mentorship.Answer.YES
            pair.started_on = timezone.localdate(pair.intro_starts_at) + datetime.timedelta(days=1)
            pair.ends_on = add_months(pair.started_on, 6)
            steps.append((Mentorship.State.ACTIVE, pair.intro_starts_at + datetime.timedelta(days=1)))
        if state == Mentorship.State.DECLINED:
            side = rng.choice(["mentee", "mentor"])
            setattr(pair, f"{side}_answer", Mentorship.Answer.NO)
            pair.declined_by, pair.decline_reason = (
                side,
                decline or rng.choice(["chemistry", "expectations", "time"]),
            )
            pair.ended_at = pair.intro_starts_at + datetime.timedelta(days=1)
            steps.append((Mentorship.State.DECLINED, pair.ended_at))
        pair.state = state
        pair.explanation = []
        pair.save()
        MentorshipStatus.objects.bulk_create(
            MentorshipStatus(mentorship=pair, state=s, at=at, changed_by=self.coordinator) for s, at in steps
        )
        self.audit(pair, ["mentee", "mentor", "state"])
        return pair

    def explain_pairs(self, programme):
        """Give the demo's pairs the same explanations the matching would have written."""
        from kobling.mentoring.matching.pool import explain_pair

        for pair in (
            Mentorship.objects.filter(programme=programme)
            .select_related("mentee__enrolment__participant", "mentor")
            .prefetch_related(
                "mentee__enrolment__participant__languages",
                "mentee__enrolment__participant__target_occupations",
                "mentor__languages",
            )
        ):
            item = explain_pair(pair.mentee, pair.mentor)
            pair.score, pair.explanation = item["score"], item["parts"]
            pair.save(update_fields=["score", "explanation"])

    # ------------------------------------------------------------------ build
    def build_ngo(self) -> Programme:
        programme = Programme.objects.get(slug="fagmentor")
        MentorProgrammeSettings.objects.get_or_create(programme=programme)
        rng = self.rng
        eligible = list(
            Enrolment.objects.filter(
                programme=programme,
                status__in=[Status.WAITING_LIST, Status.WAITING_START, Status.PARTICIPATING],
            )
        )
        while len(eligible) < MENTEES:
            status = rng.choice([Status.PARTICIPATING] * 5 + [Status.WAITING_LIST, Status.WAITING_START])
            eligible.append(self.new_participant(programme, status))
        mentees = [self.mentee(programme, e) for e in eligible[:MENTEES]]
        fixed = {
            f"mentor@{data.DOMAIN}": "2512",
            f"goril.sande@{data.DOMAIN}": "2142",
        }
        mentors = []
        for email, code in fixed.items():
            user = User.objects.get(email=email)
            mentors.append(self.mentor(programme, user=user, name=user.full_name, code=code))
        states = [MentorProfile.State.SUBMITTED] * 6 + [MentorProfile.State.REJECTED] * 3
        while len(mentors) < MENTORS:
            state = states.pop() if states and rng.random() < 0.2 else MentorProfile.State.APPROVED
            mentors.append(self.mentor(programme, state=state))
        approved = [m for m in mentors if m.state == MentorProfile.State.APPROVED]
        self.place_pairs(mentees, approved, fixed_mentor=mentors[0], target=MENTEES // 2)
        self.explain_pairs(programme)
        self.mentor_consents(mentees, leave_without=WITHOUT_CONSENT)
        return programme

    def mentor_consents(self, mentees, *, leave_without: int = 0) -> None:
        """Record "Sharing my profile with a mentor" for the mentees who have not given it yet.

        `leave_without` waiting mentees (no pair, never answered, waiting list first) are left out, so
        the coordinator has someone to follow up. Uses no random numbers: the rest of the demo stays
        the same. Each consent is dated before the mentee's first proposal, and after any earlier answer.
        """
        by_participant = {m.enrolment.participant_id: m for m in mentees}
        newest: dict[int, Consent] = {}
        for consent in Consent.objects.filter(
            participant_id__in=by_participant, purpose=Consent.Purpose.MENTOR
        ).order_by("-at", "-id"):
            newest.setdefault(consent.participant_id, consent)
        first_proposal: dict[int, datetime.datetime] = {}
        in_pair = set()
        for mentee_id, state, at in Mentorship.objects.filter(mentee__in=mentees).values_list(
            "mentee_id", "state", "proposed_at"
        ):
            first_proposal[mentee_id] = min(at, first_proposal.get(mentee_id, at))
            if state in Mentorship.OPEN:
                in_pair.add(mentee_id)
        waiting = (Status.WAITING_LIST, Status.WAITING_START)
        candidates = sorted(
            (m for m in mentees if m.pk not in in_pair and m.enrolment.participant_id not in newest),
            key=lambda m: (m.enrolment.status not in waiting, m.pk),
        )
        left_out = {m.pk for m in candidates[:leave_without]}
        for mentee in mentees:
            earlier = newest.get(mentee.enrolment.participant_id)
            if mentee.pk in left_out or (earlier is not None and earlier.given):
                continue
            participant = mentee.enrolment.participant
            when = first_proposal.get(mentee.pk, mentee.enrolment.created_at) - datetime.timedelta(days=1)
            if earlier is not None:
                when = max(when, earlier.at + datetime.timedelta(days=1))
            consent = people.consent_set(
                actor=participant.user or self.coordinator,
                participant=participant,
                purpose=Consent.Purpose.MENTOR,
                given=True,
            )
            Consent.objects.filter(pk=consent.pk).update(at=min(when, self.now))

    def place_pairs(self, mentees, mentors, *, fixed_mentor, target):
        """Pair about `target` mentees, each with a mentor of the closest profession that has room."""
        rng = self.rng
        free = {m.pk: m.capacity for m in mentors}
        stages = (
            [Mentorship.State.ACTIVE] * 30 + [Mentorship.State.INTRO] * 6 + [Mentorship.State.PROPOSED] * 6
        )
        order = list(mentees)
        rng.shuffle(order)
        made = 0
        for mentee in order:
            if made >= target:
                break
            codes = list(mentee.enrolment.participant.target_occupations.values_list("code", flat=True))

            def closeness(m, codes=codes):
                code = m.occupation_id
                return max(
                    (next((d for d in (4, 3, 2, 1) if c[:d] == code[:d]), 0) for c in codes), default=0
                )

            candidates = [m for m in mentors if free[m.pk] > 0]
            if made == 0 and free.get(fixed_mentor.pk):
                candidates = [fixed_mentor]
            if not candidates:
                break
            mentor = max(candidates, key=lambda m: (closeness(m), rng.random()))
            stage = (
                Mentorship.State.ACTIVE
                if made == 0
                else (stages[made % len(stages)] if made < len(stages) else rng.choice(stages))
            )
            if rng.random() < 0.08 and made > 0:
                self.pair(mentee, mentor, Mentorship.State.DECLINED, rng.randint(30, 120))
                continue  # the mentee is back in the pool
            free[mentor.pk] -= 1
            days = rng.randint(10, 160) if stage == Mentorship.State.ACTIVE else rng.randint(2, 9)
            self.pair(mentee, mentor, stage, days)
            made += 1

    def build_corporate(self) -> Programme:
        programme, _created = Programme.objects.get_or_create(
            slug=CORPORATE_SLUG,
            defaults={
                "organisation": self.ngo,
                "name": "Kode og nettverk – mentor fra partnerbedrift",
                "kind": Programme.Kind.MENTOR,
                "state": Programme.State.ACTIVE,
                "accepts_applications": True,
                "description": "Etter kurset får hver deltaker en profesjonell mentor fra en partnerbedrift. "
                "Bølgedata AS stiller med tolv mentorer blant sine ansatte.",
            },
        )
        MentorProgrammeSettings.objects.get_or_create(
            programme=programme, defaults={"choice_mode": "mentee_picks"}
        )
        mentors = [
            self.mentor(
                programme,
                user=User.objects.get(email=f"reza.karimi@{data.DOMAIN}"),
                name="Reza Karimi",
                code="2512",
                partner=self.partner,
            )
        ]
        while len(mentors) < PARTNER_MENTORS:
            mentors.append(
                self.mentor(
                    programme,
                    partner=self.partner,
                    code=weighted(self.rng, {"2512": 4, "2511": 2, "2522": 2, "2529": 2, "3512": 2}),
                )
            )
        course = Enrolment.objects.filter(
            programme__slug="kode-og-nettverk", status__in=[Status.PARTICIPATING, Status.COMPLETED]
        ).select_related("participant")
        mentees = []
        for enrolment in course:
            if Enrolment.objects.filter(participant=enrolment.participant, programme=programme).exists():
                continue
            mentees.append(
                self.mentee(
                    programme,
                    enrolment_create(
                        actor=self.coordinator,
                        participant=enrolment.participant,
                        programme=programme,
                        status=Status.PARTICIPATING,
                    ),
                )
            )
        self.place_pairs(mentees, mentors, fixed_mentor=mentors[0], target=8)
        self.explain_pairs(programme)
        self.mentor_consents(mentees)
        return programme


@transaction.atomic
def build_mentoring_demo() -> MentoringDemo:
    demo = MentoringDemo()
    demo.build_ngo()
    demo.build_corporate()
    return demo
