"""The early-warning list: the participating people a user follows who are at risk of dropping out
now, why, and a suggested next step.

Who is listed: the enrolments with status participating of the people the user sees
(`programmes.selectors.enrolments_visible_to`: a provider's staff see their provider's people, a NAV
advisor only the people they are advisor for). A person is listed when the engine's calibrated risk
of dropping out is at least RISK_SHOWN, or when a rule below fires.

- The engine's risk (`kobling.outcomes.engine.analyse`, its `dropout_risk`, through precompute.py)
  is fitted per programme on all of the programme's finished people (a model needs them; only the
  listed people's own risks and reasons are shown). A programme with fewer than 20 finished people
  has no risk, only the rules; so has one whose answer the task worker has not computed yet.
- Rules: attendance falling (the share present or late over the last RECENT_MARKS marked days at
  least FALL below the share before them, with at least RECENT_MARKS days before); housing not sorted
  out (the record's barrier); no meeting with the NAV advisor in ADVISOR_WEEKS weeks (the person has an
  advisor, has participated that long, and no status or dialogue meeting started in that time).

Each signal has a suggested next step that `services.warning_task_create` turns into a task.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.insights.analysis import FACTOR_LABELS, LEVEL_LABELS
from kobling.insights.precompute import computed_for
from kobling.programmes.models import AttendanceRecord, Enrolment, Meeting, Status
from kobling.programmes.selectors import enrolments_visible_to

RISK_SHOWN = 0.3
RECENT_MARKS = 10
FALL = 0.2
ADVISOR_WEEKS = 6
SIGNALS = ("risk", "attendance", "housing", "advisor")
PRESENT = (AttendanceRecord.Mark.PRESENT, AttendanceRecord.Mark.LATE)


def step_title(signal: str, name: str) -> str:
    """The task a signal suggests, in the user's language."""
    titles = {
        "risk": _("Check in with %(name)s about how the programme is going"),
        "attendance": _("Talk with %(name)s about attendance"),
        "housing": _("Follow up housing for %(name)s"),
        "advisor": _("Book a meeting with %(name)s and their NAV advisor"),
    }
    return titles[signal] % {"name": name}


@dataclass
class AtRisk:
    enrolment: Enrolment
    risk: float | None = None
    reasons: list[str] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)

    @property
    def steps(self) -> list[tuple[str, str]]:
        """(signal, task title) for each signal, the model's first."""
        return [(signal, step_title(signal, self.enrolment.participant.full_name)) for signal in self.signals]


def reason_text(reason: dict) -> str:
    """One of the engine's reasons in plain words, in the user's language."""
    label = FACTOR_LABELS.get(reason["factor"], reason["factor"])
    if reason["says"] == "level":
        level = LEVEL_LABELS.get(reason["value"], reason["value"])
        return _("%(factor)s: %(level)s") % {"factor": label, "level": level}
    texts = {
        "low": _("%(factor)s is low"),
        "high": _("%(factor)s is high"),
        "unknown": _("%(factor)s is unknown"),
    }
    return texts[reason["says"]] % {"factor": label}


def model_risks(programme_ids: set[int]) -> dict[int, dict]:
    """The engine's risk for each participating enrolment of the programmes (enrolment pk → row),
    from the programme's answer (precompute.py: computed now, or ahead on the task worker)."""
    risks: dict[int, dict] = {}
    for programme_id in sorted(programme_ids):
        computed, _ahead = computed_for("programme", programme_id)
        if computed is not None and computed.answer is not None:
            risks.update({int(row["id"]): row for row in computed.answer["dropout_risk"]})
    return risks


def falling(marks: list[str]) -> bool:
    """Whether the share present over the last RECENT_MARKS days is FALL below the share before."""
    if len(marks) < 2 * RECENT_MARKS:
        return False
    before, recent = marks[:-RECENT_MARKS], marks[-RECENT_MARKS:]
    share = lambda part: sum(mark in PRESENT for mark in part) / len(part)  # noqa: E731
    return share(recent) <= share(before) - FALL


def rule_signals(enrolments: list[Enrolment], now) -> dict[int, list[str]]:
    """The rules' signals per enrolment (one query for attendance, one for meetings)."""
    ids = [enrolment.pk for enrolment in enrolments]
    marks: dict[int, list[str]] = defaultdict(list)
    rows = AttendanceRecord.objects.filter(enrolment_id__in=ids).order_by("enrolment_id", "day")
    for enrolment_id, mark in rows.values_list("enrolment_id", "mark").iterator(chunk_size=20_000):
        marks[enrolment_id].append(mark)
    since = now - timedelta(weeks=ADVISOR_WEEKS)
    met = set(
        Meeting.objects.filter(enrolment_id__in=ids, starts_at__gte=since, starts_at__lte=now).values_list(
            "enrolment_id", flat=True
        )
    )
    signals: dict[int, list[str]] = {}
    for enrolment in enrolments:
        person = enrolment.participant
        found = []
        if falling(marks.get(enrolment.pk, [])):
            found.append("attendance")
        if person.barrier_housing:
            found.append("housing")
        if person.advisor_id and enrolment.status_since <= since and enrolment.pk not in met:
            found.append("advisor")
        signals[enrolment.pk] = found
    return signals


def participating_visible_to(user):
    """The participating enrolments of the people the user sees."""
    return (
        enrolments_visible_to(user)
        .filter(status=Status.PARTICIPATING)
        .select_related("participant", "programme")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )


def warnings_for(user, now=None) -> list[AtRisk]:
    """The people at risk now among those the user follows, highest risk first."""
    enrolments = list(participating_visible_to(user))
    risks = model_risks({enrolment.programme_id for enrolment in enrolments})
    signals = rule_signals(enrolments, now or timezone.now())
    found = []
    for enrolment in enrolments:
        row = risks.get(enrolment.pk)
        risky = row is not None and row["risk"] >= RISK_SHOWN
        if not risky and not signals[enrolment.pk]:
            continue
        found.append(
            AtRisk(
                enrolment=enrolment,
                risk=row["risk"] if row else None,
                reasons=[reason_text(reason) for reason in row["reasons"]] if risky else [],
                signals=(["risk"] if risky else []) + signals[enrolment.pk],
            )
        )
    return sorted(found, key=lambda warning: -(warning.risk or 0))
