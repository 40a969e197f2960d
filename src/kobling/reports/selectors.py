"""Which programmes a user may report on: only the provider's own staff (coordinators and
instructors) see a programme's results. The figures are aggregated, but small groups can still point
to people, so anyone else gets a 404."""

from django.db.models import Count, QuerySet

from kobling.core import access
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.programmes.models import Enrolment, Programme
from kobling.reports.results import STARTED


def programmes_for_results(user) -> QuerySet[Programme]:
    return Programme.objects.filter(
        organisation_id__in=access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    )


def programme_for_results(user, slug: str) -> Programme:
    return get_or_404(programmes_for_results(user).select_related("organisation"), slug=slug)


def programmes_with_started(user) -> list[Programme]:
    """The programmes the user may report on, each with `started`: how many people started it."""
    programmes = list(
        programmes_for_results(user).select_related("organisation").order_by("organisation__name", "name")
    )
    counts = dict(
        Enrolment.objects.filter(status__in=STARTED, programme__in=[p.pk for p in programmes])
        .order_by()
        .values_list("programme")
        .annotate(n=Count("pk"))
    )
    for programme in programmes:
        programme.started = counts.get(programme.pk, 0)
    return programmes
