"""What the privacy app records itself: which records were erased, and each retention run.

Neither holds personal data: an erasure row points at the anonymised participant row (which stays,
so results tables and reports keep their counts), a retention run holds counts only.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    """The participant row was anonymised. One per record, so nobody is erased twice."""

    class Reason(models.TextChoices):
        REQUEST = "request", _("At the person's request")
        RETENTION = "retention", _("The retention period ran out")

    participant = models.OneToOneField("people.Participant", on_delete=models.CASCADE, related_name="erasure")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure {self.pk} ({self.reason})"


class RetentionRun(models.Model):
    """One run of the retention job: what it anonymised or removed, counted per kind."""

    at = models.DateTimeField(default=timezone.now)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Retention run {self.at:%Y-%m-%d %H:%M}"
