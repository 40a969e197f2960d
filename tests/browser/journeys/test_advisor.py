"""The NAV advisor's job on a laptop: refer a person, follow them, read and agree their plan."""

import re

import pytest
from django.core import mail

from kobling.people.models import Participant
from kobling.programmes.models import ActivityItem, Status
from tests.browser.conftest import log_in, serious_violations
from tests.browser.journeys.conftest import run_the_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_advisor_refers_a_person_follows_them_and_agrees_their_plan(
    page, advisor, coordinator, programme
):
    log_in(page, advisor)
    page.goto("/refer/")
    page.select_option("#id_programme", str(programme.pk))
    page.fill("#id_first_name", "Jonas")
    page.fill("#id_last_name", "Lie")
    page.fill("#id_email", "jonas.lie@example.no")
    page.fill("#id_phone", "41234567")
    page.fill("#id_birth_year", "2001")
    page.select_option("#id_region", "03")
    page.fill("#id_municipality", "Oslo")
    page.check("#id_neet")
    page.fill("#id_note", "Interessert i drift.")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/portfolio/")
    jonas = Participant.objects.get(email="jonas.lie@example.no")
    assert jonas.advisor == advisor
    assert jonas.enrolments.get().status == Status.APPLIED

    # The provider plans a first goal with the person (their side of the plan).
    goal = ActivityItem.objects.create(
        participant=jonas, kind="goal", title="Lære grunnleggende nettverk", created_by=coordinator
    )

    # The portfolio's search finds the person, with the programme and where the application stands.
    page.fill("#portfolio-q", "Lie")
    page.press("#portfolio-q", "Enter")
    page.wait_for_url(re.compile(r"/portfolio/\?.*q=Lie"))
    row = page.locator("#portfolio-rows tbody tr", has_text="Jonas Lie")
    assert row.count() == 1
    assert "Salesforce-kurs" in row.inner_text() and "Søkt inn" in row.inner_text()
    assert serious_violations(page) == []

    row.get_by_role("link", name="Jonas Lie").click()
    page.wait_for_url(f"**/participants/{jonas.pk}/")
    page.click("#h-timeline ~ details summary")
    page.select_option("#id_entry-kind", "call")
    page.fill("#id_entry-title", "Ringte Jonas")
    with page.expect_response(lambda r: r.url.endswith("/timeline/") and r.request.method == "POST") as sent:
        page.click("form[action$='/timeline/'] button[type=submit]")
    assert sent.value.status == 302, f"the entry was refused ({sent.value.status})"
    page.wait_for_url(f"**/participants/{jonas.pk}/")
    page.locator(".timeline >> text=Ringte Jonas").wait_for()

    # The plan: the advisor reads the provider's goal and marks it agreed with NAV.
    page.click(f"a[href='/participants/{jonas.pk}/plan/']")
    page.wait_for_url(f"**/participants/{jonas.pk}/plan/")
    item = page.locator(f"#item-{goal.pk}")
    assert "Lære grunnleggende nettverk" in item.inner_text()
    item.locator("form[action$='/agreed/'] button").click()
    page.locator(f"#item-{goal.pk} .ds-tag", has_text="Avtalt med NAV").wait_for()
    goal.refresh_from_db()
    assert goal.agreed_with_nav
    assert serious_violations(page) == []

    # The person hears that the provider has the referral, in Norwegian.
    run_the_worker()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["jonas.lie@example.no"], "Vi har fått søknaden din – Salesforce-kurs")
    ]
