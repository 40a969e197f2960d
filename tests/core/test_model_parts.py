"""The abstract model parts give every table that inherits them the same columns, ordering and index."""

from kobling.core.models import LANGUAGE_CHOICES, Outgoing, Region
from kobling.events.models import CandidateRegistration, EmployerRegistration
from kobling.mentoring.models import MentorProfile
from kobling.network.models import Meetup, MentorDirectoryConsent
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Consent, Participant
from kobling.webhooks.models import Delivery


def test_outgoing_rows_share_the_states_the_ordering_and_the_due_index():
    for model in (OutboxEmail, Delivery):
        assert model.State is Outgoing.State
        assert model._meta.ordering == ["-created_at", "-id"]
        assert ["state", "next_attempt_at"] in [index.fields for index in model._meta.indexes]
        assert model._meta.get_field("state").default == "queued"
    # The webhook page labels its columns; the outbox has no labels of its own.
    assert str(Delivery._meta.get_field("state").verbose_name) != "state"
    assert OutboxEmail._meta.get_field("state").verbose_name == "state"


def test_consent_records_read_the_same_whoever_gives_them():
    assert str(Consent(purpose=Consent.Purpose.MENTOR, given=True)) == "share_mentor: given"
    assert str(MentorDirectoryConsent(given=False)) == "directory: withdrawn"
    for model in (Consent, MentorDirectoryConsent):
        assert model._meta.ordering == ["-at", "-id"]


def test_registrations_share_the_day_columns():
    for model in (EmployerRegistration, CandidateRegistration):
        assert {"unavailable", "no_show", "checked_in_at"} <= {f.name for f in model._meta.fields}


def test_language_and_county_fields_take_the_shared_choices():
    assert Participant._meta.get_field("preferred_language").choices == LANGUAGE_CHOICES
    assert MentorProfile._meta.get_field("language").choices == LANGUAGE_CHOICES
    county = Meetup._meta.get_field("region")
    assert county.choices == Region.choices and county.blank and county.max_length == 2
    assert not MentorProfile._meta.get_field("region").blank
