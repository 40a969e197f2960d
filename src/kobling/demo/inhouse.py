"""The phased in-house programme of seed 000 ("IT i praksis"): get to know → competence → work
practice → job search, with the profile type and recommended path from the intake interview, work
practice and hire-out placements at host employers, a shared activity plan, and outcomes.

A mixin of DemoBuilder; runs after everyone exists, over the people the builder made.
"""

import datetime

from django.utils import timezone

from kobling.core.models import Organisation
from kobling.demo import course_data as cd
from kobling.demo.courses import weekday
from kobling.demo.stories import DAY
from kobling.programmes.followup import services as followup
from kobling.programmes.followup.outcomes import Result, add_months, outcome_record
from kobling.programmes.models import Enrolment, IntakeInterview, Meeting, Outcome, Placement, Status

S = Status
P = Placement.Kind
INHOUSE = "it-i-praksis"
# Days from the start to each phase: a month getting to know, two of competence, two of practice.
PHASE_DAYS = (0, 28, 84, 140)
# How the reason someone ended with becomes an outcome (the job is drawn separately).
ENDINGS = {
    (S.LEFT, "education"): (Result.EDUCATION, ""),
    (S.LEFT, "ill"): (Result.DROPPED_OUT, Outcome.DropoutReason.HEALTH),
    (S.LEFT, "other"): (Result.DROPPED_OUT, Outcome.DropoutReason.LEAVE),
    (S.BROKEN_OFF, "ill"): (Result.DROPPED_OUT, Outcome.DropoutReason.HEALTH),
    (S.BROKEN_OFF, "no_show"): (Result.DROPPED_OUT, Outcome.DropoutReason.MOTIVATION),
    (S.BROKEN_OFF, "other_support"): (Result.DROPPED_OUT, Outcome.DropoutReason.OTHER),
}


class InHouseMixin:
    def supervisor(self) -> str:
        first, last = self.maker.name("norwegian", self.rng.choice("mf"))
        return f"{first} {last}, {self.rng.choice(cd.SUPERVISOR_ROLES)}"

    def finish_inhouse(self) -> None:
        programme = self.programmes[INHOUSE]
        enrolments = {
            e.participant_id: e
            for e in Enrolment.objects.filter(programme=programme).select_related("programme")
        }
        paths = dict(
            IntakeInterview.objects.filter(enrolment__programme=programme).values_list(
                "enrolment__participant_id", "recommended_path"
            )
        )
        self.inhouse_jobs = list(cd.INHOUSE_JOBS)
        self.hired_out = self.interns = 0
        self.employers = [o for o in self.orgs.values() if o.kind == Organisation.Kind.EMPLOYER]
        today = self.local_now.date()
        for participant, story in self.made:
            started = story.time_of(S.PARTICIPATING)
            if story.programme != programme or started is None:
                continue
            enrolment = enrolments[participant.pk]
            enrolment.participant = participant
            start = timezone.localtime(started).date()
            ended = story.status != S.PARTICIPATING
            last = timezone.localtime(story.steps[-1][1]).date() if ended else today
            phases = [(p, start + d * DAY) for p, d in zip(self.phases[INHOUSE], PHASE_DAYS, strict=True)]
            reached = [(p, d) for p, d in phases if d <= last]
            self.enter_phases(enrolment, reached, closed=last if ended else None)
            if len(reached) >= 3:
                end = min(start + 139 * DAY, last) if (ended or len(reached) == 4) else None
                # Some hosts take the person as an intern instead (at least one of those here now).
                intern = (not ended and not self.interns) or self.rng.random() < 0.15
                self.interns += intern
                kind = P.INTERNSHIP if intern else P.PRACTICE
                self.place(enrolment, kind, self.rng.choice(self.employers), start + 84 * DAY, end)
            # The planted early contact of those who finished (effects.py); most of those taking
            # part now with a NAV advisor had the same meeting.
            planted = self.planted.get(participant.pk, {}).get("early")
            if planted or (not ended and participant.advisor_id and self.rng.random() < 0.6):
                self.start_meeting(enrolment, story, paths.get(participant.pk, "support"))
            if ended:
                self.inhouse_outcome(enrolment, story, last)
            else:
                self.inhouse_now(enrolment, reached, paths.get(participant.pk, "support"))

    def place(self, enrolment, kind, host, start, end=None, supervisor=None) -> Placement:
        return followup.placement_create(
            actor=self.users["coordinator"],
            enrolment=enrolment,
            kind=kind,
            host=host,
            start_date=start,
            end_date=end,
            supervisor=self.supervisor() if supervisor is None else supervisor,
        )

    def start_meeting(self, enrolment: Enrolment, story, path: str) -> None:
        """Early contact with the NAV advisor: a dialogue meeting before the start, within six weeks
        of the referral (the programme has no cohorts, so the insights pages count its weeks from
        the enrolment)."""
        applied = timezone.localtime(story.steps[0][1]).date()
        start = timezone.localtime(story.time_of(S.PARTICIPATING)).date()
        before_start = start - self.rng.randint(1, 6) * DAY
        day = max(min(before_start, applied + self.rng.randint(28, 38) * DAY), applied)
        while day.weekday() >= 5:
            day -= DAY
        name = enrolment.participant.first_name
        self.meeting(
            enrolment,
            Meeting.Kind.DIALOGUE,
            self.meeting_time(day),
            organiser=self.users["coordinator"],
            minutes=f"Oppstartsmøte med NAV-veilederen. Vi gikk gjennom plan, oppmøte og økonomi. "
            f"{name} ønsker seg mot {cd.PATH_WORDS.get(path, path)}.",
        )

    def inhouse_outcome(self, enrolment: Enrolment, story, last: datetime.date) -> None:
        """Completed people got jobs (some after a hire-out period through the recruitment company);
        the others' outcome follows the reason they ended with."""
        status, _when, reason, reason_text = story.steps[-1]
        coordinator = self.users["coordinator"]
        today = self.local_now.date()
        if status == S.COMPLETED or reason == "got_job":
            code, slug, name, title = self.inhouse_jobs.pop(0) if self.inhouse_jobs else cd.INHOUSE_JOBS[0]
            employer = self.orgs.get(slug)
            job_start = min(weekday(last + self.rng.randint(3, 40) * DAY), today)
            # The first with a job at a host employer, and some more, were hired out before employment.
            if employer is not None and (not self.hired_out or self.rng.random() < 0.4):
                self.hired_out += 1
                hired_out_until = add_months(job_start, 6)
                ended = hired_out_until if hired_out_until < today else None
                self.place(enrolment, P.HIRE_OUT, employer, job_start, ended)
                if ended:
                    self.place(enrolment, P.JOB, employer, ended + DAY)
                title = f"{title}; innleid i seks måneder, deretter ansatt"
            elif employer is not None:
                self.place(enrolment, P.JOB, employer, job_start)
            outcome = outcome_record(
                actor=coordinator,
                enrolment=enrolment,
                result=Result.JOB,
                start_date=job_start,
                occupation=self.occupations_all[code],
                employer=employer,
                employer_name=name,
                note=title,
            )
            self.answer_follow_ups(outcome, it=outcome.kind == Outcome.Kind.IT_JOB)
            return
        if reason == "other":
            text = reason_text.lower()
            result, why = (
                Result.DROPPED_OUT,
                (
                    Outcome.DropoutReason.LEAVE
                    if "permisjon" in text
                    else Outcome.DropoutReason.MOTIVATION
                    if "motivasjon" in text
                    else Outcome.DropoutReason.OTHER
                ),
            )
        else:
            result, why = ENDINGS.get((status, reason), (Result.OTHER, ""))
        outcome = outcome_record(
            actor=coordinator,
            enrolment=enrolment,
            result=result,
            start_date=last,
            dropout_reason=why,
            note=reason_text,
        )
        self.answer_follow_ups(outcome, it=False)

    def inhouse_now(self, enrolment: Enrolment, reached, path: str) -> None:
        """Someone in the programme now: a login, a plan shared with NAV (partly their own
        proposals), a status meeting behind them and, for some, a dialogue meeting ahead."""
        participant = enrolment.participant
        self.give_login(participant)
        done = len(reached)
        states = ["in_progress"]
        states += ["completed" if done > i else "in_progress" if done == i else "planned" for i in (1, 2, 3)]
        states.append("in_progress" if done == 4 else "planned")
        items = [
            (k, t, state, agreed) for (k, t, _s, agreed), state in zip(cd.INHOUSE_ITEMS, states, strict=True)
        ]
        actor = participant.advisor or self.users["coordinator"]
        self.plan_items(participant, items, actor=actor, path=cd.PATH_WORDS.get(path, path))
        if self.rng.random() < 0.6:
            self.proposals(participant, 1)
        coordinator = self.users["coordinator"]
        first = reached[-1][1] + self.rng.randint(5, 12) * DAY
        if first < self.local_now.date():
            minutes = self.minutes_text(Meeting.Kind.STATUS, participant, "godt oppmøte", reached[-1][0].name)
            self.meeting(
                enrolment,
                Meeting.Kind.STATUS,
                self.meeting_time(first),
                organiser=coordinator,
                minutes=minutes,
            )
        if self.rng.random() < 0.5:
            day = self.local_now.date() + self.rng.randint(3, 20) * DAY
            self.meeting(enrolment, Meeting.Kind.DIALOGUE, self.meeting_time(day), organiser=coordinator)
