"""Cohort courses: programme set-up from a template, phases, certifications, cohorts and their seats,
status moves, and one person's phases, job readiness and certification attempts. Keyword-only
services, one transaction each, audit rows inside.

The services the demo also composes in its one transaction (programme_create, cohort_create,
cohort_enrol, phase_enter, readiness_set, certification_record) are not durable; the rest are."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

# Lazy, so the module-level templates are translated when shown; `%` on a lazy text gives a str.
from django.utils.translation import gettext_lazy as _

from kobling.core.audit import (
    Action,
    assign_and_log,
    assign_changes,
    create_and_log,
    delete_and_log,
    log_action,
    save_and_log,
    update_and_log,
)
from kobling.core.models import Organisation
from kobling.programmes.courses.selectors import instructor_choices
from kobling.programmes.models import (
    Certification,
    CertificationAttempt,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Phase,
    PhaseRecord,
    Programme,
    Status,
)
from kobling.programmes.services import (
    OCCUPYING,
    cohort_full_error,
    enrolment_change_status,
    seats_taken,
)


@dataclass(frozen=True)
class ProgrammeTemplate:
    """A kind of programme to start from: its phases and certifications are proposed."""

    key: str
    label: str
    description: str
    kind: str
    phases: tuple[str, ...]
    certifications: tuple[tuple[str, str, str], ...] = ()


TEMPLATES = {
    t.key: t
    for t in (
        ProgrammeTemplate(
            "certification_course",
            _("Certification course"),
            _("A course that ends in vendor certifications, then job search."),
            Programme.Kind.COURSE,
            (_("Intake"), _("Course"), _("Certification"), _("Job search")),
        ),
        ProgrammeTemplate(
            "phased_it",
            _("Phased in-house IT programme"),
            _("People learn on planned IT tasks in a company, then take courses and work practice."),
            Programme.Kind.PRACTICE,
            (_("Get to know"), _("Competence"), _("Work practice"), _("Job search")),
        ),
        ProgrammeTemplate(
            "mentor",
            _("Mentor programme"),
            _("Each person is matched with a mentor of the same profession for a period."),
            Programme.Kind.MENTOR,
            (_("Matching"), _("First meeting"), _("Mentor period"), _("Wrap-up")),
        ),
        ProgrammeTemplate(
            "work_practice",
            _("Work practice"),
            _("Work practice with a host employer, then job search."),
            Programme.Kind.PRACTICE,
            (_("Preparation"), _("Work practice"), _("Job search")),
        ),
    )
}

PROGRAMME_FIELDS = ["name", "slug", "kind", "state", "description", "intake_criteria", "accepts_applications"]
COHORT_FIELDS = ["name", "start_date", "end_date", "seats", "location", "weekdays", "absence_alert_after"]
READINESS_FIELDS = ("cv_done_on", "profile_online_on", "mock_interview_on")


# --------------------------------------------------------------------------- programmes


@transaction.atomic
def programme_create(
    *,
    actor,
    organisation: Organisation,
    data: dict,
    phases: list[str],
    certifications: list[tuple[str, str, str]] = (),
) -> Programme:
    fields = {k: data[k] for k in PROGRAMME_FIELDS if k in data}
    programme = Programme.objects.create(organisation=organisation, **fields)
    names = [n.strip() for n in phases if n.strip()]
    Phase.objects.bulk_create(
        Phase(programme=programme, order=order, name=name) for order, name in enumerate(names, start=1)
    )
    Certification.objects.bulk_create(
        Certification(programme=programme, name=name, vendor=vendor, exam_code=code)
        for name, vendor, code in certifications
    )
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=programme,
        organisation=organisation,
        fields=[*fields, "phases"],
    )
    return programme


@transaction.atomic(durable=True)
def programme_update(*, actor, programme: Programme, data: dict) -> list[str]:
    # Compare with the stored row: a bound ModelForm has already written the new values onto `programme`.
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    values = {k: data[k] for k in PROGRAMME_FIELDS if k in data}
    for name, value in values.items():
        setattr(programme, name, value)
    return assign_and_log(locked, values, actor=actor, organisation=programme.organisation)


def _locked_phases(programme: Programme) -> list[Phase]:
    # Locking the programme's phases makes two coordinators editing the order at once take turns.
    return list(Phase.objects.select_for_update().filter(programme=programme).order_by("order"))


@transaction.atomic(durable=True)
def phase_add(*, actor, programme: Programme, name: str) -> Phase:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the phase a name.")})
    phases = _locked_phases(programme)
    order = phases[-1].order + 1 if phases else 1
    return create_and_log(
        Phase,
        actor=actor,
        organisation=programme.organisation,
        logged=["name"],
        programme=programme,
        name=name,
        order=order,
    )


@transaction.atomic(durable=True)
def phase_move(*, actor, phase: Phase, up: bool) -> None:
    phases = _locked_phases(phase.programme)
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(phases):
        return
    a, b = phases[index], phases[other]
    # (programme, order) is unique after every statement, so one phase waits at 0 during the swap.
    Phase.objects.filter(pk=a.pk).update(order=0)
    Phase.objects.filter(pk=b.pk).update(order=a.order)
    Phase.objects.filter(pk=a.pk).update(order=b.order)
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=phase,
        organisation=phase.programme.organisation,
        fields=["order"],
    )


@transaction.atomic(durable=True)
def phase_remove(*, actor, phase: Phase) -> None:
    _locked_phases(phase.programme)
    if PhaseRecord.objects.filter(phase=phase).exists():
        raise ValidationError(
            _("People have been in the phase “%(name)s”, so it stays in their history and cannot be removed.")
            % {"name": phase.name}
        )
    delete_and_log(phase, actor=actor, organisation=phase.programme.organisation, fields=["name"])


@transaction.atomic(durable=True)
def certification_save(
    *, actor, programme: Programme, name: str, vendor: str, exam_code: str, certification=None
) -> Certification:
    values = {"name": name, "vendor": vendor, "exam_code": exam_code}
    if certification is None:
        return create_and_log(
            Certification,
            actor=actor,
            organisation=programme.organisation,
            logged=list(values),
            programme=programme,
            **values,
        )
    # Compare with the stored row: a bound ModelForm has already changed the instance.
    certification = Certification.objects.select_for_update().get(pk=certification.pk)
    assign_and_log(certification, values, actor=actor, organisation=programme.organisation)
    return certification


@transaction.atomic(durable=True)
def certification_remove(*, actor, certification: Certification) -> None:
    if certification.attempts.exists():
        raise ValidationError(
            _("People have attempts at “%(name)s”, so it cannot be removed.") % {"name": certification.name}
        )
    organisation = certification.programme.organisation
    delete_and_log(certification, actor=actor, organisation=organisation, fields=["name"])


# --------------------------------------------------------------------------- cohorts


def _check_cohort(programme: Programme, data: dict, instructors) -> None:
    if data["end_date"] < data["start_date"]:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
    if not data["weekdays"]:
        raise ValidationError({"weekdays": _("Choose at least one teaching day.")})
    allowed = set(instructor_choices(programme).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in instructors):
        raise ValidationError({"instructors": _("Instructors must work for the programme's provider.")})


@transaction.atomic
def cohort_create(*, actor, programme: Programme, data: dict, instructors=()) -> Cohort:
    data = {k: data[k] for k in COHORT_FIELDS if k in data}
    data["weekdays"] = sorted({int(d) for d in data.get("weekdays", [])})
    _check_cohort(programme, data, instructors)
    logged = [*data, "instructors"]
    cohort = create_and_log(
        Cohort, actor=actor, organisation=programme.organisation, logged=logged, programme=programme, **data
    )
    cohort.instructors.set(instructors)
    return cohort


@transaction.atomic(durable=True)
def cohort_update(*, actor, cohort: Cohort, data: dict, instructors=()) -> list[str]:
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    data = {k: data[k] for k in COHORT_FIELDS if k in data}
    data["weekdays"] = sorted({int(d) for d in data.get("weekdays", [])})
    _check_cohort(cohort.programme, data, instructors)
    taken = seats_taken(locked)
    if data["seats"] < taken:
        raise ValidationError(
            {
                "seats": _("%(taken)s people already hold a seat; there cannot be fewer seats.")
                % {"taken": taken}
            }
        )
    saved = assign_changes(locked, data)
    changed = list(saved)
    if {u.pk for u in instructors} != set(locked.instructors.values_list("pk", flat=True)):
        locked.instructors.set(instructors)
        changed.append("instructors")
    if changed:
        # Saving no fields (only the instructors changed) writes nothing.
        organisation = cohort.programme.organisation
        save_and_log(locked, actor=actor, organisation=organisation, fields=saved, logged=changed)
    return changed


@transaction.atomic
def cohort_enrol(*, actor, cohort: Cohort, enrolment: Enrolment) -> Enrolment:
    """Give a person a seat. Never more than `seats` people hold one, even when two coordinators
    hand out the last seat at the same moment."""
    # The cohort row is the lock: the second of two concurrent calls waits here, and then counts
    # the first one's seat.
    locked_cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.programme_id != locked_cohort.programme_id:
        raise ValidationError(_("The person is not enrolled in this cohort's programme."))
    if locked.cohort_id == locked_cohort.pk:
        raise ValidationError(_("The person is already in this cohort."))
    if locked.status not in OCCUPYING:
        raise ValidationError(
            _(
                "Only people who are waiting to start or participating can get a seat; "
                "this person is “%(status)s”."
            )
            % {"status": locked.get_status_display()}
        )
    if seats_taken(locked_cohort) >= locked_cohort.seats:
        raise cohort_full_error(locked_cohort)
    note = f"cohort {locked_cohort.pk}"
    update_and_log(
        locked, actor=actor, organisation=cohort.programme.organisation, note=note, cohort=locked_cohort
    )
    enrolment.cohort = locked_cohort
    return enrolment


@transaction.atomic(durable=True)
def cohort_change_status(
    *, actor, cohort: Cohort, enrolment: Enrolment, status: str, reason: str = "", reason_text: str = ""
) -> EnrolmentStatus:
    """One person's status move from the cohort page; the seat rule is enrolment_change_status's."""
    if enrolment.cohort_id != cohort.pk:
        raise ValidationError(_("The person is not in this cohort."))
    return enrolment_change_status(
        enrolment=enrolment, status=status, actor=actor, reason=reason, reason_text=reason_text
    )


@transaction.atomic(durable=True)
def cohort_start(*, actor, cohort: Cohort) -> int:
    """Everyone waiting to start becomes participating, all or nobody."""
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    waiting = list(
        Enrolment.objects.select_for_update()
        .filter(cohort=cohort, status=Status.WAITING_START)
        .order_by("pk")
    )
    for enrolment in waiting:
        enrolment_change_status(enrolment=enrolment, status=Status.PARTICIPATING, actor=actor)
    return len(waiting)


# --------------------------------------------------------------------------- one person


@transaction.atomic
def phase_enter(*, actor, enrolment: Enrolment, phase: Phase, started_on: date) -> PhaseRecord:
    """Close the current phase on `started_on` and open `phase` from that day."""
    locked = Enrolment.objects.select_for_update().select_related("participant").get(pk=enrolment.pk)
    if phase.programme_id != locked.programme_id:
        raise ValidationError({"phase": _("Choose a phase of this programme.")})
    history = PhaseRecord.objects.filter(enrolment=locked)
    current = history.filter(ended_on__isnull=True).first()
    if current is not None and current.phase_id == phase.pk:
        raise ValidationError({"phase": _("The person is already in this phase.")})
    latest = history.aggregate(latest=Max("started_on"))["latest"]
    if latest is not None and started_on < latest:
        raise ValidationError(
            {
                "started_on": _("The phase cannot start before %(date)s, when the previous phase started.")
                % {"date": date_format(latest, "SHORT_DATE_FORMAT")}
            }
        )
    if current is not None:
        current.ended_on = started_on
        current.save(update_fields=["ended_on"])
    return create_and_log(
        PhaseRecord,
        actor=actor,
        organisation=locked.participant.organisation,
        logged=["phase", "started_on"],
        note=f"participant {locked.participant_id}",
        enrolment=locked,
        phase=phase,
        started_on=started_on,
        recorded_by=actor,
    )


@transaction.atomic
def readiness_set(*, actor, enrolment: Enrolment, values: dict[str, date | None]) -> list[str]:
    """CV done, profile online, mock interview done: each a date, or None to clear it."""
    values = {k: values[k] for k in READINESS_FIELDS if k in values}
    return assign_and_log(enrolment, values, actor=actor, organisation=enrolment.participant.organisation)


# --------------------------------------------------------------------------- certifications

A = CertificationAttempt.State
# Which state may follow the latest attempt's. After "failed", planned or booked is a retake.
NEXT_STATES: dict[str | None, tuple[str, ...]] = {
    None: (A.PLANNED, A.BOOKED),
    A.PLANNED: (A.PLANNED, A.BOOKED),
    A.BOOKED: (A.BOOKED, A.PASSED, A.FAILED, A.PLANNED),
    A.FAILED: (A.FAILED, A.PLANNED, A.BOOKED),
    A.PASSED: (A.PASSED,),
}


def check_attempt(
    *, current: str | None, state: str, exam_date: date | None, fee: Decimal, nav_pays: Decimal
) -> None:
    errors: dict[str, str] = {}
    if state not in NEXT_STATES[current]:
        errors["state"] = _("A certification cannot go from “%(old)s” to “%(new)s”.") % {
            "old": A(current).label if current else _("not started"),
            "new": A(state).label,
        }
    if state != A.PLANNED and exam_date is None:
        errors["exam_date"] = _("Give the exam date.")
    elif state in (A.PASSED, A.FAILED) and exam_date > timezone.localdate():
        errors["exam_date"] = _("The exam is on %(date)s: its result can be recorded from that day.") % {
            "date": date_format(exam_date, "SHORT_DATE_FORMAT")
        }
    if fee < 0:
        errors["fee"] = _("The fee cannot be negative.")
    if nav_pays < 0:
        errors["nav_pays"] = _("The amount cannot be negative.")
    elif nav_pays > fee:
        errors["nav_pays"] = _("NAV cannot pay more than the fee.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def certification_record(
    *,
    actor,
    enrolment: Enrolment,
    certification: Certification,
    state: str,
    exam_date: date | None = None,
    fee: Decimal = Decimal(0),
    nav_pays: Decimal = Decimal(0),
) -> CertificationAttempt:
    """Move a person's certification on: planned → exam booked → passed or failed; after failed,
    planned or booked starts a new attempt."""
    locked = Enrolment.objects.select_for_update().select_related("participant").get(pk=enrolment.pk)
    if certification.programme_id != locked.programme_id:
        raise ValidationError(_("The certification does not belong to this programme."))
    latest = (
        CertificationAttempt.objects.filter(enrolment=locked, certification=certification)
        .order_by("-attempt")
        .first()
    )
    check_attempt(
        current=latest.state if latest else None, state=state, exam_date=exam_date, fee=fee, nav_pays=nav_pays
    )
    values = {"state": state, "exam_date": exam_date, "fee": fee, "nav_pays": nav_pays}
    organisation, note = locked.participant.organisation, f"participant {locked.participant_id}"
    if latest is None or (latest.state == A.FAILED and state != A.FAILED):
        return create_and_log(
            CertificationAttempt,
            actor=actor,
            organisation=organisation,
            logged=[k for k, v in values.items() if v not in (None, 0)],
            note=note,
            enrolment=locked,
            certification=certification,
            attempt=latest.attempt + 1 if latest else 1,
            **values,
        )
    assign_and_log(latest, values, actor=actor, organisation=organisation, note=note)
    return latest
