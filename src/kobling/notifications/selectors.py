"""Who reads which e-mails in the outbox.

A provider's coordinators read their organisation's e-mail. A platform admin reads the platform's own
e-mail, the rows with no organisation (password resets above all), so a reset that never arrived can
be found and tried again; they do not read the organisations' e-mail about their people, which the
platform admin has no other access to either. Nobody else reads any."""

from django.db.models import Q, QuerySet

from kobling.core import access
from kobling.core.roles import Cap
from kobling.notifications.models import OutboxEmail


def outbox_visible_to(user) -> QuerySet[OutboxEmail]:
    scope = Q(organisation_id__in=access.organisation_ids_with(user, Cap.READ_OUTBOX))
    if access.can_platform_wide(user, Cap.READ_OUTBOX):
        scope |= Q(organisation__isnull=True)
    return OutboxEmail.objects.filter(scope)


def reads_platform_mail(user) -> bool:
    return access.can_platform_wide(user, Cap.READ_OUTBOX)
