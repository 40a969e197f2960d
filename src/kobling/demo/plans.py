"""Status and dialogue meetings with minutes, the shared activity plan, and logins for participants.

A mixin of DemoBuilder. A meeting still ahead is planned through `meeting_plan`, which puts it on
the timeline and sends the calendar invitations. The service refuses to plan a meeting in the past,
so a past one is written as the services would have left it: the meeting, its "planned" entry on the
timeline, and the published minutes shared with the person.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.audit import log_action
from kobling.core.models import AuditLog, Membership, User
from kobling.core.roles import Role
from kobling.demo import course_data as cd
from kobling.demo.stories import DAY
from kobling.people import services as people
from kobling.people.models import Participant, TimelineEntry
from kobling.programmes.followup import services as followup
from kobling.programmes.followup.meetings import meeting_plan
from kobling.programmes.followup.selectors import rights_for
from kobling.programmes.models import ActivityItem, Enrolment, Meeting

Vis = TimelineEntry.Visibility
I = ActivityItem.State  # noqa: E741


class PlanMixin:
    # ------------------------------------------------------------ meetings
    def meeting(
        self,
        enrolment: Enrolment,
        kind: str,
        starts_at: datetime.datetime,
        *,
        organiser: User,
        minutes: str = "",
        publish: bool = True,
        place: str = "",
    ) -> Meeting:
        details = {
            "kind": kind,
            "starts_at": starts_at,
            "minutes_long": 60 if kind == Meeting.Kind.DIALOGUE else 45,
            "place": place or (cd.PLACES[1] if kind == Meeting.Kind.DIALOGUE else cd.PLACES[0]),
            "agenda": cd.AGENDA[kind],
        }
        if starts_at > self.now + datetime.timedelta(minutes=10):
            return meeting_plan(actor=organiser, enrolment=enrolment, **details)
        published = min(starts_at + datetime.timedelta(hours=26), self.now) if publish and minutes else None
        meeting = Meeting.objects.create(
            enrolment=enrolment,
            **details,
            minutes=minutes,
            minutes_published_at=published,
            organiser=organiser,
            created_at=starts_at - datetime.timedelta(days=self.rng.randint(5, 14)),
        )
        self.past_meeting_entries(meeting)
        fields = ["kind", "starts_at", "minutes_long", "place", "agenda", *(["minutes"] if minutes else [])]
        log_action(
            actor=organiser,
            action=AuditLog.Action.CREATE,
            obj=meeting,
            organisation=enrolment.participant.organisation,
            fields=fields,
            note=f"participant {enrolment.participant_id}",
        )
        return meeting

    def past_meeting_entries(self, meeting: Meeting) -> None:
        """What planning the meeting put on the timeline, and the published minutes, if any."""
        label = Meeting.Kind(meeting.kind).label
        people.timeline_entry_create(
            actor=meeting.organiser,
            participant=meeting.enrolment.participant,
            kind=meeting.kind,
            visibility=Vis.NAV,
            title=_("%(kind)s planned") % {"kind": label},
            body=f"{meeting.place}\n\n{meeting.agenda}",
            occurred_at=meeting.starts_at,
        )
        if meeting.minutes_published_at:
            people.timeline_entry_create(
                actor=meeting.organiser,
                participant=meeting.enrolment.participant,
                kind=meeting.kind,
                visibility=Vis.PARTICIPANT,
                title=_("Minutes: %(kind)s %(date)s")
                % {"kind": label, "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y")},
                body=meeting.minutes,
                occurred_at=meeting.starts_at,
            )

    def meeting_time(self, day: datetime.date) -> datetime.datetime:
        while day.weekday() >= 5:
            day += DAY
        hour = self.rng.choice([9, 10, 11, 13, 14])
        return timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(hour, self.rng.choice([0, 30])))
        )

    def minutes_text(self, kind: str, participant: Participant, rate: str, cert: str) -> str:
        template = self.rng.choice(cd.MINUTES[kind])
        path = self.rng.choice(list(cd.PATH_WORDS.values()))
        return template.format(name=participant.first_name, rate=rate, cert=cert, path=path)

    def course_meetings(self, row) -> None:
        """A status meeting in the second week, a dialogue meeting with NAV halfway, and a status
        meeting before the exams; the ones after the person left are not held. Without planted
        early contact with the NAV advisor (effects.py) the first one is held after six weeks."""
        start = row.cohort.start_date
        coordinator = self.coordinator_of(row.cohort.programme.organisation)
        participant = row.enrolment.participant
        certs = self.certs[row.cohort.programme.slug]
        first = self.rng.randint(8, 13) + (0 if self.early_contact(participant.pk) else 35)
        plan = [
            (Meeting.Kind.STATUS, start + first * DAY, certs[0]),
            (Meeting.Kind.DIALOGUE, start + self.rng.randint(60, 72) * DAY, certs[1]),
            (Meeting.Kind.STATUS, start + self.rng.randint(105, 118) * DAY, certs[1]),
        ]
        horizon = self.local_now.date() + 30 * DAY
        for kind, day, cert in plan:
            if (row.end and day > row.end) or day > horizon:
                continue
            starts_at = self.meeting_time(day)
            minutes = self.minutes_text(kind, participant, self.rate_until(row, day), cert.exam_code)
            self.meeting(row.enrolment, kind, starts_at, organiser=coordinator, minutes=minutes)
            if starts_at > self.now:
                break

    # -------------------------------------------------------- activity plan
    def plan_items(
        self, participant: Participant, items, *, actor: User, cert: str = "", path: str = ""
    ) -> None:
        """Items the advisor (or the coordinator) plans; `agreed` ones are marked as agreed with NAV.
        Completed items are locked, as the service leaves them."""
        for kind, title, state, agreed in items:
            item = followup.activity_create(
                actor=actor,
                participant=participant,
                kind=kind,
                title=title.format(cert=cert, path=path),
                due=self.local_now.date() + self.rng.randint(7, 90) * DAY,
                state=I.PLANNED,
                agreed_with_nav=agreed and rights_for(actor, participant).agree,
            )
            if state in (I.IN_PROGRESS, I.COMPLETED):
                followup.activity_set_state(actor=actor, item=item, state=I.IN_PROGRESS)
            if state == I.COMPLETED:
                followup.activity_set_state(actor=actor, item=item, state=I.COMPLETED)
            made = self.clock.at(self.rng.uniform(10, 40))
            ActivityItem.objects.filter(pk=item.pk).update(created_at=made, updated_at=made)

    def proposals(self, participant: Participant, count: int) -> None:
        """The person proposes activities from their own page; their advisor has not yet answered."""
        for kind, title, description in self.rng.sample(cd.PROPOSALS, count):
            followup.activity_create(
                actor=participant.user,
                participant=participant,
                kind=kind,
                title=title,
                description=description,
                state=I.PROPOSAL,
            )

    def give_login(self, participant: Participant) -> User:
        """An accepted person is invited to log in; in the demo they have already accepted."""
        user = self.participant_login(participant.email, participant.full_name, participant.organisation)
        participant.user = user
        participant.save(update_fields=["user"])
        return user

    def participant_login(self, email: str, full_name: str, organisation) -> User:
        """A participant's login with the demo password, a participant at `organisation`."""
        user = User.objects.create_user(email, None, full_name=full_name)
        user.password = self.password
        user.save(update_fields=["password"])
        Membership.objects.create(user=user, organisation=organisation, role=Role.PARTICIPANT)
        return user
