"""Personas, one per role, and the organisations they belong to.

Two providers exist so every test can show that one provider's data stays invisible to the other.
"""

import pytest
from django.db import transaction
from django.utils import translation

from kobling.core.models import Membership, Organisation, User
from kobling.core.roles import Role
from kobling.people import services as people
from kobling.people.models import Source, TimelineEntry
from kobling.programmes.models import Programme
from kobling.programmes.services import enrolment_create

# Shared fixtures and builders, one module per app (tests/fixtures/), for every folder.
pytest_plugins = [
    "tests.fixtures.demo",
    "tests.fixtures.events",
    "tests.fixtures.mentoring",
    "tests.fixtures.mentorspace",
    "tests.fixtures.recruitment",
    "tests.fixtures.reports",
]

PASSWORD = "correct-horse-battery-9"

# The longest tests, started first within their group: with two processes (pytest-xdist), a long test
# that starts last keeps one process busy alone while the other has nothing left to do.
SLOW_FIRST = (
    "tests/browser/test_crawl.py",
    "tests/browser/journeys/",
    "tests/demo/days/",
)


# Tests that share one expensive set-up (a module-scoped world, or the demo of tests/fixtures/demo.py)
# run in one process, one after the other, so it is built once: path prefix -> group (pytest-xdist's
# `--dist loadgroup`, as `.ci/run` runs the suite; `pytest_xdist_make_scheduler` below).
DEMO_PARTS = "demo-parts"  # build_demo(extras=False) and the parts built on it, one module after another
SHARED_SETUP = {
    "tests/demo/test": "tests/demo/test",  # `kobling demo` (tests/demo/days builds its own, one a day)
    "tests/events/test_demo_events.py": DEMO_PARTS,
    "tests/mentoring/test_demo.py": DEMO_PARTS,
    "tests/mentorspace/test_demo.py": DEMO_PARTS,
    "tests/network/test_demo.py": DEMO_PARTS,
    "tests/recruitment/test_demo.py": DEMO_PARTS,
    "tests/security/test_matrix.py": "tests/security/test_matrix.py",
    "tests/security/test_fuzz.py": "tests/security/test_fuzz.py",
    "tests/outcomes/test_statistics.py": "tests/outcomes/test_statistics.py",
    "tests/outcomes/test_risk.py": "tests/outcomes/test_risk.py",
}


def shared_setup(nodeid: str) -> str | None:
    """The group of tests sharing one set-up that this test belongs to, if any."""
    return next((group for prefix, group in SHARED_SETUP.items() if nodeid.startswith(prefix)), None)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup`, with the groups read from `SHARED_SETUP` by the scheduler itself. An
    `xdist_group` marker reaches pytest-xdist's scheduler as a suffix the worker appends to the test's
    node id, which pytest 9.2 no longer lets a plugin change: the groups were silently ignored and every
    test was a unit of its own (pytest-dev/pytest-xdist#1386)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedSetupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return shared_setup(nodeid) or super()._split_scope(nodeid)

    return SharedSetupScheduling(config, log)


def _db_group(item) -> int:
    """pytest-django's order: 0 database tests, 1 transactional ones (each ends with a flush, which
    would empty what migrations loaded), 2 tests without a database."""
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or (
        {"transactional_db", "live_server"} & fixtures
    ):
        return 1
    return 0 if marker or "db" in fixtures else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django has put the tests in its groups, the slowest start first within theirs. Then
    the tests that share one set-up follow the first of them, so that a run without pytest-xdist builds
    it once too (a test without the database may join one with it; a transactional one stays behind)."""

    def rank(item) -> int:
        return next((i for i, p in enumerate(SLOW_FIRST) if item.nodeid.startswith(p)), len(SLOW_FIRST))

    def place(item) -> tuple[bool, str]:
        return _db_group(item) == 1, shared_setup(item.nodeid) or item.nodeid

    items.sort(key=lambda item: (_db_group(item), rank(item)))
    first: dict[tuple[bool, str], int] = {}
    for index, item in enumerate(items):
        first.setdefault(place(item), index)
    items.sort(key=lambda item: first[place(item)])


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (bokmål), whatever a test before it activated: a test
    that reads English text asks for English (`translation.override("en")`)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _audit_log_flushable(request):
    """The audit log refuses DELETE (a database trigger). A transactional test ends with Django's flush,
    which on SQLite deletes row by row: empty the log first, the one way the code may (a rewrite
    permit). PostgreSQL's flush truncates, which row triggers do not see."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection, transaction

    from kobling.core.audit import audit_rewrite
    from kobling.core.models import AuditLog

    if connection.vendor == "sqlite":
        with transaction.atomic(), audit_rewrite("test flush"):
            AuditLog.objects.all()._raw_delete(AuditLog.objects.db)


@pytest.fixture(autouse=True)
def _clear_cache(request):
    """Rate limits and two-factor failures live in the database cache, as in production: each test
    that uses the database starts with it empty (tests without the database never reach it)."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db", "live_server"}:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or names & {
        "transactional_db",
        "live_server",
    }
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.core.cache import cache

    cache.clear()


def make_org(name, kind, region="03", municipality="Oslo"):
    return Organisation.objects.create(
        name=name, slug=name.lower().replace(" ", "-"), kind=kind, region=region, municipality=municipality
    )


def make_user(email, role=None, organisation=None, name=None):
    user = User.objects.create_user(email, PASSWORD, full_name=name or email.split("@")[0].title())
    if role:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def provider(db):
    return make_org("Fjordkompetanse", Organisation.Kind.PROVIDER, "46", "Bergen")


@pytest.fixture
def other_provider(db):
    return make_org("Annen Leverandør", Organisation.Kind.PROVIDER)


@pytest.fixture
def nav_office(db):
    return make_org("NAV Lillestrand", Organisation.Kind.NAV_OFFICE)


@pytest.fixture
def employer_org(db):
    return make_org("Bølgedata AS", Organisation.Kind.EMPLOYER)


@pytest.fixture
def coordinator(provider):
    return make_user("koordinator@example.no", Role.COORDINATOR, provider, "Kari Koordinator")


@pytest.fixture
def other_coordinator(other_provider):
    return make_user("annen@example.no", Role.COORDINATOR, other_provider, "Anne Annen")


@pytest.fixture
def staff(provider):
    return make_user("instruktor@example.no", Role.STAFF, provider, "Ivar Instruktør")


@pytest.fixture
def advisor(nav_office):
    return make_user("veileder@nav.example.no", Role.NAV_ADVISOR, nav_office, "Vera Veileder")


@pytest.fixture
def other_advisor(nav_office):
    return make_user("veileder2@nav.example.no", Role.NAV_ADVISOR, nav_office, "Viggo Veileder")


@pytest.fixture
def market_coordinator(nav_office):
    return make_user("marked@nav.example.no", Role.NAV_MARKET, nav_office, "Mona Marked")


@pytest.fixture
def mentor(provider):
    return make_user("mentor@example.no", Role.MENTOR, provider, "Magnus Mentor")


@pytest.fixture
def employer(employer_org):
    return make_user("sjef@bolgedata.example.no", Role.EMPLOYER, employer_org, "Siri Sjef")


@pytest.fixture
def admin(db):
    return User.objects.create_superuser("admin@example.no", PASSWORD, full_name="Ada Admin")


@pytest.fixture
def outsider(db):
    """Logged in, but a member of nothing."""
    return make_user("utenfor@example.no", name="Otto Utenfor")


@pytest.fixture
def programme(provider):
    return Programme.objects.create(
        organisation=provider,
        name="Salesforce-kurs",
        slug="salesforce",
        kind=Programme.Kind.COURSE,
        state=Programme.State.ACTIVE,
    )


@pytest.fixture
def other_programme(other_provider):
    return Programme.objects.create(
        organisation=other_provider,
        name="Annet kurs",
        slug="annet",
        kind=Programme.Kind.COURSE,
        state=Programme.State.ACTIVE,
    )


def make_participant(
    organisation, *, first="Amina", last="Hassan", advisor=None, programme=None, actor=None, **fields
):
    with transaction.atomic():
        participant = people.participant_create(
            actor=actor,
            organisation=organisation,
            data={
                "first_name": first,
                "last_name": last,
                "email": f"{first}.{last}@example.no".lower(),
                "advisor": advisor,
                **fields,
            },
            languages={"no": "B1", "ar": "native"},
            source=Source.REFERRAL if advisor else Source.APPLICATION,
        )
        if programme:
            enrolment_create(actor=actor, participant=participant, programme=programme)
    return participant


@pytest.fixture
def participant(provider, advisor, programme, coordinator):
    return make_participant(provider, advisor=advisor, programme=programme, actor=coordinator)


@pytest.fixture
def participant_user(participant):
    user = make_user("amina.hassan@example.no", Role.PARTICIPANT, participant.organisation, "Amina Hassan")
    participant.user = user
    participant.save(update_fields=["user"])
    return user


@pytest.fixture
def foreign_participant(other_provider, other_programme, other_coordinator):
    """Another provider's person, followed by no advisor of ours."""
    return make_participant(
        other_provider, first="Jonas", last="Berg", programme=other_programme, actor=other_coordinator
    )


def add_entry(
    participant,
    author,
    *,
    visibility=TimelineEntry.Visibility.NAV,
    sensitive=False,
    title="Samtale",
    body="Gikk bra.",
    kind=TimelineEntry.Kind.NOTE,
    **fields,
):
    return people.timeline_entry_create(
        actor=author,
        participant=participant,
        kind=kind,
        visibility=visibility,
        sensitive=sensitive,
        title=title,
        body=body,
        **fields,
    )


def authenticator(user):
    """The user's confirmed authenticator app (a TOTP device), made if they have none."""
    from kobling.core.devices import Authenticator

    device = Authenticator.objects.filter(user=user, confirmed=True).first()
    return device or Authenticator.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device) -> str:
    """The code the user's app shows now; if that one was used already, the next (the server takes
    one step either side), as a phone would show it a moment later."""
    import time

    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time = (device.last_t + 1 - device.drift) * device.step + device.t0
    return f"{totp.token():0{device.digits}d}"


def login(client, user):
    """Log the user in. A role that must use two-factor login gets an authenticator and a session that
    has passed the code step, kept the way `django_otp.login` keeps it (the device's persistent id)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from kobling.core.roles import MFA_REQUIRED_ROLES

    device = authenticator(user) if user.memberships.filter(role__in=MFA_REQUIRED_ROLES).exists() else None
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def log_in_with_password(client, user):
    """The real login through the pages: the password, then the code step with a code from the
    user's authenticator for a role that must use two-factor login."""
    from django.urls import reverse

    from kobling.core.roles import MFA_REQUIRED_ROLES

    needs_code = user.memberships.filter(role__in=MFA_REQUIRED_ROLES).exists()
    device = authenticator(user) if needs_code else None
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    if device is not None:
        response = client.post(reverse("mfa_verify"), {"code": totp_code(device)})
        assert response.status_code == 302 and "/two-factor/" not in response["Location"]
    return client


def enrol_authenticator(client) -> list[str]:
    """Go through the enrolment page as a phone would: read the offered secret, confirm it with the
    app's code. Returns the recovery codes the page shows."""
    import re

    from django.urls import reverse
    from django_otp.oath import TOTP

    from kobling.core import mfa

    page = client.get(reverse("mfa_setup"))
    assert page.status_code == 200
    key = client.session[mfa.SETUP_SECRET]
    assert mfa.secret_as_text(key) in page.content.decode()
    response = client.post(reverse("mfa_setup"), {"code": f"{TOTP(bytes.fromhex(key)).token():06d}"})
    assert response.status_code == 200, response.status_code
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
