"""Shared by the journeys: each role's job from start to end, as that role does it (issue 8).

A journey builds a small world with the fixtures, then works through the pages as the role would,
on a phone (360 px) where the role works on one and on a laptop otherwise, and checks what came of it:
rows in the database, e-mails after the task worker has run, the text on the pages."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

PHONE = {"width": 360, "height": 740}


def fits_the_screen(page) -> bool:
    """Nothing on the page is wider than the screen, so nothing scrolls sideways."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def submit(page, selector: str) -> None:
    """Press a button that posts a form, and wait for the page the answer leads to (often the same
    address, so waiting for the address would not wait at all)."""
    with page.expect_navigation():
        page.click(selector)


def run_the_worker() -> None:
    """Deliver the queued e-mails, as the background worker would (into django.core.mail.outbox)."""
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def clock():
    """Moves the clock, the server's and the test's alike, to a moment, from where it ticks on. Only
    ever forwards from today: the browser keeps its own clock, and cookies the server dates in the
    past would be thrown away."""
    travellers = []

    def travel(moment: datetime.datetime) -> None:
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def new_page(browser, live_server):
    """Another person's browser: `new_page(phone=True)` for a phone, else a laptop."""
    contexts = []

    def make(phone: bool = False):
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
        context = browser.new_context(
            base_url=live_server.url,
            locale="nb-NO",
            **({"viewport": {"width": 1280, "height": 900}} | options),
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()
