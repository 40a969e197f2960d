"""Saving one day's attendance, and the alert when a person's run of unexcused absences reaches the
cohort's threshold. `attendance_save` is also composed by the demo's one transaction, so it is not
durable."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import Action, log_action
from kobling.core.models import AuditLog, User
from kobling.core.roles import Role
from kobling.programmes.attendance.days import day_problem
from kobling.programmes.attendance.selectors import add_figures, roster_ids
from kobling.programmes.models import AttendanceRecord, Cohort, Enrolment
from kobling.webhooks import services as webhooks

M = AttendanceRecord.Mark
# The audit note that marks an alert as sent for the run that began on the given day.
ALERT_NOTE = "absence alert, run from "


def audit_marks(*, actor, cohort: Cohort, day: date, created: list[int], changed: list[int]) -> None:
    """One audit row per person whose mark was written (`created` and `changed` are enrolment ids), in
    one insert whatever the cohort's size: for a day saved here, and for the demo's past days written
    in bulk. Inside the caller's transaction, as every audit row."""
    actor = actor if getattr(actor, "is_authenticated", False) else None
    AuditLog.objects.bulk_create(
        AuditLog(
            actor=actor,
            organisation_id=cohort.programme.organisation_id,
            action=action,
            object_type="programmes.enrolment",
            object_id=str(enrolment_id),
            object_label=f"attendance {day.isoformat()}",
            fields=["attendance"],
            note=f"cohort {cohort.pk}, {day.isoformat()}",
        )
        for action, ids in ((Action.CREATE, created), (Action.UPDATE, changed))
        for enrolment_id in ids
    )


@transaction.atomic
def attendance_save(*, actor, cohort: Cohort, day: date, marks: dict[int, str]) -> list[Enrolment]:
    """Save one day's marks (enrolment id → mark). Returns the people whose run of unexcused
    absences reached the cohort's threshold with this save, and who were alerted about."""
    # Locking the cohort makes two instructors saving the same day take turns instead of both
    # inserting the same person's mark.
    locked = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort.pk)
    problem = day_problem(locked, day)
    if problem:
        raise ValidationError(problem)
    if any(mark not in M.values for mark in marks.values()):
        raise ValidationError(_("Choose one of the four marks for each person."))
    allowed = set(roster_ids(locked, day))
    if not set(marks) <= allowed:
        raise ValidationError(_("Some of these people are not in the cohort on this day."))
    existing = {r.enrolment_id: r for r in AttendanceRecord.objects.filter(enrolment_id__in=marks, day=day)}
    now = timezone.now()
    new, changed = [], []
    for enrolment_id, mark in marks.items():
        record = existing.get(enrolment_id)
        if record is None:
            new.append(
                AttendanceRecord(
                    enrolment_id=enrolment_id, day=day, mark=mark, recorded_by=actor, recorded_at=now
                )
            )
        elif record.mark != mark:
            record.mark, record.recorded_by, record.recorded_at = mark, actor, now
            changed.append(record)
    if new:
        AttendanceRecord.objects.bulk_create(new)
    if changed:
        AttendanceRecord.objects.bulk_update(changed, ["mark", "recorded_by", "recorded_at"])
    if new or changed:
        audit_marks(
            actor=actor,
            cohort=locked,
            day=day,
            created=[r.enrolment_id for r in new],
            changed=[r.enrolment_id for r in changed],
        )
    unexcused = [e for e, mark in marks.items() if mark == M.UNEXCUSED]
    return _absence_alerts(actor=actor, cohort=locked, enrolment_ids=unexcused) if unexcused else []


def _absence_alerts(*, actor, cohort: Cohort, enrolment_ids: list[int]) -> list[Enrolment]:
    """Alert once per run: a run is known by the day it began, and an alert already sent for that
    run (or for a later start inside it) is not sent again, however often the day is saved."""
    reached = [
        e
        for e in add_figures(
            Enrolment.objects.filter(pk__in=enrolment_ids).select_related("participant__advisor", "programme")
        )
        if e.att_run >= cohort.absence_alert_after
    ]
    if not reached:
        return []
    sent: dict[int, list[date]] = {}
    for object_id, note in AuditLog.objects.filter(
        object_type="programmes.enrolment",
        object_id__in=[str(e.pk) for e in reached],
        note__startswith=ALERT_NOTE,
    ).values_list("object_id", "note"):
        sent.setdefault(int(object_id), []).append(date.fromisoformat(note.removeprefix(ALERT_NOTE)))
    due = [e for e in reached if not any(start >= e.att_run_start for start in sent.get(e.pk, []))]
    if due:
        coordinators = list(
            User.objects.filter(
                is_active=True,
                memberships__organisation_id=cohort.programme.organisation_id,
                memberships__role=Role.COORDINATOR,
            ).distinct()
        )
        for enrolment in due:
            _alert(actor=actor, cohort=cohort, enrolment=enrolment, coordinators=coordinators)
    return due


def _alert(*, actor, cohort: Cohort, enrolment: Enrolment, coordinators: list[User]) -> None:
    from kobling.notifications.services import email_send
    from kobling.people.models import Task
    from kobling.people.services import task_create

    participant = enrolment.participant
    provider = cohort.programme.organisation
    recipients = {user.pk: (user, Task.WaitingOn.PROVIDER) for user in coordinators}
    if participant.advisor is not None and participant.advisor.is_active:
        recipients[participant.advisor.pk] = (participant.advisor, Task.WaitingOn.NAV)
    url = settings.SITE_URL + reverse("participant_detail", args=[participant.pk])
    for user, waiting_on in recipients.values():
        with translation.override(user.language):
            title = _("Follow up: %(name)s has %(count)s unexcused absences in a row") % {
                "name": participant.full_name,
                "count": enrolment.att_run,
            }
        task_create(
            actor=actor,
            organisation=provider,
            title=title[:200],
            assignee=user,
            due=timezone.localdate(),
            participant=participant,
            waiting_on=waiting_on,
        )
        email_send(
            to=user.email,
            template="absence_alert",
            language=user.language,
            organisation=provider,
            context={
                "name": user.full_name,
                "participant": participant.full_name,
                "count": enrolment.att_run,
                "cohort": cohort.name,
                "programme": cohort.programme.name,
                "provider": provider.name,
                "url": url,
            },
        )
    webhooks.webhook_event_emit(
        event=webhooks.Event.ATTENDANCE_ALERT,
        organisations=[provider],
        data=webhooks.about(participant, enrolment, cohort, absences_in_a_row=enrolment.att_run),
    )
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=enrolment,
        organisation=provider,
        fields=["absence_alert"],
        note=f"{ALERT_NOTE}{enrolment.att_run_start.isoformat()}",
    )
