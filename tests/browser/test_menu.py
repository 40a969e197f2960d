"""The menu on a phone folds behind a button; on a laptop every entry is in sight, none scrolls away."""

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_on_a_phone_the_menu_opens_from_its_button(phone_page, coordinator):
    log_in(phone_page, coordinator)
    toggle = phone_page.locator(".menu-toggle")
    menu_link = phone_page.locator("#site-menu a", has_text="Deltakere")
    assert toggle.is_visible() and not menu_link.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    menu_link.wait_for()
    phone_page.locator("#site-menu summary", has_text="Administrasjon").click()
    phone_page.locator("#site-menu a[href='/audit/']").click()
    phone_page.wait_for_url("**/audit/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360


def test_on_a_laptop_every_entry_is_in_sight_and_the_administration_group_opens(
    browser, live_server, coordinator
):
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", viewport={"width": 1366, "height": 800}
    )
    page = context.new_page()
    log_in(page, coordinator)
    assert not page.locator(".menu-toggle").is_visible()
    for link in page.locator("#site-menu > li > a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1366, link.inner_text()
    page.locator("#site-menu summary", has_text="Administrasjon").click()
    outbox = page.locator("#site-menu a[href='/outbox/']")
    outbox.wait_for()
    assert outbox.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    context.close()
