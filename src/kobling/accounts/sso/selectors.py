"""Reads for single sign-on: which providers the login page offers, and whose account a token names."""

from urllib.parse import urlsplit

from django.db.models import QuerySet

from kobling.accounts.sso import protocol
from kobling.accounts.sso.models import IdentityProvider
from kobling.core.models import User
from kobling.core.validators import is_valid_national_id


def enabled_providers() -> QuerySet[IdentityProvider]:
    return IdentityProvider.objects.filter(enabled=True).select_related("organisation")


def provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled provider that allows this e-mail's domain (the service keeps domains unique)."""
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    return next((p for p in enabled_providers() if domain in p.allowed_domains), None)


def provider_by_key(key: str) -> protocol.Provider | None:
    """The provider of a login in progress, from the key kept in the session; None when it has been
    switched off meanwhile."""
    if key == protocol.IDPORTEN:
        return protocol.idporten()
    if key.startswith("org") and key[3:].isdigit():
        record = enabled_providers().filter(pk=int(key[3:])).first()
        return protocol.for_organisation(record) if record else None
    return None


def provider_origins() -> list[str]:
    """The origins (scheme, host and port) of every enabled provider and of ID-porten: the only pages
    that may frame the front-channel logout."""
    issuers = [record.issuer for record in enabled_providers()]
    idporten = protocol.idporten()
    if idporten is not None:
        issuers.append(idporten.issuer)
    origins = {f"{parts.scheme}://{parts.netloc}" for parts in map(urlsplit, issuers) if parts.netloc}
    return sorted(origins)


def login_options() -> dict:
    """What the login page offers: the e-mail box when any organisation has single sign-on, and
    ID-porten when it is configured."""
    return {"staff": enabled_providers().exists(), "idporten": protocol.idporten() is not None}


def staff_account(provider: IdentityProvider, email: str) -> User | None:
    """The active account with this e-mail that holds a membership in the provider's organisation."""
    return (
        User.objects.filter(
            email__iexact=email, is_active=True, memberships__organisation_id=provider.organisation_id
        )
        .distinct()
        .first()
    )


def participant_accounts(national_id: str) -> list[User]:
    """The active logins of the participant records with this national identity number (a valid one:
    both check digits, python-stdnum's), through the record's `user` link. More than one means the
    person's records at two providers each have a login; the caller refuses that."""
    if not is_valid_national_id(national_id):
        return []
    return list(User.objects.filter(participant__national_id=national_id, is_active=True)[:2])
