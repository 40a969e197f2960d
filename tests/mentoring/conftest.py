"""Mentor-programme fixtures: a programme at the persona provider, mentors and mentees."""

import pytest
from django.db import transaction

from kobling.core.models import Occupation
from kobling.mentoring import services
from kobling.mentoring.models import MentorProfile
from kobling.people.models import Consent
from kobling.people.services import consent_set
from kobling.programmes.models import Programme, Status
from kobling.programmes.services import enrolment_create
from tests.conftest import make_participant


@pytest.fixture
def mentor_programme(provider):
    return Programme.objects.create(
        organisation=provider,
        name="Fagmentor",
        slug="fagmentor",
        kind=Programme.Kind.MENTOR,
        state=Programme.State.ACTIVE,
    )


@pytest.fixture
def other_mentor_programme(other_provider):
    return Programme.objects.create(
        organisation=other_provider,
        name="Annen mentor",
        slug="annen-mentor",
        kind=Programme.Kind.MENTOR,
        state=Programme.State.ACTIVE,
    )


def make_mentor(
    programme,
    *,
    name="Mona Mentor",
    email=None,
    occupation="2512",
    region="46",
    municipality="Bergen",
    mode="both",
    capacity=1,
    languages=None,
    topics=("cv", "network"),
    gender="",
    user=None,
    approved=True,
    partner=None,
    industries=("ict",),
    availability=("evenings",),
):
    email = email or f"{name.split()[0].lower()}.{name.split()[-1].lower()}@mentor.example"
    mentor = services.mentor_submit(
        actor=None,
        programme=programme,
        data={
            "full_name": name,
            "email": email,
            "occupation": Occupation.objects.get(code=occupation),
            "region": region,
            "municipality": municipality,
            "mode": mode,
            "capacity": capacity,
            "topics": list(topics),
            "industries": list(industries),
            "availability": list(availability),
            "gender": gender,
            "partner": partner,
            "employer": partner.name if partner else "Fjellet AS",
        },
        languages=languages or {"no": "C1", "en": "B2"},
        user=user,
    )
    if approved:
        MentorProfile.objects.filter(pk=mentor.pk).update(state=MentorProfile.State.APPROVED)
        mentor.refresh_from_db()
    return mentor


def make_mentee(
    programme,
    coordinator,
    *,
    first="Amal",
    last="Nur",
    occupation="2512",
    region="46",
    municipality="Bergen",
    languages=None,
    consent=True,
    **wishes,
):
    """A mentee in `programme`; with `consent`, they have agreed to share their profile with a mentor."""
    participant = make_participant(
        programme.organisation,
        first=first,
        last=last,
        actor=coordinator,
        region=region,
        municipality=municipality,
    )
    if languages is not None:
        participant.languages.all().delete()
        for code, level in languages.items():
            participant.languages.create(language=code, level=level)
    if occupation:
        participant.target_occupations.set([Occupation.objects.get(code=occupation)])
    with transaction.atomic():
        enrolment = enrolment_create(
            actor=coordinator, participant=participant, programme=programme, status=Status.PARTICIPATING
        )
    if consent:
        give_mentor_consent(participant, coordinator)
    mentee = services.mentee_profile_for(enrolment)
    if wishes:
        services.mentee_update(actor=coordinator, mentee=mentee, data=wishes)
    return mentee


def give_mentor_consent(participant, actor=None, given=True):
    """Record the participant's answer to "Sharing my profile with a mentor"."""
    with transaction.atomic():
        return consent_set(actor=actor, participant=participant, purpose=Consent.Purpose.MENTOR, given=given)


def mentee_login(participant_user, mentor_programme, coordinator, consent=True):
    """The persona participant, also enrolled in the mentor programme (with the mentor consent)."""
    participant = participant_user.participant
    with transaction.atomic():
        enrolment = enrolment_create(
            actor=coordinator,
            participant=participant,
            programme=mentor_programme,
            status=Status.PARTICIPATING,
        )
    if consent:
        give_mentor_consent(participant, participant_user)
    return enrolment
