"""The event's schedule, made by the pure engine (`scheduler.solve`) from what is in the database.

`build` turns registrations, wishes and interviews into the engine's JSON; `generate` and `replan_solve`
solve it (outside any transaction: solving takes seconds) and then write the answer in one.
Moves by hand are checked here against every rule the engine obeys, with a message per rule.

Wish weights: a candidate's first choice weighs 10, then 8, 6, 4 and 2 for the rest; an employer's
interest adds 6. A pair either side vetoed, or that nobody asked for, cannot meet.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from kobling.core.audit import log_action
from kobling.core.models import AuditLog
from kobling.events import scheduler, shortfall, shortfall_text
from kobling.events.models import (
    CandidateRegistration,
    CandidateWish,
    EmployerInterest,
    EmployerRegistration,
    Event,
    EventStatus,
    Interview,
    Veto,
)

RANK_WEIGHTS = {1: 10, 2: 8, 3: 6, 4: 4}
OTHER_RANK_WEIGHT = 2
INTEREST_WEIGHT = 6
GENERATE_SECONDS = 5.0
REPLAN_SECONDS = 3.0
LIVE = [Interview.State.PLANNED, Interview.State.HELD]


@dataclass
class Built:
    """The engine's input for an event, and the way back from its ids to rows."""

    event: Event
    first_slot: int
    data: dict
    candidates: dict[str, CandidateRegistration] = field(default_factory=dict)
    employers: dict[str, EmployerRegistration] = field(default_factory=dict)
    cand_key: dict[int, str] = field(default_factory=dict)
    emp_key: dict[int, str] = field(default_factory=dict)

    def instance(self) -> scheduler.EventInstance:
        try:
            return scheduler.parse_event(self.data)
        except scheduler.EventError as exc:
            raise ValidationError(_("The schedule cannot be made: %(error)s") % {"error": exc}) from exc


def _unique(name: str, taken: set[str]) -> str:
    key, n = name, 2
    while key in taken:
        key, n = f"{name} ({n})", n + 1
    taken.add(key)
    return key


def employer_away(event: Event, reg: EmployerRegistration, slots: list) -> set[int]:
    """Slots the employer cannot hold interviews: chosen, before arrival, or while late."""
    away = {s for s in reg.unavailable if 0 <= s < len(slots)}
    if reg.arrives_at:
        away |= {
            i for i, (start, _end) in enumerate(slots) if timezone.localtime(start).time() < reg.arrives_at
        }
    if reg.late_until_slot:
        away |= set(range(min(reg.late_until_slot, len(slots))))
    return away


def build(event: Event, *, first_slot: int = 0, previous_published: bool = True) -> Built:
    slots = event.slots()
    count = len(slots) - first_slot
    built = Built(event=event, first_slot=first_slot, data={})
    employers = list(
        EmployerRegistration.objects.filter(
            event=event, state=EmployerRegistration.State.REGISTERED, no_show=False
        ).select_related("organisation")
    )
    candidates = list(
        CandidateRegistration.objects.filter(
            event=event, state=CandidateRegistration.State.REGISTERED, no_show=False
        ).select_related("participant", "advisor")
    )
    taken: set[str] = set()
    interviews = list(Interview.objects.filter(event=event, state__in=LIVE))
    past = [i for i in interviews if i.slot < first_slot]
    future = [i for i in interviews if i.slot >= first_slot]
    done_count: dict[int, int] = defaultdict(int)
    met = set()
    for i in past:
        done_count[i.candidate_id] += 1
        met.add((i.candidate_id, i.employer_id))

    emp_rows = []
    for reg in employers:
        key = _unique(reg.organisation.name, taken)
        built.employers[key], built.emp_key[reg.pk] = reg, key
        away = sorted(s - first_slot for s in employer_away(event, reg, slots) if s >= first_slot)
        emp_rows.append({"id": key, "tables": max(1, reg.tables), "unavailable": away})
    advisor_names: dict[int, str] = {}
    cand_rows = []
    for reg in candidates:
        p = reg.participant
        key = _unique(f"{p.first_name} {p.last_name[:1]}.".strip(), taken)
        built.candidates[key], built.cand_key[reg.pk] = reg, key
        done = done_count[reg.pk]
        row = {
            "id": key,
            "min_interviews": max(0, min(event.min_interviews, event.max_interviews) - done),
            "max_interviews": max(0, event.max_interviews - done),
            "unavailable": sorted(s - first_slot for s in reg.unavailable if first_slot <= s < len(slots)),
        }
        if reg.advisor_id:
            if reg.advisor_id not in advisor_names:
                advisor_names[reg.advisor_id] = _unique(reg.advisor.full_name or reg.advisor.email, taken)
            row["advisor"] = advisor_names[reg.advisor_id]
            row["accompanied"] = reg.advisor_attends
        cand_rows.append(row)

    weights = pair_weights(event)
    wishes = []
    for (c, e), w in sorted(weights.items()):
        if c in built.cand_key and e in built.emp_key and (c, e) not in met:
            wishes.append([built.cand_key[c], built.emp_key[e], w])
    wished = {(w[0], w[1]) for w in wishes}
    locked, previous = [], []
    for i in future:
        c, e = built.cand_key.get(i.candidate_id), built.emp_key.get(i.employer_id)
        if c is None or e is None or (c, e) not in wished:
            continue
        triple = [c, e, i.slot - first_slot]
        if i.locked:
            locked.append(triple)
        if i.published and previous_published or i.locked:
            previous.append(triple)
    built.data = {
        "slots": max(1, count),
        "employers": emp_rows,
        "candidates": cand_rows,
        "wishes": wishes,
        "locked": [],
        "previous": previous,
    }
    built.data["locked"] = _lockable(built.data, locked)
    return built


def _lockable(data: dict, locked: list) -> list:
    """Locked interviews that still obey today's rules (a late employer, a new unavailable slot);
    the others are only kept where possible, as `previous`."""
    keep: list = []
    for triple in locked:
        try:
            scheduler.parse_event({**data, "locked": [*keep, triple]})
        except scheduler.EventError:
            continue
        keep.append(triple)
    return keep


def pair_weights(event: Event) -> dict[tuple[int, int], int]:
    """(candidate registration, employer registration) → wish weight, without vetoed pairs."""
    weights: dict[tuple[int, int], int] = defaultdict(int)
    for c, e, rank in CandidateWish.objects.filter(candidate__event=event).values_list(
        "candidate_id", "employer_id", "rank"
    ):
        weights[(c, e)] += RANK_WEIGHTS.get(rank, OTHER_RANK_WEIGHT)
    for c, e in EmployerInterest.objects.filter(employer__event=event).values_list(
        "candidate_id", "employer_id"
    ):
        weights[(c, e)] += INTEREST_WEIGHT
    for c, e in Veto.objects.filter(employer__event=event).values_list("candidate_id", "employer_id"):
        weights.pop((c, e), None)
    return dict(weights)


# Generating and re-planning -------------------------------------------------------------------------


def generate(*, actor, event: Event, time_limit: float = GENERATE_SECONDS) -> scheduler.ScheduleResult:
    event = Event.objects.get(pk=event.pk)  # the status as it is now, not as the caller last saw it
    if event.status != EventStatus.SCHEDULING:
        raise ValidationError(
            _("Close the registration (status “Scheduling”) before generating the schedule.")
        )
    built = build(event)
    result = scheduler.solve(built.instance(), time_limit=time_limit)
    schedule_apply(actor=actor, built=built, result=result, note="generated")
    return result


def current_slot(event: Event, now: datetime | None = None) -> int:
    """The first slot that has not started yet (all of them before the day, none after)."""
    now = now or timezone.now()
    for i, (start, _end) in enumerate(event.slots()):
        if start > now:
            return i
    return len(event.slots())


def replan_solve(*, event: Event, from_slot: int | None = None, time_limit: float = REPLAN_SECONDS):
    """Solve the rest of the day: only slots from `from_slot` change, published interviews are kept
    where possible, and tables freed by no-shows are filled. Writes nothing; `schedule_apply` does."""
    event = Event.objects.get(pk=event.pk)
    if event.status not in (EventStatus.PUBLISHED, EventStatus.HELD):
        raise ValidationError(_("Only a published schedule can be re-planned."))
    first = current_slot(event) if from_slot is None else from_slot
    if first >= len(event.slots()):
        raise ValidationError(_("Every slot has started: there is nothing left to re-plan."))
    built = build(event, first_slot=first)
    return built, scheduler.solve(built.instance(), time_limit=time_limit)


@transaction.atomic
def schedule_apply(*, actor, built: Built, result: scheduler.ScheduleResult, note: str) -> None:
    event = Event.objects.select_for_update().get(pk=built.event.pk)
    first = built.first_slot
    inst = result.instance
    wanted = {
        (built.candidates[inst.candidates[c].id].pk, built.employers[inst.employers[e].id].pk): s + first
        for c, e, s in result.interviews
    }
    live_on_day = event.status in (EventStatus.PUBLISHED, EventStatus.HELD)
    existing = Interview.objects.select_for_update(of=("self",)).filter(
        event=event, state=Interview.State.PLANNED, slot__gte=first
    )
    moving = []
    for interview in existing:
        pair = (interview.candidate_id, interview.employer_id)
        if pair in wanted:
            slot = wanted.pop(pair)
            if slot != interview.slot:
                moving.append((interview, slot))
        elif interview.published:
            interview.state = Interview.State.CANCELLED
            interview.save(update_fields=["state"])
        else:
            interview.delete()
    # The database holds one live interview per candidate slot and per table at every moment, so the
    # moving interviews first leave their slots (to a parking slot of their own past the day's end),
    # and only then take their new ones, unseated (table 0) until assign_tables numbers them.
    parking = len(event.slots()) + 1
    for n, (interview, _slot) in enumerate(moving):
        interview.slot, interview.table = parking + n, 0
        interview.save(update_fields=["slot", "table"])
    for interview, slot in moving:
        interview.slot = slot
        interview.save(update_fields=["slot"])
    Interview.objects.bulk_create(
        Interview(event=event, candidate_id=c, employer_id=e, slot=s, table=0, published=live_on_day)
        for (c, e), s in wanted.items()
    )
    assign_tables(event)
    event.schedule_optimal = result.optimal
    event.scheduled_at = timezone.now()
    fields = ["schedule_optimal", "scheduled_at"]
    if live_on_day:
        event.schedule_version += 1
        fields.append("schedule_version")
    event.save(update_fields=fields)
    log_action(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=event,
        organisation=event.organisers.order_by("pk").first(),
        fields=["interviews"],
        note=f"{note}: {len(result.interviews)} interviews, shortfall {result.shortfall}",
    )


def assign_tables(event: Event) -> None:
    """Number the interviews at each employer's tables in each slot 1, 2, …, keeping numbers that fit."""
    rows = list(Interview.objects.filter(event=event, state__in=LIVE).select_related("employer"))
    by_place: dict[tuple[int, int], list[Interview]] = defaultdict(list)
    for i in rows:
        by_place[(i.employer_id, i.slot)].append(i)
    changed = []
    for group in by_place.values():
        tables = max(1, group[0].employer.tables, len(group))
        used: set[int] = set()
        later = []
        for i in sorted(group, key=lambda i: (not i.locked, i.pk)):
            if 1 <= i.table <= tables and i.table not in used:
                used.add(i.table)
            else:
                later.append(i)
        free = (t for t in range(1, tables + 1) if t not in used)
        for i in later:
            i.table = next(free)
            changed.append(i)
    Interview.objects.bulk_update(changed, ["table"])


# Moving and locking by hand -------------------------------------------------------------------------


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
    others = Interview.objects.filter(event=event, state__in=LIVE, slot=slot).exclude(pk=interview.pk)
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


@transaction.atomic
def interview_move(*, actor, interview: Interview, slot: int) -> Interview:
    """Move one interview by hand. The event row is locked while the move is checked, so concurrent
    moves are checked one after the other and each sees the ones before; the database's constraints
    (one interview per candidate slot and per table) stand behind that."""
    event = Event.objects.select_for_update().get(pk=interview.event_id)
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("event", "candidate__advisor", "candidate__participant", "employer__organisation")
        .get(pk=interview.pk)
    )
    if event.status not in (EventStatus.SCHEDULING, EventStatus.PUBLISHED, EventStatus.HELD):
        raise ValidationError(_("The schedule cannot be changed in this status."))
    if interview.state not in LIVE:
        raise ValidationError(_("Only a planned interview can be moved."))
    problems = move_problems(interview, slot)
    if problems:
        raise ValidationError(problems)
    old = interview.slot
    interview.slot = slot
    interview.table = 0
    try:
        with transaction.atomic():
            interview.save(update_fields=["slot", "table"])
            assign_tables(interview.event)
            # A hand move makes the schedule the organiser's: the solver's proof no longer holds.
            Event.objects.filter(pk=event.pk).update(schedule_optimal=False)
    except IntegrityError:
        raise ValidationError(
            _("Someone else changed this slot just now. Look at the schedule and try again.")
        )
    log_action(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=interview,
        organisation=interview.employer.organisation,
        fields=["slot"],
        note=f"{old} → {slot}",
    )
    return interview


@transaction.atomic
def interview_lock(*, actor, interview: Interview, locked: bool) -> None:
    Interview.objects.filter(pk=interview.pk).update(locked=locked)
    log_action(
        actor=actor, action=AuditLog.Action.UPDATE, obj=interview, organisation=None, fields=["locked"]
    )


# What the current schedule achieves, and who falls short ----------------------------------------------


def shortfalls(event: Event) -> list[dict]:
    """Candidates below their minimum in the schedule as it stands (after any hand moves), with why.

    The reasons and the suggested fix are worded in the active language, with names and clock times.
    """
    built = build(event)
    inst = built.instance()
    index_c = {c.id: i for i, c in enumerate(inst.candidates)}
    index_e = {e.id: i for i, e in enumerate(inst.employers)}
    triples = []
    for i in Interview.objects.filter(event=event, state__in=LIVE):
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
        for entry in shortfall.diagnose(inst, triples)
    ]
