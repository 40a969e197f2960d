"""Publishing a large run's proposals leaves the request: the confirmation queues it, the task worker
makes the proposals and their e-mails in one transaction while the page polls (htmx, no inline script),
and a run is published once, one publish at a time per programme."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from kobling.core.models import AuditLog, Occupation
from kobling.core.occupations import load_occupations
from kobling.mentoring.matching import services as matching
from kobling.mentoring.models import MatchRun, Mentorship
from kobling.notifications.models import OutboxEmail
from tests.conftest import login
from tests.fixtures.mentoring import make_mentee, make_mentor


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def run(mentor_programme, coordinator):
    """A run with two pairs, each of which e-mails its mentee and its mentor."""
    make_mentor(mentor_programme, name="Mari Utvikler", occupation="2512")
    make_mentor(mentor_programme, name="Ola Ingeniør", occupation="2142")
    make_mentee(mentor_programme, coordinator, first="Amal", last="Nur", occupation="2512")
    make_mentee(mentor_programme, coordinator, first="Bilal", last="Haj", occupation="2142")
    made = matching.match_run_start(actor=coordinator, programme=mentor_programme)
    assert made.is_done and len(made.pairs) == 2
    return made


@pytest.fixture
def to_the_worker(monkeypatch):
    """Every publish counts as large."""
    monkeypatch.setattr(matching, "INLINE_MAX_PROPOSALS", 0)


def publish_url(programme):
    return reverse("mentoring_matching_publish", args=[programme.slug])


def status_url(programme):
    return reverse("mentoring_matching_publish_status", args=[programme.slug])


def confirm(client, run, **kwargs):
    return client.post(publish_url(run.programme), {"confirm": "yes", "run": run.pk}, **kwargs)


def proposals_sent():
    return OutboxEmail.objects.filter(template="mentoring_proposal")


def work():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


@pytest.mark.django_db(transaction=True)
class TestTheWorker:
    """Through the real database worker, which sees only committed rows (a transactional test)."""

    @pytest.fixture(autouse=True)
    def _occupations(self, transactional_db):
        if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
            load_occupations(Occupation)

    def test_a_large_publish_is_queued_shown_in_progress_and_made_by_the_worker(
        self, client, coordinator, mentor_programme, run, to_the_worker
    ):
        from django_tasks_db.models import DBTaskResult

        login(client, coordinator)
        response = confirm(client, run)
        assert response.status_code == 302 and response["Location"] == status_url(mentor_programme)
        run.refresh_from_db()
        assert run.publish_state == MatchRun.Publish.QUEUED and run.published_at is None
        assert run.published_by == coordinator
        tasks = DBTaskResult.objects.filter(task_path__endswith="match_run_publish_task", status="READY")
        assert tasks.count() == 1
        assert not Mentorship.objects.exists() and not proposals_sent().exists()
        # The page polls; the preview and the matching page send the coordinator to the progress.
        page = client.get(status_url(mentor_programme)).content.decode()
        assert "being published in the background" in page  # the message after the confirmation
        assert f'hx-get="{status_url(mentor_programme)}"' in page and 'hx-trigger="every 1s"' in page
        assert "Publishing 2 proposals and sending the e-mails." in page and "<script>" not in page
        polled = client.get(status_url(mentor_programme), headers={"HX-Request": "true"}).content.decode()
        assert 'hx-trigger="every 1s"' in polled and "<html" not in polled
        assert client.get(publish_url(mentor_programme))["Location"] == status_url(mentor_programme)
        matching_page = client.get(reverse("mentoring_matching", args=[mentor_programme.slug]))
        shown = matching_page.content.decode()
        assert 'hx-trigger="every 1s"' in shown and 'value="run"' not in shown
        assert publish_url(mentor_programme) + '"' not in shown  # no second "Publish…" meanwhile

        work()

        run.refresh_from_db()
        assert run.publish_state == MatchRun.Publish.DONE and run.published_at is not None
        assert (run.proposals_made, run.proposals_left_out) == (2, 0)
        assert Mentorship.objects.filter(run=run, state=Mentorship.State.PROPOSED).count() == 2
        # The worker also delivered the four e-mails the proposals queued (mentee and mentor each).
        assert proposals_sent().count() == 4
        assert set(proposals_sent().values_list("state", flat=True)) == {OutboxEmail.State.SENT}
        subjects = set(proposals_sent().values_list("subject", flat=True))
        sent = sorted(m.to[0] for m in mail.outbox if m.subject in subjects)
        assert len(sent) == 4 and sent == sorted(proposals_sent().values_list("to", flat=True))
        assert "amal.nur@example.no" in sent and "mari.utvikler@mentor.example" in sent
        done = client.get(status_url(mentor_programme), headers={"HX-Request": "true"}).content.decode()
        assert "2 proposals are sent to mentors and mentees." in done and "hx-trigger" not in done
        assert reverse("mentoring_pairs", args=[mentor_programme.slug]) in done
        audit = AuditLog.objects.filter(action=AuditLog.Action.PUBLISH, actor=coordinator).order_by("pk")
        assert [row.note for row in audit] == [
            f"matching run {run.pk}: 2 pairs queued for the task worker",
            f"matching run {run.pk}: 2 proposed, 0 left out (task worker)",
        ]
        # A confirmation after the publish (the back button) sends nothing and says so.
        again = confirm(client, run, follow=True).content.decode()
        assert "These proposals are already published." in again
        work()
        assert proposals_sent().count() == 4 and Mentorship.objects.count() == 2

    def test_a_publish_that_fails_in_the_worker_sends_nothing_and_can_be_published_again(
        self, client, coordinator, mentor_programme, run, to_the_worker, monkeypatch
    ):
        login(client, coordinator)
        confirm(client, run)
        propose, calls = matching.mentorship_propose, []

        def second_breaks(**kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("the mail templates broke")
            return propose(**kwargs)

        monkeypatch.setattr(matching, "mentorship_propose", second_breaks)
        work()
        run.refresh_from_db()
        assert run.publish_state == MatchRun.Publish.FAILED and run.published_at is None
        # All or nothing: the first pair, made before the failure, was rolled back with its e-mails.
        assert len(calls) == 2 and not Mentorship.objects.exists() and not proposals_sent().exists()
        assert not AuditLog.objects.filter(note__contains="proposed").exists()
        page = client.get(status_url(mentor_programme)).content.decode()
        assert "did not finish, and nothing was sent" in page and "hx-trigger" not in page
        shown = client.get(reverse("mentoring_matching", args=[mentor_programme.slug])).content.decode()
        assert "did not finish, and nothing was sent" in shown and 'value="run"' in shown
        preview = client.get(publish_url(mentor_programme)).content.decode()
        assert "Publish 2 proposals and send the e-mails" in preview  # the same preview, to try again

        monkeypatch.setattr(matching, "mentorship_propose", propose)
        confirm(client, run)
        work()
        run.refresh_from_db()
        assert run.publish_state == MatchRun.Publish.DONE and proposals_sent().count() == 4

    def test_two_coordinators_confirming_at_once_publish_once(
        self, coordinator, mentor_programme, run, to_the_worker
    ):
        """The programme row is locked while a publish starts: the second waits, then finds the run
        queued and is refused."""
        if connection.vendor != "postgresql":
            pytest.skip("row locks need PostgreSQL; SQLite takes one writer at a time anyway")
        holding, release, outcome = threading.Event(), threading.Event(), {}
        give_up = matching.give_up_lost

        def hold(programme):
            if not holding.is_set():  # the first confirmation holds its transaction (and lock) open here
                holding.set()
                release.wait(10)
            return give_up(programme)

        def publish(wait):
            if wait:
                holding.wait(10)
            # Keyed by which one it was: the two may finish in either order once the lock is released.
            try:
                outcome[wait] = matching.match_run_publish(actor=coordinator, run=run).publish_state
            except ValidationError as error:
                outcome[wait] = error.code
            finally:
                connections.close_all()

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matching, "give_up_lost", hold)
            threads = [threading.Thread(target=publish, args=(wait,)) for wait in (False, True)]
            for thread in threads:
                thread.start()
            holding.wait(10)
            time.sleep(0.5)  # long enough for the second to pass its check, were it not made to wait
            release.set()
            for thread in threads:
                thread.join()
        assert outcome == {False: "queued", True: "publishing"}


@pytest.mark.django_db
class TestOnePublishAtATime:
    def test_a_second_confirmation_while_queued_sends_nothing_more_and_says_so(
        self, client, coordinator, mentor_programme, run, to_the_worker
    ):
        login(client, coordinator)
        confirm(client, run)
        response = confirm(client, run, follow=True)
        assert "The proposals are being published. Wait until it has finished." in response.content.decode()
        assert response.redirect_chain[-1][0] == status_url(mentor_programme)
        with pytest.raises(ValidationError) as refused:
            matching.match_run_publish(actor=coordinator, run=run)
        assert refused.value.code == "publishing"
        assert AuditLog.objects.filter(action=AuditLog.Action.PUBLISH).count() == 1

    def test_a_published_run_is_not_published_again(self, client, coordinator, mentor_programme, run):
        login(client, coordinator)
        response = confirm(client, run)
        assert response["Location"] == reverse("mentoring_pairs", args=[mentor_programme.slug])
        assert proposals_sent().count() == 4
        with pytest.raises(ValidationError) as refused:
            matching.match_run_publish(actor=coordinator, run=run)
        assert refused.value.code == "published"
        again = confirm(client, run, follow=True).content.decode()
        assert "These proposals are already published." in again
        assert "2 proposals are sent to mentors and mentees." in again  # the result, shown again
        assert proposals_sent().count() == 4 and Mentorship.objects.count() == 2
        assert AuditLog.objects.filter(action=AuditLog.Action.PUBLISH).count() == 1

    def test_no_run_starts_while_proposals_are_published(
        self, client, coordinator, mentor_programme, run, to_the_worker
    ):
        matching.match_run_publish(actor=coordinator, run=run)
        with pytest.raises(ValidationError, match="being published"):
            matching.match_run_start(actor=coordinator, programme=mentor_programme)
        login(client, coordinator)
        page = reverse("mentoring_matching", args=[mentor_programme.slug])
        response = client.post(page, {"action": "run"}, follow=True)
        assert "being published" in response.content.decode()
        assert MatchRun.objects.filter(programme=mentor_programme).count() == 1

    def test_a_publish_lost_long_ago_can_be_published_again(
        self, coordinator, mentor_programme, run, to_the_worker
    ):
        matching.match_run_publish(actor=coordinator, run=run)
        long_ago = timezone.now() - matching.STALE_AFTER - datetime.timedelta(minutes=1)
        MatchRun.objects.filter(pk=run.pk).update(
            publish_state=MatchRun.Publish.SENDING, publish_started_at=long_ago
        )
        again = matching.match_run_publish(actor=coordinator, run=run)
        assert again.publish_state == MatchRun.Publish.QUEUED and again.publish_started_at > long_ago

    def test_a_small_publish_stays_in_the_request(self, client, coordinator, mentor_programme, run):
        login(client, coordinator)
        confirm(client, run)
        run.refresh_from_db()
        assert run.publish_state == MatchRun.Publish.DONE and (
            run.proposals_made,
            run.proposals_left_out,
        ) == (2, 0)
        assert proposals_sent().count() == 4

    def test_nothing_published_yet_says_so(self, client, coordinator, mentor_programme):
        login(client, coordinator)
        page = client.get(status_url(mentor_programme)).content.decode()
        assert "No proposals have been published yet." in page and "hx-trigger" not in page


@pytest.mark.django_db
class TestAccess:
    def test_the_publish_and_its_progress_belong_to_the_programmes_coordinators(
        self, client, coordinator, other_coordinator, mentor_programme, run, to_the_worker, participant_user
    ):
        login(client, other_coordinator)  # another organisation's coordinator
        assert confirm(client, run).status_code == 404
        assert client.get(status_url(mentor_programme), headers={"HX-Request": "true"}).status_code == 404
        login(client, participant_user)
        assert confirm(client, run).status_code == 404
        assert client.get(status_url(mentor_programme)).status_code == 404
        client.logout()
        assert client.get(status_url(mentor_programme)).status_code == 302  # to the login page
        run.refresh_from_db()
        assert run.publish_state == MatchRun.Publish.NOT_YET and not Mentorship.objects.exists()
        login(client, coordinator)
        confirm(client, run)
        assert client.post(status_url(mentor_programme)).status_code == 405
        whole = client.get(status_url(mentor_programme))  # without htmx: a page of its own
        assert whole.status_code == 200 and "<html" in whole.content.decode()

    def test_a_run_of_another_organisation_cannot_be_confirmed_through_ones_own_programme(
        self, client, coordinator, other_coordinator, mentor_programme, other_mentor_programme, run
    ):
        make_mentor(other_mentor_programme, name="Ola Annen")
        make_mentee(other_mentor_programme, other_coordinator, first="Sara", last="Annen")
        other_run = matching.match_run_start(actor=other_coordinator, programme=other_mentor_programme)
        login(client, coordinator)
        response = client.post(publish_url(mentor_programme), {"confirm": "yes", "run": other_run.pk})
        assert response.status_code == 302
        other_run.refresh_from_db()
        assert other_run.publish_state == MatchRun.Publish.NOT_YET and not proposals_sent().exists()
