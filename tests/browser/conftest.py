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


# The browser tests whose answer the database can change run on PostgreSQL too (marker `postgres`):
# the crawl (every page's queries, as every role, on the demo's data) and the pages that follow a run
# the task worker makes (row locks). The others test what the browser does: how pages look and how a
# person moves through them. The services those flows call are tested on both databases without a
# browser, so `.ci/run` runs the rest on SQLite only (`-m "not browser or postgres"` on PostgreSQL).
POSTGRES_TOO = re.compile(r"test_crawl\.py|test_matching_progress\.py|worker_has_made_it")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # A page that never answered within the time limit is tried once more, and only such a
            # time-out: on a loaded two-core machine the live server has missed a form's POST about
            # once in a few thousand browser actions (the page described above shows where it stood).
            # A real failure fails both times; any other error fails at once.
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=["TimeoutError"]))
            if POSTGRES_TOO.search(item.nodeid):
                item.add_marker(pytest.mark.postgres)
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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, the report says where each page was and what it showed: a timeout
    alone does not tell a form's error from a slow server."""
    report = yield
    if call.when == "call" and report.failed:
        for name in ("page", "phone_page"):
            page = getattr(item, "funcargs", {}).get(name)
            if page is not None:
                report.sections.append((f"{name} when the test failed: {page.url}", _page_text(page)))
    return report


def _page_text(page) -> str:
    try:
        main = page.locator("main")
        return (main.inner_text(timeout=2_000) if main.count() else page.content())[:3000]
    except Exception as error:  # the page may be gone; the failure itself is what matters
        return f"(the page could not be read: {error})"


def _context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", **options)
    page = context.new_page()
    # Playwright's own default: on a busy machine (two test processes, each with a browser) a page
    # can take seconds; a real failure still fails, with the page described (above).
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def page(browser, live_server):
    yield from _context(browser, live_server, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(browser, live_server):
    yield from _context(
        browser,
        live_server,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
    )


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
