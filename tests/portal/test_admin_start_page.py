"""Issue 8, pilot readiness: the platform admin's start page said "Hello, <name>" and nothing else.

Now it shows their next things: the organisations by kind, the invitations they sent that nobody has
accepted, the platform's e-mail that failed or is stuck, and the failed logins and lock-outs of the
last week, each with a link onward, each saying what will appear when it is empty, for a fixed
number of queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from kobling.accounts.services import invitation_create
from kobling.core.audit import Action, log_security_event
from kobling.core.models import Invitation
from kobling.core.roles import Role
from kobling.notifications.models import OutboxEmail
from tests.conftest import login, make_org

pytestmark = pytest.mark.django_db

# The session, the user, the two-factor device and the memberships (4), then the five cards' reads
# (organisations by kind, invitation counts, the newest invitations, the outbox, the audit log): 9.
# Two to spare for the shared layout; the growth test holds the cards' reads constant.
ADMIN_QUERIES = 9 + 2


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def home(client, user, max_queries=None):
    login(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    if max_queries is not None:
        assert len(queries) <= max_queries, [q["sql"] for q in queries.captured_queries]
    return response, len(queries)


def invite(admin, org, n, *, expired=False, accepted=False):
    invitation, _token = invitation_create(
        actor=admin,
        organisation=org,
        email=f"forste{n}@{org.slug}.example.no",
        full_name=f"Første {n}",
        role=Role.COORDINATOR if org.kind == "provider" else Role.NAV_MARKET,
    )
    if expired:
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - datetime.timedelta(days=1)
        )
    if accepted:
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    return invitation


def mail(state, *, organisation=None, waited=datetime.timedelta(0)):
    return OutboxEmail.objects.create(
        organisation=organisation,
        to="someone@example.no",
        template="password_reset",
        subject="Passord",
        body="…",
        state=state,
        next_attempt_at=timezone.now() - waited,
    )


@pytest.fixture
def platform_world(admin, provider, nav_office, employer_org, coordinator):
    """Three organisations (one of each kind) plus a second provider; the admin's invitations (two
    waiting, one expired, one accepted), a coordinator's own (not the admin's); the platform's mail
    (one failed, one stuck, one just queued) and a provider's failed mail (not the platform's);
    failed logins and a lock-out this week and one failed login long ago."""
    second = make_org("Kompetansesenteret", "provider")
    invite(admin, second, 1)
    invite(admin, nav_office, 2)
    invite(admin, provider, 3, expired=True)
    invite(admin, second, 4, accepted=True)
    invite(coordinator, provider, 5)
    mail(OutboxEmail.State.FAILED)
    mail(OutboxEmail.State.QUEUED, waited=datetime.timedelta(hours=1))
    mail(OutboxEmail.State.QUEUED)
    mail(OutboxEmail.State.FAILED, organisation=provider)
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        log_security_event(action=Action.LOGIN_FAILED, label="gammel@example.no")
    for _ in range(2):
        log_security_event(action=Action.LOGIN_FAILED, label="ukjent@example.no")
    log_security_event(action=Action.LOCKED_OUT, label="ukjent@example.no")
    log_security_event(action=Action.LOGIN_FAILED, organisation=provider, label="kari@example.no")
    return {"second": second}


def test_the_admin_sees_organisations_invitations_mail_and_security_events(client, admin, platform_world):
    response, _n = home(client, admin, ADMIN_QUERIES)
    platform = response.context["platform"]
    assert platform["organisations_total"] == 4
    assert [n for _label, n in platform["organisations"]] == [2, 1, 1]  # provider, NAV office, employer
    assert platform["invitations"] == {"waiting": 2, "expired": 1}
    assert {i.email for i in platform["invitations_newest"]} == {
        "forste1@kompetansesenteret.example.no",
        "forste2@nav-lillestrand.example.no",
        "forste3@fjordkompetanse.example.no",
    }
    assert platform["outbox"] == {"failed": 1, "stuck": 1}  # the platform's own mail only
    assert platform["security"] == {"failed": 3, "locked": 1}  # this week, every organisation's
    page = response.content.decode()
    for card in ("admin-organisations", "admin-invitations", "admin-outbox", "admin-security"):
        assert f'id="{card}"' in page
    assert f'href="{reverse("organisation_list")}"' in page
    assert f'href="{reverse("outbox")}?state=failed"' in page
    since = (timezone.localdate() - datetime.timedelta(days=6)).isoformat()
    failed_logins = f"{reverse('audit_log')}?action=login_failed&amp;date_from={since}"
    assert f'href="{failed_logins}"' in page and "3 failed logins" in page and "1 lock-out" in page
    assert "2 waiting" in page and "1 expired" in page and "Første 3" in page
    assert "Hello, Ada Admin" in page


def test_the_audit_logs_filtered_list_finds_the_failed_logins_the_card_counts(client, admin, platform_world):
    response, _n = home(client, admin)
    since = response.context["platform"]["security_since"].isoformat()
    listed = client.get(reverse("audit_log"), {"action": "login_failed", "date_from": since})
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == response.context["platform"]["security"]["failed"]


def test_the_admins_empty_start_page_says_what_will_appear_on_each_card(client, admin):
    response, _n = home(client, admin, ADMIN_QUERIES)
    page = response.content.decode()
    assert "No organisation yet. Each provider, NAV office and employer you set up shows here" in page
    assert "No invitation is waiting." in page
    assert "All e-mail went out. An e-mail that fails, or is not sent in time, shows here." in page
    assert "No failed login or lock-out." in page
    assert "Welcome to Kobling" not in page


def test_the_admins_start_page_costs_the_same_queries_for_few_or_many_rows(client, admin, provider):
    _response, few = home(client, admin)
    for n in range(8):
        org = make_org(f"Tilbyder {n}", "provider")
        invite(admin, org, n, expired=n % 2 == 0)
        mail(OutboxEmail.State.FAILED)
        log_security_event(action=Action.LOCKED_OUT, label=f"u{n}@example.no")
    _response, many = home(client, admin)
    assert many == few <= ADMIN_QUERIES


def test_nobody_else_gets_the_platform_cards(client, coordinator):
    response, _n = home(client, coordinator)
    assert "platform" not in response.context
    assert 'id="admin-security"' not in response.content.decode()
