"""Issue 9: throttling behind a proxy. The client address comes from a configured number of trusted
proxies, never from the raw X-Forwarded-For; limits live in the shared (database) cache; password
reset is limited per address and per account; failures lock an account across addresses."""

import datetime
import os
import subprocess
import sys

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from kobling.core.models import AuditLog
from kobling.core.throttle import client_ip
from kobling.notifications.models import OutboxEmail
from kobling.programmes.models import Programme
from tests.conftest import PASSWORD

START = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "1.1.1.1, 203.0.113.5", "203.0.113.5"),  # the address our proxy appended
        (2, "1.1.1.1, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "2001:db8::7", "2001:db8::7"),
        (2, "203.0.113.5", "10.0.0.1"),  # shorter than the proxies we have: not through them
        (1, "1.1.1.1, not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_is_counted_from_the_right(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_limits_live_in_the_database_cache_whose_table_the_migrations_make(db, settings):
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.CACHES["default"]["LOCATION"] in connection.introspection.table_names()
    cache.set("probe", 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {settings.CACHES['default']['LOCATION']}")  # noqa: S608
        assert cursor.fetchone()[0] == 1


def test_redis_is_used_when_redis_url_is_set():
    code = "from kobling import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/1", "SECRET_KEY": "x"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "django.core.cache.backends.redis.RedisCache", out.stderr


def fail_login(client, user, address: str, *, password="wrong-password"):
    return client.post(
        reverse("login"), {"username": user.email, "password": password}, HTTP_X_FORWARDED_FOR=address
    )


def test_failures_from_five_addresses_lock_the_account_for_the_cool_down(client, coordinator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(START, tick=False) as clock:
        for i in range(4):
            assert fail_login(client, coordinator, f"198.51.100.{i + 1}").status_code == 200
        assert fail_login(client, coordinator, "198.51.100.5").status_code == 429  # the fifth locks
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
            f"198.51.100.{i + 1}" for i in range(5)
        }
        # From a sixth address, with the right password: still paused.
        response = fail_login(client, coordinator, "198.51.100.77", password=PASSWORD)
        assert response.status_code == 429 and "_auth_user_id" not in client.session
        clock.shift(datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES + 1))
        response = fail_login(client, coordinator, "198.51.100.77", password=PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_forged_left_most_address_does_not_escape_the_per_address_limit(client, coordinator, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for i in range(5):
        fail_login(client, coordinator, f"10.{i}.{i}.{i}, 203.0.113.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response = fail_login(client, coordinator, "10.99.99.99, 203.0.113.9", password=PASSWORD)
    assert response.status_code == 429


@pytest.fixture
def open_programme(programme):
    Programme.objects.filter(pk=programme.pk).update(accepts_applications=True)
    return programme


def apply_from(client, programme, address: str):
    return client.post(
        reverse("apply"),
        {"programme": programme.pk, "first_name": "A", "last_name": "B", "email": "not-an-email"},
        HTTP_X_FORWARDED_FOR=address,
    )


def test_the_public_form_limit_counts_the_address_the_proxy_saw(client, open_programme, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.APPLICATION_RATE_LIMIT = 2
    for i in range(2):
        assert apply_from(client, open_programme, f"10.0.0.{i}, 203.0.113.9").status_code == 200
    assert apply_from(client, open_programme, "10.0.0.55, 203.0.113.9").status_code == 429
    # Another client behind the same proxy has its own count.
    assert apply_from(client, open_programme, "10.0.0.55, 203.0.113.10").status_code == 200


def test_the_mentor_sign_up_limit_uses_the_same_address(client, settings, db):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.APPLICATION_RATE_LIMIT = 1
    url = reverse("mentor_signup")
    assert client.post(url, {"full_name": ""}, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9").status_code == 200
    assert client.post(url, {"full_name": ""}, HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.9").status_code == 429


def reset_mails(email: str) -> int:
    return OutboxEmail.objects.filter(to=email, template="password_reset").count()


def ask_reset(client, email: str, address: str):
    response = client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    return response


def test_password_reset_is_limited_per_account_with_the_same_answer(client, coordinator):
    for i in range(5):
        ask_reset(client, coordinator.email, f"203.0.113.{i + 1}")
    assert reset_mails(coordinator.email) == 3
    notes = list(
        AuditLog.objects.filter(action=AuditLog.Action.PASSWORD_RESET, object_id=str(coordinator.pk))
        .order_by("id")
        .values_list("note", flat=True)
    )
    assert notes == ["reset link requested"] * 3 + ["reset asked too often; no link sent"]
    ask_reset(client, "nobody@example.no", "203.0.113.50")  # the same answer for no account


def test_password_reset_is_limited_per_address(client, coordinator, staff, mentor, advisor, employer, admin):
    people = [coordinator, staff, mentor, advisor, employer, admin]
    for user in people:
        ask_reset(client, user.email, "203.0.113.7")
    assert [reset_mails(user.email) for user in people] == [1, 1, 1, 1, 1, 0]
    ask_reset(client, admin.email, "203.0.113.8")
    assert reset_mails(admin.email) == 1


def test_a_password_reset_is_audited_and_lifts_the_login_lock(client, coordinator):
    for _ in range(5):
        fail_login(client, coordinator, "")
    assert fail_login(client, coordinator, "", password=PASSWORD).status_code == 429
    uid = urlsafe_base64_encode(force_bytes(coordinator.pk))
    token = default_token_generator.make_token(coordinator)
    response = client.get(reverse("password_reset_confirm", args=[uid, token]))
    response = client.post(
        response["Location"], {"new_password1": "nytt-passord-77", "new_password2": "nytt-passord-77"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")
    assert AuditLog.objects.filter(
        action=AuditLog.Action.PASSWORD_RESET,
        object_id=str(coordinator.pk),
        note="new password set by reset link",
    ).exists()
    assert fail_login(client, coordinator, "", password="nytt-passord-77").status_code == 302
