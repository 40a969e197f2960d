"""Every main page, for the role that uses it, in a real browser: it renders and passes axe-core."""

import pytest
from django.urls import reverse

from kobling.people.models import TimelineEntry
from tests.browser.conftest import log_in, serious_violations
from tests.conftest import add_entry

PAGES = {
    "coordinator": [
        "home",
        "participant_list",
        "participant_detail",
        "participant_edit",
        "intake_queue",
        "intake_screen",
        "task_list",
        "invitation_list",
        "audit_log",
        "outbox",
    ],
    "advisor": ["home", "portfolio", "referral_create", "participant_detail"],
    "participant_user": ["home", "my_profile", "my_profile_edit", "my_consents"],
    "admin": ["home", "organisation_list"],
    "mentor": ["home"],
    "employer": ["home"],
}


def url(name, participant):
    if name in ("participant_detail", "participant_edit"):
        return reverse(name, args=[participant.pk])
    if name == "intake_screen":
        return reverse(name, args=[participant.enrolments.get().pk])
    return reverse(name)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", sorted(PAGES))
def test_every_main_page_renders_and_passes_axe(
    page, request, role, participant, participant_user, coordinator
):
    add_entry(participant, coordinator, visibility=TimelineEntry.Visibility.PARTICIPANT, title="Velkommen")
    user = request.getfixturevalue(role)
    log_in(page, user)
    for name in PAGES[role]:
        response = page.goto(url(name, participant))
        assert response.status == 200, name
        assert page.locator("h1").count() >= 1, name
        assert serious_violations(page) == [], name


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/account/login/", "/apply/", "/apply/thanks/", "/account/password-reset/"])
def test_public_pages_pass_axe_in_both_languages(page, path, programme):
    for language in ("Norsk", "English"):
        page.goto(path)
        assert serious_violations(page) == [], path
        button = page.locator(".language-switch button")
        if button.inner_text() == language:
            button.click()
            page.wait_for_load_state()
    assert serious_violations(page) == []
