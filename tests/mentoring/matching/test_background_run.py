"""A large programme's batch matching leaves the request: the task worker makes the run while the page
polls its progress (htmx, no inline script), one run at a time per programme."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from kobling.core.models import AuditLog, Occupation
from kobling.core.occupations import load_occupations
from kobling.mentoring.matching import services as matching
from kobling.mentoring.models import MatchRun
from tests.conftest import login
from tests.fixtures.mentoring import make_mentee, make_mentor


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def pool(mentor_programme, coordinator):
    """Two mentees and two mentors: small, but made to go to the worker (`to_the_worker`)."""
    make_mentor(mentor_programme, name="Mari Utvikler", occupation="2512")
    make_mentor(mentor_programme, name="Ola Ingeniør", occupation="2142")
    make_mentee(mentor_programme, coordinator, first="Amal", last="Nur", occupation="2512")
    make_mentee(mentor_programme, coordinator, first="Bilal", last="Haj", occupation="2142")


@pytest.fixture
def to_the_worker(monkeypatch):
    """Every run counts as large."""
    monkeypatch.setattr(matching, "INLINE_MAX_PAIRS", 0)


def page(programme):
    return reverse("mentoring_matching", args=[programme.slug])


def status(programme):
    return reverse("mentoring_matching_status", args=[programme.slug])


def start(client, programme):
    response = client.post(page(programme), {"action": "run"})
    assert response.status_code == 302
    return MatchRun.objects.filter(programme=programme).latest()


@pytest.mark.django_db(transaction=True)
class TestTheWorker:
    """Through the real database worker, which sees only committed rows (a transactional test)."""

    @pytest.fixture(autouse=True)
    def _occupations(self, transactional_db):
        if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
            load_occupations(Occupation)

    def test_a_large_run_is_queued_shown_in_progress_and_made_by_the_worker(
        self, client, coordinator, mentor_programme, pool, to_the_worker
    ):
        from django_tasks_db.models import DBTaskResult

        login(client, coordinator)
        run = start(client, mentor_programme)
        assert run.state == MatchRun.State.QUEUED and run.pairs == []
        assert DBTaskResult.objects.filter(task_path__endswith="match_run_task", status="READY").count() == 1
        shown = client.get(page(mentor_programme)).content.decode()
        assert f'hx-get="{status(mentor_programme)}"' in shown and 'hx-trigger="every 1s"' in shown
        assert 'value="run"' not in shown  # no second run while this one is on its way
        polled = client.get(status(mentor_programme), headers={"HX-Request": "true"})
        assert polled.status_code == 200 and "HX-Refresh" not in polled
        assert 'hx-trigger="every 1s"' in polled.content.decode() and "<html" not in polled.content.decode()

        call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)

        run.refresh_from_db()
        assert run.state == MatchRun.State.DONE and len(run.pairs) == 2 and run.finished_at
        assert (run.pool_mentees, run.pool_mentors) == (2, 2)
        done = client.get(status(mentor_programme), headers={"HX-Request": "true"})
        assert done["HX-Refresh"] == "true"  # htmx reloads the page, which now shows the proposals
        shown = client.get(page(mentor_programme)).content.decode()
        assert "Amal Nur" in shown and "Bilal Haj" in shown and 'hx-trigger="every 1s"' not in shown
        assert (
            AuditLog.objects.filter(action=AuditLog.Action.RUN, object_id=str(mentor_programme.pk)).count()
            == 1
        )

    def test_a_run_that_fails_in_the_worker_is_saved_as_failed_and_the_page_says_so(
        self, client, coordinator, mentor_programme, pool, to_the_worker, monkeypatch
    ):
        login(client, coordinator)
        run = start(client, mentor_programme)

        def broken(*args, **kwargs):
            raise RuntimeError("the engine broke")

        monkeypatch.setattr(matching, "solve_pool", broken)
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
        run.refresh_from_db()
        assert run.state == MatchRun.State.FAILED
        shown = client.get(page(mentor_programme)).content.decode()
        assert "did not finish" in shown and 'value="run"' in shown  # and it can be run again

    def test_two_coordinators_starting_at_once_start_one_run(
        self, coordinator, mentor_programme, pool, to_the_worker
    ):
        """The programme row is locked while a run starts: the second waits, then finds the first
        queued and is refused."""
        if connection.vendor != "postgresql":
            pytest.skip("row locks need PostgreSQL; SQLite takes one writer at a time anyway")
        holding, release, outcome = threading.Event(), threading.Event(), []
        size = matching.pool_size

        def size_and_hold(programme):
            if not holding.is_set():  # the first start holds its transaction (and the lock) open here
                holding.set()
                release.wait(10)
            return size(programme)

        def start_run(wait):
            if wait:
                holding.wait(10)
            try:
                with translation.override("en"):  # a thread starts in the default language
                    outcome.append(
                        matching.match_run_start(actor=coordinator, programme=mentor_programme).state
                    )
            except ValidationError as error:
                outcome.append(error.messages[0])
            finally:
                connections.close_all()

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matching, "pool_size", size_and_hold)
            threads = [threading.Thread(target=start_run, args=(wait,)) for wait in (False, True)]
            for thread in threads:
                thread.start()
            holding.wait(10)
            time.sleep(0.5)  # long enough for the second start to pass its check, were it not made to wait
            release.set()
            for thread in threads:
                thread.join()
        # Which thread reports first is a race (the refusal can come as soon as the first commits);
        # what matters is one run and one refusal.
        refused = [o for o in outcome if o != "queued"]
        assert outcome.count("queued") == 1 and len(refused) == 1 and "already running" in refused[0], outcome
        assert MatchRun.objects.filter(programme=mentor_programme).count() == 1


@pytest.mark.django_db
class TestOneRunAtATime:
    def test_a_second_run_is_refused_while_one_is_in_progress(
        self, client, coordinator, mentor_programme, pool, to_the_worker
    ):
        login(client, coordinator)
        start(client, mentor_programme)
        with pytest.raises(ValidationError, match="already running"):
            matching.match_run_start(actor=coordinator, programme=mentor_programme)
        response = client.post(page(mentor_programme), {"action": "run"}, follow=True)
        assert "already running" in response.content.decode()
        assert MatchRun.objects.filter(programme=mentor_programme).count() == 1

    def test_a_run_lost_long_ago_no_longer_blocks_the_programme(
        self, coordinator, mentor_programme, pool, to_the_worker
    ):
        lost = matching.match_run_start(actor=coordinator, programme=mentor_programme)
        long_ago = timezone.now() - matching.STALE_AFTER - datetime.timedelta(minutes=1)
        MatchRun.objects.filter(pk=lost.pk).update(created_at=long_ago)
        again = matching.match_run_start(actor=coordinator, programme=mentor_programme)
        lost.refresh_from_db()
        assert lost.state == MatchRun.State.FAILED and again.state == MatchRun.State.QUEUED

    def test_a_run_in_progress_cannot_be_published(self, coordinator, mentor_programme, pool, to_the_worker):
        run = matching.match_run_start(actor=coordinator, programme=mentor_programme)
        with pytest.raises(ValidationError, match="not finished"):
            matching.match_run_publish(actor=coordinator, run=run)

    def test_a_small_run_stays_in_the_request(self, client, coordinator, mentor_programme, pool):
        login(client, coordinator)
        run = start(client, mentor_programme)
        assert run.state == MatchRun.State.DONE and len(run.pairs) == 2


@pytest.mark.django_db
class TestAccess:
    def test_the_status_belongs_to_the_programmes_coordinators(
        self, client, coordinator, other_coordinator, mentor_programme, pool, to_the_worker, participant_user
    ):
        matching.match_run_start(actor=coordinator, programme=mentor_programme)
        login(client, other_coordinator)
        assert client.get(status(mentor_programme), headers={"HX-Request": "true"}).status_code == 404
        assert client.post(page(mentor_programme), {"action": "run"}).status_code == 404
        login(client, participant_user)
        assert client.get(status(mentor_programme)).status_code == 404
        client.logout()
        assert client.get(status(mentor_programme)).status_code == 302  # to the login page
        login(client, coordinator)
        whole = client.get(status(mentor_programme))  # without htmx: a page of its own
        assert whole.status_code == 200 and "<html" in whole.content.decode()
        assert client.post(status(mentor_programme)).status_code == 405


@pytest.mark.django_db
def test_locks_exclusions_runs_and_publishing_are_audited(client, coordinator, mentor_programme, pool):
    from kobling.mentoring.models import MatchConstraint, MenteeProfile, MentorProfile

    login(client, coordinator)
    mentee = MenteeProfile.objects.filter(enrolment__programme=mentor_programme).first()
    mentor = MentorProfile.objects.filter(programme=mentor_programme).first()
    client.post(page(mentor_programme), {"action": "lock", "mentee": mentee.pk, "mentor": mentor.pk})
    constraint = MatchConstraint.objects.get()
    client.post(page(mentor_programme), {"action": "remove", "constraint": constraint.pk})
    client.post(reverse("mentoring_mentee_exclude", args=[mentee.pk]))
    client.post(reverse("mentoring_mentee_exclude", args=[mentee.pk]))
    run = start(client, mentor_programme)
    client.post(
        reverse("mentoring_matching_publish", args=[mentor_programme.slug]), {"confirm": "yes", "run": run.pk}
    )
    rows = AuditLog.objects.filter(organisation=mentor_programme.organisation, actor=coordinator)
    constraints = rows.filter(object_type="mentoring.matchconstraint")
    assert list(constraints.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "delete",
        "create",
        "delete",
    ]
    assert rows.filter(action=AuditLog.Action.RUN, note=f"matching run {run.pk}").count() == 1
    published = rows.get(action=AuditLog.Action.PUBLISH)
    assert published.object_type == "programmes.programme" and "2 proposed" in published.note
