"""Reminder e-mails to pairs, run daily by the `mentor_nudges` task and command.

Each reminder is a `Nudge` row, unique per pair, kind, occasion and side, written in the same
transaction as the e-mail's outbox row: running the job twice (or two workers at once) sends nothing
twice. The occasion says what is being reminded of, so a new quiet spell or a moved intro meeting is a
new occasion while the same one is never repeated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from kobling.mentoring.models import MentorProgrammeSettings, Mentorship
from kobling.mentorspace.models import Nudge, Side
from kobling.mentorspace.services import contact
from kobling.notifications.services import email_send


@dataclass
class NudgeRun:
    sent: dict[str, int] = field(default_factory=lambda: {k: 0 for k in Nudge.Kind.values})

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def _settings(pairs) -> dict[int, MentorProgrammeSettings]:
    programme_ids = {p.programme_id for p in pairs}
    found = {
        s.programme_id: s for s in MentorProgrammeSettings.objects.filter(programme_id__in=programme_ids)
    }
    return {pid: found.get(pid) or MentorProgrammeSettings(programme_id=pid) for pid in programme_ids}


def _send(run: NudgeRun, pair: Mentorship, kind: str, occasion: str, side: str, context: dict) -> bool:
    to, name, language = contact(pair, side)
    if not to:
        return False
    try:
        with transaction.atomic():
            Nudge.objects.create(mentorship=pair, kind=kind, occasion=occasion[:60], side=side)
            organisation = pair.programme.organisation
            email_send(
                to=to,
                template=f"mentorspace_nudge_{kind}",
                language=language,
                organisation=organisation,
                context={
                    "name": name,
                    "role": side,
                    "programme": pair.programme.name,
                    "provider": organisation.name,
                    **context,
                },
            )
    except IntegrityError:
        return False  # already reminded of this occasion
    run.sent[kind] += 1
    return True


def _already(pair_ids) -> set[tuple[int, str, str, str]]:
    return set(
        Nudge.objects.filter(mentorship_id__in=pair_ids).values_list(
            "mentorship_id", "kind", "occasion", "side"
        )
    )


def run_nudges(*, today: date | None = None) -> NudgeRun:
    today = today or timezone.localdate()
    run = NudgeRun()
    pairs = list(
        Mentorship.objects.filter(
            state__in=[
                Mentorship.State.ACTIVE,
                Mentorship.State.REQUESTED,
                Mentorship.State.PROPOSED,
                Mentorship.State.INTRO,
            ]
        )
        .select_related("programme__organisation", "mentor", "mentee__enrolment__participant")
        .annotate(last_meeting=Max("space_meetings__held_on"))
    )
    if not pairs:
        return run
    settings = _settings(pairs)
    done = _already([p.pk for p in pairs])

    def nudge(pair, kind, occasion, side, context):
        if (pair.pk, kind, occasion[:60], side) not in done:
            _send(run, pair, kind, occasion, side, context)

    for pair in pairs:
        setting = settings[pair.programme_id]
        if pair.state == Mentorship.State.ACTIVE:
            _active(pair, setting, today, nudge)
        else:
            _unanswered(pair, setting, today, nudge)
    return run


def _active(pair: Mentorship, setting, today: date, nudge) -> None:
    space = reverse("mentorspace_space", args=[pair.pk])
    since = pair.last_meeting or pair.started_on
    if since and since <= today - timedelta(weeks=setting.nudge_no_meeting_weeks):
        for side in (Side.MENTOR, Side.MENTEE):
            nudge(
                pair,
                Nudge.Kind.NO_MEETING,
                f"since:{since.isoformat()}",
                side,
                {"weeks": (today - since).days // 7, "since": since, "path": space},
            )
    if pair.ends_on and today <= pair.ends_on <= today + timedelta(days=setting.nudge_period_end_days):
        for side in (Side.MENTOR, Side.MENTEE):
            nudge(
                pair,
                Nudge.Kind.PERIOD_END,
                f"ends:{pair.ends_on.isoformat()}",
                side,
                {"ends_on": pair.ends_on, "path": reverse("mentorspace_evaluation", args=[pair.pk])},
            )


def _unanswered(pair: Mentorship, setting, today: date, nudge) -> None:
    """Who has not answered a proposal after the programme's number of days, and about what."""
    wait = timedelta(days=setting.nudge_unanswered_days)
    path = reverse("mentorship_detail", args=[pair.pk])
    proposed_on = timezone.localdate(pair.proposed_at)
    if pair.state == Mentorship.State.REQUESTED and proposed_on <= today - wait:
        nudge(
            pair,
            Nudge.Kind.UNANSWERED,
            f"request:{proposed_on}",
            Side.MENTOR,
            {"step": "request", "path": path},
        )
    elif pair.state == Mentorship.State.PROPOSED and proposed_on <= today - wait:
        for side in (Side.MENTOR, Side.MENTEE):
            nudge(pair, Nudge.Kind.UNANSWERED, f"plan:{proposed_on}", side, {"step": "plan", "path": path})
    elif pair.state == Mentorship.State.INTRO and pair.intro_starts_at:
        met_on = timezone.localdate(pair.intro_starts_at)
        if met_on <= today - wait:
            for side in (Side.MENTOR, Side.MENTEE):
                if not getattr(pair, f"{side}_answer"):
                    nudge(
                        pair,
                        Nudge.Kind.UNANSWERED,
                        f"answer:{met_on}",
                        side,
                        {"step": "answer", "path": path},
                    )
