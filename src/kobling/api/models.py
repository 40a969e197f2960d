"""API tokens: a bearer secret that acts as one user within one organisation, for a set of scopes.

Only the SHA-256 digest of the secret is stored (a random secret needs no slow hash: nobody can guess
it, and a digest lookup is one indexed query). The first characters stay in clear (`prefix`) so people
can tell their tokens apart on the token page; the whole secret is shown once, when it is made."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Organisation


class Scope(models.TextChoices):
    PARTICIPANTS_READ = "participants:read", _("Read participants and their enrolments")
    PARTICIPANTS_WRITE = "participants:write", _("Register and change participants")
    ENROLMENTS_WRITE = "enrolments:write", _("Change enrolment statuses")
    TIMELINE_READ = "timeline:read", _("Read timeline entries (never sensitive ones)")
    TIMELINE_WRITE = "timeline:write", _("Add timeline entries")
    ATTENDANCE_WRITE = "attendance:write", _("Record attendance")
    OUTCOMES_WRITE = "outcomes:write", _("Record outcomes")
    EVENTS_READ = "events:read", _("Read recruitment events and registrations")
    EVENTS_WRITE = "events:write", _("Register candidates for events")
    FEEDBACK_WRITE = "feedback:write", _("Give interview feedback")


class ApiToken(models.Model):
    """Acts as `user` within `organisation` only: the user's memberships elsewhere do not count."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("acts as"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16)  # the start of the secret, shown to tell tokens apart
    digest = models.CharField(max_length=64, unique=True)  # sha256 of the whole secret, hex
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """How audit notes name the token: its name and the start of its secret."""
        return f"API token “{self.name}” ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
