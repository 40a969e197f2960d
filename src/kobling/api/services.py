"""Making, revoking and using API tokens. Each write is one transaction with its audit row.

A token is made by a coordinator of the organisation on the web, or on the command line (no actor);
the secret is returned once and only its digest is kept."""

import datetime
import ipaddress
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.api.models import ApiToken, Scope
from kobling.api.selectors import TOKEN_PREFIX, digest_of
from kobling.core.audit import Action, create_and_log, log_action, save_and_log
from kobling.core.models import Membership, Organisation, User

# How often the last-used time is written for a token in steady use: not on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def check_token_values(*, name: str, scopes: list[str], days: int) -> dict[str, str]:
    """The problems with a token's name, scopes and lifetime, by field (empty when there are none)."""
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the token a name that says what uses it.")
    elif len(name.strip()) > 100:
        errors["name"] = _("The name can be at most 100 characters.")
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        errors["scopes"] = _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}
    elif not scopes:
        errors["scopes"] = _("Choose at least one scope.")
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        errors["days"] = _("A token lasts from 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS}
    return errors


@transaction.atomic(durable=True)
def token_create(
    *, actor: User | None, organisation: Organisation, user: User, name: str, scopes: list[str], days: int
) -> tuple[ApiToken, str]:
    """Make a token acting as `user` within `organisation`; returns it and its secret (shown once)."""
    errors = check_token_values(name=name, scopes=scopes, days=days)
    if not user.is_active or not Membership.objects.filter(user=user, organisation=organisation).exists():
        errors["user"] = _("%(email)s is not a member of %(organisation)s.") % {
            "email": user.email,
            "organisation": organisation.name,
        }
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    scopes = sorted(set(scopes))
    token = create_and_log(
        ApiToken,
        actor=actor,
        organisation=organisation,
        logged=["name", "scopes", "expires_at"],
        note=f"acts as user {user.pk}; scopes {', '.join(scopes)}; {days} days",
        user=user,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 8],
        digest=digest_of(secret),
        scopes=scopes,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return token, secret


@transaction.atomic(durable=True)
def token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke the token at once: its next request gets a 401."""
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This token is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    save_and_log(
        locked,
        actor=actor,
        organisation=locked.organisation,
        fields=["revoked_at", "revoked_by"],
        logged=["revoked_at"],
    )
    token.revoked_at, token.revoked_by = locked.revoked_at, locked.revoked_by
    return token


def token_used(token: ApiToken, address: str) -> None:
    """Remember when and from where the token was last used; written at most once a minute unless the
    address changes (one UPDATE, no audit row: the writes it makes are audited themselves)."""
    now = timezone.now()
    try:
        address = str(ipaddress.ip_address(address))
    except ValueError:
        address = None
    if token.last_used_at and now - token.last_used_at < LAST_USED_EVERY and token.last_used_ip == address:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, last_used_ip=address)
    token.last_used_at, token.last_used_ip = now, address


def token_noted(*, token: ApiToken, actor, action: Action, obj: models.Model, what: str = "") -> None:
    """The audit row that names the token beside the rows the web's services wrote for a change made
    through the API (their actor is the token's user): inside the change's transaction."""
    log_action(
        actor=actor,
        action=action,
        obj=obj,
        organisation=token.organisation,
        note=(f"through {token.label}" + (f": {what}" if what else ""))[:300],
    )


@transaction.atomic(durable=True)
def token_noted_after(*, token: ApiToken, actor, action: Action, obj: models.Model, what: str = "") -> None:
    """`token_noted` in a transaction of its own, after a durable service of another app."""
    token_noted(token=token, actor=actor, action=action, obj=obj, what=what)
