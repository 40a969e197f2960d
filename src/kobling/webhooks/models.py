"""Webhook subscriptions of an organisation, and one delivery row per event sent to each of them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Organisation, Outgoing
from kobling.core.sealed import SealedTextField


class Event(models.TextChoices):
    """The events an organisation can subscribe to; the value is the payload's `type`."""

    PARTICIPANT_STATUS_CHANGED = "participant.status_changed", _("A participant's status changed")
    OUTCOME_RECORDED = "outcome.recorded", _("An outcome was recorded")
    ATTENDANCE_ALERT = "attendance.alert", _("Unexcused absences in a row reached the alert")
    INTERVIEW_FEEDBACK_GIVEN = "interview.feedback_given", _("An employer gave interview feedback")
    MENTORSHIP_STATUS_CHANGED = "mentorship.status_changed", _("A mentor pair's status changed")


class Subscription(models.Model):
    """An HTTPS address that gets the organisation's events, signed with the subscription's secret.

    The secret must be at hand to sign (an HMAC key), so it is stored sealed (`core.sealed`), not
    hashed; it is shown once, when it is made or rotated, and never again. After a rotation the
    previous secret also signs for a day (`previous_secret_until`), so the receiver can change over
    without losing a message."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    url = models.CharField(_("address (URL)"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = SealedTextField()
    previous_secret = SealedTextField(blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    secret_rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "url", "id"]
        indexes = [models.Index(fields=["organisation", "active"])]

    def __str__(self) -> str:
        return self.url

    @property
    def event_labels(self) -> list[str]:
        return [Event(value).label for value in self.events if value in Event.values]


class Delivery(Outgoing):
    """One event for one subscription: the exact body that is signed and sent, and how it went.

    `message_id` is the `webhook-id` header: the same on every attempt and on "send again", so the
    receiver can tell a repeat from a new message."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=40, unique=True)
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    body = models.TextField()
    # Outgoing's state and attempts, with the labels the webhook page shows.
    state = models.CharField(
        _("status"), max_length=10, choices=Outgoing.State.choices, default=Outgoing.State.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta(Outgoing.Meta):
        indexes = [models.Index(fields=["subscription", "-created_at"]), *Outgoing.Meta.indexes]

    def __str__(self) -> str:
        return f"{self.event} {self.message_id}"
