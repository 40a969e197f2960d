"""Issue 8, defect 1: the day's actions run as they do in production, outside any test transaction,
where an audit row written outside its change's transaction is a RuntimeError (a 500)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from kobling.events.day.services import day_replan, employer_absent
from kobling.events.models import Interview
from kobling.events.schedule.services import schedule_generate, schedule_publish
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def deliver():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


@pytest.fixture
def published(market_coordinator, full_event, on_the_day):
    event, regs, candidates = full_event
    schedule_generate(actor=market_coordinator, event=event)
    schedule_publish(actor=market_coordinator, event=event)
    deliver()
    mail.outbox.clear()
    event.refresh_from_db()
    on_the_day(event)
    return event, regs, candidates


def test_marking_a_no_show_and_replanning_through_the_pages_works(client, market_coordinator, published):
    event, _regs, candidates = published
    login(client, market_coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("event_day_candidate", args=[candidates[0].pk]), {"action": "no_show", "from_slot": "0"}
    )
    assert response.status_code == 302
    response = client.post(reverse("event_day_replan", args=[event.pk]), follow=True)
    assert response.status_code == 200
    assert "re-planned" in response.content.decode()
    event.refresh_from_db()
    assert event.schedule_version == 2


def test_a_late_employers_cancelled_interviews_are_e_mailed_to_the_candidates(
    client, market_coordinator, published
):
    event, regs, _candidates = published
    late = regs[1]
    lost = list(
        Interview.objects.filter(employer=late, state="planned", slot__lt=3).select_related(
            "candidate__participant"
        )
    )
    assert lost, "the late employer had early interviews"
    login(client, market_coordinator)
    response = client.post(
        reverse("event_day_employer", args=[late.pk]), {"action": "late", "until_slot": "3", "from_slot": "0"}
    )
    assert response.status_code == 302
    assert not Interview.objects.filter(employer=late, state="planned", slot__lt=3).exists()
    deliver()
    told = {m.to[0]: m for m in mail.outbox}
    for interview in lost:
        message = told[interview.candidate.participant.email]
        with translation.override(interview.candidate.participant.preferred_language):
            assert late.organisation.name in message.body.split("\n\n")[1]  # in the cancelled part
    assert late.contact_email not in told  # the employer knows they are late


def test_the_replan_service_owns_its_transaction(market_coordinator, published):
    event, regs, _c = published
    employer_absent(actor=market_coordinator, registration=regs[2], until_slot=None, from_slot=0)
    result = day_replan(actor=market_coordinator, event=event, from_slot=0)
    assert result is not None
    assert not Interview.objects.filter(employer=regs[2], state="planned").exists()
