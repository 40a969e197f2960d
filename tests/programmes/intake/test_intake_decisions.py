"""Issue 8, defect 7: intake decisions say what they need at the field, and both the person and the
NAV advisor who follows them hear the decision, each in their own language."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from kobling.programmes.models import Status
from tests.conftest import login, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def deliver():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    return {m.to[0]: m for m in mail.outbox}


def decide(client, coordinator, enrolment, **data):
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    return client.post(reverse("intake_decide", args=[enrolment.pk]), data)


def test_declining_without_a_reason_says_so_at_the_reason_field_and_changes_nothing(
    client, coordinator, participant
):
    enrolment = participant.enrolments.get()
    response = decide(client, coordinator, enrolment, decision="decline")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_reason_error"' in body and "Choose why the person is declined." in body
    reason_label = re.search(r'<label[^>]*for="id_reason"[^>]*>(.*?)</label>', body, re.S).group(1)
    assert "optional" not in reason_label and "Needed when you decline." in body
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED
    assert deliver() == {}


def test_a_declined_person_and_their_advisor_are_told(client, coordinator, participant, advisor):
    participant.preferred_language = "en"
    participant.save(update_fields=["preferred_language"])
    advisor.language = "nb"
    advisor.save(update_fields=["language"])
    enrolment = participant.enrolments.get()
    assert (
        decide(client, coordinator, enrolment, decision="decline", reason="requirements").status_code == 302
    )
    told = deliver()
    person = told[participant.email]
    assert person.subject.startswith("About your application")
    assert "cannot offer you a place" in person.body
    to_advisor = told[advisor.email]
    assert to_advisor.subject.startswith("Inntaksbeslutning")
    assert participant.full_name in to_advisor.body and "Ikke aktuell" in to_advisor.body
    assert "Oppfyller ikke kravene" in to_advisor.body


def test_an_accepted_person_hears_they_got_a_place_and_how_to_log_in(client, coordinator, participant):
    participant.preferred_language = "en"
    participant.save(update_fields=["preferred_language"])
    assert decide(client, coordinator, participant.enrolments.get(), decision="accept").status_code == 302
    person = deliver()[participant.email]
    assert person.subject.startswith("You have a place")
    assert "/invitation/" in person.body


def test_an_accepted_person_with_a_login_is_not_invited_again(client, coordinator, participant, provider):
    participant.user = make_user(participant.email, "participant", provider, participant.full_name)
    participant.save(update_fields=["user"])
    assert decide(client, coordinator, participant.enrolments.get(), decision="accept").status_code == 302
    person = deliver()[participant.email]
    assert "plass" in person.subject and "/invitation/" not in person.body


def test_the_waiting_list_is_explained(client, coordinator, participant):
    assert (
        decide(client, coordinator, participant.enrolments.get(), decision="waiting_list").status_code == 302
    )
    assert deliver()[participant.email].subject.startswith("Du står på venteliste")
