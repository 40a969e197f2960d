"""The uploaded file, kept between its preview and the import.

The preview is a page of its own (so it can be reloaded), and the import re-reads and re-checks the
file, so the file must be kept in between: in the shared cache (Redis, or the database cache), under a
key of the user's own, for at most `KEEP_SECONDS`. Each user has at most one upload waiting: a new
upload replaces it, and importing or cancelling removes it. A token in the page's address names the
upload, so an old preview page cannot import a newer file; another user's token finds nothing.

After the import, the result (the counts only, no personal data) is kept the same way for the result
page.
"""

import secrets
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import Http404
from django.utils import timezone

KEEP_SECONDS = 30 * 60


@dataclass
class Upload:
    token: str
    kind: str
    target: int  # the organisation's or the programme's id
    name: str  # the file's name, as the person's computer called it
    data: bytes
    at: object = field(default_factory=timezone.now)


@dataclass
class Result:
    token: str
    kind: str
    target: str  # the organisation's or programme's name
    counts: dict
    emails: int = 0


def _key(user, what: str) -> str:
    return f"exchange:{what}:{user.pk}"


def upload_keep(user, *, kind: str, target: int, name: str, data: bytes) -> Upload:
    upload = Upload(secrets.token_urlsafe(16), kind, target, name[:200], data)
    cache.set(_key(user, "upload"), upload, KEEP_SECONDS)
    return upload


def _kept(user, what: str, kind: type, token: str):
    """What the user keeps under `what` (an `Upload` or a `Result`) if it has this token, else 404."""
    kept = cache.get(_key(user, what))
    if not isinstance(kept, kind) or not secrets.compare_digest(kept.token.encode(), str(token).encode()):
        raise Http404
    return kept


def upload_for(user, token: str) -> Upload:
    """The user's waiting upload with this token, else 404 (expired, imported, or not theirs)."""
    return _kept(user, "upload", Upload, token)


def upload_forget(user) -> None:
    cache.delete(_key(user, "upload"))


def result_keep(user, result: Result) -> None:
    upload_forget(user)
    cache.set(_key(user, "result"), result, KEEP_SECONDS)


def result_for(user, token: str) -> Result:
    return _kept(user, "result", Result, token)
