"""The cohort courses of the demo: the Salesforce pilot (seed 001) and the security pilot, written with
the programmes app's own services: programmes from a template, cohorts, seats, phases,
certification attempts, daily attendance on the cohort's teaching days, readiness and outcomes.

A mixin of DemoBuilder. A person's way through a cohort is decided first (a `CourseRow`); the
enrolment is then written by the builder, which calls `finish_row` while the person is still
participating (a seat, and the outcome that closes the enrolment), and `finish_courses` fills in
the rest once everyone exists, because a day's attendance covers the whole cohort.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from kobling.core.models import Occupation
from kobling.demo import course_data as cd
from kobling.demo import data
from kobling.demo.effects import DROPOUT, JOB
from kobling.demo.stories import DAY, Story
from kobling.people.models import Task
from kobling.programmes.attendance.days import teaching_days
from kobling.programmes.attendance.holidays import is_public_holiday
from kobling.programmes.attendance.services import attendance_save, audit_marks
from kobling.programmes.courses import services as course_services
from kobling.programmes.followup.outcomes import Result, follow_up_answer, outcome_record, outcome_status
from kobling.programmes.models import (
    AttendanceRecord,
    CertificationAttempt,
    Cohort,
    Enrolment,
    Outcome,
    OutcomeFollowUp,
    PhaseRecord,
    Programme,
    Status,
)

S = Status
A = CertificationAttempt.State
M = AttendanceRecord.Mark
SALESFORCE, SECURITY = "salesforce-pilot", "security-pilot"
JOB_FATES = ("it", "other")
GOLDEN = 0.6180339887498949  # the golden ratio's fraction: its multiples spread evenly over [0, 1)
TAIL, TAIL_DAYS = 0.25, 15  # more absence in the last days of someone who leaves for motivation or health


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def teaching_start(day: datetime.date) -> datetime.date:
    """The first Monday on or after `day` that is not a public holiday (Easter and Whit Monday are)."""
    while day.weekday() != 0 or is_public_holiday(day):
        day += DAY
    return day


def weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5 or is_public_holiday(day):
        day += DAY
    return day


@dataclass
class CourseRow:
    """One person's way through a cohort."""

    cohort: Cohort
    story: Story
    fate: str = ""  # "it", "other", a dropout reason, or "" while still participating
    end: datetime.date | None = None  # the last day in the cohort, for those who ended
    completed: bool = False
    job: tuple | None = None
    job_start: datetime.date | None = None
    note: str = ""
    reliability: float = 0.93
    passes: bool = False  # passes every exam at the first attempt (the demo participant)
    enrolment: Enrolment | None = None
    outcome: Outcome | None = None
    marks: dict = field(default_factory=dict)

    def last_day(self, today: datetime.date) -> datetime.date:
        return self.end or min(today, self.cohort.end_date)


class CourseMixin:
    # ------------------------------------------------------------------ set-up
    def make_programmes(self) -> None:
        """Every programme from its template (phases, certifications), then the cohorts."""
        self.cohorts: dict[tuple[str, str], Cohort] = {}
        self.course_rows: list[CourseRow] = []
        self.occupations_all = {o.code: o for o in Occupation.objects.filter(level=4)}
        for slug, provider, name, kind, description in data.PROGRAMMES:
            organisation = self.orgs[provider]
            finished = slug == SALESFORCE
            self.programmes[slug] = course_services.programme_create(
                actor=self.coordinator_of(organisation),
                organisation=organisation,
                data={
                    "name": name,
                    "slug": slug,
                    "kind": kind,
                    "state": Programme.State.COMPLETED if finished else Programme.State.ACTIVE,
                    "description": description,
                    "intake_criteria": cd.INTAKE_CRITERIA.get(slug, ""),
                    "accepts_applications": not finished,
                },
                phases=cd.PHASES.get(slug, []),
                certifications=[c[:3] for c in cd.CERTIFICATIONS.get(slug, [])],
            )
        self.certs = {
            slug: list(programme.certifications.order_by("id")) for slug, programme in self.programmes.items()
        }
        self.phases = {
            slug: list(programme.phases.order_by("order")) for slug, programme in self.programmes.items()
        }
        today = self.local_now.date()
        for name, days_ago, weeks, seats, location in cd.SALESFORCE_COHORTS:
            self.make_cohort(SALESFORCE, name, teaching_start(today - days_ago * DAY), weeks, seats, location)
        location = "Fjordkompetanse Oslo, kurssal 3"
        self.make_cohort(SECURITY, "Kull 1", teaching_start(today - 47 * DAY), 24, 8, location)
        self.make_cohort(SECURITY, "Kull 2", teaching_start(today + 75 * DAY), 24, 10, location)
        first = self.cohorts[SECURITY, "Kull 1"].start_date
        self.security_exams = [weekday(first + 37 * DAY), weekday(first + 88 * DAY), None]

    def make_cohort(self, slug: str, name: str, start, weeks: int, seats: int, location: str) -> None:
        programme = self.programmes[slug]
        self.cohorts[slug, name] = course_services.cohort_create(
            actor=self.coordinator_of(programme.organisation),
            programme=programme,
            data={
                "name": name,
                "start_date": start,
                "end_date": start + (weeks * 7 - 3) * DAY,
                "seats": seats,
                "location": location,
                "weekdays": [0, 1, 2, 3, 4],
                "absence_alert_after": 3,
            },
            instructors=[self.users["instructor"]],
        )

    # ------------------------------------------------------------ stories
    def course_story(self, programme, start: datetime.datetime, final=None) -> Story:
        """Referred, phone interview, accepted, and started on the cohort's first day."""
        rng = self.rng
        applied = self.clock.working_hours(start - datetime.timedelta(days=rng.uniform(25, 55)))
        assessed = self.clock.later(applied, 2, 7)
        accepted = self.clock.later(assessed, 2, 8)
        steps = [
            (S.APPLIED, applied, "", ""),
            (S.ASSESSING, assessed, "", ""),
            (S.WAITING_START, accepted, "", ""),
            (S.PARTICIPATING, start, "", ""),
        ]
        story = Story(programme)
        story.steps = self.clock.settle(steps + ([final] if final else []))
        story.closed_by_outcome = final is not None
        return story

    def course_story_and_finish(self, programme, status: str, *, demo_person: bool = False):
        """The security pilot's first intake starts together; those waiting to start hold a seat in
        the next intake. Other programmes keep their drawn stories."""
        if programme.slug != SECURITY or status not in (S.PARTICIPATING, S.WAITING_START):
            return None, None
        if status == S.WAITING_START:
            cohort = self.cohorts[SECURITY, "Kull 2"]
            return None, lambda enrolment, story: self.seat(cohort, enrolment)
        cohort = self.cohorts[SECURITY, "Kull 1"]
        story = self.course_story(programme, local(cohort.start_date, 9))
        reliability = self.rng.uniform(0.9, 0.97) if demo_person else self.rng.uniform(0.82, 0.98)
        row = CourseRow(cohort, story, reliability=reliability, passes=demo_person)
        return story, lambda enrolment, story: self.finish_row(row, enrolment)

    def seat(self, cohort: Cohort, enrolment: Enrolment) -> None:
        course_services.cohort_enrol(
            actor=self.coordinator_of(cohort.programme.organisation), cohort=cohort, enrolment=enrolment
        )

    def finish_row(self, row: CourseRow, enrolment: Enrolment) -> None:
        """While the person participates: their seat, and the outcome that closes the enrolment."""
        row.enrolment = enrolment
        self.seat(row.cohort, enrolment)
        self.course_rows.append(row)
        if not row.fate:
            return
        coordinator = self.coordinator_of(row.cohort.programme.organisation)
        if row.job:
            code, employer_slug, employer_name, _title = row.job
            row.outcome = outcome_record(
                actor=coordinator,
                enrolment=enrolment,
                result=Result.JOB,
                start_date=row.job_start,
                occupation=self.occupations_all[code],
                employer=self.orgs.get(employer_slug),
                employer_name=employer_name,
                note=row.note,
                completed=row.completed,
            )
        else:
            row.outcome = outcome_record(
                actor=coordinator,
                enrolment=enrolment,
                result=Result.DROPPED_OUT,
                start_date=row.end,
                dropout_reason=row.fate,
                note=row.note,
            )

    # ------------------------------------------------- the Salesforce pilot
    def make_salesforce_pilot(self) -> None:
        """Seed 001's first pilot: 30 people over four start dates; 11 IT jobs, 8 other jobs and 11
        dropouts, plus the candidates who were screened and did not start."""
        programme = self.programmes[SALESFORCE]
        started = [
            (spec[0], fate)
            for spec, fates in zip(cd.SALESFORCE_COHORTS, cd.SALESFORCE_FATES, strict=True)
            for fate in fates
        ]
        share = data.ADVISOR_SHARE[SALESFORCE]
        followed = {int(i * len(started) / share) for i in range(share)}
        it_jobs, other_jobs = list(cd.IT_JOBS), list(cd.OTHER_JOBS)
        # One person in each of these left for the job before the cohort ended.
        early = {("Kull 2", "it"), ("Kull 3", "it"), ("Kull 4", "other")}
        for index, (name, fate) in enumerate(started):
            cohort = self.cohorts[SALESFORCE, name]
            leaves_early = (name, fate) in early
            early.discard((name, fate))
            row = self.salesforce_row(cohort, fate, leaves_early, it_jobs, other_jobs)
            self.make_person(
                programme,
                row.story.status,
                follow=index in followed,
                story=row.story,
                finish=lambda enrolment, story, row=row: self.finish_row(row, enrolment),
            )
        for (name, *_rest), declined in zip(cd.SALESFORCE_COHORTS, cd.SALESFORCE_DECLINED, strict=True):
            start = local(self.cohorts[SALESFORCE, name].start_date, 9)
            for how, reason, text in declined:
                story = self.declined_story(programme, start, how, reason, text)
                self.make_person(programme, story.status, follow=False, story=story)

    def salesforce_row(self, cohort: Cohort, fate: str, leaves_early: bool, it_jobs, other_jobs) -> CourseRow:
        rng = self.rng
        days = teaching_days(cohort)
        row = CourseRow(cohort, Story(cohort.programme), fate=fate)
        if fate in JOB_FATES:
            code, employer, *rest = (it_jobs if fate == "it" else other_jobs).pop(0)
            row.job = (code, employer, "", rest[0]) if fate == "it" else (code, employer, rest[0], rest[1])
            row.note = row.job[3]
            row.reliability = self.decks.level(SALESFORCE, "attendance", JOB)
            if leaves_early:
                row.end = days[int(len(days) * rng.uniform(0.75, 0.9))]
                row.job_start = teaching_start(row.end + 3 * DAY)
            else:
                row.end, row.completed = cohort.end_date, True
                row.job_start = weekday(row.end + rng.randint(7, 75) * DAY)
            result, reason = Result.JOB, ""
            end_at = local(row.end, 15)
        else:
            row.fate = "other" if fate == "other_reason" else fate
            row.note = rng.choice(cd.DROPOUT_NOTES[row.fate])
            row.reliability = self.decks.level(SALESFORCE, "attendance", DROPOUT)
            row.end = days[int(len(days) * rng.uniform(0.12, 0.7))]
            result, reason = Result.DROPPED_OUT, row.fate
            end_at = local(row.end, rng.randint(11, 15), rng.choice([0, 15, 30]))
        status, why, text = outcome_status(result, row.completed, reason, row.note)
        row.story = self.course_story(
            cohort.programme, local(cohort.start_date, 9), (status, end_at, why, text)
        )
        if row.job:
            employer = self.orgs[row.job[1]].name if row.job[1] else row.job[2]
            row.story.closing = f"Fikk jobb: {row.note} hos {employer} fra {row.job_start:%d.%m.%Y}."
        else:
            row.story.closing = f"{Outcome.DropoutReason(row.fate).label}: {row.note}"
        return row

    def declined_story(self, programme, start, how: str, reason: str, text: str) -> Story:
        applied = self.clock.working_hours(start - datetime.timedelta(days=self.rng.uniform(30, 60)))
        assessed = self.clock.later(applied, 2, 7)
        steps = [(S.APPLIED, applied, "", ""), (S.ASSESSING, assessed, "", "")]
        if how.startswith("waiting_start"):
            steps.append((S.WAITING_START, self.clock.later(assessed, 2, 6), "", ""))
            steps.append((S.NOT_RELEVANT, start + datetime.timedelta(hours=2), reason, text))
        else:
            steps.append((S.NOT_RELEVANT, self.clock.later(assessed, 2, 8), reason, text))
        story = Story(programme)
        story.steps = self.clock.settle(steps)
        return story

    # --------------------------------------------- after everyone exists
    def finish_courses(self) -> None:
        for row in self.course_rows:
            row.marks = self.marks_for(row)
            self.course_phases(row)
            self.certifications_for(row)
            self.readiness_for(row)
            self.course_meetings(row)
            if row.outcome is not None:
                self.answer_follow_ups(row.outcome, it=row.fate == "it")
        self.save_attendance()

    def course_phases(self, row: CourseRow) -> None:
        phases = self.phases[row.cohort.programme.slug]
        last = row.last_day(self.local_now.date())
        course_end = row.cohort.end_date
        accepted = row.story.time_of(S.WAITING_START)
        wanted = [(phases[0], timezone.localtime(accepted).date()), (phases[1], row.cohort.start_date)]
        wanted.append((phases[2], course_end - 42 * DAY))
        if row.completed:
            wanted.append((phases[3], min(course_end, last) - 13 * DAY))
        self.enter_phases(row.enrolment, [(p, d) for p, d in wanted if d <= last], closed=row.end)

    def enter_phases(self, enrolment: Enrolment, wanted, *, closed: datetime.date | None) -> None:
        coordinator = self.coordinator_of(enrolment.programme.organisation)
        previous = None
        for phase, day in wanted:
            day = max(day, previous) if previous else day
            course_services.phase_enter(actor=coordinator, enrolment=enrolment, phase=phase, started_on=day)
            previous = day
        if closed and previous:
            PhaseRecord.objects.filter(enrolment=enrolment, ended_on__isnull=True).update(ended_on=closed)

    def certifications_for(self, row: CourseRow) -> None:
        """Booked, then passed or failed on the exam day; a failed exam is retaken three weeks later.
        Those who finished the Salesforce pilot without a job took the third certification after it."""
        slug = row.cohort.programme.slug
        certs = self.certs[slug]
        fees = {c[2]: c[3:] for c in cd.CERTIFICATIONS[slug]}
        start = row.cohort.start_date
        if slug == SALESFORCE:
            plan = [(certs[0], weekday(start + 54 * DAY)), (certs[1], weekday(start + 110 * DAY))]
            if row.completed and (row.job_start - row.end).days > 35:
                plan.append((certs[2], weekday(row.end + 28 * DAY)))
        else:
            plan = list(zip(certs, self.security_exams, strict=True))
        today = self.local_now.date()
        chance = 1 if row.passes else {"it": 0.88, "other": 0.7, "": 0.8}.get(row.fate, 0.6)
        share = self.rng.choice(cd.NAV_SHARES)
        coordinator = self.coordinator_of(row.cohort.programme.organisation)

        def record(cert, state, day, fee):
            attempt = course_services.certification_record(
                actor=coordinator,
                enrolment=row.enrolment,
                certification=cert,
                state=state,
                exam_date=day,
                fee=Decimal(fee),
                nav_pays=(Decimal(fee) * share).quantize(Decimal(1)),
            )
            when = local(day, 16) if day and day <= today else self.now - DAY
            CertificationAttempt.objects.filter(pk=attempt.pk).update(updated_at=min(when, self.now))

        for cert, day in plan:
            first_fee, retake_fee = fees[cert.exam_code]
            if day is None:
                record(cert, A.PLANNED, None, first_fee)
                continue
            if row.end and day > row.end:
                break
            record(cert, A.BOOKED, day, first_fee)
            if day >= today:
                continue
            passed = self.rng.random() < chance
            record(cert, A.PASSED if passed else A.FAILED, day, first_fee)
            retake = weekday(day + self.rng.randint(21, 28) * DAY)
            if passed or (row.end and retake > row.end):
                continue
            record(cert, A.BOOKED, retake, retake_fee)
            if retake < today:
                record(cert, A.PASSED if self.rng.random() < 0.8 else A.FAILED, retake, retake_fee)

    def readiness_for(self, row: CourseRow) -> None:
        """The CV, the online profile and the mock interview towards the end of the course. In the
        Salesforce pilot the planted shares decide who has the CV and the mock interview
        (effects.py); someone who dropped out did them shortly before leaving."""
        planted = self.planted_readiness(row)
        dropped = row.fate and not row.job
        if dropped and planted is None:
            return
        last = min(row.last_day(self.local_now.date()), row.cohort.end_date)
        values = {"cv_done_on": last - 35 * DAY, "mock_interview_on": last - 10 * DAY}
        if self.rng.random() < 0.8 and not dropped:
            values["profile_online_on"] = last - 21 * DAY
        if dropped:
            values = {"cv_done_on": last - self.rng.randint(6, 14) * DAY, "mock_interview_on": last - 2 * DAY}
        if planted is not None:
            values = {k: v for k, v in values.items() if planted.get(k, True)}
        today = self.local_now.date()
        values = {k: v for k, v in values.items() if row.cohort.start_date < v <= today}
        if values:
            course_services.readiness_set(
                actor=self.coordinator_of(row.cohort.programme.organisation),
                enrolment=row.enrolment,
                values=values,
            )

    # ------------------------------------------------------------- attendance
    def marks_for(self, row: CourseRow) -> dict:
        """Mostly present; those who drop out for motivation miss more towards the end, those who
        fall ill have excused absences. Never three unexcused days in a row: that would alert the
        coordinator and the advisor today about a day long past. Someone who has finished misses
        days by a low-discrepancy sequence (`spread`), and their last weeks' extra absence is taken
        from the days before, so their attendance is the planted level (effects.py) instead of
        wandering with the draws."""
        rng = self.rng
        today = self.local_now.date()
        last = row.end if row.end else (today if self.local_now.hour >= 10 else today - DAY)
        days = teaching_days(row.cohort, end=last)
        marks, run = {}, 0
        spread = self.decks.spread() if row.fate else None
        tails = row.fate in ("motivation", "health")
        shift = TAIL * min(TAIL_DAYS, len(days)) / max(len(days), 1) if spread is not None and tails else 0
        for index, day in enumerate(days):
            tail = len(days) - index <= TAIL_DAYS and tails
            missing = 1 - row.reliability - shift + (TAIL if tail else 0)
            draw = rng.random() if spread is None else (spread + index * GOLDEN) % 1
            if draw < missing:
                unexcused = rng.random() < (0.7 if row.fate == "motivation" else 0.3)
                mark = M.UNEXCUSED if unexcused and run < 2 else M.EXCUSED
            else:
                mark = M.LATE if rng.random() < 0.06 else M.PRESENT
            run = run + 1 if mark == M.UNEXCUSED else 0
            marks[day] = mark
        return marks

    def save_attendance(self) -> None:
        """The running cohort's days are saved through the attendance service, as the instructor does
        each morning. The finished cohorts' 400 days are written in bulk with the same records and
        audit rows, dated the day they were kept: the service would take seconds for them."""
        instructor = self.users["instructor"]
        by_day: dict[Cohort, dict[datetime.date, dict[int, str]]] = {}
        for row in self.course_rows:
            days = by_day.setdefault(row.cohort, {})
            for day, mark in row.marks.items():
                days.setdefault(day, {})[row.enrolment.pk] = mark
        for cohort, days in by_day.items():
            if cohort.end_date >= self.local_now.date():
                for day in sorted(days):
                    attendance_save(actor=instructor, cohort=cohort, day=day, marks=days[day])
                continue
            records = [
                AttendanceRecord(
                    enrolment_id=enrolment_id,
                    day=day,
                    mark=mark,
                    recorded_by=instructor,
                    recorded_at=local(day, 9, 10),
                )
                for day, marks in days.items()
                for enrolment_id, mark in marks.items()
            ]
            AttendanceRecord.objects.bulk_create(records, batch_size=1000)
            for day, marks in days.items():
                audit_marks(actor=instructor, cohort=cohort, day=day, created=list(marks), changed=[])
        running = AttendanceRecord.objects.filter(enrolment__cohort__end_date__gte=self.local_now.date())
        records = list(running.only("pk", "day"))
        for record in records:
            record.recorded_at = min(local(record.day, 9, 10), self.now)
        AttendanceRecord.objects.bulk_update(records, ["recorded_at"], batch_size=1000)

    def rate_until(self, row: CourseRow, day: datetime.date) -> str:
        marks = [m for d, m in row.marks.items() if d < day]
        if not marks:
            return "ingen fravær så langt"
        present = sum(1 for m in marks if m in (M.PRESENT, M.LATE))
        return f"{round(100 * present / len(marks))} % oppmøte"

    # ---------------------------------------------------------- follow-ups
    def answer_follow_ups(self, outcome: Outcome, *, it: bool) -> None:
        """The checks at 3, 6 and 12 months that are due are answered, except the newest one due
        in the last fortnight, which waits for the coordinator."""
        coordinator = self.coordinator_of(outcome.enrolment.programme.organisation)
        today = self.local_now.date()
        recorded = outcome.enrolment.status_since
        Outcome.objects.filter(pk=outcome.pk).update(recorded_at=recorded)
        follow_ups = list(OutcomeFollowUp.objects.filter(outcome=outcome).select_related("task"))
        Task.objects.filter(pk__in=[f.task_id for f in follow_ups]).update(created_at=recorded)
        held = True
        for follow_up in follow_ups:
            if follow_up.due > today:
                continue
            if follow_up.due > today - 14 * DAY and not getattr(self, "left_open", False):
                self.left_open = True
                continue
            held = held and self.rng.random() < (0.93 if it else 0.8)
            follow_up_answer(actor=coordinator, follow_up=follow_up, still_employed=held)
            answered = min(local(follow_up.due + self.rng.randint(0, 6) * DAY, 10), self.now)
            OutcomeFollowUp.objects.filter(pk=follow_up.pk).update(answered_at=answered)
            Task.objects.filter(pk=follow_up.task_id).update(done_at=answered)
