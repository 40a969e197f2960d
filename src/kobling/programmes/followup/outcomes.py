"""Outcomes when a person completes or leaves, and the "still employed?" checks after a job.

The coordinator says what happened ("got a job", education, other, dropped out); whether a job is an
IT job follows from its STYRK-08 code. Recording it closes a participating enrolment in the same
transaction, and a job gets checks at 3, 6 and 12 months, each a task for the coordinator.

`outcome_record` is composed by recruitment (an accepted offer) and the demo, and `follow_up_answer` by
the demo, so they are not durable; `outcome_remove` is."""

import calendar as month_calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kobling.core.audit import Action, delete_and_log, log_action
from kobling.core.models import Occupation, Organisation
from kobling.people import services as people
from kobling.people.models import Participant, Task
from kobling.programmes.followup.selectors import OUTCOME_STATUSES, require_right, rights_for
from kobling.programmes.models import Enrolment, Outcome, OutcomeFollowUp, Reason, Status
from kobling.programmes.services import enrolment_change_status
from kobling.webhooks import services as webhooks


class Result(models.TextChoices):
    """What the coordinator picks; "IT job" or "other job" then follows from the occupation code."""

    JOB = "job", gettext_lazy("Got a job")
    EDUCATION = "education", gettext_lazy("Education")
    OTHER = "other", gettext_lazy("Other")
    DROPPED_OUT = "dropped_out", gettext_lazy("Dropped out")


FOLLOW_UP_MONTHS = (3, 6, 12)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 January + 1 month = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def outcome_status(result: str, completed: bool, dropout_reason: str, note: str) -> tuple[str, str, str]:
    """(new status, reason, reason text) that an outcome gives an enrolment that is participating:
    what `outcome_record` changes it to (and what the demo's stories end with)."""
    if result == Result.DROPPED_OUT:
        if dropout_reason == Outcome.DropoutReason.HEALTH:
            return Status.BROKEN_OFF, Reason.ILL, ""
        label = str(Outcome.DropoutReason(dropout_reason).label)
        return Status.BROKEN_OFF, Reason.OTHER, (f"{label}: {note}" if note else label)[:300]
    reason = {Result.JOB: Reason.GOT_JOB, Result.EDUCATION: Reason.EDUCATION}.get(result, "")
    if completed:
        return Status.COMPLETED, reason, ""
    if reason:
        return Status.LEFT, reason, ""
    return Status.LEFT, Reason.OTHER, (note or _("Other outcome"))[:300]


def _check_outcome(
    enrolment, result, occupation, employer, employer_name, start_date, dropout_reason
) -> None:
    errors = {}
    if result not in Result.values:
        errors["result"] = _("Choose what happened.")
    if result == Result.JOB:
        if not isinstance(occupation, Occupation):
            errors["occupation"] = _("Choose the occupation of the job (STYRK-08).")
        elif occupation.level != 4:
            errors["occupation"] = _("Choose an occupation with a four-digit code.")
        if employer is None and not employer_name:
            errors["employer"] = _("Choose the employer, or write its name.")
        elif employer is not None and employer.kind != Organisation.Kind.EMPLOYER:
            errors["employer"] = _("Choose an employer from the list.")
        if start_date is None:
            errors["start_date"] = _("Give the date the job starts.")
    if result == Result.DROPPED_OUT and dropout_reason not in Outcome.DropoutReason.values:
        errors["dropout_reason"] = _("Choose why the person dropped out.")
    if enrolment.status == Status.COMPLETED and result == Result.DROPPED_OUT:
        errors["result"] = _("The person completed the programme, so they did not drop out.")
    elif enrolment.status not in OUTCOME_STATUSES:
        errors["result"] = _(
            "An outcome is recorded when a person completes or leaves. The status now is “%(status)s”."
        ) % {"status": Status(enrolment.status).label}
    if errors:
        raise ValidationError(errors)


def _plan_follow_ups(*, actor, outcome: Outcome, participant: Participant) -> None:
    """The "still employed?" checks after a job, each a task for the coordinator who recorded it."""
    for months in FOLLOW_UP_MONTHS:
        due = add_months(outcome.start_date, months)
        task = people.task_create(
            actor=actor,
            organisation=participant.organisation,
            participant=participant,
            title=_("Still employed? Check %(months)s months after the job started") % {"months": months},
            assignee=actor,
            due=due,
            waiting_on=Task.WaitingOn.PROVIDER,
        )
        OutcomeFollowUp.objects.create(outcome=outcome, months=months, due=due, task=task)


@transaction.atomic
def outcome_record(
    *,
    actor,
    enrolment: Enrolment,
    result: str,
    start_date: date | None = None,
    occupation: Occupation | None = None,
    employer: Organisation | None = None,
    employer_name: str = "",
    dropout_reason: str = "",
    note: str = "",
    completed: bool = True,
) -> Outcome:
    """Record the outcome, close the enrolment if it is still open, and plan the job follow-ups.

    `completed` says whether a participating person finished the programme or left before the end.
    """
    participant = enrolment.participant
    require_right(rights_for(actor, participant).coordinator)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    locked.participant = participant
    if Outcome.objects.filter(enrolment=locked).exists():
        raise ValidationError(_("An outcome is already recorded for this programme."))
    employer_name, note = (employer_name or "").strip(), (note or "").strip()
    _check_outcome(locked, result, occupation, employer, employer_name, start_date, dropout_reason)
    is_job = result == Result.JOB
    outcome = Outcome.objects.create(
        enrolment=locked,
        kind=Outcome.kind_for_job(occupation) if is_job else result,
        dropout_reason=dropout_reason if result == Result.DROPPED_OUT else "",
        occupation=occupation if is_job else None,
        employer=employer if is_job else None,
        employer_name=employer_name if is_job and employer is None else "",
        start_date=start_date or timezone.localdate(),
        note=note[:300],
        recorded_by=actor,
    )
    if locked.status == Status.PARTICIPATING:
        status, reason, reason_text = outcome_status(result, completed, dropout_reason, note)
        enrolment_change_status(
            enrolment=locked, status=status, actor=actor, reason=reason, reason_text=reason_text
        )
        enrolment.status, enrolment.status_since = locked.status, locked.status_since
    if is_job:
        _plan_follow_ups(actor=actor, outcome=outcome, participant=participant)
    job_fields = ["occupation", "employer", "start_date"] if is_job else []
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=outcome,
        organisation=participant.organisation,
        fields=["kind", *job_fields, *(["dropout_reason"] if outcome.dropout_reason else [])],
        note=f"participant {participant.pk}",
    )
    webhooks.webhook_event_emit(
        event=webhooks.Event.OUTCOME_RECORDED,
        organisations=[participant.organisation_id],
        data=webhooks.about(outcome, locked, participant, kind=outcome.kind, start_date=outcome.start_date),
    )
    return outcome


@transaction.atomic(durable=True)
def outcome_remove(*, actor, outcome: Outcome) -> None:
    """Take back a wrongly recorded outcome; the enrolment's status history stays as it is."""
    participant = outcome.enrolment.participant
    require_right(rights_for(actor, participant).coordinator)
    Task.objects.filter(
        pk__in=outcome.follow_ups.filter(task__isnull=False).values("task_id"), done_at__isnull=True
    ).delete()
    delete_and_log(
        outcome, actor=actor, organisation=participant.organisation, note=f"participant {participant.pk}"
    )


@transaction.atomic
def follow_up_answer(*, actor, follow_up: OutcomeFollowUp, still_employed: bool) -> OutcomeFollowUp:
    participant = follow_up.outcome.enrolment.participant
    require_right(rights_for(actor, participant).coordinator)
    if follow_up.due > timezone.localdate():
        raise ValidationError(
            _("This check is due on %(date)s.") % {"date": follow_up.due.strftime("%d.%m.%Y")}
        )
    follow_up.still_employed, follow_up.answered_at = still_employed, timezone.now()
    follow_up.save(update_fields=["still_employed", "answered_at"])
    if follow_up.task is not None and follow_up.task.done_at is None:
        people.task_complete(actor=actor, task=follow_up.task)
    answer = "yes" if still_employed else "no"
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=follow_up.outcome,
        organisation=participant.organisation,
        fields=["follow_ups"],
        note=f"participant {participant.pk} {follow_up.months} months: {answer}",
    )
    return follow_up
