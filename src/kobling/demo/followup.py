"""What staff write down about a person: consents, timeline entries and tasks, dated to fit the story.

A mixin of DemoBuilder: it uses the builder's `rng`, `clock`, `users`, `orgs`, `made`,
`staff_of()` and `coordinator_of()`.
"""

import datetime

from kobling.core.models import Organisation, User
from kobling.demo import data
from kobling.demo.stories import DAY, Story
from kobling.people import services as people
from kobling.people.models import Consent, Participant, Task, TimelineEntry
from kobling.programmes.models import Programme, Status

S = Status
Kind = TimelineEntry.Kind
Vis = TimelineEntry.Visibility
# Programmes whose meetings and certifications are real rows (courses.py, inhouse.py): their
# timeline gets no made-up meeting or exam notes.
REAL_RECORDS = {"salesforce-pilot", "security-pilot", "it-i-praksis"}
MADE_UP = {"Statusmøte", "Dialogmøte med NAV", "Bestått sertifisering"}


class FollowUpMixin:
    def consents(self, participant: Participant, story: Story) -> None:
        given = [(Consent.Purpose.PROCESSING, story.steps[0][1], True)]
        started = story.time_of(S.PARTICIPATING) or story.time_of(S.WAITING_START)
        if story.programme.kind == Programme.Kind.MENTOR and started:
            given.append((Consent.Purpose.MENTOR, started, True))
            if self.rng.random() < 0.5:
                given.append((Consent.Purpose.DIRECTORY, started, True))
        elif started and self.rng.random() < 0.7:
            given.append((Consent.Purpose.EMPLOYERS, started, True))
        if len(given) > 1 and self.rng.random() < 0.06:
            purpose, when, _given = given[-1]
            given.append((purpose, self.clock.later(when, 10, 60), False))
        for purpose, when, is_given in given:
            actor = participant.user or self.coordinator_of(participant.organisation)
            consent = people.consent_set(
                actor=actor, participant=participant, purpose=purpose, given=is_given
            )
            Consent.objects.filter(pk=consent.pk).update(at=when)

    def add_entry(self, participant, author, kind, title, body, when, visibility=Vis.NAV, sensitive=False):
        people.timeline_entry_create(
            actor=author,
            participant=participant,
            kind=kind,
            visibility=visibility,
            sensitive=sensitive,
            title=title,
            body=body.format(name=participant.first_name),
            occurred_at=when,
        )

    def timeline(self, participant: Participant, story: Story) -> None:
        staff = self.staff_of(story.programme.organisation)
        self.intake_notes(participant, story, staff)
        started = story.time_of(S.PARTICIPATING)
        if started and story.programme.kind != Programme.Kind.EVENT:
            self.progress_notes(participant, story, staff, started)
            if story.status == S.PARTICIPATING:
                self.current_notes(participant, story, staff, started)
        if story.status in (S.COMPLETED, S.LEFT, S.BROKEN_OFF, S.NOT_RELEVANT):
            self.closing_note(participant, story, staff)

    def intake_notes(self, participant: Participant, story: Story, staff: list[User]) -> None:
        """The referral, the screening call, and the waiting list or the offer of a place."""
        rng = self.rng
        advisor = participant.advisor
        applied = story.steps[0][1]
        if advisor and rng.random() < 0.6:
            title, body = rng.choice(data.NOTES_REFERRAL)
            self.add_entry(participant, advisor, Kind.NOTE, title, body, applied)
        assessed = story.time_of(S.ASSESSING)
        if assessed:
            title, body = rng.choice(data.NOTES_SCREENING)
            self.add_entry(
                participant,
                rng.choice(staff),
                Kind.CALL,
                title,
                body,
                max(assessed - datetime.timedelta(hours=2), applied + datetime.timedelta(minutes=30)),
                visibility=rng.choice([Vis.PROVIDER, Vis.NAV]),
            )
        if story.status == S.WAITING_LIST:
            self.add_entry(
                participant,
                staff[0],
                Kind.NOTE,
                "Satt på venteliste",
                "Kullet er fullt. {name} får tilbud ved neste oppstart.",
                story.steps[-1][1],
            )
        if story.status == S.WAITING_START:
            self.add_entry(
                participant,
                staff[0],
                Kind.EMAIL,
                "Tilbud om plass sendt",
                "{name} har takket ja. Oppstart er avtalt.",
                story.steps[-1][1],
                Vis.PARTICIPANT,
            )
            if rng.random() < 0.7 and story.programme.slug not in REAL_RECORDS:
                self.add_entry(
                    participant,
                    staff[0],
                    Kind.DIALOGUE,
                    "Oppstartsmøte",
                    "Vi går gjennom plan, oppmøte og økonomi før oppstart.",
                    self.clock.ahead(2, 14),
                    Vis.PARTICIPANT,
                )

    def progress_notes(self, participant: Participant, story: Story, staff: list[User], started) -> None:
        """The welcome e-mail, notes along the way and, now and then, a sensitive one."""
        rng = self.rng
        advisor = participant.advisor
        real = story.programme.slug in REAL_RECORDS
        notes = [n for n in data.NOTES_PARTICIPATING if not (real and n[0] in MADE_UP)]
        span = self.span_days(story, started)
        title, body = data.NOTES_FOR_PARTICIPANT[0]
        self.add_entry(participant, staff[0], Kind.EMAIL, title, body, started - DAY, Vis.PARTICIPANT)
        for _ in range(rng.randint(1, 3 if span < 60 else 5)):
            title, body = rng.choice(notes)
            kind = Kind.STATUS if title == "Statusmøte" else Kind.DIALOGUE if "NAV" in title else Kind.NOTE
            author = advisor if kind == Kind.DIALOGUE and advisor else rng.choice(staff)
            self.add_entry(participant, author, kind, title, body, self.clock.later(started, 1, span))
        if rng.random() < 0.08:
            title, body = rng.choice(data.NOTES_SENSITIVE)
            self.add_entry(
                participant,
                advisor or staff[0],
                Kind.NOTE,
                title,
                body,
                self.clock.later(started, 1, span),
                sensitive=True,
            )

    def current_notes(self, participant: Participant, story: Story, staff: list[User], started) -> None:
        """For someone taking part now: a note for them, and the next meeting with NAV."""
        rng = self.rng
        if rng.random() < 0.5:
            title, body = rng.choice(data.NOTES_FOR_PARTICIPANT[1:])
            self.add_entry(
                participant,
                rng.choice(staff),
                Kind.NOTE,
                title,
                body,
                self.clock.later(started, 1, self.span_days(story, started)),
                Vis.PARTICIPANT,
            )
        if rng.random() < 0.65 and story.programme.slug not in REAL_RECORDS:
            kind = rng.choice([Kind.STATUS, Kind.DIALOGUE])
            title = "Statusmøte med NAV" if kind == Kind.STATUS else "Dialogmøte"
            self.add_entry(
                participant,
                participant.advisor or staff[0],
                kind,
                title,
                "Neste møte: framdrift, fravær og plan videre.",
                self.clock.ahead(1, 21),
                rng.choice([Vis.NAV, Vis.PARTICIPANT]),
            )

    def span_days(self, story: Story, started) -> int:
        """Days from the start to the end (or to now, for someone still taking part); at least one."""
        end = story.steps[-1][1] if story.status != S.PARTICIPATING else self.now
        return max((end - started).days, 1)

    def closing_note(self, participant: Participant, story: Story, staff: list[User]) -> None:
        status, when, reason, reason_text = story.steps[-1]
        rng = self.rng
        employer = rng.choice([o for o in self.orgs.values() if o.kind == Organisation.Kind.EMPLOYER]).name
        if story.closing:
            title = {S.COMPLETED: "Avslutning og resultat", S.LEFT: "Har sluttet", S.BROKEN_OFF: "Avbrutt"}
            self.add_entry(
                participant, staff[0], Kind.NOTE, title.get(status, "Avslutning"), story.closing, when
            )
            return
        if status == S.COMPLETED and story.programme.kind == Programme.Kind.EVENT:
            text = rng.choice(
                [
                    "Tre intervjuer, god tilbakemelding på forberedelsene.",
                    "Fikk tilbud om arbeidspraksis hos {employer}.",
                    "Fire intervjuer. Arbeidsgiverne ønsker mer konkrete eksempler.",
                ]
            )
            title = "Etter hurtigintervjuene"
        elif status == S.COMPLETED and story.programme.slug in REAL_RECORDS:
            # The outcome itself is recorded afterwards (inhouse.py), with the job and the employer.
            title, text = "Avslutning og resultat", "Avslutningssamtale med {name} og NAV-veilederen."
        elif status == S.COMPLETED:
            pool = rng.choice([data.OUTCOMES_IT, data.OUTCOMES_IT, data.OUTCOMES_OTHER])
            title, text = "Avslutning og resultat", rng.choice(pool)
        else:
            title = {S.LEFT: "Har sluttet", S.BROKEN_OFF: "Avbrutt", S.NOT_RELEVANT: "Ikke aktuell"}[status]
            text = reason_text or {
                "ill": "Sykdom. NAV følger opp videre.",
                "got_job": "Fikk jobb hos {employer} før programmet var over.",
                "education": "Begynner på fagskole i IT-drift.",
                "no_show": "Møtte ikke opp og svarte ikke på henvendelser.",
                "other_support": "Trenger annen oppfølging først; NAV vurderer annet tiltak.",
                "requirements": "Norsknivået er foreløpig for lavt for kurset. Anbefalt norskkurs først.",
                "no_place": "Fikk ikke plass i dette kullet.",
                "course_full": "Kullet var fullt.",
            }.get(reason, "")
        self.add_entry(participant, staff[0], Kind.NOTE, title, text.replace("{employer}", employer), when)

    def tasks(self, participant: Participant, story: Story) -> None:
        rng = self.rng
        provider = story.programme.organisation
        coordinator = self.coordinator_of(provider)
        advisor = participant.advisor
        mine = advisor == self.users["advisor"]
        status = story.status
        wanted: list[tuple[User, str, str]] = []
        if status in (S.APPLIED, S.ASSESSING) and rng.random() < 0.6:
            wanted.append((coordinator, "Ring og avtal inntakssamtale", Task.WaitingOn.PROVIDER))
        if status in (S.WAITING_START, S.PARTICIPATING) and rng.random() < 0.35:
            staff = rng.choice(self.staff_of(provider))
            wanted.append((staff, rng.choice(data.TASKS_PROVIDER[2:]), Task.WaitingOn.PROVIDER))
        if advisor and status in (S.APPLIED, S.ASSESSING, S.WAITING_START, S.PARTICIPATING):
            if rng.random() < (0.5 if mine else 0.3):
                wanted.append((advisor, rng.choice(data.TASKS_NAV), Task.WaitingOn.NAV))
            if rng.random() < (0.35 if mine else 0.15):
                wanted.append((advisor, rng.choice(data.TASKS_PERSON), Task.WaitingOn.PARTICIPANT))
        for assignee, title, waiting_on in wanted:
            task = people.task_create(
                actor=coordinator if waiting_on == Task.WaitingOn.PROVIDER else advisor or coordinator,
                organisation=provider,
                title=title,
                assignee=assignee,
                participant=participant,
                due=self.local_now.date() + datetime.timedelta(days=rng.randint(-6, 14)),
                waiting_on=waiting_on,
            )
            Task.objects.filter(pk=task.pk).update(created_at=self.clock.clamp(story.steps[-1][1]))
        if status == S.COMPLETED and rng.random() < 0.3:
            task = people.task_create(
                actor=coordinator,
                organisation=provider,
                title="Skrive sluttrapport til NAV",
                assignee=coordinator,
                participant=participant,
                due=story.steps[-1][1].date() + 7 * DAY,
            )
            people.task_complete(actor=coordinator, task=task)
            Task.objects.filter(pk=task.pk).update(
                created_at=story.steps[-1][1], done_at=self.clock.later(story.steps[-1][1], 1, 6)
            )
