"""Access helpers shared by every app.

Every view asks here (or in an app's own `access_*`/`*_visible_to` helpers built on these)
before it touches data. Objects out of reach are a 404, never a 403, so nobody learns what
exists.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from kobling.core.audit import log_security_event
from kobling.core.models import AuditLog, Membership, Organisation
from kobling.core.roles import MFA_REQUIRED_ROLES, ROLE_CAPABILITIES, Role

_CACHE_ATTR = "_kobling_memberships"


def memberships(user) -> list[Membership]:
    """The user's memberships, loaded once per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def limit_to_organisation(user, organisation_id: int) -> None:
    """From now on, for this user object (one request), count only their memberships in this
    organisation: an API token acts within its own organisation, and every access helper reads
    the memberships through `memberships`."""
    setattr(user, _CACHE_ATTR, [m for m in memberships(user) if m.organisation_id == organisation_id])


def forget_memberships(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user) -> set[str]:
    return {m.role for m in memberships(user)}


def has_role(user, *wanted: str) -> bool:
    return bool(roles(user) & set(wanted))


def capabilities(user) -> set[str]:
    caps: set[str] = set()
    for m in memberships(user):
        caps |= ROLE_CAPABILITIES.get(m.role, frozenset())
    return caps


def can(user, capability: str) -> bool:
    return capability in capabilities(user)


def organisations_with(user, capability: str) -> list[Organisation]:
    """The organisations in which the user holds the capability."""
    seen: dict[int, Organisation] = {}
    for m in memberships(user):
        if m.organisation_id and capability in ROLE_CAPABILITIES.get(m.role, frozenset()):
            seen[m.organisation_id] = m.organisation
    return list(seen.values())


def organisation_ids_with(user, capability: str) -> list[int]:
    return [o.pk for o in organisations_with(user, capability)]


def is_platform_admin(user) -> bool:
    return has_role(user, Role.PLATFORM_ADMIN)


def can_platform_wide(user, capability: str) -> bool:
    """Whether the user holds the capability through a platform membership (one with no
    organisation), which covers the platform's own records: those that belong to no organisation."""
    return any(
        m.organisation_id is None and capability in ROLE_CAPABILITIES.get(m.role, frozenset())
        for m in memberships(user)
    )


def mfa_required(user) -> bool:
    """Must this user log in with a second factor? Yes for the roles in `roles.MFA_REQUIRED_ROLES`
    while `settings.MFA_ENFORCED` is on (always, unless DEBUG turns it off for the demo)."""
    return settings.MFA_ENFORCED and has_role(user, *MFA_REQUIRED_ROLES)


def refused(user, *, note: str, organisation: Organisation | None = None) -> Http404:
    """Record that a logged-in user was refused something (a security event in the audit log) and
    return the 404 to raise. `organisation` is whose data was asked for; by default the user's own."""
    if getattr(user, "is_authenticated", False):
        log_security_event(action=AuditLog.Action.REFUSED, user=user, organisation=organisation, note=note)
    return Http404()


def _refused_request(request) -> Http404:
    return refused(request.user, note=f"{request.method} {request.path}")


def require(capability: str | None = None, *, any_of: Iterable[str] = ()) -> Callable:
    """Decorate a view: log in first, then hold the capability (or any of several), else 404."""
    wanted = {capability} if capability else set(any_of)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if wanted and not (capabilities(request.user) & wanted):
                raise _refused_request(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require_role(*wanted: str) -> Callable:
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *wanted):
                raise _refused_request(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_only(view):
    """For pages every logged-in user has (start page, own settings)."""
    return require()(view)
