from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.models import Organisation
from kobling.core.sealed import SealedTextField


class IdentityProvider(models.Model):
    """An organisation's identity provider for its staff (Entra ID or any OpenID Connect issuer), set
    by a platform admin. Only a person who already has an account and a membership in the organisation,
    with an e-mail in one of `allowed_domains` that the provider has verified, logs in through it."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    name = models.CharField(
        _("name shown on the login page"), max_length=80, help_text=_("For example Microsoft Entra ID.")
    )
    issuer = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=200)
    client_secret = SealedTextField(_("client secret"))  # sealed in the database (core.sealed)
    allowed_domains = models.JSONField(_("allowed e-mail domains"), default=list)
    enabled = models.BooleanField(_("enabled"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identity provider")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    def allows(self, email: str) -> bool:
        domain = email.rpartition("@")[2].lower()
        return bool(domain) and domain in self.allowed_domains


class ProviderSession(models.Model):
    """Which Kobling session a provider's session (`sid` at `issuer`) logged in, so that the provider's
    front-channel logout, which arrives without Kobling's cookie, can end it. Rows outlive their
    session by at most `SESSION_ABSOLUTE_HOURS` (pruned at each single sign-on)."""

    issuer = models.CharField(max_length=300)
    sid = models.CharField(max_length=200)
    session_key = models.CharField(max_length=40)
    user = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["issuer", "sid"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.issuer} {self.sid}"
