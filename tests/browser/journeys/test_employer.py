"""The employer on a phone, on the day of a recruitment event: whom they meet and when, then feedback
on an interview they have had (the mistakes shown at the fields first), which reaches the advisor."""

import pytest
from django.core import mail

from kobling.events.models import EventStatus
from kobling.recruitment.models import Feedback, Offer
from tests.browser.conftest import log_in, serious_violations
from tests.browser.journeys.conftest import at, fits_the_screen, run_the_worker
from tests.conftest import make_org, make_participant
from tests.fixtures.recruitment import candidate, interview, make_held_event, register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def the_day(nav_office, employer_org, participant, provider, coordinator):
    """A published event in a fortnight: Bølgedata (two tables) meets Amina at 16:00 and Bilal at 16:30,
    and Granittregnskap meets Amina at 16:30."""
    event = make_held_event(nav_office, nav_office, days_ago=-14, status=EventStatus.PUBLISHED)
    bolge = register(event, employer_org, tables=2)
    granitt = register(event, make_org("Granittregnskap AS", "employer"))
    bilal = make_participant(provider, first="Bilal", last="Ahmadi", actor=coordinator)
    amina_c = candidate(event, participant, experience="Lager, kundeservice")
    bilal_c = candidate(event, bilal)
    first = interview(event, amina_c, bolge, 0, table=1)
    interview(event, bilal_c, bolge, 1, table=2)
    interview(event, amina_c, granitt, 1, table=1)
    return event, first


def test_the_employer_reads_their_schedule_and_gives_feedback_on_a_phone(
    phone_page, clock, employer, advisor, the_day
):
    event, first = the_day
    clock(at(event.date, 16, 40))  # both of Bølgedata's interviews have begun
    page = phone_page
    log_in(page, employer)
    page.click(f"#employer-next-event a[href='/events/{event.pk}/my/']")
    page.wait_for_url(f"**/events/{event.pk}/my/")
    day = page.inner_text("main")
    assert "16:00, bord 1: Amina – Brukerstøtte" in day and "16:30, bord 2: Bilal" in day
    assert "Lager, kundeservice" in day
    assert "Granittregnskap" not in day and "Hassan" not in day  # their own day, first names only
    assert fits_the_screen(page)
    assert serious_violations(page) == []

    page.goto("/")
    page.click(f"#employer-feedback-due a[href='/recruitment/interviews/{first.pk}/feedback/']")
    page.wait_for_url(f"**/recruitment/interviews/{first.pk}/feedback/")
    assert fits_the_screen(page)
    page.locator("form.feedback-form button[type=submit]").tap()
    page.locator(".ds-validation-message").first.wait_for()
    assert page.locator(".ds-validation-message").count() >= 4  # at the fields; nothing is saved
    assert not Feedback.objects.exists()
    assert serious_violations(page) == []
    for name, score in (("motivation", 4), ("communication", 3), ("skills", 3), ("fit", 4)):
        page.locator(f"label[for=id_{name}_{score - 1}]").tap()
    page.fill("#id_strengths", "Nysgjerrig og presis")
    page.fill("#id_advice", "Fortell mer om prosjektene dine")
    page.check("input[name=outcome][value=second_interview]")
    page.locator("form.feedback-form button[type=submit]").tap()
    page.wait_for_url("**/recruitment/")
    assert fits_the_screen(page)

    feedback = Feedback.objects.get()
    assert (feedback.interview, feedback.given_by, feedback.motivation, feedback.outcome) == (
        first,
        employer,
        4,
        "second_interview",
    )
    assert not Offer.objects.exists()
    run_the_worker()
    assert [m.to for m in mail.outbox] == [[advisor.email]]
