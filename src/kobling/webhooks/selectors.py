"""Who manages which organisation's webhooks.

An organisation's webhooks are managed by those who administer it: the holders of `Cap.INVITE` there
(a provider's coordinators, a NAV office's market coordinator). A platform admin, who sets the
organisations up, manages every organisation's. Nobody else sees a subscription or its deliveries: an
id of another organisation's is a 404."""

from django.db.models import Count, Q, QuerySet

from kobling.core import access
from kobling.core.models import Organisation
from kobling.core.roles import Cap
from kobling.webhooks.models import Delivery, Subscription

# The capabilities that reach the webhook pages (the views ask for any of them).
MANAGE = (Cap.INVITE, Cap.MANAGE_ORGANISATIONS)


def manages_all(user) -> bool:
    return access.can_platform_wide(user, Cap.MANAGE_ORGANISATIONS)


def organisations_managed_by(user) -> QuerySet[Organisation]:
    if manages_all(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=access.organisation_ids_with(user, Cap.INVITE))


def manages(user, organisation_id: int) -> bool:
    return manages_all(user) or organisation_id in access.organisation_ids_with(user, Cap.INVITE)


def subscriptions_visible_to(user) -> QuerySet[Subscription]:
    subscriptions = Subscription.objects.select_related("organisation")
    if manages_all(user):
        return subscriptions
    return subscriptions.filter(organisation_id__in=access.organisation_ids_with(user, Cap.INVITE))


def subscription_list(user) -> QuerySet[Subscription]:
    """The list page's rows, each with its count of failed deliveries, in one query."""
    failed = Count("deliveries", filter=Q(deliveries__state=Delivery.State.FAILED))
    return subscriptions_visible_to(user).annotate(failed=failed)


def deliveries_visible_to(user) -> QuerySet[Delivery]:
    deliveries = Delivery.objects.select_related("subscription")
    if manages_all(user):
        return deliveries
    return deliveries.filter(subscription__organisation_id__in=access.organisation_ids_with(user, Cap.INVITE))
