"""The main menu: grouped, folded on a phone, and without entries that lead to empty pages."""

import pytest
from django.urls import reverse
from django.utils import translation

from kobling.portal.menu import menu_for
from tests.conftest import login


def labels(entries):
    return [
        (str(e.label), [str(c.label) for c in e.children]) if e.children else str(e.label) for e in entries
    ]


@pytest.fixture(autouse=True)
def _in_english():
    """The groups are found by their label, in English."""
    with translation.override("en"):
        yield


def hrefs(entries):
    out = []
    for entry in entries:
        out += [c.href for c in entry.children] if entry.children else [entry.href]
    return out


def test_the_coordinators_administration_pages_are_one_group(coordinator):
    menu = menu_for(coordinator)
    group = next(e for e in menu if e.label == "Administration")
    assert [c.href for c in group.children] == [
        reverse("invitation_list"),
        reverse("audit_log"),
        reverse("outbox"),
        reverse("exchange_index"),
        reverse("api_tokens"),
        reverse("webhook_list"),
    ]
    assert not any(e.href in (reverse("audit_log"), reverse("outbox")) for e in menu)
    assert len(menu) <= 10


def test_provider_staff_find_results_what_works_and_who_is_at_risk_in_one_group(coordinator, staff):
    for user in (coordinator, staff):
        group = next(e for e in menu_for(user) if e.label == "Results")
        assert [c.href for c in group.children] == [
            reverse("results_index"),
            reverse("insights_index"),
            reverse("insights_warnings"),
        ]


def test_an_advisor_has_their_people_at_risk_in_the_menu(advisor):
    assert reverse("insights_warnings") in hrefs(menu_for(advisor))


def test_the_platform_admin_has_organisations_in_the_group(admin):
    group = next(e for e in menu_for(admin) if e.label == "Administration")
    assert reverse("organisation_list") in [c.href for c in group.children]


def test_every_entry_opens_for_its_user(client, request):
    for persona in ("coordinator", "staff", "advisor", "market_coordinator", "mentor", "employer", "admin"):
        user = request.getfixturevalue(persona)
        login(client, user)
        for href in hrefs(menu_for(user)):
            response = client.get(href, follow=True)
            assert response.status_code == 200, (persona, href)


def test_a_new_participant_sees_no_entries_for_what_they_do_not_have_yet(participant_user):
    shown = hrefs(menu_for(participant_user))
    assert reverse("my_plan") in shown and reverse("my_profile") in shown
    for empty in ("mentoring_mentee_home", "mentorspace_index", "event_list", "recruitment_home"):
        assert reverse(empty) not in shown, empty


def test_a_participant_registered_for_an_event_gets_the_events_entry(participant_user, participant, advisor):
    from tests.fixtures.events import consent, make_event, register_candidate

    event = make_event(
        advisor.memberships.first().organisation, advisor.memberships.first().organisation, advisor
    )
    consent(participant, advisor)
    register_candidate(event, participant, advisor)
    assert reverse("event_list") in hrefs(menu_for(participant_user))


def test_the_page_has_a_menu_button_for_phones_and_marks_the_open_group(client, coordinator):
    login(client, coordinator)
    body = client.get(reverse("audit_log")).content.decode()
    assert 'class="ds-button menu-toggle"' in body and 'aria-controls="site-menu"' in body
    assert '<details class="is-current">' in body
    assert "js/site.js" in body


@pytest.mark.parametrize("persona", ["coordinator", "participant_user"])
def test_the_menu_costs_at_most_one_query(client, request, persona, django_assert_max_num_queries):
    user = request.getfixturevalue(persona)
    from kobling.core import access

    access.memberships(user)  # loaded once per request anyway
    with django_assert_max_num_queries(1):
        menu_for(user)
