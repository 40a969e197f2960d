"""The weekly digest to coordinators: who is on their early-warning list this week (warnings.py),
as an e-mail through the outbox. Names and programmes only; the reasons stay behind the login, on
the list the e-mail links to. A coordinator with nobody at risk gets no e-mail."""

from django.db import transaction
from django.urls import reverse

from kobling.core.models import Membership, Organisation, User
from kobling.core.roles import Role
from kobling.insights.warnings import warnings_for
from kobling.notifications.services import email_send

TEMPLATE = "insights_weekly_digest"


def coordinators() -> list[tuple[User, Organisation]]:
    """Each active coordinator once, with the first of their providers (for the outbox row)."""
    rows = (
        Membership.objects.filter(role=Role.COORDINATOR, user__is_active=True, organisation__isnull=False)
        .select_related("user", "organisation")
        .order_by("user_id", "organisation_id")
    )
    seen: dict[int, tuple[User, Organisation]] = {}
    for membership in rows:
        seen.setdefault(membership.user_id, (membership.user, membership.organisation))
    return list(seen.values())


def digest_send() -> int:
    """One e-mail per coordinator with someone at risk; returns how many were queued."""
    sent = 0
    for user, organisation in coordinators():
        found = warnings_for(user)
        if not found:
            continue
        people = [(w.enrolment.participant.full_name, w.enrolment.programme.name) for w in found]
        with transaction.atomic():
            email_send(
                to=user.email,
                template=TEMPLATE,
                context={"name": user.full_name, "people": people, "path": reverse("insights_warnings")},
                language=user.language,
                organisation=organisation,
            )
        sent += 1
    return sent
