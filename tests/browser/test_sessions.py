"""A participant who logged in at the library logs out there from their phone: "Log out on all other
devices" on the password page, on a 360 px phone, accessible; the library's session ends, the phone's
stays."""

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_the_phone_the_library_computer_is_logged_out(phone_page, page, participant_user):
    log_in(page, participant_user)  # the library computer
    log_in(phone_page, participant_user)
    phone_page.goto("/account/password/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert serious_violations(phone_page) == []
    phone_page.get_by_role("button", name="Logg ut på alle andre enheter").click()
    phone_page.get_by_text("Du er logget ut på alle andre enheter").wait_for()
    assert "/account/login/" not in phone_page.url
    page.goto("/")
    assert "/account/login/" in page.url
    phone_page.goto("/")
    assert "/account/login/" not in phone_page.url
