"""When things happened: the dated steps of an enrolment's history, in working hours and in the past.

The demo is built relative to the moment it runs, so every date here is counted back from `now`.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from kobling.demo import data
from kobling.programmes.models import Programme, Status

S = Status
DAY = datetime.timedelta(days=1)
LENGTH_DAYS = {"course": 150, "mentor": 182, "practice": 90}
# The phased in-house programme (seed 000) runs longer than a work-practice period, and everyone in
# it has an intake interview (profile type and recommended path).
LENGTH_BY_SLUG = {"it-i-praksis": 180}
ALWAYS_INTERVIEWED = {"it-i-praksis"}


@dataclass
class Story:
    """One enrolment's path: (status, when, reason, reason text) per step."""

    programme: Programme
    steps: list[tuple[str, datetime.datetime, str, str]] = field(default_factory=list)
    # The last step is written by recording the outcome (which closes the enrolment), not directly.
    closed_by_outcome: bool = False
    # What the closing note on the timeline says, when the outcome is known.
    closing: str = ""

    @property
    def status(self) -> str:
        return self.steps[-1][0]

    def time_of(self, status: str) -> datetime.datetime | None:
        return next((t for s, t, _r, _x in self.steps if s == status), None)


class StoryClock:
    def __init__(self, rng: random.Random, now: datetime.datetime):
        self.rng = rng
        self.now = now
        self.local_now = timezone.localtime(now)

    def at(self, days_ago: float, hour: int | None = None) -> datetime.datetime:
        """A moment in working hours `days_ago` days back, never in the future."""
        moment = self.local_now - datetime.timedelta(days=days_ago)
        if hour is None:
            hour = self.rng.randint(8, 15)
        moment = moment.replace(
            hour=hour, minute=self.rng.choice([0, 10, 15, 20, 30, 40, 45]), second=0, microsecond=0
        )
        return min(moment, self.now - datetime.timedelta(minutes=self.rng.randint(5, 90)))

    def later(self, moment: datetime.datetime, low: float, high: float) -> datetime.datetime:
        """A working-hours moment between `low` and `high` days after `moment` (at least one day)."""
        day = timezone.localtime(moment) + datetime.timedelta(days=max(1, round(self.rng.uniform(low, high))))
        day = day.replace(
            hour=self.rng.randint(8, 15), minute=self.rng.choice([0, 15, 30, 45]), second=0, microsecond=0
        )
        return self.clamp(day)

    def working_hours(self, moment: datetime.datetime) -> datetime.datetime:
        moment = timezone.localtime(moment)
        return moment.replace(
            hour=self.rng.randint(8, 15), minute=self.rng.choice([0, 15, 30, 45]), second=0, microsecond=0
        )

    def clamp(self, moment: datetime.datetime) -> datetime.datetime:
        return min(moment, self.now - datetime.timedelta(minutes=self.rng.randint(5, 60)))

    def ahead(self, low: int, high: int) -> datetime.datetime:
        day = self.local_now + datetime.timedelta(days=self.rng.randint(low, high))
        while day.weekday() >= 5:
            day += DAY
        return day.replace(
            hour=self.rng.choice([9, 10, 11, 13, 14]),
            minute=self.rng.choice([0, 30]),
            second=0,
            microsecond=0,
        )

    def story(self, programme: Programme, status: str, *, after: datetime.datetime | None = None) -> Story:
        story = self.draft_story(programme, status, after=after)
        story.steps[:] = self.settle(story.steps)
        return story

    def settle(self, steps: list) -> list:
        """Strictly increasing and in the past, whatever the time of day the demo is built."""
        settled = []
        for status, when, reason, text in steps:
            if settled and when <= settled[-1][1]:
                when = settled[-1][1] + datetime.timedelta(minutes=20)
            settled.append((status, when, reason, text))
        overshoot = settled[-1][1] - (self.now - datetime.timedelta(minutes=5))
        if overshoot > datetime.timedelta(0):
            settled = [(s, when - overshoot, r, x) for s, when, r, x in settled]
        return settled

    def draft_story(self, programme: Programme, status: str, *, after: datetime.datetime | None) -> Story:
        story = Story(programme)
        if programme.kind == Programme.Kind.EVENT:
            self.event_steps(story, status, after)
            return story
        rng = self.rng
        interview = (
            programme.kind != Programme.Kind.PRACTICE
            or programme.slug in ALWAYS_INTERVIEWED
            or rng.random() < 0.5
        )
        if status == S.APPLIED:
            hours = rng.uniform(1, 30) if rng.random() < 0.4 else rng.uniform(30, 240)
            story.steps.append((S.APPLIED, self.clamp(self.now - datetime.timedelta(hours=hours)), "", ""))
        elif status == S.ASSESSING:
            self.intake(story, self.at(rng.uniform(6, 20)), "", interview=True)
        elif status == S.WAITING_LIST:
            self.intake(story, self.at(rng.uniform(25, 80)), S.WAITING_LIST, interview=interview)
        elif status == S.WAITING_START:
            self.intake(story, self.at(rng.uniform(12, 40)), S.WAITING_START, interview=interview)
        elif status == S.NOT_RELEVANT:
            interview = rng.random() < 0.6
            applied = self.at(rng.uniform(8, 200))
            reason = rng.choice(data.END_REASONS["not_relevant"])
            self.intake(story, applied, S.NOT_RELEVANT, reason, interview=interview)
        else:
            self.taking_part_steps(story, status, interview=interview)
        return story

    def event_steps(self, story: Story, status: str, after: datetime.datetime | None) -> None:
        """An event: applied, offered a place, and (once it is held) came or did not. Someone from
        another programme (`after` is when they started there) goes to an event after starting."""
        steps, rng = story.steps, self.rng
        if status == S.APPLIED:
            steps.append(
                (S.APPLIED, self.clamp(self.now - datetime.timedelta(days=rng.uniform(0.05, 6))), "", "")
            )
            return
        if status == S.WAITING_START:
            applied = self.at(rng.uniform(3, 20))
            steps += [(S.APPLIED, applied, "", ""), (S.WAITING_START, self.later(applied, 1, 3), "", "")]
            return
        since = (self.now - after).days if after else 200
        event = self.at(rng.uniform(3, max(4, min(since - 1, 200))), hour=17)
        applied = self.working_hours(event - datetime.timedelta(days=rng.uniform(10, 30)))
        if after and applied < after:
            applied = after + datetime.timedelta(hours=2)
        steps += [(S.APPLIED, applied, "", ""), (S.WAITING_START, self.later(applied, 1, 4), "", "")]
        if status == S.COMPLETED:
            steps += [
                (S.PARTICIPATING, event, "", ""),
                (S.COMPLETED, event + datetime.timedelta(hours=3), "", ""),
            ]
        else:
            steps.append((S.NOT_RELEVANT, event + DAY, "no_show", ""))

    def intake(
        self, story: Story, applied: datetime.datetime, final: str, reason=("", ""), *, interview: bool
    ) -> datetime.datetime:
        """Applied, (interviewed,) then `final` for `reason` unless empty; returns the last moment."""
        story.steps.append((S.APPLIED, applied, "", ""))
        moment = applied
        if interview:
            moment = self.later(moment, 2, 7)
            story.steps.append((S.ASSESSING, moment, "", ""))
        if final:
            moment = self.later(moment, 2, 8)
            story.steps.append((final, moment, *reason))
        return moment

    def taking_part_steps(self, story: Story, status: str, *, interview: bool) -> None:
        """Someone who got a place: intake, the start and, unless still taking part, the end."""
        rng = self.rng
        programme = story.programme
        length = LENGTH_BY_SLUG.get(programme.slug) or LENGTH_DAYS[programme.kind]
        if status == S.PARTICIPATING:
            start_ago = rng.uniform(7, length - 10)
        elif status == S.COMPLETED:
            start_ago = length + rng.uniform(5, 330)
        else:
            start_ago = rng.uniform(40, 330)
        start = self.at(start_ago, hour=9)
        applied = self.working_hours(start - datetime.timedelta(days=rng.uniform(20, 50)))
        decided = self.intake(story, applied, S.WAITING_START, interview=interview)
        if decided >= start:
            start = decided + 3 * DAY
        story.steps.append((S.PARTICIPATING, start, "", ""))
        if status == S.COMPLETED:
            end = self.clamp(
                self.working_hours(start + datetime.timedelta(days=length * rng.uniform(0.95, 1.05)))
            )
            story.steps.append((S.COMPLETED, end, "", ""))
        elif status in (S.LEFT, S.BROKEN_OFF):
            end = self.clamp(
                self.working_hours(
                    start + datetime.timedelta(days=rng.uniform(7, min(length - 7, start_ago - 2)))
                )
            )
            story.steps.append((status, end, *rng.choice(data.END_REASONS[status])))
