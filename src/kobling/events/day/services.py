"""On the day: check-in, no-shows, late employers, and re-planning the rest of the day.

A re-plan solves outside any transaction (`replan_solve`), then writes the answer, audits it and e-mails
the people whose day changed in one durable transaction under the event's lock (`day_replan`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.core.audit import Action, log_action, save_and_log
from kobling.events.day.selectors import ON_THE_DAY, current_slot, slot_in_progress
from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, Interview
from kobling.events.personal.services import send_schedules
from kobling.events.schedule.build import Built, build
from kobling.events.schedule.services import schedule_apply
from kobling.events.services import event_log_action
from kobling.scheduling.instance import ScheduleResult
from kobling.scheduling.solver import solve

REPLAN_SECONDS = 3.0


def _check(event) -> None:
    status, day = Event.objects.filter(pk=event.pk).values_list("status", "date").first()
    if status not in ON_THE_DAY:
        raise ValidationError(_("Check-in opens when the schedule is published."))
    if day > timezone.localdate():
        raise ValidationError(
            _("Check-in opens on the day of the event, %(date)s.")
            % {"date": date_format(day, "SHORT_DATE_FORMAT")}
        )


def _check_in(*, actor, registration, present: bool, organisation) -> None:
    _check(registration.event)
    registration.checked_in_at = timezone.now() if present else None
    if present:
        registration.no_show = False
    save_and_log(
        registration,
        actor=actor,
        organisation=organisation,
        fields=["checked_in_at", "no_show"],
        logged=["checked_in_at"],
    )


@transaction.atomic(durable=True)
def candidate_check_in(*, actor, registration: CandidateRegistration, present: bool) -> None:
    _check_in(
        actor=actor,
        registration=registration,
        present=present,
        organisation=registration.participant.organisation,
    )


@transaction.atomic(durable=True)
def employer_check_in(*, actor, registration: EmployerRegistration, present: bool) -> None:
    _check_in(actor=actor, registration=registration, present=present, organisation=registration.organisation)


def _first_missed(registration, from_slot: int | None) -> int:
    """The first slot a person marked late or absent now misses: `from_slot` when given, otherwise the
    slot in progress (its interview cannot happen without them either) or, when none is running or
    they are checked in (present for it), the first slot that has not started."""
    if from_slot is not None:
        return from_slot
    running = slot_in_progress(registration.event)
    if running is not None and registration.checked_in_at is None:
        return running
    return current_slot(registration.event)


@transaction.atomic(durable=True)
def candidate_no_show(*, actor, registration: CandidateRegistration, from_slot: int | None = None) -> int:
    """The candidate did not come: their interviews from `from_slot` on did not happen (by default
    from the slot in progress, see `_first_missed`)."""
    _check(registration.event)
    from_slot = _first_missed(registration, from_slot)
    registration.no_show, registration.checked_in_at = True, None
    save_and_log(
        registration,
        actor=actor,
        organisation=registration.participant.organisation,
        fields=["no_show", "checked_in_at"],
        logged=["no_show"],
    )
    return registration.interviews.filter(state=Interview.State.PLANNED, slot__gte=from_slot).update(
        state=Interview.State.NO_SHOW
    )


@transaction.atomic(durable=True)
def employer_absent(
    *, actor, registration: EmployerRegistration, until_slot: int | None, from_slot: int | None = None
) -> int:
    """A late employer (until `until_slot`) or one who does not come at all (None): their interviews
    in the slots they miss (by default from the slot in progress, see `_first_missed`) are cancelled,
    so a re-plan can move the candidates elsewhere. The candidates hear at once which interview is
    off and what is left of their day."""
    _check(registration.event)
    from_slot = _first_missed(registration, from_slot)
    slots = len(registration.event.slots())
    if until_slot is not None and not 0 < until_slot < slots:
        raise ValidationError(_("Choose the slot the employer will be there for."))
    missed = registration.interviews.filter(state=Interview.State.PLANNED, slot__gte=from_slot)
    if until_slot is None:
        registration.no_show = True
    else:
        registration.late_until_slot = until_slot
        missed = missed.filter(slot__lt=until_slot)
    registration.save(update_fields=["no_show", "late_until_slot"])
    lost = dict(missed.values_list("pk", "candidate_id"))
    count = missed.update(state=Interview.State.CANCELLED)
    sent = 0
    if lost:
        sent = send_schedules(
            event=registration.event, candidates=set(lost.values()), employers=set(), cancelled=set(lost)
        )
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=registration,
        organisation=registration.organisation,
        fields=["no_show" if until_slot is None else "late_until_slot"],
        note=f"{count} interviews cancelled, {sent} e-mails" if lost else "",
    )
    return count


# Re-planning ------------------------------------------------------------------------------------------


def replan_solve(
    *, event: Event, from_slot: int | None = None, time_limit: float = REPLAN_SECONDS
) -> tuple[Built, ScheduleResult]:
    """Solve the rest of the day: only slots from `from_slot` change, published interviews are kept
    where possible, and tables freed by no-shows are filled. Writes nothing; `day_replan` does."""
    event = Event.objects.get(pk=event.pk)
    if event.status not in ON_THE_DAY:
        raise ValidationError(_("Only a published schedule can be re-planned."))
    first = current_slot(event) if from_slot is None else from_slot
    if first >= len(event.slots()):
        raise ValidationError(_("Every slot has started: there is nothing left to re-plan."))
    built = build(event, first_slot=first)
    return built, solve(built.instance(), time_limit=time_limit)


def day_replan(*, actor, event: Event, from_slot: int | None = None) -> ScheduleResult:
    """Re-plan the rest of the day and e-mail the new day to the candidates, employers and advisors
    whose interviews moved, were cancelled or were added; nobody else.

    The engine solves outside any transaction; writing the answer, its audit row and the e-mails
    about it is one transaction, under the event's lock."""
    built, result = replan_solve(event=event, from_slot=from_slot)
    with transaction.atomic(durable=True):
        event = Event.objects.select_for_update().get(pk=event.pk)
        before = _day_of_everyone(event)
        was_cancelled = set(_cancelled_ids(event))
        schedule_apply(built=built, result=result)
        changed = before ^ _day_of_everyone(event)
        sent = 0
        if changed:
            sent = send_schedules(
                event=event,
                candidates={c for c, _e, _s, _state in changed},
                employers={e for _c, e, _s, _state in changed},
                cancelled=set(_cancelled_ids(event)) - was_cancelled,
            )
        event_log_action(
            actor=actor,
            event=event,
            action=Action.REPLAN,
            fields=["interviews"],
            note=f"re-planned from slot {built.first_slot}: {len(result.interviews)} interviews, "
            f"shortfall {result.shortfall}, {sent} e-mails",
        )
    return result


def _day_of_everyone(event: Event) -> set[tuple[int, int, int, str]]:
    return set(
        Interview.objects.filter(event=event, published=True).values_list(
            "candidate_id", "employer_id", "slot", "state"
        )
    )


def _cancelled_ids(event: Event):
    return Interview.objects.filter(event=event, published=True, state=Interview.State.CANCELLED).values_list(
        "pk", flat=True
    )
