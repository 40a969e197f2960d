"""Issue 8 on a phone: the mentor's start page with a proposal waiting, and saying no to a proposal
before the intro meeting (defects 3 and 4)."""

import pytest
from django.db import transaction
from django.urls import reverse

from kobling.core.models import Occupation
from kobling.core.occupations import load_occupations
from kobling.mentoring import services
from kobling.mentoring.models import Mentorship
from tests.browser.conftest import log_in, serious_violations
from tests.fixtures.mentoring import make_mentee, make_mentor

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_WIDTH = 360


@pytest.fixture
def waiting(mentor_programme, coordinator, mentor):  # noqa: F811
    # Transactional tests flush the database after each test, data migrations included.
    if not Occupation.objects.exists():
        load_occupations(Occupation)
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    mentee = make_mentee(mentor_programme, coordinator, first="Amal", last="Nur")
    with transaction.atomic():
        return services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=own)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH + 1


def test_the_mentor_start_page_shows_the_proposal_waiting_on_a_phone(phone_page, mentor, waiting):
    page = phone_page
    log_in(page, mentor)
    page.goto(reverse("home"))
    detail = reverse("mentorship_detail", args=[waiting.pk])
    link = page.locator(f'#mentor-waiting a[href="{detail}"]')
    assert link.count() == 1 and "Amal" in link.inner_text()
    # The two other blocks say what will appear there.
    assert page.locator("#mentor-next-meeting p").count() >= 1
    assert page.locator("#mentor-quiet p").count() >= 1
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    link.click()
    page.wait_for_url(f"**{detail}")
    assert page.locator(f"form[action='{reverse('mentorship_decline', args=[waiting.pk])}']").count() == 1


def test_the_mentor_says_no_before_the_intro_meeting_on_a_phone(phone_page, mentor, waiting):
    page = phone_page
    log_in(page, mentor)
    page.goto(reverse("mentorship_detail", args=[waiting.pk]))
    assert fits_the_phone(page)
    assert serious_violations(page) == []
    decline = f"form[action='{reverse('mentorship_decline', args=[waiting.pk])}']"
    page.locator("details", has=page.locator(decline)).locator("summary").click()
    # Without a reason nothing happens but a message at the field.
    with page.expect_navigation():
        page.click(f"{decline} button[type=submit]")
    assert page.locator(f"{decline} [aria-invalid='true']").count() >= 1
    waiting.refresh_from_db()
    assert waiting.state == Mentorship.State.PROPOSED
    page.select_option(f"{decline} select[name=reason]", "time")
    with page.expect_navigation(url=f"**{reverse('mentorship_detail', args=[waiting.pk])}"):
        page.click(f"{decline} button[type=submit]")
    waiting.refresh_from_db()
    assert waiting.state == Mentorship.State.DECLINED and waiting.declined_by == "mentor"
    assert page.locator(decline).count() == 0
    assert fits_the_phone(page)
    # Back on the start page the proposal no longer waits.
    page.goto(reverse("home"))
    assert (
        page.locator(f'#mentor-waiting a[href="{reverse("mentorship_detail", args=[waiting.pk])}"]').count()
        == 0
    )


def admin_things(admin, provider):
    """An invitation the admin sent, a failed platform e-mail and a failed login: each card has a row."""
    from kobling.accounts.services import invitation_create
    from kobling.core.audit import Action, log_security_event
    from kobling.core.roles import Role
    from kobling.notifications.models import OutboxEmail

    invitation_create(
        actor=admin, organisation=provider, email="ny@example.no", full_name="Nina Ny", role=Role.COORDINATOR
    )
    OutboxEmail.objects.create(to="x@example.no", template="t", subject="s", body="b", state="failed")
    log_security_event(action=Action.LOGIN_FAILED, label="ukjent@example.no")
    return ["#admin-organisations", "#admin-invitations", "#admin-outbox", "#admin-security"]


# Each role's start page with its cards filled, on a phone: it fits and passes axe-core.
START_PAGES = {"admin": admin_things}


@pytest.mark.parametrize("role", sorted(START_PAGES))
def test_the_start_page_fits_a_phone_and_passes_axe(phone_page, request, role, provider):
    user = request.getfixturevalue(role)
    cards = START_PAGES[role](user, provider)
    page = phone_page
    log_in(page, user)
    page.goto(reverse("home"))
    for card in cards:
        assert page.locator(f"{card} a").count() >= 1, card
    assert fits_the_phone(page)
    assert serious_violations(page) == []
