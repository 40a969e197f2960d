"""The NAV market coordinator's recruitment event: set it up and register an employer on a laptop (an
advisor puts a candidate forward), make the schedule, move an interview by hand and publish through
the preview; then on the day, on a phone: check in, a late employer and a candidate who does not come,
re-plan the rest of the day, and enter an employer's feedback with an offer the candidate accepts.

The journey is one test; its phases are the functions below, in the order the day runs."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from kobling.events.models import CandidateRegistration, CandidateWish, EmployerRegistration, Event, Interview
from kobling.recruitment.models import Feedback, Offer
from tests.browser.conftest import log_in, serious_violations
from tests.browser.journeys.conftest import at, fits_the_screen, run_the_worker, submit
from tests.conftest import make_org, make_participant
from tests.fixtures.events import consent, register_candidate, register_employer

pytestmark = pytest.mark.django_db(transaction=True)


def set_up_the_event(page, day: datetime.date) -> Event:
    page.goto("/events/new/")
    page.fill("#id_title", "Ta sjansen – vår")
    page.select_option("#id_venue", label="NAV Lillestrand")
    page.fill("#id_address", "Storgata 1")
    page.fill("#id_date", day.isoformat())
    page.fill("#id_starts_at", "16:00")
    page.fill("#id_ends_at", "18:30")
    page.fill("#id_employer_deadline", (day - datetime.timedelta(days=7)).isoformat())
    page.fill("#id_candidate_deadline", (day - datetime.timedelta(days=5)).isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url("**/events/*/")
    event = Event.objects.get(title="Ta sjansen – vår")
    assert (event.date, len(event.slots()), event.min_interviews) == (day, 5, 3)  # 16:00 … 18:00
    change_status(page, "open")
    event.refresh_from_db()
    return event


def change_status(page, status):
    page.select_option("#id_status", status)
    submit(page, "form[action$='/status/'] button[type=submit]")


def register_employers(page, event, employer_org, market_coordinator) -> list[EmployerRegistration]:
    """Bølgedata phoned in and is registered by hand, with two tables; two firms came by their
    invitation links."""
    page.click(f"a[href='/events/{event.pk}/employers/new/']")
    page.select_option("#id_organisation", label=employer_org.name)
    page.fill("#id_contact_name", "Siri Sjef")
    page.fill("#id_contact_email", "sjef@bolgedata.example.no")
    page.fill("#id_tables", "2")
    page.fill("#id_looking_for", "Brukerstøtte og drift")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/events/employers/*/")
    bolge = EmployerRegistration.objects.get(event=event, organisation=employer_org)
    return [bolge] + [
        register_employer(event, make_org(f"Firma {x}", "employer"), market_coordinator) for x in "AB"
    ]


def register_candidates(desk, event, employers, advisor, participant, coordinator) -> list:
    """The advisor puts Amina forward with her wishes, in the browser; the provider has put four more
    forward. The market coordinator registers no candidates: those who follow them do."""
    consent(participant, advisor)
    log_in(desk, advisor)
    desk.goto(f"/events/{event.pk}/candidates/new/")
    desk.select_option("#id_participant", str(participant.pk))
    desk.fill("#id_looking_for", "Brukerstøtte")
    desk.click("main form button[type=submit]")
    desk.wait_for_url("**/wishes/")
    for rank, employer in enumerate(employers, start=1):
        desk.select_option(f"#id_e{employer.pk}", str(rank))
    submit(desk, "main form button[type=submit]")
    amina = CandidateRegistration.objects.get(event=event, participant=participant)
    assert amina.wishes.count() == 3
    candidates = [amina]
    for n, first in enumerate(["Bente", "Carlos", "Dina", "Erik"]):
        person = make_participant(participant.organisation, first=first, last="Testesen", actor=coordinator)
        reg = register_candidate(event, person, coordinator)
        order = employers[n % 3 :] + employers[: n % 3]
        CandidateWish.objects.bulk_create(
            CandidateWish(candidate=reg, employer=e, rank=r) for r, e in enumerate(order, start=1)
        )
        candidates.append(reg)
    return candidates


def a_free_move(event) -> tuple[Interview, int]:
    """An interview and a slot where its candidate is free and its employer has a free table."""
    interviews = list(Interview.objects.filter(event=event).select_related("employer"))
    for interview in interviews:
        for slot in range(len(event.slots())):
            busy = [i for i in interviews if i.slot == slot]
            if (
                all(i.candidate_id != interview.candidate_id for i in busy)
                and sum(i.employer_id == interview.employer_id for i in busy) < interview.employer.tables
            ):
                return interview, slot
    raise AssertionError("no free place to move an interview to")


def make_and_publish_the_schedule(page, event, candidates) -> None:
    page.goto(f"/events/{event.pk}/")
    change_status(page, "scheduling")
    page.goto(f"/events/{event.pk}/schedule/")
    page.click(f"form[action='/events/{event.pk}/schedule/generate/'] button")
    page.wait_for_selector(".schedule-grid")
    assert Interview.objects.filter(event=event).count() >= 2 * len(candidates)
    interview, slot = a_free_move(event)
    page.click(f"a[href='/events/interviews/{interview.pk}/move/']")
    page.select_option("#id_slot", str(slot))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/events/{event.pk}/schedule/")
    interview.refresh_from_db()
    assert interview.slot == slot
    page.click(f"a[href='/events/{event.pk}/schedule/publish/']")
    preview = page.inner_text("main table")
    assert "sjef@bolgedata.example.no" in preview and candidates[0].participant.email in preview
    assert not Interview.objects.filter(event=event, published=True).exists()  # not before the button
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/events/{event.pk}/schedule/")


def days(event) -> dict[int, set]:
    """Each candidate's live published interviews."""
    out = {}
    for i in Interview.objects.filter(event=event, published=True, state__in=["planned", "held"]):
        out.setdefault(i.candidate_id, set()).add((i.employer_id, i.slot))
    return out


def tag(phone, name, colour):
    return phone.locator(".checkin__row", has_text=name).locator(f".ds-tag[data-color={colour}]")


def run_the_day(phone, event, late, amina, erik) -> None:
    """Before the first interviews: Amina checks in, Firma A rings to say it comes at 17:30, Erik is
    not coming. Then the rest of the day is re-planned."""
    phone.goto(f"/events/{event.pk}/day/")
    assert fits_the_screen(phone)
    phone.click(f"form[action='/events/day/candidates/{amina.pk}/'] button[value=in]")
    tag(phone, "Amina Hassan", "success").wait_for()
    late_form = phone.locator(f"form[action='/events/day/employers/{late.pk}/']:has(select)")
    late_form.locator("select").select_option("3")  # there from 17:30
    late_form.locator("button[value=late]").click()
    tag(phone, late.organisation.name, "warning").wait_for()
    phone.click(f"form[action='/events/day/candidates/{erik.pk}/'] button[value=no_show]")
    tag(phone, "Erik Testesen", "danger").wait_for()
    assert serious_violations(phone) == []
    # The late employer's cancelled interviews were e-mailed to their candidates at once.
    run_the_worker()
    cancelled = Interview.objects.filter(employer=late, state="cancelled").select_related(
        "candidate__participant"
    )
    assert cancelled and {i.candidate.participant.email for i in cancelled} <= {m.to[0] for m in mail.outbox}

    sent, before = len(mail.outbox), days(event)
    statuses = []
    phone.on("response", lambda response: statuses.append(response.status))
    submit(phone, f"form[action='/events/{event.pk}/day/replan/'] button")
    assert 500 not in statuses
    assert fits_the_screen(phone)
    after = days(event)
    moved = {c for c in after if after[c] != before.get(c)} - {erik.pk}
    assert moved, "the re-plan gave someone a new time"
    assert not Interview.objects.filter(employer=late, slot__lt=3, state="planned").exists()
    # Whoever was given a new time hears of it.
    run_the_worker()
    people = CandidateRegistration.objects.filter(pk__in=moved).select_related("participant")
    assert {c.participant.email for c in people} <= {m.to[0] for m in mail.outbox[sent:]}


def feedback_and_the_offer(phone, event, bolge, market_coordinator) -> None:
    """Feedback on Bølgedata's behalf for an interview that has been held (its interviewer had to
    leave): a work-practice offer, and the candidate has said yes to it."""
    phone.click(f"a[href='/events/{event.pk}/my/?employer={bolge.pk}']")
    held = Interview.objects.filter(employer=bolge, slot__lte=1, state="planned").order_by("slot").first()
    assert fits_the_screen(phone)
    phone.click(f"a[href='/recruitment/interviews/{held.pk}/feedback/']")
    for name in ("motivation", "communication", "skills", "fit"):
        phone.locator(f"label[for=id_{name}_3]").tap()
    phone.fill("#id_strengths", "Godt forberedt")
    phone.check("input[name=outcome][value=practice_offer]")
    phone.locator("form.feedback-form button[type=submit]").tap()
    phone.wait_for_url("**/recruitment/")
    feedback = Feedback.objects.get(interview=held)
    assert (feedback.given_by, feedback.outcome) == (market_coordinator, "practice_offer")
    offer = Offer.objects.get(interview=held)
    phone.goto(f"/recruitment/events/{event.pk}/")
    phone.click(f"a[href='/recruitment/offers/{offer.pk}/']")
    phone.fill("#id_start_date", (event.date + datetime.timedelta(days=21)).isoformat())
    phone.click("main form:not([action]) button[type=submit]")
    phone.locator(".ds-tag[data-color=success]").wait_for()
    offer.refresh_from_db()
    assert offer.state == Offer.State.ACCEPTED
    assert fits_the_screen(phone)


def test_the_market_coordinator_runs_an_event_from_set_up_to_offers(
    page, new_page, clock, market_coordinator, advisor, coordinator, participant, employer_org
):
    day = timezone.localdate() + datetime.timedelta(days=14)
    log_in(page, market_coordinator)
    event = set_up_the_event(page, day)
    employers = register_employers(page, event, employer_org, market_coordinator)
    candidates = register_candidates(new_page(), event, employers, advisor, participant, coordinator)
    make_and_publish_the_schedule(page, event, candidates)
    run_the_worker()
    assert {participant.email, "sjef@bolgedata.example.no", advisor.email} <= {m.to[0] for m in mail.outbox}

    clock(at(day, 15, 45))  # the day, on a phone
    phone = new_page(phone=True)
    log_in(phone, market_coordinator)
    run_the_day(phone, event, late=employers[1], amina=candidates[0], erik=candidates[-1])
    clock(at(day, 16, 40))
    feedback_and_the_offer(phone, event, employers[0], market_coordinator)
