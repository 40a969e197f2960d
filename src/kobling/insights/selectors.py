"""Which programmes and providers a user may see "what works" for: the provider's own staff
(coordinators and instructors, `Cap.VIEW_PARTICIPANTS`), as for the results tables. The answer is
aggregated, but small groups can still point to people, so anyone else gets a 404. NAV advisors do not
see these pages: they follow their own people, not a provider's programmes."""

from django.db.models import QuerySet

from kobling.core import access
from kobling.core.models import Organisation
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.programmes.models import Programme
from kobling.programmes.selectors import programmes_visible_to


def programmes_for_insights(user) -> QuerySet[Programme]:
    return programmes_visible_to(user, Cap.VIEW_PARTICIPANTS).order_by("organisation__name", "name")


def programme_for_insights(user, slug: str) -> Programme:
    return get_or_404(programmes_for_insights(user), slug=slug)


def providers_for_insights(user) -> QuerySet[Organisation]:
    ids = access.organisation_ids_with(user, Cap.VIEW_PARTICIPANTS)
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def provider_for_insights(user, pk: int) -> Organisation:
    return get_or_404(providers_for_insights(user), pk=pk)
