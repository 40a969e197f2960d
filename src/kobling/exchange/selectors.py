"""Who may import and export what: each kind asks for a capability (never a role), and reaches only the
organisations, or mentor programmes, in which the user holds it. Anything else is a 404.

- participants: `edit_participants` (a provider's coordinators), into their provider;
- mentors: `manage_mentoring`, into a mentor programme of their organisation;
- employer contacts: `manage_events` (whoever organises events: a NAV office's market coordinator, a
  provider's coordinator), on behalf of their organisation.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kobling.core import access
from kobling.core.models import Organisation
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.exchange.columns import CONTACT_COLUMNS, MENTOR_COLUMNS, PARTICIPANT_COLUMNS, Column
from kobling.programmes.models import Programme

PARTICIPANTS, MENTORS, CONTACTS = "participants", "mentors", "employer-contacts"


@dataclass(frozen=True)
class Kind:
    name: str
    capability: str
    title: str
    columns: tuple[Column, ...]
    organisation_kinds: tuple[str, ...] = ()


KINDS = {
    PARTICIPANTS: Kind(
        PARTICIPANTS,
        Cap.EDIT_PARTICIPANTS,
        _("Participants"),
        PARTICIPANT_COLUMNS,
        (Organisation.Kind.PROVIDER,),
    ),
    MENTORS: Kind(MENTORS, Cap.MANAGE_MENTORING, _("Mentors"), MENTOR_COLUMNS),
    CONTACTS: Kind(
        CONTACTS,
        Cap.MANAGE_EVENTS,
        _("Employer contacts"),
        CONTACT_COLUMNS,
        (Organisation.Kind.PROVIDER, Organisation.Kind.NAV_OFFICE),
    ),
}
ANY_KIND = frozenset(kind.capability for kind in KINDS.values())


def kinds_for(user) -> list[Kind]:
    """The kinds of import and export the user may use."""
    held = access.capabilities(user)
    return [kind for kind in KINDS.values() if kind.capability in held]


def organisations_for(user, kind: Kind) -> list[Organisation]:
    """The organisations the user may import this kind into (for participants and contacts)."""
    return [
        o
        for o in access.organisations_with(user, kind.capability)
        if not kind.organisation_kinds or o.kind in kind.organisation_kinds
    ]


def organisation_for(user, kind: Kind, pk) -> Organisation:
    """One of `organisations_for`, else 404."""
    ids = [o.pk for o in organisations_for(user, kind)]
    return get_or_404(Organisation.objects.filter(pk__in=ids), pk=pk)


def mentor_programmes_for(user) -> QuerySet[Programme]:
    """The mentor programmes of the organisations where the user manages mentoring."""
    return Programme.objects.filter(
        kind=Programme.Kind.MENTOR,
        organisation_id__in=access.organisation_ids_with(user, Cap.MANAGE_MENTORING),
    ).select_related("organisation")


def mentor_programme_for(user, pk) -> Programme:
    return get_or_404(mentor_programmes_for(user), pk=pk)


def can_read_national_ids(user, organisation: Organisation) -> bool:
    return organisation.pk in access.organisation_ids_with(user, Cap.READ_SENSITIVE)
