"""Phone screenshots of the demo: each demo role's start page, the market coordinator's page for the
event day during the event, and the employer's schedule. 360 x 740 CSS pixels at device scale 2, in
bokmål, saved as PNG files in docs/screenshots/ (listed in docs/screenshots/README.md).

Run it against a running demo server, with the same database in DATABASE_URL:

    export DEBUG=1 DATABASE_URL=sqlite:////tmp/kob/shots.sqlite3
    .venv/bin/kobling migrate --noinput && .venv/bin/kobling demo
    .venv/bin/kobling runserver 127.0.0.1:8107 --noreload &
    .venv/bin/python scripts/screenshots.py --base-url http://127.0.0.1:8107

The start pages come from that server. The demo's coming event is three weeks ahead and open for
registration, and the day page only comes alive on the event's date. So the script, as the market
coordinator, closes registration, generates and publishes the event's schedule on the running server
(this changes the demo database: use one made for the screenshots), then starts a second server on
the same database with its clock moved to 16:40 on the event's date (time-machine), checks a few
people in there, and takes the two event-day pictures from it. It stops that server at the end.

Logins as the demo prints them; with DEBUG on there is no two-factor step.
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}
PASSWORD = "kobling-demo-2026"

# (file name, what it shows, the demo login's local part)
ROLES = [
    ("admin", "Platform admin", "admin"),
    ("coordinator", "Provider coordinator (Fjordkompetanse)", "koordinator"),
    ("instructor", "Instructor (provider staff)", "instruktor"),
    ("advisor", "NAV advisor", "veileder"),
    ("market", "NAV market coordinator", "marked"),
    ("mentor", "Mentor", "mentor"),
    ("employer", "Employer contact", "arbeidsgiver"),
    ("participant", "Participant", None),
]

# The second server: the same project, its clock at the moment given, ticking on from there.
DAY_SERVER = """
import datetime, sys
import time_machine
time_machine.travel(datetime.datetime.fromisoformat(sys.argv[1]), tick=True).start()
from kobling.manage import main
main(["kobling", "runserver", sys.argv[2], "--noreload"])
"""


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kobling.settings")
    # Playwright's sync API runs an event loop in this thread; the few ORM reads between page
    # actions are ordinary blocking calls, which is fine here (as in tests/browser/conftest.py).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()


def emails() -> dict[str, str]:
    from kobling.demo import data

    return {
        name: f"{local}@{data.DOMAIN}" if local else data.PARTICIPANT_EMAIL for name, _label, local in ROLES
    } | {"admin": data.ADMIN_EMAIL}


def coming_event():
    """The demo's next recruitment event (the demo makes one, three weeks ahead)."""
    from django.utils import timezone

    from kobling.events.models import Event

    event = Event.objects.filter(date__gte=timezone.localdate()).order_by("date", "pk").first()
    if event is None:
        sys.exit("The demo has no coming recruitment event: build the demo with `kobling demo`.")
    return event


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/health/", timeout=2)  # noqa: S310 - http(s) from --base-url
            return
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"No server answers at {url}: start the demo server first (see the docstring).")
            time.sleep(0.3)


def log_in(context, base_url: str, email: str):
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base_url + "/account/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if "/account/" in page.url:
        sys.exit(f"Could not log in as {email} (is DEBUG on, so that there is no two-factor step?)")
    return page


def shoot(page, name: str, focus: str | None = None) -> None:
    """The screen as the phone shows it: from the top, or scrolled to the `focus` element."""
    if focus:
        page.locator(focus).first.evaluate("e => { e.scrollIntoView(); window.scrollBy(0, -16); }")
    else:
        page.evaluate("window.scrollTo(0, 0)")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["viewport"]["width"]:
        print(f"  warning: {name} is {width} px wide, wider than the screen", file=sys.stderr)
    page.screenshot(path=OUT / name)
    print(f"  {OUT.relative_to(ROOT) / name}")


def run_the_worker() -> None:
    """A large event's schedule is made by the task worker: run it once over the queue."""
    subprocess.run(
        [sys.executable, "-m", "kobling", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        check=True,
        cwd=ROOT,
    )


def publish_the_schedule(context, base_url: str, who: str, event) -> None:
    """As the market coordinator: close registration, generate and publish the schedule."""
    if event.status in ("published", "held", "closed"):
        return
    page = log_in(context, base_url, who)
    if event.status == "open":
        page.goto(f"{base_url}/events/{event.pk}/")
        page.select_option("#id_status", "scheduling")
        page.click("form[action$='/status/'] button[type=submit]")
        page.wait_for_load_state()
    page.goto(f"{base_url}/events/{event.pk}/schedule/")
    page.click(f"form[action='/events/{event.pk}/schedule/generate/'] button")
    page.wait_for_load_state()
    if not page.locator(".schedule-grid").count():
        run_the_worker()
        page.goto(f"{base_url}/events/{event.pk}/schedule/")
    page.click(f"a[href='/events/{event.pk}/schedule/publish/']")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/events/{event.pk}/schedule/")
    page.close()


def day_server(event, port: int) -> tuple[subprocess.Popen, str]:
    from django.utils import timezone

    moment = datetime.datetime.combine(
        event.date, datetime.time(16, 40), tzinfo=timezone.get_current_timezone()
    )
    address = f"127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-c", DAY_SERVER, moment.isoformat(), address],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return server, f"http://{address}"


def the_day(browser, day_url: str, people: dict[str, str], event) -> None:
    """Check a few people in at the day server, then the organiser's day page and the employer's day."""
    context = browser.new_context(base_url=day_url, locale="nb-NO", **PHONE)
    page = log_in(context, day_url, people["market"])
    page.goto(f"{day_url}/events/{event.pk}/day/")
    for _ in range(4):
        button = page.locator(".checkin").first.locator("button[value=in]").first
        if button.count() == 0:
            break
        button.click()
        page.wait_for_load_state()
    employers = page.locator(".checkin").nth(1).locator("button[value=in]")
    for _ in range(min(2, employers.count())):
        employers.first.click()
        page.wait_for_load_state()
    shoot(page, "event-day.png", focus="main h2")
    context.close()
    context = browser.new_context(base_url=day_url, locale="nb-NO", **PHONE)
    page = log_in(context, day_url, people["employer"])
    page.goto(f"{day_url}/events/{event.pk}/my/")
    shoot(page, "employer-schedule.png", focus="main section h2")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8107", help="the running demo server")
    parser.add_argument("--day-port", type=int, default=8108, help="port for the event-day server")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the running demo server's database.")
    os.environ.setdefault("DEBUG", "1")
    django_setup()
    from playwright.sync_api import sync_playwright

    base_url = args.base_url.rstrip("/")
    wait_for(base_url)
    OUT.mkdir(parents=True, exist_ok=True)
    people = emails()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        print("Start pages:")
        for name, _label, _local in ROLES:
            context = browser.new_context(locale="nb-NO", **PHONE)
            page = log_in(context, base_url, people[name])
            page.goto(base_url + "/")
            shoot(page, f"{name}-start.png")
            context.close()
        context = browser.new_context(locale="nb-NO", **PHONE)
        publish_the_schedule(context, base_url, people["market"], coming_event())
        context.close()
        event = coming_event()
        server, day_url = day_server(event, args.day_port)
        try:
            wait_for(day_url)
            print(f"The event day ({event.date:%d.%m.%Y} 16:40, at {day_url}):")
            the_day(browser, day_url, people, event)
        finally:
            server.terminate()
            server.wait(timeout=10)
        browser.close()


if __name__ == "__main__":
    main()
