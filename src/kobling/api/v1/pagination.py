"""Cursor pagination for syncing: rows in the order they last changed, then by id.

A list asks `?limit=` rows (1–200) and answers `next_cursor`: an opaque string naming the last row's
(change time, id); the next page is the rows after it. `changed_since` keeps rows whose change time is
at or after the given moment, so a client syncs by remembering the newest change time it has seen.
Rows that change while a client pages move to the end, where it finds them again."""

import base64
import binascii
import datetime
import json

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from kobling.api.v1.problems import validation_problem

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
EARLIEST = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(9000, 1, 1, tzinfo=datetime.UTC)


class PageQuery(Schema):
    cursor: str | None = None
    limit: int = DEFAULT_LIMIT
    changed_since: datetime.datetime | None = None


def encode(at: datetime.datetime, pk: int) -> str:
    raw = json.dumps([at.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, pk = json.loads(raw)
        moment = datetime.datetime.fromisoformat(at)
        if moment.tzinfo is None or not in_range(moment) or type(pk) is not int or not 0 <= pk < 2**63:
            raise ValueError
        return moment, pk
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError, binascii.Error, json.JSONDecodeError):
        raise validation_problem({"cursor": [_("This cursor is not one this API gave.")]})


def in_range(moment: datetime.datetime) -> bool:
    """Between the years 1900 and 9000: what every database compares without overflowing."""
    try:
        return EARLIEST <= moment <= LATEST
    except (OverflowError, ValueError):
        return False


def aware(moment: datetime.datetime) -> datetime.datetime:
    """A time without a zone is Oslo time, as everywhere in Kobling."""
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def page(queryset: QuerySet, query: PageQuery, *, field: str) -> dict:
    """One page of `queryset` ordered by (`field`, id) as a list answers it: the rows under `items` and
    the cursor of the next page under `next_cursor` (None at the end)."""
    if not 1 <= query.limit <= MAX_LIMIT:
        raise validation_problem({"limit": [_("Ask for 1 to %(max)s rows.") % {"max": MAX_LIMIT}]})
    if query.changed_since is not None:
        try:
            since = aware(query.changed_since)
        except (OverflowError, ValueError):
            since = None
        if since is None or not in_range(since):
            raise validation_problem({"changed_since": [_("Give a time between the years 1900 and 9000.")]})
        queryset = queryset.filter(**{f"{field}__gte": since})
    if query.cursor:
        at, pk = decode(query.cursor)
        queryset = queryset.filter(Q(**{f"{field}__gt": at}) | Q(**{field: at, "pk__gt": pk}))
    rows = list(queryset.order_by(field, "pk")[: query.limit + 1])
    if len(rows) <= query.limit:
        return {"items": rows, "next_cursor": None}
    last = rows[query.limit - 1]
    return {"items": rows[: query.limit], "next_cursor": encode(getattr(last, field), last.pk)}
