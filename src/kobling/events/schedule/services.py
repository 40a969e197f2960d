"""Making the schedule: generating it, moving and locking interviews by hand, and publishing it.

Generating is a `ScheduleRun`. The engine (`kobling.scheduling.solver.solve`) solves outside any
transaction, since solving takes seconds; the answer is then written (`schedule_apply`) and audited as a
solver run in one durable transaction under the event's lock. A small event is solved while the
organiser's request waits; a large one on the task worker while the page polls for progress (see
`solves_in_request`). Starting a run locks the event row and refuses a second one while one is waiting
or running; the database's partial unique constraint stands behind that.
"""

import contextlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import Action, log_action, save_and_log
from kobling.core.http import error_text
from kobling.events.models import Event, EventStatus, Interview, ScheduleRun
from kobling.events.personal.services import send_schedules
from kobling.events.schedule.build import Built, build, pair_weights
from kobling.events.schedule.selectors import move_problems, schedule_run_latest
from kobling.events.schedule.tasks import schedule_run_task
from kobling.events.selectors import LIVE_STATES
from kobling.events.services import event_change_status, event_log_action
from kobling.scheduling.instance import ScheduleResult
from kobling.scheduling.solver import solve

GENERATE_SECONDS = 5.0
# Where a run solves: in the request, or on the task worker. The engine's work grows with its choices,
# a wished pair in a slot (pairs × slots). Up to INLINE_CHOICES it proves the best schedule well under a
# second (measured with bench/bench_schedule.py's events: 15 employers and 50 candidates in 10 slots,
# some 2,200 choices, in about 0.1 s; a 300-candidate day, 15,000 choices, in about 1 s), so the
# organiser's request waits for it. Larger events, which may use the whole time limit, go to the worker.
INLINE_CHOICES = 2000


def solves_in_request(event: Event) -> bool:
    """Whether the event is small enough to solve while the request waits (see INLINE_CHOICES)."""
    return len(pair_weights(event)) * len(event.slots()) <= INLINE_CHOICES


# Generating -------------------------------------------------------------------------------------------


def schedule_generate(*, actor, event: Event, time_limit: float = GENERATE_SECONDS) -> ScheduleResult:
    """Make the event's schedule now, whatever its size, and return the engine's answer."""
    run = _run_open(actor=actor, event=event, background=False, time_limit=time_limit)
    return _run_solve(run)


def schedule_run_create(*, actor, event: Event) -> ScheduleRun:
    """The organiser's "generate": solved now for a small event (the run comes back done), queued for
    the task worker for a large one (it comes back waiting). A refusal is a ValidationError."""
    background = not solves_in_request(event)
    run = _run_open(actor=actor, event=event, background=background, time_limit=GENERATE_SECONDS)
    if not background:
        _run_solve(run)
        run.refresh_from_db()
    return run


def schedule_run_execute(*, run_id: int) -> None:
    """The task worker's part: solve a waiting run and write its schedule. A run that is no longer
    waiting (another worker took it, or it was given up) is left alone; a refusal is kept on the run."""
    claimed = ScheduleRun.objects.filter(pk=run_id, state=ScheduleRun.State.QUEUED).update(
        state=ScheduleRun.State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    run = ScheduleRun.objects.select_related("event", "requested_by").get(pk=run_id)
    # A refusal is kept on the run, and the page shows it.
    with translation.override(run.language), contextlib.suppress(ValidationError):
        _run_solve(run)


@transaction.atomic(durable=True)
def _run_open(*, actor, event: Event, background: bool, time_limit: float) -> ScheduleRun:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.SCHEDULING:
        raise ValidationError(
            _("Close the registration (status “Scheduling”) before generating the schedule.")
        )
    now = timezone.now()
    ScheduleRun.objects.filter(
        event=event, state__in=ScheduleRun.ACTIVE, created_at__lt=now - ScheduleRun.STALE_AFTER
    ).update(state=ScheduleRun.State.FAILED, finished_at=now, error=_("The run stopped before it finished."))
    busy = ValidationError(_("The schedule is already being made. Wait until it is ready."))
    if ScheduleRun.objects.filter(event=event, state__in=ScheduleRun.ACTIVE).exists():
        raise busy
    try:
        with transaction.atomic():
            run = ScheduleRun.objects.create(
                event=event,
                state=ScheduleRun.State.QUEUED if background else ScheduleRun.State.RUNNING,
                background=background,
                requested_by=actor,
                language=translation.get_language() or "nb",
                time_limit=time_limit,
                started_at=None if background else now,
            )
    except IntegrityError:
        raise busy
    if background:
        transaction.on_commit(lambda: schedule_run_task.enqueue(run.pk))
    return run


def _run_solve(run: ScheduleRun) -> ScheduleResult:
    """Solve the run (outside any transaction) and write its schedule; a refusal, or a failure of the
    engine, marks the run failed and is raised again."""
    try:
        built = build(Event.objects.get(pk=run.event_id))
        result = solve(built.instance(), time_limit=run.time_limit)
        _run_finish(run=run, built=built, result=result)
    except ValidationError as error:
        _run_fail(run, error_text(error))
        raise
    except Exception:
        _run_fail(run, _("The schedule could not be made because of an error. Try again."))
        raise
    return result


@transaction.atomic(durable=True)
def _run_finish(*, run: ScheduleRun, built: Built, result: ScheduleResult) -> None:
    event = Event.objects.select_for_update().get(pk=run.event_id)
    if event.status != EventStatus.SCHEDULING:
        raise ValidationError(_("The event's status changed while the schedule was being made."))
    if not ScheduleRun.objects.filter(pk=run.pk, state=ScheduleRun.State.RUNNING).exists():
        raise ValidationError(_("The run stopped before it finished."))
    schedule_apply(built=built, result=result)
    event_log_action(
        actor=run.requested_by,
        event=event,
        action=Action.RUN,
        fields=["interviews"],
        note=f"generated: {len(result.interviews)} interviews, shortfall {result.shortfall}",
    )
    ScheduleRun.objects.filter(pk=run.pk).update(
        state=ScheduleRun.State.DONE,
        finished_at=timezone.now(),
        interviews=len(result.interviews),
        shortfall=result.shortfall,
        optimal=result.optimal,
    )


@transaction.atomic(durable=True)
def _run_fail(run: ScheduleRun, error: str) -> None:
    ScheduleRun.objects.filter(pk=run.pk, state__in=ScheduleRun.ACTIVE).update(
        state=ScheduleRun.State.FAILED, finished_at=timezone.now(), error=error
    )


# Writing an answer ----------------------------------------------------------------------------------


@transaction.atomic
def schedule_apply(*, built: Built, result: ScheduleResult) -> None:
    """Write the engine's answer for the slots from `built.first_slot` on. Part of a generating or
    re-planning service's transaction (not durable), which writes the audit row."""
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


def assign_tables(event: Event) -> None:
    """Number the interviews at each employer's tables in each slot 1, 2, …, keeping numbers that fit."""
    rows = list(Interview.objects.filter(event=event, state__in=LIVE_STATES).select_related("employer"))
    by_place: dict[tuple[int, int], list[Interview]] = {}
    for i in rows:
        by_place.setdefault((i.employer_id, i.slot), []).append(i)
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


# Moving and locking by hand ---------------------------------------------------------------------------


@transaction.atomic(durable=True)
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
    if interview.state not in LIVE_STATES:
        raise ValidationError(_("Only a planned interview can be moved."))
    problems = move_problems(interview, slot)
    if problems:
        raise ValidationError(problems)
    old = interview.slot
    interview.slot = slot
    interview.table = 0
    try:
        with transaction.atomic():
            save_and_log(
                interview,
                actor=actor,
                organisation=interview.employer.organisation,
                fields=["slot", "table"],
                logged=["slot"],
                note=f"{old} → {slot}",
            )
            assign_tables(interview.event)
            # A hand move makes the schedule the organiser's: the solver's proof no longer holds.
            Event.objects.filter(pk=event.pk).update(schedule_optimal=False)
    except IntegrityError:
        raise ValidationError(
            _("Someone else changed this slot just now. Look at the schedule and try again.")
        )
    return interview


@transaction.atomic(durable=True)
def interview_lock(*, actor, interview: Interview, locked: bool) -> None:
    Interview.objects.filter(pk=interview.pk).update(locked=locked)
    log_action(actor=actor, action=Action.UPDATE, obj=interview, organisation=None, fields=["locked"])


# Publishing -----------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def schedule_publish(*, actor, event: Event) -> int:
    """Publish the schedule and e-mail everyone their own day in their language; returns e-mails sent."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.SCHEDULING:
        raise ValidationError(_("Only a schedule being made can be published."))
    run = schedule_run_latest(event)
    if run is not None and run.in_progress:
        raise ValidationError(_("The schedule is already being made. Wait until it is ready."))
    event = event_change_status(actor=actor, event=event, status=EventStatus.PUBLISHED)
    Interview.objects.filter(event=event, state=Interview.State.PLANNED).update(published=True)
    event.schedule_version += 1
    event.save(update_fields=["schedule_version"])
    sent = send_schedules(event=event)
    event_log_action(
        actor=actor,
        event=event,
        action=Action.PUBLISH,
        fields=["schedule_version"],
        note=f"published: {sent} e-mails",
    )
    return sent
