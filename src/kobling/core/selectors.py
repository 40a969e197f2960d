"""Reads of core records, with access control."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from kobling.core import access
from kobling.core.models import AuditLog
from kobling.core.roles import Cap

M = TypeVar("M", bound=Model)


def get_or_404(queryset: QuerySet[M], **lookup) -> M:
    """The one object of an access-checked queryset that matches, else 404: whether it does not exist
    or this user may not see it, the answer is the same, so an id reveals nothing. Also 404 for a
    lookup that is not a valid value (a text where a number belongs)."""
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, ValidationError) as missing:
        raise Http404 from missing


def audit_entries_visible_to(user) -> QuerySet[AuditLog]:
    """A coordinator reads their organisation's audit log (changes, reads of sensitive data and the
    security events of its accounts); a platform admin reads every entry, the organisation-less ones
    (failed logins to unknown accounts, platform changes) among them."""
    entries = AuditLog.objects.select_related("actor", "organisation")
    if access.is_platform_admin(user):
        return entries
    return entries.filter(organisation_id__in=access.organisation_ids_with(user, Cap.READ_AUDIT))


def audit_entries_filtered(entries: QuerySet[AuditLog], data: dict) -> QuerySet[AuditLog]:
    """Narrow the entries by the audit page's filter form."""
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    if data.get("object_type"):
        entries = entries.filter(object_type=data["object_type"])
    if data.get("actor"):
        entries = entries.filter(
            Q(actor__full_name__icontains=data["actor"]) | Q(actor__email__icontains=data["actor"])
        )
    if data.get("date_from"):
        entries = entries.filter(at__date__gte=data["date_from"])
    if data.get("date_to"):
        entries = entries.filter(at__date__lte=data["date_to"])
    return entries
