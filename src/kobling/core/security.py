"""Login security events into the audit log: failed logins and lock-outs (connected in core/apps.py).

A coordinator sees the events of their organisation's accounts on /audit/, a platform admin all of
them, the organisation-less ones (attempts on accounts that do not exist) among them. Attempts made
while an account is already locked are not written again: django-axes still counts them, and one
"locked out" row says what happened.
"""

from axes.helpers import get_failure_limit

from kobling.core.audit import log_security_event
from kobling.core.models import AuditLog, User

UNKNOWN_NAME_LENGTH = 64  # of a name tried for an account that does not exist, all that is kept


def _failures(request) -> int:
    return getattr(request, "axes_failures_since_start", 0) or 0


def _limit(request, credentials) -> int:
    return get_failure_limit(request, credentials)


def _account(username: str) -> User | None:
    return User.objects.filter(email__iexact=username.strip()).first() if username else None


def login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    """`user_login_failed`, after django-axes has counted the attempt on the request."""
    if request is None or _failures(request) > _limit(request, credentials):
        return
    username = str(credentials.get("username") or "")
    user = _account(username)
    if user is not None:
        log_security_event(action=AuditLog.Action.LOGIN_FAILED, user=user, note="wrong password")
    else:
        log_security_event(
            action=AuditLog.Action.LOGIN_FAILED,
            label=username[:UNKNOWN_NAME_LENGTH],
            note="no such account",
        )


def locked_out(sender, request=None, username: str | None = None, **kwargs) -> None:
    """django-axes' `user_locked_out`: written once, by the attempt that reaches the limit."""
    credentials = getattr(request, "axes_credentials", None) or {"username": username}
    if request is not None and _failures(request) != _limit(request, credentials):
        return
    user = _account(username or "")
    log_security_event(
        action=AuditLog.Action.LOCKED_OUT,
        user=user,
        label="" if user else (username or "")[:UNKNOWN_NAME_LENGTH],
        note="too many failed logins",
    )
