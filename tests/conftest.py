"""Personas, one per role, and the organisations they belong to.

Two providers exist so every test can show that one provider's data stays invisible to the other.
"""

import pytest
from django.db import transaction

from kobling.core.models import Membership, Organisation, User
from kobling.core.roles import Role
from kobling.people import services as people
from kobling.people.models import Source, TimelineEntry
from kobling.programmes.models import Programme
from kobling.programmes.services import enrolment_create

PASSWORD = "correct-horse-battery-9"


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
def _clear_cache():
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


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client
