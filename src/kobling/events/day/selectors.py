"""The day itself, for its organisers: which slot is next, and who is expected."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from kobling.core.selectors import get_or_404
from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, EventStatus
from kobling.events.selectors import event_managed_or_404

ON_THE_DAY = (EventStatus.PUBLISHED, EventStatus.HELD)


def current_slot(event: Event, now: datetime | None = None) -> int:
    """The first slot that has not started yet (all of them before the day, none after)."""
    now = now or timezone.now()
    for i, (start, _end) in enumerate(event.slots()):
        if start > now:
            return i
    return len(event.slots())


def slot_in_progress(event: Event, now: datetime | None = None) -> int | None:
    """The slot running now, if any (None before the first slot, in a break and after the last)."""
    now = now or timezone.now()
    return next((i for i, (start, end) in enumerate(event.slots()) if start <= now < end), None)


def day_candidates(event: Event) -> QuerySet[CandidateRegistration]:
    return CandidateRegistration.objects.filter(
        event=event, state=CandidateRegistration.State.REGISTERED
    ).select_related("participant", "advisor")


def day_employers(event: Event) -> QuerySet[EmployerRegistration]:
    return EmployerRegistration.objects.filter(
        event=event, state=EmployerRegistration.State.REGISTERED
    ).select_related("organisation")


def candidate_on_the_day_or_404(user, pk) -> tuple[CandidateRegistration, Event]:
    """A candidate's registration and its event, for the event's organisers; a 404 for everyone else."""
    reg = get_or_404(CandidateRegistration.objects.select_related("event", "participant"), pk=pk)
    return reg, event_managed_or_404(user, reg.event_id)


def employer_on_the_day_or_404(user, pk) -> tuple[EmployerRegistration, Event]:
    """An employer's registration and its event, for the event's organisers; a 404 for everyone else."""
    reg = get_or_404(EmployerRegistration.objects.select_related("event", "organisation"), pk=pk)
    return reg, event_managed_or_404(user, reg.event_id)
