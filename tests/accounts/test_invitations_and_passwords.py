"""Invitations, login throttling, password reset and the language switch."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kobling.accounts import services
from kobling.core.models import Invitation, Membership, Organisation, User
from kobling.core.roles import Role
from tests.conftest import PASSWORD, enrol_authenticator, login

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


def invitation_link() -> str:
    run_worker()
    return re.search(r"https?://\S+/invitation/\S+/", mail.outbox[-1].body).group(0)


def test_a_nav_office_invites_its_own_advisor_who_sets_a_password_and_logs_in(
    client, market_coordinator, nav_office
):
    login(client, market_coordinator)
    response = client.post(
        reverse("invitation_list"),
        {
            "full_name": "Nina Nav",
            "email": "Nina@nav.example.no",
            "role": "nav_advisor",
            "organisation": nav_office.pk,
            "language": "en",
        },
    )
    assert response.status_code == 302
    link = invitation_link()
    assert mail.outbox[-1].subject.startswith("You are invited to Kobling")
    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post(
        "/" + path,
        {"full_name": "Nina Nav", "password1": "lang-og-trygg-42", "password2": "lang-og-trygg-42"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nina@nav.example.no")
    assert Membership.objects.filter(user=user, organisation=nav_office, role=Role.NAV_ADVISOR).exists()
    # A NAV advisor sets up two-factor login before any other page opens.
    response = client.get(reverse("portfolio"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_setup"))
    assert len(enrol_authenticator(client)) == 10
    assert client.get(reverse("portfolio")).status_code == 200
    assert client.get("/" + path).status_code == 404  # used once


def test_a_role_that_does_not_fit_the_organisation_is_refused(client, coordinator, provider):
    login(client, coordinator)
    response = client.post(
        reverse("invitation_list"),
        {
            "full_name": "X",
            "email": "x@example.no",
            "role": "nav_advisor",
            "organisation": provider.pk,
            "language": "nb",
        },
    )
    assert response.status_code == 200 and 'id="id_role_error"' in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("role", "kind"), [("nav_advisor", "nav_office"), ("nav_market", "nav_office"), ("employer", "employer")]
)
def test_a_coordinator_cannot_make_accounts_in_a_nav_office_or_an_employer(
    client, coordinator, nav_office, employer_org, role, kind
):
    """The audit's H1: the form offered every NAV office and employer, so a provider coordinator
    could create NAV or employer accounts and reach other organisations' candidates and events."""
    target = nav_office if kind == "nav_office" else employer_org
    login(client, coordinator)
    page = client.get(reverse("invitation_list")).content.decode()
    assert f'value="{target.pk}"' not in page and 'value="nav_advisor"' not in page
    response = client.post(
        reverse("invitation_list"),
        {
            "full_name": "X",
            "email": "x@example.no",
            "role": role,
            "organisation": target.pk,
            "language": "nb",
        },
    )
    assert response.status_code == 200 and 'id="id_organisation_error"' in response.content.decode()
    assert not Invitation.objects.exists()
    with pytest.raises(ValidationError):
        services.invitation_send(
            actor=coordinator, organisation=target, email="x@example.no", full_name="X", role=role
        )
    assert not Invitation.objects.exists()


def test_a_participant_login_is_not_invited_from_the_invitation_form(client, coordinator, provider):
    login(client, coordinator)
    response = client.post(
        reverse("invitation_list"),
        {"full_name": "X", "email": "x@example.no", "role": "participant", "organisation": provider.pk},
    )
    assert response.status_code == 200 and 'id="id_role_error"' in response.content.decode()
    with pytest.raises(ValidationError):
        services.invitation_send(
            actor=coordinator, organisation=provider, email="x@example.no", full_name="X", role="participant"
        )
    assert not Invitation.objects.exists()


def test_a_coordinator_cannot_invite_into_another_provider(client, coordinator, other_provider):
    login(client, coordinator)
    response = client.post(
        reverse("invitation_list"),
        {
            "full_name": "X",
            "email": "x@example.no",
            "role": "staff",
            "organisation": other_provider.pk,
            "language": "nb",
        },
    )
    assert response.status_code == 200 and 'id="id_organisation_error"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_expired_invitation_cannot_be_used(client, coordinator, provider):

    from kobling.accounts.services import invitation_create

    with transaction.atomic():
        invitation, token = invitation_create(
            actor=coordinator, organisation=provider, email="m@example.no", full_name="M", role=Role.MENTOR
        )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(reverse("invitation_accept", args=[token])).status_code == 404


def test_a_weak_password_is_refused_with_a_message(client, coordinator, provider):

    from kobling.accounts.services import invitation_create

    with transaction.atomic():
        _inv, token = invitation_create(
            actor=coordinator, organisation=provider, email="m@example.no", full_name="M", role=Role.MENTOR
        )
    response = client.post(
        reverse("invitation_accept", args=[token]),
        {"full_name": "M", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200 and 'id="id_password1_error"' in response.content.decode()
    assert not User.objects.filter(email="m@example.no").exists()


def test_the_platform_admin_creates_an_organisation_and_invites_its_first_coordinator(client, admin):
    login(client, admin)
    response = client.post(
        reverse("organisation_list"),
        {
            "name": "Nordlys Opplæring",
            "kind": "provider",
            "region": "55",
            "municipality": "Tromsø",
            "coordinator_name": "Tor Tromsø",
            "coordinator_email": "tor@nordlys.example.no",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Nordlys Opplæring")
    invitation = Invitation.objects.get(organisation=org)
    assert (invitation.role, invitation.email) == (Role.COORDINATOR, "tor@nordlys.example.no")


def test_repeated_failed_logins_are_throttled(client, coordinator):
    for _ in range(5):
        client.post(reverse("login"), {"username": coordinator.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_good_login_goes_to_the_start_page(client, coordinator):
    response = client.post(reverse("login"), {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_password_reset_goes_through_the_outbox_and_works(client, coordinator):
    from kobling.notifications.models import OutboxEmail

    client.post(reverse("password_reset"), {"email": coordinator.email})
    assert OutboxEmail.objects.filter(to=coordinator.email, template="password_reset").exists()
    run_worker()
    link = re.search(r"https?://\S+/password-reset/\S+/\S+/", mail.outbox[-1].body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "nytt-passord-77", "new_password2": "nytt-passord-77"})
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("nytt-passord-77")


def test_switching_language_is_remembered_for_the_user(client, coordinator):
    login(client, coordinator)
    assert "Deltakere" in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    coordinator.refresh_from_db()
    assert coordinator.language == "en"
    assert "Participants" in client.get(reverse("home")).content.decode()


def test_a_user_changes_their_password_and_the_change_is_audited(client, coordinator):
    from kobling.core.models import AuditLog

    login(client, coordinator)
    client.cookies["django_language"] = "en"
    url = reverse("password_change")
    short = client.post(
        url, {"old_password": PASSWORD, "new_password1": "kort-pass1", "new_password2": "kort-pass1"}
    )
    assert short.status_code == 200 and "at least 12 characters" in short.content.decode()
    wrong = client.post(
        url,
        {
            "old_password": "not-it",
            "new_password1": "fjord-og-fjell-42",
            "new_password2": "fjord-og-fjell-42",
        },
    )
    assert wrong.status_code == 200 and 'id="id_old_password_error"' in wrong.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password(PASSWORD)
    good = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "fjord-og-fjell-42",
            "new_password2": "fjord-og-fjell-42",
        },
    )
    assert good.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # still logged in
    coordinator.refresh_from_db()
    assert coordinator.check_password("fjord-og-fjell-42")
    assert AuditLog.objects.filter(
        object_type="core.user", object_id=str(coordinator.pk), fields=["password"]
    ).exists()
