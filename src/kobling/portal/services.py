"""Writes that span people and programmes, each one durable transaction with the apps' own services
(and their audit rows) inside it."""

from django.db import transaction

from kobling.core.models import Occupation, Organisation
from kobling.people import services as people
from kobling.people.models import Participant, Source
from kobling.programmes.models import Programme
from kobling.programmes.services import enrolment_create


@transaction.atomic(durable=True)
def participant_register(
    *,
    actor,
    organisation: Organisation,
    data: dict,
    languages: dict[str, str] | None = None,
    occupations: list[Occupation] | None = None,
    programme: Programme | None = None,
) -> Participant:
    """The provider registers a person directly (someone who called or walked in), and applies them to
    a programme when one is chosen: both or neither."""
    participant = people.participant_create(
        actor=actor,
        organisation=organisation,
        data=data,
        languages=languages,
        occupations=occupations,
        source=Source.REGISTERED,
    )
    if programme is not None:
        enrolment_create(actor=actor, participant=participant, programme=programme)
    return participant
