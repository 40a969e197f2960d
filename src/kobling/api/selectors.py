"""Reads of API tokens: the tokens a coordinator manages, and the token a bearer secret names."""

import hashlib

from django.db.models import QuerySet

from kobling.api.models import ApiToken
from kobling.core import access
from kobling.core.models import Organisation
from kobling.core.roles import Cap

# Every token starts with this, so a secret pasted in the wrong place is recognised (secret scanners).
TOKEN_PREFIX = "kob_"


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", errors="surrogatepass")).hexdigest()


# Who manages an organisation's tokens: its coordinators (the role that holds this capability).
MANAGE_TOKENS = Cap.EDIT_PARTICIPANTS


def token_organisations(user) -> list[Organisation]:
    """The organisations whose tokens the user manages."""
    return access.organisations_with(user, MANAGE_TOKENS)


def tokens_visible_to(user) -> QuerySet[ApiToken]:
    """The tokens of the organisations the user coordinates, newest first."""
    ids = [o.pk for o in token_organisations(user)]
    return ApiToken.objects.filter(organisation_id__in=ids).select_related("user", "organisation")


def token_for_secret(secret: str) -> ApiToken | None:
    """The token this bearer secret belongs to, whatever its state (the caller checks it), or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    return ApiToken.objects.select_related("user", "organisation").filter(digest=digest_of(secret)).first()


def acts_in(token: ApiToken) -> bool:
    """Whether the token's user still holds a membership in the token's organisation."""
    return any(m.organisation_id == token.organisation_id for m in access.memberships(token.user))
