"""The records of processing page: every purpose with its data, roles and retention, made from the
configuration the code runs, so a changed setting shows on the page."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from kobling.core.roles import Role
from kobling.privacy import processing
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_page_lists_every_purpose_its_roles_and_the_periods_in_force(client, admin, settings):
    settings.PRIVACY_RETENTION = {
        **settings.PRIVACY_RETENTION,
        "participant_years": 7,
        "outbox_body_days": 45,
    }
    login(client, admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("privacy_records")).content.decode()
    for purpose in processing.PURPOSES:
        with translation.override("en"):
            assert escape(str(purpose.title)) in page, purpose.key
    assert "7 years after the last enrolment ended" in page
    assert "45 days after it was queued" in page
    assert 'PRIVACY_RETENTION["participant_years"] = 7' in page


def test_who_can_see_follows_the_capabilities():
    follow_up = processing.purpose("follow_up")
    with translation.override("en"):
        roles = {role for role, _how in follow_up.roles()}
        assert {str(Role.COORDINATOR.label), str(Role.STAFF.label), str(Role.NAV_ADVISOR.label)} <= roles
        assert str(Role.EMPLOYER.label) not in roles
        assert (str(Role.PARTICIPANT.label), "their own") in follow_up.roles()
        assert set(follow_up.sensitive_roles()) == {str(Role.COORDINATOR.label), str(Role.NAV_ADVISOR.label)}
    assert processing.purpose("login_protection").roles() == []


def test_a_one_year_period_reads_in_the_singular(settings):
    settings.PRIVACY_RETENTION = {**settings.PRIVACY_RETENTION, "participant_years": 1}
    with translation.override("en"):
        assert processing.RULES["participant"].describe().startswith("Anonymised 1 year after")
