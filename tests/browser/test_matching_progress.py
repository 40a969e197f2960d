"""A large programme's matching in a real browser: the page polls the run's progress with htmx (no
inline script, so the CSP holds) and shows the proposals by itself once the task worker is done."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.mentoring.matching import services as matching
from kobling.mentoring.models import MatchRun
from tests.browser.conftest import log_in, serious_violations
from tests.fixtures.mentoring import make_mentee, make_mentor

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_page_follows_a_run_made_by_the_worker(page, coordinator, mentor_programme, monkeypatch):  # noqa: F811
    if not Occupation.objects.exists():  # transactional tests flush the data migrations' rows
        load_occupations(Occupation)
    make_mentor(mentor_programme, name="Mari Utvikler", occupation="2512")
    make_mentee(mentor_programme, coordinator, first="Amal", last="Nur", occupation="2512")
    monkeypatch.setattr(matching, "INLINE_MAX_PAIRS", 0)  # every run goes to the worker
    refused = []
    page.on(
        "console", lambda message: "Content-Security-Policy" in message.text and refused.append(message.text)
    )
    log_in(page, coordinator)
    page.goto(reverse("mentoring_matching", args=[mentor_programme.slug]))
    page.click("button[value=run]")
    page.wait_for_selector("#matching-status progress")
    assert serious_violations(page) == []
    with page.expect_response(lambda r: r.url.endswith("/matching/status/")):
        pass  # the page is polling
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    assert MatchRun.objects.get().state == MatchRun.State.DONE
    page.wait_for_selector("table tbody tr >> text=Amal Nur")  # htmx reloaded the page by itself
    assert page.locator("#matching-status").count() == 0
    assert refused == []
