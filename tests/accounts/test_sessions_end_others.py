""" "Log out on all other devices" (accounts.services.user_sessions_end_others): for someone who left a
session open on a library computer or lost a phone. The other sessions end at their next request, this
one stays, nobody else's is touched, and it is audited."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.crypto import salted_hmac

from kobling.core.models import AuditLog
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("sessions_end_others")


def logged_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def is_logged_in(client: Client) -> bool:
    return client.get(reverse("password_change")).status_code == 200


def test_the_other_devices_are_logged_out_and_this_one_stays(mentor, participant_user, settings):
    settings.MFA_ENFORCED = False
    here, library, phone, someone_else = (
        logged_in(mentor),
        logged_in(mentor),
        logged_in(mentor),
        logged_in(participant_user),
    )
    here.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = here.post(URL, follow=True)
    assert response.status_code == 200
    assert "You are logged out on all other devices" in response.content.decode()
    assert is_logged_in(here)
    assert not is_logged_in(library) and not is_logged_in(phone)
    assert is_logged_in(someone_else)
    (row,) = AuditLog.objects.filter(action=AuditLog.Action.LOGOUT_OTHERS)
    assert row.object_id == str(mentor.pk) and row.note == "logged out on all other devices"
    # A second time works the same (the counter moves on), and a new login afterwards is unaffected.
    again = logged_in(mentor)
    assert here.post(URL).status_code == 302
    assert is_logged_in(here) and not is_logged_in(again)


def test_at_zero_the_hash_is_djangos_own_so_deploying_this_logs_nobody_out(mentor):
    mentor.refresh_from_db()
    djangos = salted_hmac(
        "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
        mentor.password,
        algorithm="sha256",
    ).hexdigest()
    assert mentor.session_epoch == 0 and mentor.get_session_auth_hash() == djangos
    mentor.session_epoch = 1
    assert mentor.get_session_auth_hash() != djangos


def test_a_get_changes_nothing_and_a_visitor_is_sent_to_log_in(client, mentor, settings):
    settings.MFA_ENFORCED = False
    assert client.post(URL).status_code == 302 and reverse("login") in client.post(URL)["Location"]
    other = logged_in(mentor)
    here = logged_in(mentor)
    assert here.get(URL).status_code == 405
    assert is_logged_in(other)
    assert not AuditLog.objects.filter(action=AuditLog.Action.LOGOUT_OTHERS).exists()


def test_after_a_key_rotation_the_renewed_session_survives(mentor, settings):
    """The hash follows SECRET_KEY_FALLBACKS like Django's own, so a key change does not log out the
    session that just ended the others."""
    settings.MFA_ENFORCED = False
    here = logged_in(mentor)
    here.post(URL)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-" * 6
    assert is_logged_in(here)
