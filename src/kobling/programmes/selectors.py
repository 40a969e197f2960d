"""Reads of programmes, cohorts and enrolments with access control, shared by the sub-packages.

Each returns a queryset of what the user may reach with a capability; a view picks its one object
with `kobling.core.selectors.get_or_404`, so anything out of reach is a 404."""

from django.db.models import QuerySet

from kobling.core import access
from kobling.core.roles import Cap
from kobling.people.selectors import participants_visible_to
from kobling.programmes.models import Cohort, Enrolment, Programme


def programmes_visible_to(user, capability: str = Cap.VIEW_PARTICIPANTS) -> QuerySet[Programme]:
    """The programmes of the organisations where the user holds `capability`."""
    return Programme.objects.select_related("organisation").filter(
        organisation_id__in=access.organisation_ids_with(user, capability)
    )


def cohorts_visible_to(user, capability: str = Cap.VIEW_PARTICIPANTS) -> QuerySet[Cohort]:
    """The cohorts of the programmes of the organisations where the user holds `capability`."""
    return Cohort.objects.select_related("programme__organisation").filter(
        programme__organisation_id__in=access.organisation_ids_with(user, capability)
    )


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """The enrolments of the people the user sees (`people.selectors.participants_visible_to`)."""
    return Enrolment.objects.filter(participant__in=participants_visible_to(user)).select_related(
        "participant__organisation", "programme"
    )


def can_in(user, programme: Programme, capability: str) -> bool:
    """Whether the user holds `capability` in the programme's organisation (what a page may offer)."""
    return programme.organisation_id in access.organisation_ids_with(user, capability)
