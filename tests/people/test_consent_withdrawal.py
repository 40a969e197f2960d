"""Issue 8, defect 5: a participant could withdraw the core consent with one tap, and nothing said what
that meant. Withdrawing now goes through a page that says what stops and who no longer sees what;
only its confirmed POST withdraws."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kobling.core.models import AuditLog
from kobling.people import services
from kobling.people.models import Consent, Task
from kobling.people.selectors import has_consent
from tests.conftest import login

pytestmark = pytest.mark.django_db

PROCESSING = Consent.Purpose.PROCESSING


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def give(participant, purpose, actor=None):
    services.consent_set(actor=actor, participant=participant, purpose=purpose, given=True)


def withdraw_url(purpose):
    return reverse("my_consent_withdraw", args=[purpose])


@pytest.fixture
def consenting(participant_user, participant, coordinator):
    give(participant, PROCESSING, coordinator)
    return participant


def test_withdrawing_the_core_consent_explains_first_and_changes_nothing_until_confirmed(
    client, participant_user, consenting, coordinator, advisor
):
    login(client, participant_user)
    rows = Consent.objects.count()
    page = client.get(reverse("my_consents")).content.decode()
    assert withdraw_url(PROCESSING) in page
    assert (
        f'value="{PROCESSING}"' in page and 'name="given" value="0"' not in page.split(PROCESSING, 1)[1][:400]
    )
    # The page says what stops and who is told, by name.
    page = client.get(withdraw_url(PROCESSING)).content.decode()
    for text in (
        "Withdraw your consent?",
        "This is the consent your place in the programme at Fjordkompetanse builds on.",
        "Kari Koordinator, Vera Veileder get a task today",
        "Your information is not deleted",
        "Yes, withdraw my consent",
        'name="confirm" value="yes"',
    ):
        assert text in page, text
    # One tap on an old page's button, or a POST without the confirmation, changes nothing.
    response = client.post(reverse("my_consents"), {"purpose": PROCESSING, "given": "0"})
    assert response.status_code == 302 and response["Location"] == withdraw_url(PROCESSING)
    response = client.post(withdraw_url(PROCESSING), {"confirm": "no"})
    assert response.status_code == 302 and response["Location"] == withdraw_url(PROCESSING)
    assert Consent.objects.count() == rows and has_consent(consenting, PROCESSING)
    assert not Task.objects.exists()
    # The confirmed POST withdraws, audited, and the coordinator and the advisor each get a task.
    response = client.post(withdraw_url(PROCESSING), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == reverse("my_consents")
    assert not has_consent(consenting, PROCESSING)
    assert AuditLog.objects.filter(
        object_type="people.participant",
        object_id=str(consenting.pk),
        note="withdrawn",
        actor=participant_user,
    ).exists()
    tasks = Task.objects.filter(participant=consenting, done_at__isnull=True)
    assert sorted(t.assignee_id for t in tasks) == sorted([coordinator.pk, advisor.pk])
    assert all(t.due == timezone.localdate() for t in tasks)
    # Pressing again (the back button) finds nothing to withdraw and adds nothing.
    client.post(withdraw_url(PROCESSING), {"confirm": "yes"})
    assert Consent.objects.count() == rows + 1 and tasks.count() == 2


def test_the_mentor_consent_page_names_the_pair_put_on_hold(
    client, participant_user, consenting, coordinator, mentor
):
    from kobling.mentoring import services as mentoring
    from kobling.programmes.models import Programme
    from tests.fixtures.mentoring import make_mentor, mentee_login

    programme = Programme.objects.create(
        organisation=consenting.organisation,
        name="Fagmentor",
        slug="fagmentor",
        kind=Programme.Kind.MENTOR,
        state=Programme.State.ACTIVE,
    )
    enrolment = mentee_login(participant_user, programme, coordinator)
    own = make_mentor(programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    pair = mentoring.mentorship_propose(
        actor=coordinator, mentee=mentoring.mentee_profile_for(enrolment), mentor=own
    )
    login(client, participant_user)
    page = client.get(withdraw_url(Consent.Purpose.MENTOR)).content.decode()
    assert "Mentors no longer see your profile" in page
    assert "The proposal with Magnus Mentor is put on hold" in page
    client.post(withdraw_url(Consent.Purpose.MENTOR), {"confirm": "yes"})
    login(client, mentor)
    page = client.get(reverse("mentorship_detail", args=[pair.pk])).content.decode()
    assert "on hold" in page and consenting.first_name not in page


def test_the_employer_consent_page_names_the_coming_event(
    client, participant_user, consenting, nav_office, advisor
):
    from kobling.events.models import CandidateRegistration, Event, EventStatus

    give(consenting, Consent.Purpose.EMPLOYERS)
    day = timezone.localdate() + datetime.timedelta(days=10)
    event = Event.objects.create(
        title="Ta sjansen",
        venue=nav_office,
        address="Storgata 1",
        date=day,
        starts_at=datetime.time(16),
        ends_at=datetime.time(18),
        employer_deadline=day,
        candidate_deadline=day,
        status=EventStatus.OPEN,
    )
    CandidateRegistration.objects.create(
        event=event, participant=consenting, looking_for="IT", consent_at=timezone.now()
    )
    login(client, participant_user)
    page = client.get(withdraw_url(Consent.Purpose.EMPLOYERS)).content.decode()
    assert "Employers no longer see your short profile" in page
    assert f"You are registered for Ta sjansen on {day:%d.%m.%Y}" in page


def test_a_consent_never_answered_is_answered_no_with_one_tap(client, participant_user, participant):
    login(client, participant_user)
    response = client.post(reverse("my_consents"), {"purpose": Consent.Purpose.DIRECTORY, "given": "0"})
    assert response.status_code == 302 and response["Location"] == reverse("my_consents")
    newest = participant.consents.get(purpose=Consent.Purpose.DIRECTORY)
    assert newest.given is False
    # Nothing given, nothing to withdraw: the withdrawal page sends the person back.
    response = client.get(withdraw_url(Consent.Purpose.DIRECTORY))
    assert response.status_code == 302 and response["Location"] == reverse("my_consents")


@pytest.mark.parametrize("role", ["coordinator", "advisor", "mentor", "outsider"])
def test_only_the_person_withdraws_their_own_consent(client, request, role, consenting):
    login(client, request.getfixturevalue(role))
    assert client.get(withdraw_url(PROCESSING)).status_code == 404
    assert client.post(withdraw_url(PROCESSING), {"confirm": "yes"}).status_code == 404
    assert has_consent(consenting, PROCESSING)


def test_an_unknown_consent_is_a_404(client, participant_user, consenting):
    login(client, participant_user)
    assert client.get(withdraw_url("everything")).status_code == 404
    assert client.post(withdraw_url("everything"), {"confirm": "yes"}).status_code == 404
    assert has_consent(consenting, PROCESSING)
