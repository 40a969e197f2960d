"""The event as the scheduling engine sees it, built from what is in the database.

`build` turns registrations, wishes and interviews into the engine's JSON (`kobling.scheduling.instance`)
and keeps the way back from the engine's ids to the rows. Both generating and re-planning start here.

Wish weights: a candidate's first choice weighs 10, then 8, 6, 4 and 2 for the rest; an employer's
interest adds 6. A pair either side vetoed, or that nobody asked for, cannot meet.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.events.models import (
    CandidateRegistration,
    CandidateWish,
    EmployerInterest,
    EmployerRegistration,
    Event,
    Interview,
    Veto,
)
from kobling.events.selectors import LIVE_STATES
from kobling.scheduling.instance import EventError, EventInstance, parse_event

RANK_WEIGHTS = {1: 10, 2: 8, 3: 6, 4: 4}
OTHER_RANK_WEIGHT = 2
INTEREST_WEIGHT = 6


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
    taken: set[str] = field(default_factory=set)  # the ids given out so far

    def instance(self) -> EventInstance:
        try:
            return parse_event(self.data)
        except EventError as exc:
            raise ValidationError(_("The schedule cannot be made: %(error)s") % {"error": exc}) from exc

    def unique(self, name: str) -> str:
        """`name` as an engine id, numbered ("Ali T. (2)") if another person or employer has it."""
        key, n = name, 2
        while key in self.taken:
            key, n = f"{name} ({n})", n + 1
        self.taken.add(key)
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
    """The engine's input for the slots from `first_slot` on (all of them when generating; the rest of
    the day when re-planning), with the interviews before it counted as done."""
    slots = event.slots()
    built = Built(event=event, first_slot=first_slot, data={})
    interviews = list(Interview.objects.filter(event=event, state__in=LIVE_STATES))
    done_count: dict[int, int] = defaultdict(int)
    met = set()
    for i in interviews:
        if i.slot < first_slot:
            done_count[i.candidate_id] += 1
            met.add((i.candidate_id, i.employer_id))
    built.data = {
        "slots": max(1, len(slots) - first_slot),
        "employers": _employer_rows(built, slots),
        "candidates": _candidate_rows(built, len(slots), done_count),
        "wishes": _wishes(built, met),
    }
    future = [i for i in interviews if i.slot >= first_slot]
    locked, previous = _locked_and_previous(built, future, previous_published)
    built.data.update(locked=[], previous=previous)
    built.data["locked"] = _lockable(built.data, locked)
    return built


def _employer_rows(built: Built, slots: list) -> list[dict]:
    event, first_slot = built.event, built.first_slot
    rows = []
    for reg in EmployerRegistration.objects.filter(
        event=event, state=EmployerRegistration.State.REGISTERED, no_show=False
    ).select_related("organisation"):
        key = built.unique(reg.organisation.name)
        built.employers[key], built.emp_key[reg.pk] = reg, key
        away = sorted(s - first_slot for s in employer_away(event, reg, slots) if s >= first_slot)
        rows.append({"id": key, "tables": max(1, reg.tables), "unavailable": away})
    return rows


def _candidate_rows(built: Built, slot_count: int, done_count: dict[int, int]) -> list[dict]:
    event, first_slot = built.event, built.first_slot
    advisor_names: dict[int, str] = {}
    rows = []
    for reg in CandidateRegistration.objects.filter(
        event=event, state=CandidateRegistration.State.REGISTERED, no_show=False
    ).select_related("participant", "advisor"):
        p = reg.participant
        key = built.unique(f"{p.first_name} {p.last_name[:1]}.".strip())
        built.candidates[key], built.cand_key[reg.pk] = reg, key
        done = done_count[reg.pk]
        row = {
            "id": key,
            "min_interviews": max(0, min(event.min_interviews, event.max_interviews) - done),
            "max_interviews": max(0, event.max_interviews - done),
            "unavailable": sorted(s - first_slot for s in reg.unavailable if first_slot <= s < slot_count),
        }
        if reg.advisor_id:
            if reg.advisor_id not in advisor_names:
                advisor_names[reg.advisor_id] = built.unique(reg.advisor.full_name or reg.advisor.email)
            row["advisor"] = advisor_names[reg.advisor_id]
            row["accompanied"] = reg.advisor_attends
        rows.append(row)
    return rows


def _wishes(built: Built, met: set[tuple[int, int]]) -> list[list]:
    """The weighted pairs of the candidates and employers in the instance, except those who have met."""
    wishes = []
    for (c, e), w in sorted(pair_weights(built.event).items()):
        if c in built.cand_key and e in built.emp_key and (c, e) not in met:
            wishes.append([built.cand_key[c], built.emp_key[e], w])
    return wishes


def _locked_and_previous(
    built: Built, future: list[Interview], previous_published: bool
) -> tuple[list, list]:
    """The locked interviews to keep, and the ones the engine should keep where it can (`previous`):
    the published ones (when `previous_published`) and the locked ones."""
    wished = {(w[0], w[1]) for w in built.data["wishes"]}
    locked, previous = [], []
    for i in future:
        c, e = built.cand_key.get(i.candidate_id), built.emp_key.get(i.employer_id)
        if c is None or e is None or (c, e) not in wished:
            continue
        triple = [c, e, i.slot - built.first_slot]
        if i.locked:
            locked.append(triple)
        if i.published and previous_published or i.locked:
            previous.append(triple)
    return locked, previous


def _lockable(data: dict, locked: list) -> list:
    """Locked interviews that still obey today's rules (a late employer, a new unavailable slot);
    the others are only kept where possible, as `previous`."""
    keep: list = []
    for triple in locked:
        try:
            parse_event({**data, "locked": [*keep, triple]})
        except EventError:
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
