"""Webhooks: subscriptions, the events the feature apps emit, and their signed delivery.

The feature apps call `webhook_event_emit` from their services, inside the transaction of the change:
it writes one `Delivery` per active subscription that wants the event, and each is enqueued on the task
worker when that transaction commits (a rolled-back change sends nothing). `webhook_deliver` is the one
way a delivery leaves, as `email_deliver` is for e-mail: it sends only a queued delivery whose time has
come, records the answer, and tries again with exponential backoff until `WEBHOOK_MAX_ATTEMPTS`, then
gives up (failed). Unlike an e-mail, the row is not kept locked while it is sent (the other end may take
seconds): the attempt is claimed first (its count and its next time written in a short transaction, so
a second task finds nothing to do), sent outside any transaction, and its answer recorded in another.
Only `delivery_resend` ("send again", audited) puts a sent or failed delivery back in the queue.

Every message is signed as the Standard Webhooks specification says (the `standardwebhooks` package):
headers `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
"id.timestamp.body">`), with the subscription's `whsec_` secret."""

import base64
import json
import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from kobling.core.audit import assign_and_log, create_and_log, save_and_log
from kobling.core.models import Organisation
from kobling.webhooks import selectors, transport
from kobling.webhooks.models import Delivery, Event, Subscription

# After a rotation the previous secret signs too, this long, so that the receiver can change over.
SECRET_OVERLAP = timedelta(hours=24)
# What a payload's `data` may hold besides ids (keys ending in `_id`): the change, as codes, dates and
# numbers. Never a name, a national id, free text or health data (a leaving reason may be "ill", so no
# reason is sent); a new key must be added here, where a reviewer sees it.
FACTS = frozenset(
    {
        "old_status",
        "new_status",
        "kind",
        "outcome",
        "start_date",
        "absences_in_a_row",
        "released",
    }
)
MAX_FACT_LENGTH = 40
# Each event is sent to every subscription that wants it: a bound on how far one change fans out.
MAX_SUBSCRIPTIONS = 10
USER_AGENT = "Kobling-Webhooks/1"


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes it: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def _require(actor, organisation_id: int) -> None:
    if not selectors.manages(actor, organisation_id):
        raise PermissionDenied


def _checked_url(url: str) -> str:
    url = (url or "").strip()
    try:
        transport.parse(url)
    except transport.Refused as refused:
        raise ValidationError({"url": str(refused)})
    return url


def _checked_events(events: Iterable[str]) -> list[str]:
    wanted = set(events or ())
    if not wanted or not wanted <= set(Event.values):
        raise ValidationError({"events": _("Choose at least one event.")})
    return [value for value in Event.values if value in wanted]


# ------------------------------------------------------------------ subscriptions
@transaction.atomic(durable=True)
def subscription_create(
    *, actor, organisation: Organisation, url: str, events: Iterable[str], description: str = ""
) -> tuple[Subscription, str]:
    """Subscribe the URL to the events; returns the subscription and its secret, to be shown once."""
    _require(actor, organisation.pk)
    Organisation.objects.select_for_update().get(pk=organisation.pk)  # counted one at a time
    if Subscription.objects.filter(organisation=organisation).count() >= MAX_SUBSCRIPTIONS:
        raise ValidationError(
            _("An organisation can have at most %(count)s subscriptions.") % {"count": MAX_SUBSCRIPTIONS}
        )
    subscription = create_and_log(
        Subscription,
        actor=actor,
        organisation=organisation,
        logged=["url", "events", "description", "secret"],
        url=_checked_url(url),
        events=_checked_events(events),
        description=(description or "").strip()[:200],
        secret=new_secret(),
    )
    return subscription, subscription.secret


@transaction.atomic(durable=True)
def subscription_update(
    *, actor, subscription: Subscription, url: str, events: Iterable[str], description: str, active: bool
) -> list[str]:
    """Change the address, events, description, or turn it off (nothing is sent while it is off)."""
    _require(actor, subscription.organisation_id)
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    values = {
        "url": _checked_url(url),
        "events": _checked_events(events),
        "description": (description or "").strip()[:200],
        "active": bool(active),
    }
    return assign_and_log(locked, values, actor=actor, organisation=locked.organisation)


@transaction.atomic(durable=True)
def subscription_rotate_secret(*, actor, subscription: Subscription) -> str:
    """A new secret, to be shown once; the old one signs too for `SECRET_OVERLAP`."""
    _require(actor, subscription.organisation_id)
    locked = Subscription.objects.select_for_update().get(pk=subscription.pk)
    now = timezone.now()
    locked.previous_secret, locked.previous_secret_until = locked.secret, now + SECRET_OVERLAP
    locked.secret, locked.secret_rotated_at, locked.updated_at = new_secret(), now, now
    save_and_log(
        locked,
        actor=actor,
        organisation=locked.organisation,
        fields=["previous_secret", "previous_secret_until", "secret", "secret_rotated_at", "updated_at"],
        logged=["secret"],
    )
    return locked.secret


# ------------------------------------------------------------------ events
def about(*objects, **facts) -> dict:
    """A payload's data: each object's id under `<model>_id` (an enrolment's: `enrolment_id`), and the
    facts of the change (ids of objects not at hand among them: `programme_id=enrolment.programme_id`)."""
    return {**{f"{obj._meta.model_name}_id": obj.pk for obj in objects}, **facts}


def checked_data(data: dict) -> dict:
    """The change as a payload may carry it: ids and the FACTS, as numbers, codes and ISO dates."""
    clean = {}
    for key, value in data.items():
        if not (key.endswith("_id") or key in FACTS):
            raise ValueError(f"A webhook payload holds ids and the change only, not {key!r}.")
        if isinstance(value, str):
            value = str(value)  # a choice's code, not the enum member
        elif isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat().replace("+00:00", "Z")
        elif isinstance(value, date):
            value = value.isoformat()
        if key.endswith("_id") and not (
            value is None or (isinstance(value, int) and not isinstance(value, bool))
        ):
            raise ValueError(f"{key} must be a number (an id), not {value!r}.")
        if value is not None and not isinstance(value, bool | int | str):
            raise ValueError(f"{key} must be a number, a code or a date, not {type(value).__name__}.")
        if isinstance(value, str) and len(value) > MAX_FACT_LENGTH:
            raise ValueError(f"{key} is a code of at most {MAX_FACT_LENGTH} characters, not free text.")
        clean[key] = value
    return clean


def webhook_event_emit(
    *, event: str, organisations: Iterable[Organisation | int | None], data: dict | Callable[[], dict]
) -> list[Delivery]:
    """Record the event for every active subscription of these organisations (or organisation ids)
    that wants it.

    Called inside the transaction of the change; each delivery is enqueued when it commits. `data` is
    the change (see `checked_data`), or a function that returns it: it is called only when some
    subscription wants the event, so a change that nobody subscribed to costs one query. A status
    "change" to the same status (`old_status` equal to `new_status`) is not an event."""
    if event not in Event.values:
        raise ValueError(f"Unknown webhook event {event!r}.")
    ids = {getattr(organisation, "pk", organisation) for organisation in organisations} - {None}
    wanted = [
        subscription
        for subscription in Subscription.objects.filter(organisation_id__in=ids, active=True)
        if event in subscription.events
    ]
    if not wanted:
        return []
    change = checked_data(data() if callable(data) else data)
    if "new_status" in change and change.get("old_status") == change["new_status"]:
        return []
    now = timezone.now()
    stamp = now.astimezone(UTC).isoformat().replace("+00:00", "Z")
    body = json.dumps({"type": event, "timestamp": stamp, "data": change}, separators=(",", ":"))
    deliveries = []
    for subscription in wanted:
        delivery = Delivery.objects.create(
            subscription=subscription,
            message_id="msg_" + secrets.token_urlsafe(18),
            event=event,
            body=body,
            next_attempt_at=now,
        )
        transaction.on_commit(lambda pk=delivery.pk: delivery_enqueue(delivery_id=pk))
        deliveries.append(delivery)
    return deliveries


# ------------------------------------------------------------------ delivery
def delivery_enqueue(*, delivery_id: int, run_after: datetime | None = None) -> None:
    from kobling.webhooks.tasks import deliver_webhook

    task = deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
    task.enqueue(delivery_id)


def signing_secrets(subscription: Subscription, now: datetime) -> list[str]:
    keys = [subscription.secret]
    until = subscription.previous_secret_until
    if subscription.previous_secret and until and until > now:
        keys.append(subscription.previous_secret)
    return keys


def signed_headers(delivery: Delivery, subscription: Subscription, now: datetime) -> dict[str, str]:
    """The Standard Webhooks headers for one attempt at `now` (one signature per live secret)."""
    body = delivery.body.encode()
    signatures = " ".join(
        Webhook(key).sign(delivery.message_id, now, body) for key in signing_secrets(subscription, now)
    )
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signatures,
    }


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2**attempts)


def _claim(delivery_id: int) -> tuple[Delivery, datetime] | None:
    """Take the next attempt of a queued delivery whose time has come, or None. The attempt is
    counted and the next time set before it is sent, so a second task finds nothing to do, and a
    worker that dies while sending leaves a delivery that `deliveries_requeue` finds later."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        now = timezone.now()
        if delivery is None or delivery.state != Delivery.State.QUEUED or delivery.next_attempt_at > now:
            return None
        if not delivery.subscription.active:
            delivery.state, delivery.last_error = Delivery.State.FAILED, "The subscription is turned off."
            delivery.save(update_fields=["state", "last_error"])
            return None
        delivery.attempts += 1
        delivery.last_attempt_at, delivery.next_attempt_at = now, now + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_attempt_at", "next_attempt_at"])
    return delivery, now


def _record(delivery: Delivery, answer: transport.Answer) -> Delivery:
    with transaction.atomic():
        current = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if current.state != Delivery.State.QUEUED or current.attempts != delivery.attempts:
            return current  # changed meanwhile; the newer state stands
        current.response_code, current.last_error = answer.status, answer.error
        if not answer.error:
            current.state, current.sent_at = Delivery.State.SENT, timezone.now()
        elif current.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            current.state = Delivery.State.FAILED
        current.save(update_fields=["response_code", "last_error", "state", "sent_at"])
        if current.state == Delivery.State.QUEUED:
            transaction.on_commit(
                lambda: delivery_enqueue(delivery_id=current.pk, run_after=current.next_attempt_at)
            )
    return current


def webhook_deliver(*, delivery_id: int) -> Delivery | None:
    """Send one attempt of the delivery if it is queued and its time has come; record the answer."""
    claimed = _claim(delivery_id)
    if claimed is None:
        return None
    delivery, now = claimed
    subscription = delivery.subscription
    answer = transport.post(
        subscription.url, delivery.body.encode(), signed_headers(delivery, subscription, now)
    )
    return _record(delivery, answer)


def deliveries_requeue() -> int:
    """Enqueue every queued delivery whose time has come: one whose task was lost (the process died
    between the commit and the enqueue, or while sending). A second task for one is harmless."""
    due = list(
        Delivery.objects.filter(state=Delivery.State.QUEUED, next_attempt_at__lte=timezone.now()).values_list(
            "pk", flat=True
        )
    )
    for pk in due:
        delivery_enqueue(delivery_id=pk)
    return len(due)


@transaction.atomic(durable=True)
def delivery_resend(*, actor, delivery: Delivery) -> bool:
    """ "Send again": put a sent or failed delivery back in the queue, with the same id (so the receiver
    can tell it is a repeat) and a fresh count of attempts. Refused while it is still queued, or while
    its subscription is turned off."""
    locked = (
        Delivery.objects.select_for_update(of=("self",)).select_related("subscription").get(pk=delivery.pk)
    )
    _require(actor, locked.subscription.organisation_id)
    if locked.state == Delivery.State.QUEUED or not locked.subscription.active:
        return False
    locked.state, locked.attempts, locked.next_attempt_at = Delivery.State.QUEUED, 0, timezone.now()
    locked.response_code, locked.last_error = None, ""
    save_and_log(
        locked,
        actor=actor,
        organisation=locked.subscription.organisation,
        fields=["state", "attempts", "next_attempt_at", "response_code", "last_error"],
        logged=["state"],
        note="send again",
    )
    transaction.on_commit(lambda: delivery_enqueue(delivery_id=locked.pk))
    return True
