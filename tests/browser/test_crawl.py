"""The crawl: Chromium logs in as every demo role and walks its menu and the links on each page. Each
page is loaded once, on a laptop (1,366 px), then the window is narrowed to a phone (360 px) and the
page measured again. Any 5xx, a page wider than the screen, a JavaScript error or a serious or critical
axe-core violation fails it (axe runs on every page on the laptop, and on the menu's pages on the phone
too). The demo is built once.

On PostgreSQL only the laptop walks, without axe: there the crawl is about the database (every page's
queries, on the demo's data), and width and accessibility do not change with it."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from kobling.core.models import User
from kobling.demo import data
from tests.browser.conftest import log_in, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"phone": (360, 740), "laptop": (1366, 800)}
LINKS_PER_ROLE = 5  # beyond the menu: this many pages of distinct kinds, reached from the menu's pages
SKIP = re.compile(r"(logout|language|\.csv|\.xlsx|\.ics|/file/|/national-id/|/api/|password-reset|#)")


def shape(path: str) -> str:
    """A page's kind: /participants/17/ and /participants/42/ are the same kind of page."""
    return re.sub(r"/\d+(?=/|$)", "/N", path)


class Walk:
    def __init__(self, page, label: str, *, phone: bool, axe: bool):
        self.page, self.label, self.phone, self.axe = page, label, phone, axe
        self.problems: list[str] = []
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)

    def visit(self, path: str, *, menu: bool) -> list[str]:
        """Open the page, check it at each width, and return the same-site links in its main part."""
        self.errors.clear()
        response = self.page.goto(path)
        if response is None or response.status >= 500:
            status = response.status if response else "no response"
            self.problems.append(f"{self.label} {path}: {status}")
            return []
        self.page.wait_for_load_state()
        self.check(path, "laptop", axe=self.axe)
        if self.phone:
            # axe's rules hardly depend on the width: the linked pages get it once, on the laptop; the
            # menu's pages get it at both widths (a table that scrolls only on a phone, for one).
            self.page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["phone"], strict=True)))
            self.check(path, "phone", axe=self.axe and menu)
            self.page.set_viewport_size(dict(zip(("width", "height"), WIDTHS["laptop"], strict=True)))
        self.problems += [f"{self.label} {path}: JavaScript error {e}" for e in self.errors]
        hrefs = self.page.eval_on_selector_all(
            "main a[href^='/']", "els => els.map(e => e.getAttribute('href'))"
        )
        return [h for h in hrefs if not SKIP.search(h)]

    def check(self, path: str, width_name: str, *, axe: bool) -> None:
        where, width = f"{self.label} ({width_name}) {path}", WIDTHS[width_name][0]
        wide = self.page.evaluate("document.documentElement.scrollWidth")
        if wide > width + 1:
            self.problems.append(f"{where}: {wide} px wide on a {width} px screen")
        if axe:
            self.problems += [f"{where}: axe {v}" for v in serious_violations(self.page)]


def walk_role(browser, base_url: str, user, label: str, *, sqlite: bool) -> tuple[int, list[str]]:
    width, height = WIDTHS["laptop"]
    context = browser.new_context(
        base_url=base_url, locale="nb-NO", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        log_in(page, user, data.PASSWORD)
        walk = Walk(page, label, phone=sqlite, axe=sqlite)
        menu = page.eval_on_selector_all("#site-menu a", "els => els.map(e => e.getAttribute('href'))")
        assert menu, f"{label}: no menu"
        seen_shapes, found, visited = set(), [], 0
        for path in dict.fromkeys(menu):
            seen_shapes.add(shape(path))
            found += walk.visit(path, menu=True)
            visited += 1
        extra = 0
        for path in dict.fromkeys(found):
            clean = urlsplit(path).path
            if shape(clean) in seen_shapes or extra >= LINKS_PER_ROLE:
                continue
            seen_shapes.add(shape(clean))
            walk.visit(path, menu=False)
            visited += 1
            extra += 1
        return visited, walk.problems
    finally:
        context.close()


def test_every_demo_role_walks_its_pages_on_a_phone_and_a_laptop(browser, live_server):
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("demo", stdout=io.StringIO())
    sqlite = connection.vendor == "sqlite"
    problems, pages = [], 0
    for role, email in data.LOGINS:
        user = User.objects.get(email=email)
        visited, found = walk_role(browser, live_server.url, user, role, sqlite=sqlite)
        pages += visited
        problems += found
    assert pages >= len(data.LOGINS) * 3, pages
    assert not problems, "\n".join(problems)
