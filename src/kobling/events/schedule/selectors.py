"""Reading the schedule: the organiser's grid, who falls short and why, the rules a hand move would
break, and the latest generating run. Only the event's organisers reach any of it."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kobling.core.selectors import get_or_404
from kobling.events.forms import slot_choices
from kobling.events.models import (
    CandidateRegistration,
    EmployerRegistration,
    Event,
    EventStatus,
    Interview,
    ScheduleRun,
)
from kobling.events.schedule import shortfall_text
from kobling.events.schedule.build import build, employer_away
from kobling.events.selectors import LIVE_STATES, event_managed_or_404
from kobling.scheduling.shortfall import diagnose

EDITABLE = (EventStatus.SCHEDULING, EventStatus.PUBLISHED, EventStatus.HELD)


def interview_managed_or_404(user, pk) -> Interview:
    """An interview, for the organisers of its event; a 404 for everyone else."""
    interview = get_or_404(
        Interview.objects.select_related("event", "candidate__participant", "employer__organisation"), pk=pk
    )
    event_managed_or_404(user, interview.event_id)
    return interview


def interviews_of(event: Event) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(event=event)
        .exclude(state=Interview.State.CANCELLED)
        .select_related("candidate__participant", "employer__organisation", "candidate__advisor")
    )


@dataclass
class Grid:
    """The schedule page: each employer's tables per slot, each candidate's day, and who falls short."""

    slots: list[tuple[int, str]]
    employers: list  # (registration, [interviews in each slot])
    candidates: list  # (registration, interview count, [interview or None in each slot])
    short: list[dict]
    has_schedule: bool


def schedule_grid(event: Event) -> Grid:
    slots = slot_choices(event)
    interviews = list(interviews_of(event))
    employers = EmployerRegistration.objects.filter(
        event=event, state=EmployerRegistration.State.REGISTERED
    ).select_related("organisation")
    candidates = list(
        CandidateRegistration.objects.filter(
            event=event, state=CandidateRegistration.State.REGISTERED
        ).select_related("participant")
    )
    by_emp: dict[tuple[int, int], list] = defaultdict(list)
    by_cand: dict[tuple[int, int], Interview] = {}
    count: dict[int, int] = defaultdict(int)
    for i in interviews:
        if i.state in LIVE_STATES:
            by_emp[(i.employer_id, i.slot)].append(i)
            by_cand[(i.candidate_id, i.slot)] = i
            count[i.candidate_id] += 1
    return Grid(
        slots=slots,
        employers=[(e, [by_emp.get((e.pk, s), []) for s, _label in slots]) for e in employers],
        candidates=[(c, count[c.pk], [by_cand.get((c.pk, s)) for s, _label in slots]) for c in candidates],
        short=shortfalls(event) if interviews and candidates else [],
        has_schedule=bool(interviews),
    )


def schedule_run_latest(event: Event) -> ScheduleRun | None:
    """The event's newest generating run, if it has had one."""
    return ScheduleRun.objects.filter(event=event).order_by("-created_at", "-pk").first()


def slot_label(event: Event, slot: int, slots=None) -> str:
    slots = slots or event.slots()
    if not 0 <= slot < len(slots):
        return str(slot)
    return formats.time_format(timezone.localtime(slots[slot][0]), "H:i")


def move_problems(interview: Interview, slot: int) -> list[str]:
    """Every rule a move of this interview to `slot` would break, in words."""
    event = interview.event
    slots = event.slots()
    if not 0 <= slot < len(slots):
        return [_("There is no such slot.")]
    when = slot_label(event, slot, slots)
    cand, emp = interview.candidate, interview.employer
    problems = []
    if event.status in (EventStatus.PUBLISHED, EventStatus.HELD) and slots[slot][0] <= timezone.now():
        problems.append(_("The slot at %(time)s has already started.") % {"time": when})
    if slot in cand.unavailable or cand.no_show:
        problems.append(_("%(name)s is not available at %(time)s.") % {"name": cand.short_name, "time": when})
    if slot in employer_away(event, emp, slots) or emp.no_show:
        problems.append(
            _("%(name)s is not there at %(time)s.") % {"name": emp.organisation.name, "time": when}
        )
    others = Interview.objects.filter(event=event, state__in=LIVE_STATES, slot=slot).exclude(pk=interview.pk)
    if others.filter(candidate=cand).exists():
        problems.append(
            _("%(name)s already has another interview at %(time)s.") % {"name": cand.short_name, "time": when}
        )
    if others.filter(employer=emp).count() >= emp.tables:
        problems.append(
            _("All %(n)s of %(name)s's tables are taken at %(time)s.")
            % {"n": emp.tables, "name": emp.organisation.name, "time": when}
        )
    if cand.advisor_attends and cand.advisor_id:
        busy = others.filter(candidate__advisor=cand.advisor_id, candidate__advisor_attends=True)
        if busy.exists():
            problems.append(
                _("The advisor %(advisor)s already accompanies another candidate at %(time)s.")
                % {"advisor": cand.advisor.full_name, "time": when}
            )
    return problems


def shortfalls(event: Event) -> list[dict]:
    """Candidates below their minimum in the schedule as it stands (after any hand moves), with why.

    The reasons and the suggested fix are worded in the active language, with names and clock times.
    """
    built = build(event)
    inst = built.instance()
    index_c = {c.id: i for i, c in enumerate(inst.candidates)}
    index_e = {e.id: i for i, e in enumerate(inst.employers)}
    triples = []
    for i in Interview.objects.filter(event=event, state__in=LIVE_STATES):
        c, e = built.cand_key.get(i.candidate_id), built.emp_key.get(i.employer_id)
        if c in index_c and e in index_e:
            triples.append((index_c[c], index_e[e], i.slot))
    slots = event.slots()
    names = shortfall_text.Names(
        candidates={key: reg.participant.first_name for key, reg in built.candidates.items()},
        employers={key: reg.organisation.name for key, reg in built.employers.items()},
        advisors={
            key: reg.advisor.full_name or reg.advisor.email
            for key, reg in built.candidates.items()
            if reg.advisor_id
        },
        times=[slot_label(event, s, slots) for s in range(len(slots))],
    )
    return [
        {
            "candidate": built.candidates[entry.candidate],
            "interviews": entry.interviews,
            "min": entry.min,
            "reasons": [shortfall_text.render(r, names) for r in entry.reasons],
            "fix": shortfall_text.render_fixes(entry.fixes, names),
        }
        for entry in diagnose(inst, triples)
    ]
