"""Who is asking (the client's address behind trusted proxies) and how often (counters in the shared
cache).

The counters live in the default cache: Redis when `REDIS_URL` is set, otherwise the database cache
(core migration 0005 makes its table), so every web process counts together. Keys hold a hash of
what is counted, never an e-mail address or an IP address in clear.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address. Without trusted proxies (`TRUSTED_PROXY_COUNT=0`, the default) it is the
    peer the server sees, `REMOTE_ADDR`. Behind N proxies it is the Nth address from the right of
    `X-Forwarded-For`: each proxy appends the peer it saw, so the right-most N entries were written by
    our own proxies while anything to their left came from the client and may be forged. When the
    header is shorter than that or the entry is not an address, the request did not come through the
    proxies as configured, and `REMOTE_ADDR` is used. Also django-axes' `AXES_CLIENT_IP_CALLABLE`."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [part for part in chain if part]
    if len(chain) < hops:
        return remote
    candidate = chain[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _key(scope: str, subject: str) -> str:
    digest = hashlib.sha256(f"{scope}:{subject}".encode()).hexdigest()[:40]
    return f"limit:{scope}:{digest}"


def count_attempt(scope: str, subject: str, *, period: int, sliding: bool = False) -> int:
    """Count one more attempt by `subject` (an address, an account) in `scope` and return the count
    in the current window. The window opens at the first attempt and lasts `period` seconds; with
    `sliding` every attempt moves its end to `period` seconds from now.

    Read and write rather than the cache's `incr`: the database cache's `incr` writes the value back
    with the default timeout, which would end the window early. Two requests at the same moment may
    count once between them; a limit is a limit give or take one."""
    key = _key(scope, subject)
    now = time.time()
    count, ends = cache.get(key) or (0, now + period)
    if ends <= now:
        count, ends = 0, now + period
    count += 1
    if sliding:
        ends = now + period
    cache.set(key, (count, ends), timeout=int(ends - now) + 1)
    return count


def attempts(scope: str, subject: str) -> int:
    """The attempts counted in the current window (0 once it has ended)."""
    count, ends = cache.get(_key(scope, subject)) or (0, 0)
    return count if ends > time.time() else 0


def forget(scope: str, subject: str) -> None:
    cache.delete(_key(scope, subject))


def over_limit(scope: str, subject: str, *, limit: int, period: int = 3600) -> bool:
    """Count one attempt and say whether it is past `limit` in the window."""
    return count_attempt(scope, subject, period=period) > limit
