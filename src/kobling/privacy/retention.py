"""Retention: finding what has expired under each automatic rule of `processing.RULES`.

`services.retention_run` runs them (each erasure in its own transaction, the rest in one) and
records the counts; `kobling privacy retention` and the daily task call it.
"""

from datetime import datetime, timedelta

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant
from kobling.privacy.processing import LOGIN_THROTTLE, OUTBOX_BODY, PARTICIPANT, RULES, WEBHOOK_DELIVERY
from kobling.programmes.models import ENDED, Enrolment
from kobling.webhooks.models import Delivery


def years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


def expired_participants(now: datetime) -> QuerySet[Participant]:
    """People not yet erased, with no open enrolment, whose last enrolment ended, whose record was
    made and whose last activity all lie more than the period back."""
    cutoff = years_before(now, RULES[PARTICIPANT].period)
    still_open = Enrolment.objects.filter(participant=OuterRef("pk")).exclude(status__in=ENDED)
    return (
        Participant.objects.filter(erasure__isnull=True, created_at__lt=cutoff)
        .exclude(Exists(still_open))
        .annotate(last_end=Max("enrolments__status_since"))
        .filter(Q(last_end__isnull=True) | Q(last_end__lt=cutoff))
        .filter(Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=cutoff))
        .order_by("pk")
    )


def expired_outbox(now: datetime) -> QuerySet[OutboxEmail]:
    """Sent or failed e-mails queued more than the period back that still have a body."""
    cutoff = now - timedelta(days=RULES[OUTBOX_BODY].period)
    done = (OutboxEmail.State.SENT, OutboxEmail.State.FAILED)
    return OutboxEmail.objects.filter(created_at__lt=cutoff, state__in=done).exclude(body="", attachments=[])


def clear_outbox(now: datetime) -> int:
    return expired_outbox(now).update(body="", attachments=[], tokens=[])


def expired_deliveries(now: datetime) -> QuerySet[Delivery]:
    """Webhook deliveries sent or failed for good, queued more than the period back (a queued one
    waits for the worker, however old)."""
    cutoff = now - timedelta(days=RULES[WEBHOOK_DELIVERY].period)
    done = (Delivery.State.SENT, Delivery.State.FAILED)
    return Delivery.objects.filter(created_at__lt=cutoff, state__in=done)


def expired_login_attempts(now: datetime) -> list[QuerySet]:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    cutoff = now - timedelta(days=RULES[LOGIN_THROTTLE].period)
    return [
        model.objects.filter(attempt_time__lt=cutoff)
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
    ]


def count_login_attempts(now: datetime) -> int:
    return sum(queryset.count() for queryset in expired_login_attempts(now))


def delete_login_attempts(now: datetime) -> int:
    """Counts the attempts themselves, not the expiry rows deleted with them."""
    return sum(qs.delete()[1].get(qs.model._meta.label, 0) for qs in expired_login_attempts(now))
