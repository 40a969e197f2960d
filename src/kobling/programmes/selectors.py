"""Reads of programme data that need access control."""

from django.db.models import QuerySet
from django.http import Http404

from kobling.core import access
from kobling.core.roles import Cap
from kobling.programmes.models import IntakeMatch


def intake_matches_for_user(user) -> QuerySet[IntakeMatch]:
    """Possible matches are seen only by those who screen applicants at the provider."""
    return IntakeMatch.objects.filter(
        organisation_id__in=access.organisation_ids_with(user, Cap.SCREEN_APPLICANTS)
    ).select_related("new", "existing")


def pending_intake_matches_for_user(user) -> QuerySet[IntakeMatch]:
    return intake_matches_for_user(user).filter(state=IntakeMatch.State.PENDING, new__isnull=False)


def intake_match_for_user(user, pk: int) -> IntakeMatch:
    try:
        return intake_matches_for_user(user).get(pk=pk)
    except (IntakeMatch.DoesNotExist, ValueError, TypeError):
        raise Http404
