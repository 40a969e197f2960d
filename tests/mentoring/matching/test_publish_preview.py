"""Issue 8, defect 5: "Publish 46 proposals" e-mailed 92 people with one click. Publishing now shows who
gets which e-mail first; only the confirmed POST of the run it showed publishes and sends."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kobling.core.models import AuditLog
from kobling.mentoring.matching.pool import pool_mentees
from kobling.mentoring.matching.services import match_run_start
from kobling.mentoring.models import MatchRun, Mentorship
from kobling.notifications.models import OutboxEmail
from tests.conftest import login
from tests.fixtures.mentoring import give_mentor_consent, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def run(mentor_programme, coordinator):
    """A run with two pairs: the developer with the developer, the engineer with the engineer."""
    make_mentor(mentor_programme, name="Mari Utvikler", occupation="2512")
    make_mentor(mentor_programme, name="Ola Ingeniør", occupation="2142", email="ola@mentor.example")
    make_mentee(mentor_programme, coordinator, first="Amal", last="Nur", occupation="2512")
    make_mentee(mentor_programme, coordinator, first="Bilal", last="Haj", occupation="2142")
    made = match_run_start(actor=coordinator, programme=mentor_programme)
    assert len(made.pairs) == 2
    return made


def url(programme):
    return reverse("mentoring_matching_publish", args=[programme.slug])


def test_the_preview_lists_who_gets_which_e_mail_and_sends_nothing(
    client, coordinator, mentor_programme, run
):
    login(client, coordinator)
    matching_page = client.get(reverse("mentoring_matching", args=[mentor_programme.slug])).content.decode()
    assert url(mentor_programme) in matching_page and 'value="publish"' not in matching_page
    before = OutboxEmail.objects.count()
    page = client.get(url(mentor_programme)).content.decode()
    for text in (
        "Amal Nur",
        "amal.nur@example.no",
        "Mari Utvikler",
        "mari.utvikler@mentor.example",
        "Bilal Haj",
        "ola@mentor.example",
        "Publishing sends 4 e-mails now",
        "Publish 2 proposals and send the e-mails",
        f'name="run" value="{run.pk}"',
    ):
        assert text in page, text
    assert OutboxEmail.objects.count() == before and not Mentorship.objects.exists()


def test_only_the_confirmed_post_of_the_run_shown_publishes(client, coordinator, mentor_programme, run):
    login(client, coordinator)
    before = OutboxEmail.objects.count()
    # A POST without the confirmation (an old page, a double click) goes back to the preview.
    response = client.post(url(mentor_programme), {"run": run.pk})
    assert response.status_code == 302 and response["Location"] == url(mentor_programme)
    # So does the matching page's old publish button.
    response = client.post(reverse("mentoring_matching", args=[mentor_programme.slug]), {"action": "publish"})
    assert response.status_code == 302 and response["Location"] == url(mentor_programme)
    # A confirmation of another run than the newest (the matching was run again meanwhile) sends nothing.
    response = client.post(url(mentor_programme), {"confirm": "yes", "run": run.pk + 1})
    assert response.status_code == 302
    assert OutboxEmail.objects.count() == before and not Mentorship.objects.exists()
    run.refresh_from_db()
    assert run.published_at is None
    response = client.post(url(mentor_programme), {"confirm": "yes", "run": run.pk})
    assert response.status_code == 302 and response["Location"].endswith("/pairs/")
    assert Mentorship.objects.filter(state=Mentorship.State.PROPOSED).count() == 2
    assert OutboxEmail.objects.filter(template="mentoring_proposal").count() == 4
    assert OutboxEmail.objects.count() == before + 4
    assert AuditLog.objects.filter(object_type="mentoring.mentorship", action="create").count() == 2
    # Confirming again (the back button) publishes nothing twice.
    client.post(url(mentor_programme), {"confirm": "yes", "run": run.pk})
    assert OutboxEmail.objects.count() == before + 4 and Mentorship.objects.count() == 2


def test_a_pair_that_no_longer_fits_is_shown_left_out_and_gets_no_e_mail(
    client, coordinator, mentor_programme, run
):
    amal = Mentorship.objects.none()  # noqa: F841 (the name documents the mentee below)
    mentee = next(m for m in pool_mentees(mentor_programme) if m.enrolment.participant.first_name == "Amal")
    give_mentor_consent(mentee.enrolment.participant, given=False)
    login(client, coordinator)
    page = client.get(url(mentor_programme)).content.decode()
    assert "Left out" in page and "has not agreed to share their profile" in page
    assert "Publishing sends 2 e-mails now" in page and "Publish 1 proposal and send" in page
    client.post(url(mentor_programme), {"confirm": "yes", "run": run.pk})
    sent = set(OutboxEmail.objects.filter(template="mentoring_proposal").values_list("to", flat=True))
    assert sent == {"bilal.haj@example.no", "ola@mentor.example"}


def test_nothing_to_publish_says_so(client, coordinator, mentor_programme):
    login(client, coordinator)
    page = client.get(url(mentor_programme)).content.decode()
    assert "There are no proposals to publish" in page and 'name="confirm"' not in page
    response = client.post(url(mentor_programme), {"confirm": "yes", "run": "1"})
    assert response.status_code == 302 and not OutboxEmail.objects.filter(template="mentoring_proposal")


@pytest.mark.parametrize("role", ["other_coordinator", "advisor", "mentor", "employer", "participant_user"])
def test_only_the_programmes_coordinators_see_the_preview_or_publish(
    client, request, role, mentor_programme, run
):
    """The preview lists names and e-mail addresses: it is the programme's coordinators' alone."""
    login(client, request.getfixturevalue(role))
    response = client.get(url(mentor_programme))
    assert response.status_code == 404 and "amal.nur@example.no" not in response.content.decode()
    assert client.post(url(mentor_programme), {"confirm": "yes", "run": run.pk}).status_code == 404
    run.refresh_from_db()
    assert run.published_at is None and not OutboxEmail.objects.filter(template="mentoring_proposal")


def test_another_organisations_programme_is_out_of_reach(
    client, coordinator, other_coordinator, other_mentor_programme
):
    make_mentor(other_mentor_programme, name="Ola Annen")
    make_mentee(other_mentor_programme, other_coordinator, first="Sara", last="Annen")
    other_run = match_run_start(actor=other_coordinator, programme=other_mentor_programme)
    login(client, coordinator)
    assert client.get(url(other_mentor_programme)).status_code == 404
    response = client.post(url(other_mentor_programme), {"confirm": "yes", "run": other_run.pk})
    assert response.status_code == 404
    assert MatchRun.objects.get(pk=other_run.pk).published_at is None and not Mentorship.objects.exists()


def test_the_preview_costs_the_same_queries_for_few_and_many_pairs(client, coordinator, mentor_programme):
    login(client, coordinator)

    def add(start, n):
        for i in range(start, start + n):
            make_mentor(mentor_programme, name=f"Mentor Nr{i}", email=f"m{i}@mentor.example")
            make_mentee(mentor_programme, coordinator, first=f"Mentee{i}", last="Test")
        match_run_start(actor=coordinator, programme=mentor_programme)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(mentor_programme)).status_code == 200
        return len(queries)

    add(0, 2)
    few = count()
    add(2, 8)
    assert MatchRun.objects.latest().pairs and len(MatchRun.objects.latest().pairs) == 10
    assert count() == few
