"""Bearer tokens for /api/v1: who is calling, for which organisation, with which scopes, how often.

A valid token makes its user the actor, acting within the token's organisation only: the user's
memberships are narrowed, for this request, to those in that organisation, so every selector and
service (they all ask `core.access`) sees the user as the web would see them there and nowhere else.
The token's scopes then decide which endpoints it may call (403 otherwise), and each token may make
`API_RATE_LIMIT_PER_MINUTE` requests per clock minute (429 with Retry-After past that), counted with
the project's throttle counters (`core.throttle`)."""

import time
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from kobling.api.models import ApiToken
from kobling.api.selectors import acts_in, token_for_secret
from kobling.api.services import token_used
from kobling.api.v1.problems import MISSING_SCOPE, RATE_LIMITED, Problem
from kobling.core import access
from kobling.core.models import User
from kobling.core.throttle import client_ip, count_attempt

RATE_SCOPE = "api-token"
WINDOW = 60


@dataclass(frozen=True)
class Caller:
    token: ApiToken
    actor: User  # the token's user, with only the token's organisation's memberships

    @property
    def organisation(self):
        return self.token.organisation


def rate_limited(token: ApiToken) -> Problem | None:
    """Count the request in the token's clock minute; past the limit, the 429 to answer."""
    now = time.time()
    window = int(now // WINDOW)
    count = count_attempt(RATE_SCOPE, f"{token.pk}:{window}", period=WINDOW)
    if count <= settings.API_RATE_LIMIT_PER_MINUTE:
        return None
    wait = max(1, int((window + 1) * WINDOW - now + 0.999))
    return Problem(
        429,
        _("Too many requests with this token: at most %(limit)s a minute. Try again in %(seconds)s s.")
        % {"limit": settings.API_RATE_LIMIT_PER_MINUTE, "seconds": wait},
        type=RATE_LIMITED,
        headers={"Retry-After": str(wait)},
    )


class TokenAuth(HttpBearer):
    """`Authorization: Bearer kob_…`: a token that is known, neither expired nor revoked, whose user is
    active and still a member of its organisation. Anything else is a 401."""

    def authenticate(self, request, token: str) -> Caller | None:
        found = token_for_secret(token.strip())
        if found is None or not found.is_usable() or not found.user.is_active or not acts_in(found):
            return None
        limited = rate_limited(found)
        if limited is not None:
            raise limited
        token_used(found, client_ip(request))
        access.limit_to_organisation(found.user, found.organisation_id)
        return Caller(token=found, actor=found.user)


def caller(request) -> Caller:
    return request.auth


def need(request, scope: str) -> Caller:
    """The caller, if the token holds `scope`; a 403 problem otherwise."""
    who = caller(request)
    if scope not in who.token.scopes:
        raise Problem(
            403, _("This token does not have the scope “%(scope)s”.") % {"scope": scope}, type=MISSING_SCOPE
        )
    return who


def need_capability(who: Caller, capability: str) -> None:
    """A 403 when the token's user may not do this in the token's organisation at all."""
    if not access.can(who.actor, capability):
        raise Problem(
            403,
            _("The token's user may not do this in %(organisation)s.")
            % {"organisation": who.organisation.name},
        )
