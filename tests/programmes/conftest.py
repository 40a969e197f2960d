"""Helpers the programme tests share (courses, attendance, and the course pages' browser tests): a
cohort, and people accepted into a programme or seated in a cohort."""

from datetime import date

from kobling.programmes.courses.services import cohort_enrol
from kobling.programmes.models import Cohort, Status
from kobling.programmes.services import enrolment_change_status
from tests.conftest import make_participant


def make_cohort(programme, *, seats=10, start=date(2026, 3, 2), end=date(2026, 6, 26), **fields):
    return Cohort.objects.create(
        programme=programme,
        name=fields.pop("name", "Vår 2026"),
        start_date=start,
        end_date=end,
        seats=seats,
        weekdays=fields.pop("weekdays", [0, 1, 2, 3, 4]),
        **fields,
    )


def accepted(provider, programme, coordinator, *, first="Ola", last="Nordmann", **fields):
    """A person accepted into the programme: waiting to start, not yet in a cohort."""
    participant = make_participant(
        provider, first=first, last=last, programme=programme, actor=coordinator, **fields
    )
    enrolment = participant.enrolments.get()
    enrolment_change_status(enrolment=enrolment, status=Status.WAITING_START, actor=coordinator)
    return enrolment


def seat(cohort, coordinator, *, first="Ola", last="Nordmann", participating=True, **fields):
    programme = cohort.programme
    enrolment = accepted(programme.organisation, programme, coordinator, first=first, last=last, **fields)
    cohort_enrol(actor=coordinator, cohort=cohort, enrolment=enrolment)
    if participating:
        enrolment_change_status(enrolment=enrolment, status=Status.PARTICIPATING, actor=coordinator)
    return enrolment
