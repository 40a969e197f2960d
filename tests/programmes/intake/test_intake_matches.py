"""A referral or an application that looks like a person the provider already has (the audit's
C1 and M2): it never reaches the existing record, and a coordinator links or keeps them apart."""

import pytest
from django.urls import reverse

from kobling.core.models import AuditLog
from kobling.people import services as people
from kobling.people.models import Consent, Participant
from kobling.programmes.models import Enrolment, IntakeMatch, Status
from tests.conftest import add_entry, login, make_participant
from tests.programmes.intake.test_intake import application


@pytest.fixture
def existing(provider, programme, coordinator):
    """A person who applied through the public form: nobody is their NAV advisor."""
    person = make_participant(
        provider,
        first="Ali",
        last="Yousef",
        programme=programme,
        actor=coordinator,
        birth_year=1992,
        municipality="Oslo",
    )
    Participant.objects.filter(pk=person.pk).update(email="ali.yousef@example.no")
    person.refresh_from_db()
    add_entry(person, coordinator, sensitive=True, title="Helse", body="Sykemeldt i vinter.")
    return person


def refer(client, advisor, programme, **extra):
    login(client, advisor)
    return client.post(reverse("referral_create"), {**application(programme), "note": "Motivert.", **extra})


def test_a_referral_with_someone_elses_email_does_not_give_the_advisor_their_record(
    client, advisor, existing, programme
):
    response = refer(client, advisor, programme)
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.advisor is None and existing.referring_office is None
    assert client.get(reverse("participant_detail", args=[existing.pk])).status_code == 404
    assert client.post(reverse("national_id_reveal", args=[existing.pk])).status_code == 404
    submitted = Participant.objects.exclude(pk=existing.pk).get()
    assert submitted.advisor == advisor
    body = client.get(reverse("participant_detail", args=[submitted.pk])).content.decode()
    assert "Sykemeldt" not in body and "Helse" not in body
    match = IntakeMatch.objects.get()
    assert (match.new, match.existing, match.state) == (submitted, existing, IntakeMatch.State.PENDING)
    assert "email" in match.reasons
    assert existing.enrolments.count() == 1


def test_the_public_form_answers_the_same_and_changes_nothing_of_an_existing_person(
    client, provider, programme, coordinator
):
    stranger = client.post(reverse("apply"), application(programme, email="nobody.known@example.no"))
    known = make_participant(provider, first="Ali", last="Yousef", programme=programme, actor=coordinator)
    Participant.objects.filter(pk=known.pk).update(email="ali.yousef@example.no")
    people.consent_set(actor=None, participant=known, purpose=Consent.Purpose.PROCESSING, given=False)
    before = list(known.enrolments.values_list("pk", "status"))
    again = client.post(reverse("apply"), application(programme))
    assert (again.status_code, again["Location"]) == (stranger.status_code, stranger["Location"])
    newest = known.consents.filter(purpose=Consent.Purpose.PROCESSING).order_by("-at", "-id").first()
    assert newest.given is False
    assert list(known.enrolments.values_list("pk", "status")) == before
    # Applying a second time gives the same answer too: no "already has an open application".
    third = client.post(reverse("apply"), application(programme))
    assert third.status_code == 302 and third["Location"] == stranger["Location"]
    assert IntakeMatch.objects.filter(existing=known, state="pending").count() == 2


def test_the_coordinator_sees_the_possible_match_and_links_the_records(
    client, advisor, coordinator, existing, programme, nav_office
):
    refer(client, advisor, programme)
    match = IntakeMatch.objects.get()
    submitted = match.new
    login(client, coordinator)
    queue = client.get(reverse("intake_queue")).content.decode()
    assert reverse("intake_match", args=[match.pk]) in queue
    page = client.get(reverse("intake_match", args=[match.pk]))
    assert page.status_code == 200
    assert "ali.yousef@example.no" in page.content.decode()
    response = client.post(reverse("intake_match_decide", args=[match.pk]), {"decision": "link"})
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=submitted.pk).exists()
    existing.refresh_from_db()
    assert existing.advisor == advisor and existing.referring_office == nav_office
    # The second open application to the same programme was a duplicate and is gone.
    assert list(existing.enrolments.values_list("programme", flat=True)) == [programme.pk]
    match.refresh_from_db()
    assert match.state == IntakeMatch.State.LINKED and match.decided_by == coordinator
    assert AuditLog.objects.filter(object_type="programmes.intakematch", object_id=str(match.pk)).exists()
    login(client, advisor)
    assert client.get(reverse("participant_detail", args=[existing.pk])).status_code == 200


def test_linking_moves_the_referral_to_another_programme_and_fills_only_empty_fields(
    client, advisor, coordinator, existing, provider, programme
):
    from kobling.programmes.models import Programme

    second = Programme.objects.create(
        organisation=provider, name="Drift", slug="drift", kind="course", accepts_applications=True
    )
    refer(client, advisor, second, first_name="Ali", phone="98765432", municipality="Bærum")
    match = IntakeMatch.objects.get()
    login(client, coordinator)
    client.post(reverse("intake_match_decide", args=[match.pk]), {"decision": "link"})
    existing.refresh_from_db()
    assert existing.phone == "+4798765432"  # was empty
    assert existing.municipality == "Oslo"  # kept: the submitted record only fills what is empty
    assert set(existing.enrolments.values_list("programme", flat=True)) == {programme.pk, second.pk}
    assert existing.enrolments.get(programme=second).referral_note == "Motivert."


def test_keeping_the_records_apart_leaves_both_and_the_advisor_still_sees_only_theirs(
    client, advisor, coordinator, existing, programme
):
    refer(client, advisor, programme)
    match = IntakeMatch.objects.get()
    login(client, coordinator)
    client.post(reverse("intake_match_decide", args=[match.pk]), {"decision": "separate"})
    match.refresh_from_db()
    assert match.state == IntakeMatch.State.SEPARATE
    assert Participant.objects.count() == 2
    assert (
        reverse("intake_match", args=[match.pk]) not in client.get(reverse("intake_queue")).content.decode()
    )
    login(client, advisor)
    assert client.get(reverse("participant_detail", args=[existing.pk])).status_code == 404


def test_a_possible_match_is_decided_once(client, advisor, coordinator, existing, programme):
    refer(client, advisor, programme)
    match = IntakeMatch.objects.get()
    login(client, coordinator)
    client.post(reverse("intake_match_decide", args=[match.pk]), {"decision": "separate"})
    client.cookies["django_language"] = "en"
    response = client.post(reverse("intake_match_decide", args=[match.pk]), {"decision": "link"}, follow=True)
    assert "already decided" in response.content.decode()
    assert Participant.objects.count() == 2
    bad = client.post(reverse("intake_match_decide", args=[match.pk]), {"decision": "merge-all"})
    assert bad.status_code == 302


@pytest.mark.parametrize("role", ["advisor", "staff", "other_coordinator", "outsider", "participant_user"])
def test_only_the_providers_coordinators_reach_a_possible_match(
    client, request, role, advisor, existing, programme
):
    refer(client, advisor, programme)
    match = IntakeMatch.objects.get()
    login(client, request.getfixturevalue(role))
    people_before = Participant.objects.count()
    assert client.get(reverse("intake_match", args=[match.pk])).status_code == 404
    response = client.post(reverse("intake_match_decide", args=[match.pk]), {"decision": "link"})
    assert response.status_code == 404
    match.refresh_from_db()
    assert match.state == IntakeMatch.State.PENDING
    assert Participant.objects.count() == people_before


def test_an_advisor_referring_their_own_person_again_reaches_the_same_record(
    client, advisor, participant, provider
):
    from kobling.programmes.models import Programme

    second = Programme.objects.create(
        organisation=provider, name="Drift", slug="drift", kind="course", accepts_applications=True
    )
    response = refer(client, advisor, second, first_name="Amina", last_name="Hassan", email=participant.email)
    assert response.status_code == 302
    assert Participant.objects.count() == 1 and not IntakeMatch.objects.exists()
    assert participant.enrolments.count() == 2
    assert Enrolment.objects.get(programme=second).participant == participant
    assert Enrolment.objects.get(programme=second).status == Status.APPLIED
