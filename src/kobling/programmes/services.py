"""Enrolments, their status history (NAV's DeltakerStatus) and cohort seats: what every part of a
programme (intake, courses, follow-up) changes the same way. `enrolment_change_status` is the one way a
status changes, and so the one place a cohort seat is taken or given up.

These services are composed by the sub-packages' services (and the demo), so they are not durable:
the transaction is their caller's when there is one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.audit import Action, create_and_log, log_action
from kobling.core.models import Occupation, Organisation
from kobling.people import services as people
from kobling.people.models import Participant, Source
from kobling.programmes.models import Cohort, Enrolment, EnrolmentStatus, Programme, Reason, Status
from kobling.webhooks import services as webhooks

S = Status
# Which statuses may follow which. Anything else is refused with a reason.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.APPLIED, S.NOT_RELEVANT},
    S.APPLIED: {S.ASSESSING, S.WAITING_LIST, S.WAITING_START, S.NOT_RELEVANT},
    S.ASSESSING: {S.WAITING_LIST, S.WAITING_START, S.NOT_RELEVANT},
    S.WAITING_LIST: {S.ASSESSING, S.WAITING_START, S.NOT_RELEVANT},
    S.WAITING_START: {S.PARTICIPATING, S.WAITING_LIST, S.NOT_RELEVANT},
    S.PARTICIPATING: {S.LEFT, S.COMPLETED, S.BROKEN_OFF},
    S.LEFT: set(),
    S.COMPLETED: set(),
    S.BROKEN_OFF: set(),
    S.NOT_RELEVANT: set(),
}
# Statuses that close an enrolment or refuse a person need a reason.
NEEDS_REASON = {S.LEFT, S.BROKEN_OFF, S.NOT_RELEVANT}


def check_transition(current: str, new: str, reason: str, reason_text: str) -> None:
    """Refuse a status change that makes no sense, or that lacks the reason it needs."""
    if new not in TRANSITIONS.get(current, set()):
        raise ValidationError(
            _("An enrolment cannot go from “%(old)s” to “%(new)s”.")
            % {"old": Status(current).label, "new": Status(new).label}
        )
    if new in NEEDS_REASON and not reason:
        raise ValidationError(_("Choose a reason."))
    if reason and reason not in Reason.values:
        raise ValidationError(_("Choose a reason from the list."))
    if reason == Reason.OTHER and not reason_text.strip():
        raise ValidationError(_("Describe the reason when you choose “Other”."))
    if reason != Reason.OTHER and reason_text:
        raise ValidationError(_("Free text is only for the reason “Other”."))


@transaction.atomic
def enrolment_create(
    *, actor, participant: Participant, programme: Programme, status: str = S.APPLIED, note: str = ""
) -> Enrolment:
    now = timezone.now()
    enrolment = create_and_log(
        Enrolment,
        actor=actor,
        organisation=participant.organisation,
        logged=["programme", "status"],
        participant=participant,
        programme=programme,
        status=status,
        status_since=now,
        referred_by=actor if getattr(actor, "is_authenticated", False) else None,
        referral_note=note,
    )
    EnrolmentStatus.objects.create(
        enrolment=enrolment, status=status, valid_from=now, changed_by=enrolment.referred_by
    )
    return enrolment


@transaction.atomic
def participant_register(
    *,
    actor,
    organisation: Organisation,
    data: dict,
    languages: dict[str, str] | None = None,
    occupations: list[Occupation] | None = None,
    programme: Programme | None = None,
) -> Participant:
    """A person registered directly by the provider (someone who called or walked in, or a system
    through the API), and applied to a programme when one is given: both or neither."""
    participant = people.participant_create(
        actor=actor,
        organisation=organisation,
        data=data,
        languages=languages,
        occupations=occupations,
        source=Source.REGISTERED,
    )
    if programme is not None:
        enrolment_create(actor=actor, participant=participant, programme=programme)
    return participant


# The statuses that hold a seat in a cohort.
OCCUPYING = (S.WAITING_START, S.PARTICIPATING)


def seats_taken(cohort: Cohort) -> int:
    """How many people hold a seat in the cohort (waiting to start or participating)."""
    return Enrolment.objects.filter(cohort=cohort, status__in=OCCUPYING).count()


def cohort_full_error(cohort: Cohort) -> ValidationError:
    """The refusal when a seat is asked for in a full cohort."""
    return ValidationError(
        _(
            "The cohort is full: all %(seats)s seats are taken. "
            "Put the person on the waiting list or choose another cohort."
        )
        % {"seats": cohort.seats}
    )


def lock_cohort_and_enrolment(enrolment: Enrolment) -> tuple[Cohort | None, Enrolment]:
    """Lock the enrolment's cohort, then the enrolment: the one order every seat change takes, so
    two of them never wait for each other. The cohort row is what serialises the seat count."""
    cohort_id = Enrolment.objects.values_list("cohort_id", flat=True).get(pk=enrolment.pk)
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id) if cohort_id else None
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.cohort_id != cohort_id:
        raise ValidationError(_("Someone changed this person's cohort just now. Try again."))
    return cohort, locked


@transaction.atomic
def enrolment_change_status(
    *, enrolment: Enrolment, status: str, actor, reason: str = "", reason_text: str = ""
) -> EnrolmentStatus:
    """The one way an enrolment's status changes, and so the one place a cohort seat is taken or
    given up: a move into a seat-holding status is refused when the cohort is full, and a move to
    the waiting list leaves the cohort."""
    cohort, locked = lock_cohort_and_enrolment(enrolment)
    check_transition(locked.status, status, reason, reason_text)
    if (
        cohort
        and status in OCCUPYING
        and locked.status not in OCCUPYING
        and seats_taken(cohort) >= cohort.seats
    ):
        raise cohort_full_error(cohort)
    now = timezone.now()
    EnrolmentStatus.objects.filter(enrolment=locked, valid_to__isnull=True).update(valid_to=now)
    row = EnrolmentStatus.objects.create(
        enrolment=locked,
        status=status,
        reason=reason,
        reason_text=reason_text.strip(),
        valid_from=now,
        changed_by=actor,
    )
    webhooks.webhook_event_emit(
        event=webhooks.Event.PARTICIPANT_STATUS_CHANGED,
        organisations=[locked.participant.organisation_id],
        data=webhooks.about(
            locked.participant,
            locked,
            programme_id=locked.programme_id,
            old_status=locked.status,
            new_status=status,
        ),
    )
    locked.status, locked.status_since = status, now
    fields = ["status", "status_since"]
    if cohort and status == S.WAITING_LIST:
        locked.cohort = None
        fields.append("cohort")
    locked.save(update_fields=fields)
    enrolment.status, enrolment.status_since, enrolment.cohort_id = status, now, locked.cohort_id
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=locked,
        organisation=locked.participant.organisation,
        fields=["status", "cohort"] if "cohort" in fields else ["status"],
        note=f"{status}"
        + (f" ({reason})" if reason else "")
        + (f"; left cohort {cohort.pk} for the waiting list" if "cohort" in fields else ""),
    )
    return row
