"""The recruitment-event pages in a real browser, per role: they render, pass axe-core and fit a phone."""

import pytest
from django.urls import reverse

from kobling.events.schedule.services import schedule_generate, schedule_publish
from tests.browser.conftest import log_in, serious_violations


@pytest.fixture
def published_event(market_coordinator, full_event):  # noqa: F811
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    schedule_publish(actor=market_coordinator, event=event)
    event.refresh_from_db()
    return event, regs, candidates


def pages_for(role, event, regs, candidates):
    if role == "market_coordinator":
        return [
            reverse("event_list"),
            reverse("event_new"),
            reverse("event_detail", args=[event.pk]),
            reverse("event_edit", args=[event.pk]),
            reverse("event_employer_invite", args=[event.pk]),
            reverse("event_employer", args=[regs[0].pk]),
            reverse("event_schedule", args=[event.pk]),
            reverse("event_day", args=[event.pk]),
        ]
    if role == "advisor":
        return [
            reverse("event_detail", args=[event.pk]),
            reverse("event_candidate", args=[candidates[0].pk]),
            reverse("event_candidate_wishes", args=[candidates[0].pk]),
            reverse("event_my_schedule", args=[event.pk]),
        ]
    return [
        reverse("event_detail", args=[event.pk]),
        reverse("event_employer_interest", args=[regs[0].pk]),
        reverse("event_my_schedule", args=[event.pk]),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["market_coordinator", "advisor", "employer"])
def test_event_pages_render_and_pass_axe(page, request, role, published_event):
    event, regs, candidates = published_event
    log_in(page, request.getfixturevalue(role))
    for path in pages_for(role, event, regs, candidates):
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("h1").count() >= 1, path
        assert serious_violations(page) == [], path


@pytest.mark.django_db(transaction=True)
def test_the_day_page_works_on_a_phone(phone_page, market_coordinator, published_event, on_the_day):  # noqa: F811
    event, _regs, candidates = published_event
    on_the_day(event)
    log_in(phone_page, market_coordinator)
    phone_page.goto(reverse("event_day", args=[event.pk]))
    form = f"form[action='{reverse('event_day_candidate', args=[candidates[0].pk])}']"
    phone_page.locator(f"{form} button[value=in]").click()
    phone_page.wait_for_load_state()
    assert phone_page.locator(".ds-tag[data-color=success]").count() >= 1
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1
    assert serious_violations(phone_page) == []


@pytest.mark.django_db(transaction=True)
def test_the_organiser_generates_and_moves_an_interview_in_the_browser(page, market_coordinator, full_event):  # noqa: F811
    event, _regs, _candidates = full_event
    log_in(page, market_coordinator)
    page.goto(reverse("event_schedule", args=[event.pk]))
    page.locator(f"form[action='{reverse('event_schedule_generate', args=[event.pk])}'] button").click()
    page.wait_for_load_state()
    assert page.locator(".schedule-grid").count() == 2
    assert serious_violations(page) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["market_coordinator", "employer"])
def test_event_pages_fit_a_phone_and_their_facts_read_across(phone_page, request, role, published_event):
    """Issue 8, defect 2: at 360 px the event's facts were printed one letter per line, and
    "Rekrutteringsarrangementer" and the employer's feedback tags made pages wider than the screen."""
    event, _regs, _candidates = published_event
    log_in(phone_page, request.getfixturevalue(role))
    paths = [reverse("event_detail", args=[event.pk])]
    if role == "market_coordinator":
        paths += [reverse("event_list")]
    else:
        paths += [reverse("event_my_schedule", args=[event.pk]), reverse("recruitment_home")]
    for path in paths:
        assert phone_page.goto(path).status == 200, path
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 361, path
        narrowest = phone_page.evaluate(
            "Math.min(...[...document.querySelectorAll('dl.facts dd')].map(d => d.clientWidth), 1e9)"
        )
        assert narrowest >= 200, (path, narrowest)


@pytest.mark.django_db(transaction=True)
def test_a_large_events_schedule_appears_when_the_worker_has_made_it(
    page,
    market_coordinator,  # noqa: F811
    full_event,  # noqa: F811
    monkeypatch,
):
    """The page polls the run's progress (htmx, no inline script) and reloads itself when it is done."""
    from django.core.management import call_command

    from kobling.events.schedule import services

    monkeypatch.setattr(services, "INLINE_CHOICES", 0)  # solved on the task worker, however small
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    event, _regs, _candidates = full_event
    log_in(page, market_coordinator)
    page.goto(reverse("event_schedule", args=[event.pk]))
    page.locator(f"form[action='{reverse('event_schedule_generate', args=[event.pk])}'] button").click()
    page.wait_for_load_state()
    assert page.locator("#schedule-run[hx-trigger]").count() == 1
    assert page.locator(".schedule-grid").count() == 0
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    page.locator(".schedule-grid").first.wait_for()
    assert page.locator(".schedule-grid").count() == 2 and page.locator("#schedule-run").count() == 0
    assert errors == [] and serious_violations(page) == []
