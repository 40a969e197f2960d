"""The one write of the insights pages: a warning's suggested next step becomes a task, assigned to
the person who clicked, due in a week, through `people.services.task_create` (audited there)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.selectors import get_or_404
from kobling.insights.warnings import SIGNALS, participating_visible_to, step_title
from kobling.people.models import Task
from kobling.people.services import task_create

DUE_DAYS = 7


@transaction.atomic(durable=True)
def warning_task_create(*, actor, enrolment_pk: int, signal: str) -> Task:
    """The task the signal suggests for a participating person the actor follows (404 otherwise)."""
    enrolment = get_or_404(participating_visible_to(actor), pk=enrolment_pk)
    if signal not in SIGNALS:
        raise ValidationError(_("Choose one of the suggested next steps."))
    participant = enrolment.participant
    return task_create(
        actor=actor,
        organisation=participant.organisation,
        title=step_title(signal, participant.full_name),
        assignee=actor,
        due=timezone.localdate() + timedelta(days=DUE_DAYS),
        participant=participant,
    )
