"""Reads of the pair's space, always through these helpers. Out of reach is a 404.

The two people of a pair see its space while it is active or completed. A coordinator of the
programme's provider sees what the programme's `SpaceSettings.coordinator_view` allows, and never a
private note. Nobody else (partner-company contacts included) sees anything of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentoring.models import MentorProgrammeSettings, Mentorship
from kobling.mentorspace.models import (
    CheckIn,
    Evaluation,
    Goal,
    MeetingLog,
    Message,
    PrivateNote,
    Resource,
    SpaceSettings,
)
from kobling.programmes.followup.outcomes import add_months
from kobling.programmes.models import Outcome, Programme

SPACE_STATES = (Mentorship.State.ACTIVE, Mentorship.State.COMPLETED)


@dataclass
class Space:
    pair: Mentorship
    side: str  # "mentor", "mentee" or "coordinator"
    settings: SpaceSettings
    nudge_settings: MentorProgrammeSettings

    @property
    def is_member(self) -> bool:
        return self.side in ("mentor", "mentee")

    @property
    def sees_notes(self) -> bool:
        return self.is_member or self.settings.coordinators_see_notes

    @property
    def sees_messages(self) -> bool:
        return self.is_member or self.settings.coordinators_see_messages

    @property
    def can_write(self) -> bool:
        return self.is_member and self.pair.state == Mentorship.State.ACTIVE


def space_settings_for(programme: Programme) -> SpaceSettings:
    found = SpaceSettings.objects.filter(programme=programme).first()
    return found or SpaceSettings(programme=programme)


def nudge_settings_for(programme: Programme) -> MentorProgrammeSettings:
    from kobling.mentoring.services import settings_for

    return settings_for(programme)


def space_for_user(user, pk) -> Space:
    """The pair's space and the reader's side, or 404 (also for pairs not yet or no longer running)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    pair, side = mentoring_selectors.mentorship_for_user(user, pk)
    if pair.state not in SPACE_STATES:
        raise Http404
    return Space(
        pair=pair,
        side=side,
        settings=space_settings_for(pair.programme),
        nudge_settings=nudge_settings_for(pair.programme),
    )


def own_spaces(user) -> QuerySet[Mentorship]:
    """The pairs the user is one of the two in (never the pairs they coordinate)."""
    if not getattr(user, "is_authenticated", False):
        return Mentorship.objects.none()
    return (
        mentoring_selectors.mentorships_visible_to(user)
        .filter(Q(mentor__user=user) | Q(mentee__enrolment__participant__user=user), state__in=SPACE_STATES)
        .select_related("programme", "mentor", "mentee__enrolment__participant")
        .order_by("-state", "-started_on", "-pk")
    )


def names(space: Space) -> dict:
    """The two people's names as the space's pages show them (the mentee by first name)."""
    participant = space.pair.mentee.enrolment.participant
    return {"mentee_name": participant.first_name, "mentor_name": space.pair.mentor.full_name}


def space_overview(space: Space) -> dict:
    """The space's front page: goals, the latest meetings, evaluations, unread messages, and for the
    coordinator the latest check-ins; a few resources for the pair's county."""
    pair = space.pair
    unread = 0
    if space.is_member:
        unread = (
            Message.objects.filter(mentorship=pair, read_at__isnull=True).exclude(side=space.side).count()
        )
    evaluations = {e.side: e for e in Evaluation.objects.filter(mentorship=pair)}
    return {
        "space": space,
        "pair": pair,
        "goals": list(Goal.objects.filter(mentorship=pair)),
        "meetings": list(MeetingLog.objects.filter(mentorship=pair)[:5]),
        "progress_choices": Goal.Progress.choices,
        "evaluation_open": evaluation_open(space),
        "my_evaluation": evaluations.get(space.side),
        "evaluations": evaluations,
        "unread": unread,
        "checkins": list(CheckIn.objects.filter(mentorship=pair)[:6]) if not space.is_member else [],
        "resources": list(resources_for(pair.programme, region=region_of(space))[:3]),
        **names(space),
    }


def space_meetings(space: Space) -> QuerySet[MeetingLog]:
    return MeetingLog.objects.filter(mentorship=space.pair).select_related("created_by")


def space_meeting(space: Space, meeting_id: int) -> MeetingLog:
    return get_or_404(MeetingLog.objects.filter(mentorship=space.pair), pk=meeting_id)


def meetings_with_own_notes(space: Space, user, meetings) -> list[tuple[MeetingLog, PrivateNote | None]]:
    """Each meeting with the reader's own private note on it (a coordinator has none, and sees none)."""
    notes = {}
    if space.is_member:
        own = PrivateNote.objects.filter(author=user, meeting__in=[m.pk for m in meetings])
        notes = {n.meeting_id: n for n in own}
    return [(m, notes.get(m.pk)) for m in meetings]


def message_thread(space: Space) -> list[Message]:
    """The newest 100 messages, oldest first."""
    newest = Message.objects.filter(mentorship=space.pair).order_by("-created_at", "-pk")[:100]
    return list(newest)[::-1]


def own_evaluation(space: Space) -> Evaluation | None:
    return Evaluation.objects.filter(mentorship=space.pair, side=space.side).first()


def mentee_evaluation(space: Space) -> Evaluation | None:
    return Evaluation.objects.filter(mentorship=space.pair, side="mentee").first()


def recorded_outcome(enrolment) -> Outcome | None:
    return Outcome.objects.filter(enrolment=enrolment).first()


def region_of(space: Space) -> str:
    if space.side == "mentor":
        return space.pair.mentor.region
    return space.pair.mentee.enrolment.participant.region or space.pair.mentor.region


def resources_for(
    programme: Programme, *, region: str, topic: str = "", stage: str = ""
) -> QuerySet[Resource]:
    """Published resources for the programme, the person's region first, then national ones, then others."""
    found = Resource.objects.filter(organisation_id=programme.organisation_id, published=True).filter(
        Q(programme__isnull=True) | Q(programme=programme)
    )
    if topic:
        # JSON "contains" is not on SQLite; the list's text holds the quoted value on both databases.
        found = found.filter(topics__icontains=f'"{topic}"')
    if stage:
        found = found.filter(Q(stage=stage) | Q(stage=""))
    return found.annotate(
        nearness=Case(
            When(region="", then=Value(1)),
            When(region=region or "-", then=Value(0)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("nearness", "title", "pk")


def resources_in_reach(programme: Programme) -> QuerySet[Resource]:
    """The resources a coordinator of the programme curates: their organisation's, for every programme
    or for this one, published or not."""
    return Resource.objects.filter(organisation_id=programme.organisation_id).filter(
        Q(programme__isnull=True) | Q(programme=programme)
    )


def resource_in_reach(programme: Programme, rid: int) -> Resource:
    return get_or_404(resources_in_reach(programme), pk=rid)


def resource_for_user(user, rid: int) -> Resource:
    """A resource for the reader, or 404: its organisation's coordinators see it; once published, so do
    the pairs of its programmes, and the people still waiting for a mentor there (the programme's network
    members, who get the resources before a match)."""
    resource = get_or_404(Resource.objects.select_related("programme"), pk=rid)
    if resource.organisation_id in access.organisation_ids_with(user, Cap.MANAGE_MENTORING):
        return resource
    if not resource.published:
        raise Http404
    programmes = Programme.objects.filter(organisation_id=resource.organisation_id)
    if resource.programme_id:
        programmes = programmes.filter(pk=resource.programme_id)
    spaces = own_spaces(user).filter(programme__in=programmes)
    members = programmes.filter(pk__in=mentoring_selectors.member_programme_ids(user))
    if not (spaces.exists() or members.exists()):
        raise Http404
    return resource


# ------------------------------------------------------------------ check-ins
def months_running(pair: Mentorship, today: date | None = None) -> int:
    """Whole months since the period started, as add_months counts them (0 in the first month)."""
    if not pair.started_on:
        return 0
    today = today or timezone.localdate()
    months = 0
    while add_months(pair.started_on, months + 1) <= today and months < 120:
        months += 1
    return months


def checkin_due(space: Space, *, today: date | None = None) -> tuple[str, int] | None:
    """(kind, month) of the check-in this side should answer now, or None.

    The fit question comes once the first meeting is logged; then one check-in a month."""
    if not space.can_write:
        return None
    pair = space.pair
    answered = set(CheckIn.objects.filter(mentorship=pair, side=space.side).values_list("kind", "month"))
    if (CheckIn.Kind.FIT, 0) not in answered:
        if MeetingLog.objects.filter(mentorship=pair).exists():
            return (CheckIn.Kind.FIT, 0)
        return None
    month = months_running(pair, today)
    if month >= 1 and (CheckIn.Kind.MONTHLY, month) not in answered:
        return (CheckIn.Kind.MONTHLY, month)
    return None


def evaluation_open(space: Space, *, today: date | None = None) -> bool:
    """The final evaluation opens when the period is about to end (the nudge's window) or has ended."""
    pair = space.pair
    if not (space.can_write and pair.ends_on):
        return False
    today = today or timezone.localdate()
    return pair.ends_on - timedelta(days=space.nudge_settings.nudge_period_end_days) <= today


# ------------------------------------------------------------------ the board
BOARD_STATES = (
    Mentorship.State.ACTIVE,
    Mentorship.State.INTRO,
    Mentorship.State.PROPOSED,
    Mentorship.State.REQUESTED,
    Mentorship.State.COMPLETED,
)


def board_pairs(programme: Programme, *, today: date | None = None) -> QuerySet[Mentorship]:
    """Every pair of the programme with its last meeting, latest check-in and risk flags, in one query.

    The flags are SQL expressions so the board can filter on them and page without a query per row."""
    today = today or timezone.localdate()
    nudges = nudge_settings_for(programme)
    quiet_since = today - timedelta(weeks=nudges.nudge_no_meeting_weeks)
    ending_by = today + timedelta(days=nudges.nudge_period_end_days)
    meetings = MeetingLog.objects.filter(mentorship=OuterRef("pk")).order_by("-held_on", "-pk")
    checkins = CheckIn.objects.filter(mentorship=OuterRef("pk")).order_by("-created_at", "-pk")
    progressed = Goal.objects.filter(mentorship=OuterRef("pk"), progress__gt=0)
    return (
        Mentorship.objects.filter(programme=programme, state__in=BOARD_STATES)
        .select_related("mentor", "mentee__enrolment__participant")
        .annotate(
            last_meeting=Subquery(meetings.values("held_on")[:1]),
            meeting_count=Subquery(
                MeetingLog.objects.filter(mentorship=OuterRef("pk"))
                .order_by()
                .values("mentorship")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            checkin_at=Subquery(checkins.values("created_at")[:1]),
            checkin_score=Subquery(checkins.values("score")[:1]),
            checkin_fit=Subquery(checkins.values("good_fit")[:1]),
            checkin_low=Subquery(checkins.values("low")[:1]),
            goals_progressed=Exists(progressed),
        )
        .annotate(
            risk_quiet=Case(
                When(
                    Q(state=Mentorship.State.ACTIVE)
                    & (
                        Q(last_meeting__lt=quiet_since)
                        | (Q(last_meeting__isnull=True) & Q(started_on__lt=quiet_since))
                    ),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            risk_low=Case(
                When(Q(state=Mentorship.State.ACTIVE) & Q(checkin_low=True), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            risk_ending=Case(
                When(
                    Q(state=Mentorship.State.ACTIVE) & Q(ends_on__lte=ending_by) & Q(goals_progressed=False),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


AT_RISK = Q(risk_quiet=True) | Q(risk_low=True) | Q(risk_ending=True)


def board_pairs_filtered(programme: Programme, *, state: str = "", risk: bool = False, q: str = ""):
    """The board's rows: one state (else the running and completed pairs), only those at risk, names
    matching up to three words; the riskiest first."""
    pairs = board_pairs(programme)
    pairs = pairs.filter(state=state) if state else pairs.filter(state__in=SPACE_STATES)
    if risk:
        pairs = pairs.filter(AT_RISK)
    for word in q.split()[:3]:
        pairs = pairs.filter(
            Q(mentor__full_name__icontains=word)
            | Q(mentee__enrolment__participant__first_name__icontains=word)
            | Q(mentee__enrolment__participant__last_name__icontains=word)
        )
    return pairs.order_by("-risk_low", "-risk_quiet", "-risk_ending", "ends_on", "pk")


# ------------------------------------------------------------------ start pages
def quiet_pairs_for(user, *, today: date | None = None) -> list[Mentorship]:
    """The user's own active pairs that have gone quiet: no meeting logged in their space for the
    programme's number of weeks (the same rule as the board's flag and the reminder e-mail)."""
    from django.db.models import Max
    from django.db.models.functions import Coalesce

    today = today or timezone.localdate()
    weeks = MentorProgrammeSettings.objects.filter(programme=OuterRef("programme")).values(
        "nudge_no_meeting_weeks"
    )[:1]
    default = MentorProgrammeSettings._meta.get_field("nudge_no_meeting_weeks").default
    pairs = (
        own_spaces(user)
        .filter(state=Mentorship.State.ACTIVE)
        .annotate(
            last_meeting=Max("space_meetings__held_on"),
            quiet_weeks=Coalesce(Subquery(weeks, output_field=IntegerField()), Value(default)),
        )
    )
    quiet = []
    for pair in pairs:
        since = pair.last_meeting or pair.started_on
        if since and since < today - timedelta(weeks=pair.quiet_weeks):
            pair.quiet_since = since
            pair.other_name = (
                pair.mentee.enrolment.participant.first_name
                if pair.mentor.user_id == user.pk
                else pair.mentor.full_name
            )
            quiet.append(pair)
    return quiet
