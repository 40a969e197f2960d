"""Two-factor login in a real browser: enrolment at the first login, the code step, the settings page;
each passes axe-core and runs under the Content-Security-Policy (the QR code is an image, no script)."""

import base64

import pytest
from django_otp.oath import TOTP

from kobling.core import mfa
from tests.browser.conftest import log_in, serious_violations
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_enrols_at_the_first_login_and_then_gives_a_code(page, coordinator):
    page.goto("/account/login/")
    page.fill("#id_username", coordinator.email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/account/two-factor/setup/**")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    assert serious_violations(page) == []
    page.goto("/participants/")  # no way round it
    assert "/account/two-factor/setup/" in page.url
    key = page.locator("#secret").inner_text().replace(" ", "")
    code = TOTP(base64.b32decode(key)).token()
    page.fill("#id_code", f"{code:06d}")
    page.click("button[type=submit]")
    page.wait_for_selector("#recovery-codes")
    assert page.locator("#recovery-codes li").count() == mfa.RECOVERY_CODE_COUNT
    assert serious_violations(page) == []
    page.locator("main a.ds-button").last.click()  # "I have kept them – continue"
    page.wait_for_url("**/participants/")
    page.goto("/account/two-factor/")
    assert serious_violations(page) == []
    page.click("form.logout button")
    page.wait_for_url("**/account/login/**")
    log_in(page, coordinator)  # the code step, with the code the app shows now
    assert page.url.endswith("/")
