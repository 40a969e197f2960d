"""Employers register by invitation link or through the organiser; candidates through their advisor or
coordinator, with consent; wishes and interest from both sides."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from kobling.core.models import AuditLog, Invitation
from kobling.events import services
from kobling.events.models import CandidateRegistration, EmployerRegistration, Veto
from kobling.notifications.models import OutboxEmail
from kobling.people import services as people
from kobling.people.models import Consent
from tests.conftest import login, make_org, make_participant
from tests.fixtures.events import consent, register_candidate

pytestmark = pytest.mark.django_db


def test_an_invited_employer_registers_through_the_link_without_an_account(
    client, market_coordinator, event, occupation
):
    org = make_org("Mjøsbyte AS", "employer")
    login(client, market_coordinator)
    response = client.post(
        reverse("event_employer_invite", args=[event.pk]),
        {
            "organisation": org.pk,
            "contact_name": "Eva Eier",
            "contact_email": "eva@mjosbyte.example.no",
            "language": "en",
        },
    )
    assert response.status_code == 302
    invitation = OutboxEmail.objects.get(to="eva@mjosbyte.example.no", template="event_invitation")
    assert invitation.language == "en" and "Invitation" in invitation.subject
    token = re.search(r"/events/join/([^/]+)/", invitation.body).group(1)
    client.logout()
    page = client.get(reverse("event_join", args=[token]))
    assert page.status_code == 200 and "Mjøsbyte" in page.content.decode()
    response = client.post(
        reverse("event_join", args=[token]),
        {
            "contact_name": "Eva Eier",
            "contact_email": "eva@mjosbyte.example.no",
            "language": "en",
            "tables": 2,
            "looking_for": "Curious people",
            "unavailable": [0],
            "opening-kind": "practice",
            "opening-occupation": occupation.pk,
            "opening-places": 2,
            "opening-inclusion_tags": ["cv_gap", "young"],
        },
    )
    assert response.status_code == 200, response.context["form"].errors
    reg = EmployerRegistration.objects.get(organisation=org)
    assert reg.state == "registered" and reg.tables == 2 and reg.unavailable == [0]
    opening = reg.openings.get()
    assert opening.kind == "practice" and opening.inclusion_tags == ["cv_gap", "young"]
    # Without an account the contact is invited to make one, to see the candidates later.
    assert Invitation.objects.filter(email="eva@mjosbyte.example.no", role="employer").exists()
    assert AuditLog.objects.filter(object_type="events.employerregistration").exists()


def test_a_wrong_or_replaced_link_says_so(client, market_coordinator, event, employer_org):
    _reg, old = services.employer_invite(
        actor=market_coordinator,
        event=event,
        organisation=employer_org,
        contact_name="A",
        contact_email="a@x.no",
        language="nb",
    )
    services.employer_invite(
        actor=market_coordinator,
        event=event,
        organisation=employer_org,
        contact_name="A",
        contact_email="a@x.no",
        language="nb",
    )
    assert client.get(reverse("event_join", args=[old])).status_code == 404
    assert client.get(reverse("event_join", args=["nonsense"])).status_code == 404


def test_bad_registration_input_changes_nothing(client, market_coordinator, event, employer_reg):
    login(client, market_coordinator)
    response = client.post(
        reverse("event_employer", args=[employer_reg.pk]),
        {"contact_name": "", "contact_email": "not-an-address", "language": "nb", "tables": 0},
    )
    assert response.status_code == 400
    assert {"contact_name", "contact_email", "tables"} <= set(response.context["form"].errors)
    employer_reg.refresh_from_db()
    assert employer_reg.tables == 1 and employer_reg.contact_name.startswith("Kontakt")


def test_the_employer_contact_edits_their_registration_and_adds_an_opening(
    client, employer, employer_reg, occupation
):
    login(client, employer)
    response = client.post(
        reverse("event_opening_add", args=[employer_reg.pk]),
        {"kind": "job", "occupation": occupation.pk, "places": 1, "description": "Brukerstøtte"},
    )
    assert response.status_code == 302
    assert employer_reg.openings.get().occupation_id == occupation.pk


def test_another_employer_cannot_see_the_registration(client, employer_reg, event):
    other_org = make_org("Konkurrent AS", "employer")
    from tests.conftest import make_user

    other = make_user("konk@example.no", "employer", other_org)
    login(client, other)
    assert client.get(reverse("event_employer", args=[employer_reg.pk])).status_code == 404
    assert client.get(reverse("event_employer_interest", args=[employer_reg.pk])).status_code == 404
    assert client.get(reverse("event_detail", args=[event.pk])).status_code == 404


def test_registering_a_candidate_needs_their_consent(client, advisor, event, participant):
    login(client, advisor)
    data = {"participant": participant.pk, "looking_for": "IT-drift", "languages": "norsk"}
    response = client.post(reverse("event_candidate_new", args=[event.pk]), data)
    assert response.status_code == 400
    assert "consent" in str(response.context["form"].errors) or "samtykke" in str(
        response.context["form"].errors
    )
    assert not CandidateRegistration.objects.exists()
    consent(participant, advisor)
    response = client.post(reverse("event_candidate_new", args=[event.pk]), data)
    reg = CandidateRegistration.objects.get()
    assert response.status_code == 302 and reg.advisor == advisor and reg.registered_by == advisor


def test_an_advisor_can_register_only_their_own_people(
    client, advisor, other_advisor, event, provider, coordinator
):
    mine = make_participant(provider, first="Mina", advisor=advisor, actor=coordinator)
    theirs = make_participant(provider, first="Tora", advisor=other_advisor, actor=coordinator)
    login(client, advisor)
    page = client.get(reverse("event_candidate_new", args=[event.pk])).content.decode()
    assert "Mina" in page and "Tora" not in page
    reg = register_candidate(event, theirs, other_advisor)
    assert client.get(reverse("event_candidate", args=[reg.pk])).status_code == 404
    assert client.get(reverse("event_candidate_wishes", args=[reg.pk])).status_code == 404
    assert "Tora" not in client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert mine


def test_another_providers_coordinator_sees_none_of_our_candidates(
    client, other_coordinator, candidate_reg, event
):
    login(client, other_coordinator)
    assert client.get(reverse("event_candidate", args=[candidate_reg.pk])).status_code == 404
    assert (
        candidate_reg.participant.last_name
        not in client.get(reverse("event_detail", args=[event.pk])).content.decode()
    )


def test_a_participant_ranks_employers_and_vetoes_one(
    client, participant_user, candidate_reg, employer_reg, market_coordinator, event
):
    second = services.employer_register(
        actor=market_coordinator,
        event=event,
        organisation=make_org("Fjelldata AS", "employer"),
        data={"contact_name": "B", "contact_email": "b@fjelldata.no", "language": "nb", "tables": 1},
    )
    login(client, participant_user)
    url = reverse("event_candidate_wishes", args=[candidate_reg.pk])
    # The same choice number twice is refused, beside the field, and nothing is saved.
    response = client.post(url, {f"e{employer_reg.pk}": "1", f"e{second.pk}": "1"})
    assert response.status_code == 400 and response.context["form"].errors
    assert not candidate_reg.wishes.exists()
    response = client.post(url, {f"e{employer_reg.pk}": "1", f"e{second.pk}": "veto:met_before"})
    assert response.status_code == 302
    assert list(candidate_reg.wishes.values_list("employer_id", "rank")) == [(employer_reg.pk, 1)]
    assert candidate_reg.vetoes.get().reason == Veto.Reason.MET_BEFORE
    # The participant cannot reach the registration form itself, only their wishes and schedule.
    assert client.get(reverse("event_candidate", args=[candidate_reg.pk])).status_code == 404


def test_employers_see_first_names_and_profiles_only_and_only_with_consent(
    client, employer, employer_reg, candidate_reg, advisor
):
    login(client, employer)
    page = client.get(reverse("event_employer_interest", args=[employer_reg.pk])).content.decode()
    participant = candidate_reg.participant
    assert participant.first_name in page and "Brukerstøtte" in page
    assert participant.last_name not in page and participant.email not in page
    response = client.post(
        reverse("event_employer_interest", args=[employer_reg.pk]), {f"c{candidate_reg.pk}": "yes"}
    )
    assert response.status_code == 302 and employer_reg.interests.get().candidate == candidate_reg
    with transaction.atomic():
        people.consent_set(
            actor=advisor, participant=participant, purpose=Consent.Purpose.EMPLOYERS, given=False
        )
    page = client.get(reverse("event_employer_interest", args=[employer_reg.pk])).content.decode()
    assert participant.first_name not in page


def test_a_pair_cannot_be_both_wished_and_refused(candidate_reg, employer_reg, advisor):
    with pytest.raises(ValidationError):
        services.wishes_set(
            actor=advisor, candidate=candidate_reg, ranks={employer_reg.pk: 1}, vetoes={employer_reg.pk: "no"}
        )


def test_invitation_email_is_queued_in_the_contacts_language(market_coordinator, event, employer_org):
    services.employer_invite(
        actor=market_coordinator,
        event=event,
        organisation=employer_org,
        contact_name="A",
        contact_email="a@x.no",
        language="nb",
    )
    email = OutboxEmail.objects.get(template="event_invitation")
    assert email.subject.startswith("Invitasjon") and event.venue.name in email.body
    assert len(mail.outbox) == 0  # sent by the worker after commit, not inline


def test_the_event_page_and_profile_lists_have_a_constant_number_of_queries(
    client, market_coordinator, event, provider, coordinator, advisor, django_assert_max_num_queries
):
    from tests.fixtures.events import register_employer

    def add(n, start):
        for i in range(start, start + n):
            register_employer(event, make_org(f"Firma {i}", "employer"), market_coordinator)
            p = make_participant(provider, first=f"Person{i}", advisor=advisor, actor=coordinator)
            register_candidate(event, p, advisor)

    add(1, 0)
    employer_reg = event.employers.first()
    login(client, market_coordinator)
    urls = [
        reverse("event_detail", args=[event.pk]),
        reverse("event_employer_interest", args=[employer_reg.pk]),
        reverse("event_candidate_wishes", args=[event.candidates.first().pk]),
        reverse("event_schedule", args=[event.pk]),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as captured:
            client.get(url)
        counts[url] = len(captured.captured_queries)
    add(6, 1)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_the_candidate_picker_shows_people_without_consent_as_unavailable_with_the_reason(
    client, advisor, event, participant, provider, coordinator
):
    willing = make_participant(provider, first="Villig", advisor=advisor, actor=coordinator)
    consent(willing, advisor)
    advisor.language = "en"
    advisor.save(update_fields=["language"])
    login(client, advisor)
    body = client.get(reverse("event_candidate_new", args=[event.pk])).content.decode()
    unavailable = f'value="{participant.pk}" disabled'
    assert unavailable in body and "has not consented" in body
    assert f'value="{willing.pk}">' in body
    response = client.post(
        reverse("event_candidate_new", args=[event.pk]),
        {"participant": participant.pk, "looking_for": "IT-drift", "languages": "norsk"},
    )
    assert response.status_code == 400 and response.context["form"].errors["participant"]
    assert not CandidateRegistration.objects.exists()


def test_the_event_page_says_who_may_register_candidates(client, market_coordinator, event):
    market_coordinator.language = "en"
    market_coordinator.save(update_fields=["language"])
    login(client, market_coordinator)
    body = client.get(reverse("event_detail", args=[event.pk])).content.decode()
    assert "NAV advisors put forward the people they follow" in body
