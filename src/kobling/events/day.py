"""On the day: check-in, no-shows and late employers. Re-planning is `personal.replan`."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.core.audit import log_action
from kobling.core.models import AuditLog
from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, EventStatus, Interview

ON_THE_DAY = (EventStatus.PUBLISHED, EventStatus.HELD)


def _check(event) -> None:
    status, day = Event.objects.filter(pk=event.pk).values_list("status", "date").first()
    if status not in ON_THE_DAY:
        raise ValidationError(_("Check-in opens when the schedule is published."))
    if day > timezone.localdate():
        raise ValidationError(
            _("Check-in opens on the day of the event, %(date)s.")
            % {"date": date_format(day, "SHORT_DATE_FORMAT")}
        )


@transaction.atomic
def candidate_check_in(*, actor, registration: CandidateRegistration, present: bool) -> None:
    _check(registration.event)
    registration.checked_in_at = timezone.now() if present else None
    if present:
        registration.no_show = False
    registration.save(update_fields=["checked_in_at", "no_show"])
    log_action(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=registration,
        organisation=registration.participant.organisation,
        fields=["checked_in_at"],
    )


@transaction.atomic
def candidate_no_show(*, actor, registration: CandidateRegistration, from_slot: int) -> int:
    """The candidate did not come: their interviews from `from_slot` on did not happen."""
    _check(registration.event)
    registration.no_show, registration.checked_in_at = True, None
    registration.save(update_fields=["no_show", "checked_in_at"])
    count = registration.interviews.filter(state=Interview.State.PLANNED, slot__gte=from_slot).update(
        state=Interview.State.NO_SHOW
    )
    log_action(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=registration,
        organisation=registration.participant.organisation,
        fields=["no_show"],
    )
    return count


@transaction.atomic
def employer_check_in(*, actor, registration: EmployerRegistration, present: bool) -> None:
    _check(registration.event)
    registration.checked_in_at = timezone.now() if present else None
    if present:
        registration.no_show = False
    registration.save(update_fields=["checked_in_at", "no_show"])
    log_action(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=registration,
        organisation=registration.organisation,
        fields=["checked_in_at"],
    )


@transaction.atomic
def employer_absent(
    *, actor, registration: EmployerRegistration, until_slot: int | None, from_slot: int
) -> int:
    """A late employer (until `until_slot`) or one who does not come at all (None): their interviews
    in the slots they miss are cancelled, so a re-plan can move the candidates elsewhere."""
    _check(registration.event)
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
    log_action(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=registration,
        organisation=registration.organisation,
        fields=["no_show" if until_slot is None else "late_until_slot"],
    )
    if lost:
        # The candidates hear at once which interview is off and what is left of their day.
        from kobling.events.personal import send_schedules

        send_schedules(
            actor=actor,
            event=registration.event,
            candidates=set(lost.values()),
            employers=set(),
            cancelled=set(lost),
        )
    return count
