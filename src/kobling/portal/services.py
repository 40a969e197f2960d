"""Writes that span people and programmes, each one durable transaction with the apps' own services
(and their audit rows) inside it."""

from django.db import transaction

from kobling.people.models import Participant
from kobling.programmes import services as programmes


@transaction.atomic(durable=True)
def participant_register(**fields) -> Participant:
    """The web's "new participant" (a person who called or walked in, applied to a programme when one
    is chosen): `programmes.services.participant_register` in a transaction of its own."""
    return programmes.participant_register(**fields)
