"""What several demo builders share: organisations by slug, and the mentor NGO's builders' set-up."""

import random

from django.utils import timezone

from kobling.core.audit import Action, create_and_log, log_action
from kobling.core.models import Organisation, User
from kobling.demo import data


def organisation_get_or_create(row: tuple) -> Organisation:
    """The organisation of a (slug, name, kind, region, municipality) row, made if it is not there yet."""
    slug, name, kind, region, municipality = row
    organisation, _created = Organisation.objects.get_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "region": region, "municipality": municipality}
    )
    return organisation


class CoordinatorDemo:
    """A builder for the mentor NGO's programmes: a seeded stream, the build moment, the NGO's
    coordinator (who does what the builder writes, unless someone else is named) and the shared
    demo password hash. Subclasses say which organisation the audit rows are for."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.coordinator = User.objects.get(email=f"koordinator.veiviserne@{data.DOMAIN}")
        self.password = User.objects.get(email=f"mentor@{data.DOMAIN}").password

    @property
    def audit_organisation(self) -> Organisation:
        raise NotImplementedError

    def created(self, model, logged, *, actor=None, note: str = "", **values):
        """A new `model` row made from `values`, with its audit row (naming `logged`), by `actor` or else
        the coordinator."""
        return create_and_log(
            model,
            actor=actor or self.coordinator,
            organisation=self.audit_organisation,
            logged=logged,
            note=note,
            **values,
        )

    def audit(self, obj, fields, actor=None, note: str = "") -> None:
        """The audit row of a created `obj`, by `actor` or else the coordinator."""
        log_action(
            actor=actor or self.coordinator,
            action=Action.CREATE,
            obj=obj,
            organisation=self.audit_organisation,
            fields=fields,
            note=note,
        )
