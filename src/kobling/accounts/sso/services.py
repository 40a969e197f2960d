"""Single sign-on: an organisation's identity provider saved by a platform admin, and a login checked
against the accounts that exist. Never an account made from a login: staff are matched on a verified
e-mail in an allowed domain and a membership in the provider's organisation, participants on the
national identity number in ID-porten's `pid` claim. Every refusal and every login is a security event.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.accounts.sso import protocol, selectors
from kobling.accounts.sso.models import IdentityProvider, ProviderSession
from kobling.core import mfa
from kobling.core.audit import log_action, log_security_event
from kobling.core.models import AuditLog, Organisation, User

Action = AuditLog.Action
# A successful single sign-on is a security event of its own, with a note naming the provider.
LOGIN_ACTION = Action.LOGIN
UNKNOWN_LABEL_LENGTH = 64  # of an e-mail that has no account, all that is kept (as core/security.py)
# Session, from logging out until the provider sends the browser back: {"state": ..., "label": ...}.
LOGGED_OUT = "kobling_sso_logged_out"


class Refused(Exception):
    """The login is refused; `reason` picks the explanation the person sees (see views.REASONS)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@transaction.atomic(durable=True)
def identity_provider_save(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    issuer: str,
    client_id: str,
    client_secret: str,
    allowed_domains: list[str],
    enabled: bool,
) -> IdentityProvider:
    """Create or change the organisation's identity provider. An empty `client_secret` keeps the one
    stored (the form never shows it). A domain belongs to one enabled provider only, since the login
    page picks the provider by the e-mail's domain."""
    record = IdentityProvider.objects.select_for_update().filter(organisation=organisation).first()
    record = record or IdentityProvider(organisation=organisation)
    if not client_secret and not record.client_secret:
        raise ValidationError({"client_secret": _("Write the client secret.")})
    if enabled:
        taken = sorted(
            domain
            for other in IdentityProvider.objects.filter(enabled=True).exclude(organisation=organisation)
            for domain in other.allowed_domains
            if domain in allowed_domains
        )
        if taken:
            raise ValidationError(
                {
                    "allowed_domains": _("Another organisation logs in with %(domains)s.")
                    % {"domains": ", ".join(taken)}
                }
            )
    changed = [
        field
        for field, value in (
            ("name", name),
            ("issuer", issuer),
            ("client_id", client_id),
            ("allowed_domains", allowed_domains),
            ("enabled", enabled),
        )
        if getattr(record, field) != value
    ]
    if client_secret:
        changed.append("client_secret")  # the audit keeps field names only, never the value
        record.client_secret = client_secret
    record.name, record.issuer, record.client_id = name, issuer, client_id
    record.allowed_domains, record.enabled, record.updated_at = allowed_domains, enabled, timezone.now()
    creating = record.pk is None
    record.save()
    log_action(
        actor=actor,
        action=Action.CREATE if creating else Action.UPDATE,
        obj=record,
        organisation=organisation,
        fields=changed,
    )
    return record


def sso_log_in(*, request) -> str:
    """The callback of a login this session started: the token is checked and the account found
    (`sso_authenticate`), and the browser logged in. The provider's second factor spares the local
    one; the session remembers its provider and ID token for logging out, and the provider's session
    id (`sid`), when it sends one, is kept against it for the provider's front-channel logout.
    Returns where to go next; raises `Refused` after writing the security event."""
    user, identity, onward = sso_authenticate(request=request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    protocol.remember(request, identity)
    if identity.mfa:
        mfa.passed_at_identity_provider(request)
    if identity.sid:
        with transaction.atomic(durable=True):
            oldest = timezone.now() - timedelta(hours=settings.SESSION_ABSOLUTE_HOURS)
            ProviderSession.objects.filter(created_at__lt=oldest).delete()
            ProviderSession.objects.create(
                issuer=identity.provider.issuer,
                sid=identity.sid,
                session_key=request.session.session_key,
                user=user,
            )
    return onward


def sso_authenticate(*, request) -> tuple[User, protocol.Identity, str]:
    """The token of a login this session started is checked (protocol.finish) and the account found.
    Returns the user, what the token says and where to go next; raises `Refused` after writing the
    security event."""
    pending = protocol.pending_provider(request)
    if pending is None:
        raise _refused("no login in progress (state missing or used)", reason="state")
    key, onward = pending
    provider = selectors.provider_by_key(key)
    if provider is None:
        raise _refused(f"provider {key} no longer enabled", reason="provider")
    try:
        identity = protocol.finish(request, provider)
    except protocol.Failed as failure:
        raise _refused(
            f"{provider.label}: {failure.reason}", reason="token", organisation=provider.organisation
        )
    user = _participant(identity) if provider.is_idporten else _staff(identity)
    note = f"logged in with single sign-on ({provider.label})"
    if identity.mfa:
        note += ", second factor at the identity provider"
    log_security_event(action=LOGIN_ACTION, user=user, organisation=provider.organisation, note=note)
    return user, identity, onward


def _staff(identity: protocol.Identity) -> User:
    provider = identity.provider
    record, email = provider.record, identity.email
    where = {"organisation": provider.organisation, "label": email[:UNKNOWN_LABEL_LENGTH]}
    if not email or not identity.email_verified:
        raise _refused(f"{provider.label}: e-mail not verified by the provider", reason="unverified", **where)
    if not record.allows(email):
        raise _refused(f"{provider.label}: e-mail domain not allowed", reason="domain", **where)
    user = selectors.staff_account(record, email)
    if user is None:
        raise _refused(
            f"{provider.label}: no account with this e-mail in the organisation", reason="unknown", **where
        )
    return user


def _participant(identity: protocol.Identity) -> User:
    users = selectors.participant_accounts(identity.national_id)
    if len(users) != 1:
        # The number itself never reaches the audit log.
        note = "no participant login with this national id" if not users else "several logins share it"
        raise _refused(f"ID-porten: {note}", reason="unknown_participant", label="ID-porten")
    return users[0]


def _refused(note: str, *, reason: str, organisation: Organisation | None = None, label: str = "") -> Refused:
    """Write the security event of a refused login; returns the exception to raise."""
    log_security_event(
        action=Action.LOGIN_FAILED,
        organisation=organisation,
        label=label or "single sign-on",
        note=f"single sign-on refused: {note}"[:300],
    )
    return Refused(reason)


def sso_begin(*, request, provider: protocol.Provider, redirect_uri: str, next_path: str = "") -> str:
    """Start a login at the provider (kept in the session only); returns the provider's URL. Raises
    `Refused` when the provider cannot be reached."""
    try:
        return protocol.start(request, provider, redirect_uri=redirect_uri, next_path=next_path)
    except protocol.Failed as failure:
        raise _refused(
            f"{provider.label}: {failure.reason}", reason="unreachable", organisation=provider.organisation
        )


@dataclass(frozen=True)
class Logout:
    """How a logout went. `label` names the identity provider the session had logged in with (empty
    after a password login); `url` is where the browser finishes logging out there, or None when the
    provider offers no logout or cannot be reached, so the person must be told they may still be
    logged in at it."""

    label: str = ""
    url: str | None = None


def sso_logout(*, request, return_uri: str) -> Logout:
    """Log the session out of Kobling. When it logged in with single sign-on, also find where the
    provider ends its own session (with the ID token as `id_token_hint`, and a new `state` kept in
    the fresh session for `sso_logged_out`), so nobody at a shared computer is let in as the person
    by the provider's session afterwards."""
    signed_in = protocol.signed_in_with(request)
    if request.session.session_key:
        ProviderSession.objects.filter(session_key=request.session.session_key).delete()
    logout(request)
    if signed_in is None:
        return Logout()
    key, id_token = signed_in
    provider = selectors.provider_by_key(key)
    if provider is None:
        return Logout(label=_("your identity provider"))
    state = secrets.token_urlsafe(24)
    try:
        url = protocol.end_session_url(provider, id_token=id_token, return_uri=return_uri, state=state)
    except protocol.Failed:
        url = None
    if url:
        request.session[LOGGED_OUT] = {"state": state, "label": provider.label}
    return Logout(label=provider.label, url=url)


def sso_logged_out(*, request, state: str) -> str | None:
    """The provider sent the browser back after logging out: the provider's name when `state` is the
    one this browser was sent with (it works once), else None."""
    pending = request.session.pop(LOGGED_OUT, None)
    if (
        not isinstance(pending, dict)
        or not state
        or not secrets.compare_digest(str(pending.get("state")), state)
    ):
        return None
    return str(pending.get("label") or "")


def sso_front_channel_logout(*, issuer: str, sid: str) -> int:
    """The provider says its session `sid` has ended (OpenID Connect Front-Channel Logout, in an
    iframe, so without Kobling's cookie): end every Kobling session it logged in. Returns how many."""
    if not issuer or not sid:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic(durable=True):
        rows = list(ProviderSession.objects.select_for_update().filter(issuer=issuer, sid=sid))
        for row in rows:
            store(session_key=row.session_key).delete()
        ProviderSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
