"""Issue 9: under the Content-Security-Policy (no inline script or style, no eval) htmx still does its
work and /api/docs still shows the API, and the browser reports no violation."""

from urllib.parse import urlsplit

import pytest

from kobling.people.models import Participant
from tests.browser.conftest import log_in
from tests.conftest import make_participant
from tests.core.test_validators import first_valid

pytestmark = pytest.mark.django_db(transaction=True)


def watch(page) -> list[str]:
    """Collect what the browser says about the policy: console messages and uncaught errors."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    return problems


def test_htmx_search_and_reveal_work_with_no_csp_violation(page, coordinator, participant, programme):
    Participant.objects.filter(pk=participant.pk).update(national_id=first_valid("150585"))
    make_participant(participant.organisation, first="Ola", last="Nordmann", programme=programme)
    problems = watch(page)
    log_in(page, coordinator)
    page.goto("/participants/")
    assert "script-src 'self'" in page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )
    page.fill("#id_q", "Nordm")  # search as you type: an htmx GET swaps the rows in
    page.wait_for_function(
        "() => !document.querySelector('#participant-rows').textContent.includes('Hassan')"
    )
    assert "q=Nordm" in page.url  # hx-push-url
    assert page.locator("#participant-rows tbody tr").count() == 1
    assert "Nordmann" in page.inner_text("#participant-rows tbody")

    page.goto(f"/participants/{participant.pk}/")
    # An htmx POST, with the CSRF header from hx-headers. (The button sits in an inline form that
    # Playwright's hit test mistakes for a cover, so it is pressed from the keyboard.)
    page.focus("#national-id button")
    page.keyboard.press("Enter")
    page.wait_for_selector("#national-id .muted")
    assert page.url.endswith(f"/participants/{participant.pk}/")  # swapped in place, no navigation
    assert first_valid("150585") in page.inner_text("#national-id")
    assert problems == []


def test_the_api_docs_run_from_our_own_files_under_the_policy(page, coordinator):
    problems = watch(page)
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    log_in(page, coordinator)
    page.goto("/api/docs")
    page.wait_for_selector('.opblock-summary-path[data-path="/api/participants"]')
    assert hosts == {urlsplit(page.url).netloc}  # nothing fetched from anywhere else
    assert problems == []
