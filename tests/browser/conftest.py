"""Browser tests: Playwright driving Debian's Chromium against the live test server."""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, authenticator, totp_code

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
AXE = (
    Path(__file__).resolve().parents[2] / "src" / "kobling" / "static" / "vendor" / "axe-core" / "axe.min.js"
)
# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# page actions are ordinary blocking calls, which is fine here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if CHROMIUM is None:
                if os.environ.get("CI"):
                    raise pytest.UsageError(
                        "CI is set but no Chromium is installed: install Debian's chromium."
                    )
                item.add_marker(pytest.mark.skip(reason="No Chromium found: apt-get install chromium"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


def log_in(page, user, password=PASSWORD):
    """The real login: the password and, for a role that must use two-factor login, the code step
    with the code the user's authenticator app shows now (computed from the device's key)."""
    from kobling.core.roles import MFA_REQUIRED_ROLES

    needs_code = user.memberships.filter(role__in=MFA_REQUIRED_ROLES).exists()
    device = authenticator(user) if needs_code else None
    page.goto("/account/login/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    if device is not None:
        page.wait_for_url(re.compile(r"/account/two-factor/verify/"))
        page.fill("#id_code", totp_code(device))
        page.click("button[type=submit]")
    page.wait_for_url("**/")


def serious_violations(page) -> list[str]:
    """Run axe-core in the page; return the serious and critical violations, described. axe is loaded
    from our own static files: the Content-Security-Policy refuses an inline copy, as it should."""
    assert AXE.exists(), AXE
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
