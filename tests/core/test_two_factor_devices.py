"""The two-factor devices (core/devices.py): a copy of the database holds neither the authenticator's
secret nor a recovery code; a code passes once, also when two requests bring it at the same moment;
the migration takes over django-otp's plain devices without anyone enrolling again."""

import hashlib
import importlib
import time

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations import RunPython
from django.test import override_settings
from django_otp.oath import TOTP

from kobling.core import mfa
from kobling.core.devices import Authenticator, RecoveryCode, RecoveryCodes, recovery_code_digests
from kobling.core.sealed import PREFIX
from tests.conftest import authenticator, enrol_authenticator, login, totp_code

pytestmark = pytest.mark.django_db

OLD_SECRET = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, hex


def column(model, pk: int, name: str):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(name)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_the_enrolled_secret_is_sealed_and_the_recovery_codes_are_only_digests(client, mentor):
    login(client, mentor)
    codes = enrol_authenticator(client)
    device = Authenticator.objects.get(user=mentor)
    raw = column(Authenticator, device.pk, "secret")
    assert raw.startswith(PREFIX) and device.secret not in raw
    stored = list(RecoveryCode.objects.filter(device__user=mentor).values_list("digest", flat=True))
    assert len(stored) == len(codes) == 10
    assert not set(codes) & set(stored)
    assert not any(code in digest for code in codes for digest in stored)
    # The digest is keyed: the plain SHA-256 of a code (what a brute force would try) is not it.
    assert hashlib.sha256(f"{mentor.pk}:{codes[0]}".encode()).hexdigest() not in stored


def test_a_recovery_code_works_once_and_only_for_its_own_user(mentor, coordinator):
    codes = mfa.mfa_enrol(user=mentor, key=OLD_SECRET, code=f"{TOTP(bytes.fromhex(OLD_SECRET)).token():06d}")[
        1
    ]
    assert mfa.is_recovery_code(mfa.mfa_check_code(user=mentor, code=codes[0].upper()))
    assert mfa.recovery_codes_left(mentor) == 9
    with pytest.raises(ValidationError):
        mfa.mfa_check_code(user=mentor, code=codes[0])
    # Another person's device holding the same digest does not take the mentor's code.
    other = RecoveryCodes.objects.create(user=coordinator, name="recovery codes", confirmed=True)
    RecoveryCode.objects.create(device=other, digest=recovery_code_digests(mentor.pk, codes[1])[0])
    other.refresh_from_db()
    assert not other.verify_token(codes[1])
    assert RecoveryCode.objects.filter(device=other).count() == 1


def test_two_requests_with_the_same_code_cannot_both_pass(coordinator):
    """Each request loads the device before either has written: only the first to move `last_t`
    passes, for an app's code and for a recovery code alike."""
    device = authenticator(coordinator)
    first, second = Authenticator.objects.get(pk=device.pk), Authenticator.objects.get(pk=device.pk)
    code = totp_code(device)
    assert first.verify_token(code) is True
    assert second.verify_token(code) is False
    # The wrong try is counted without putting the old `last_t` back.
    assert Authenticator.objects.get(pk=device.pk).last_t == first.last_t

    codes_device = RecoveryCodes.objects.create(user=coordinator, name="recovery codes", confirmed=True)
    codes_device.add_codes(["abcdefgh"])
    one, other = RecoveryCodes.objects.get(pk=codes_device.pk), RecoveryCodes.objects.get(pk=codes_device.pk)
    assert one.verify_token("abcdefgh") is True
    assert other.verify_token("abcdefgh") is False


def test_after_a_key_rotation_the_devices_still_work_and_with_the_key_gone_they_fail_closed(coordinator):
    with override_settings(SECRET_KEY="old-key-" * 8, SECRET_KEY_FALLBACKS=[]):
        device = authenticator(coordinator)
        codes = RecoveryCodes.objects.create(user=coordinator, name="recovery codes", confirmed=True)
        codes.add_codes(["abcdefgh", "ijklmnop"])
    with override_settings(SECRET_KEY="new-key-" * 8, SECRET_KEY_FALLBACKS=["old-key-" * 8]):
        assert Authenticator.objects.get(pk=device.pk).verify_token(totp_code(device))
        assert RecoveryCodes.objects.get(pk=codes.pk).verify_token("abcdefgh")
    with override_settings(SECRET_KEY="new-key-" * 8, SECRET_KEY_FALLBACKS=[]):
        lost = Authenticator.objects.get(pk=device.pk)
        assert lost.secret == ""
        assert lost.verify_token("123456") is False
        assert RecoveryCodes.objects.get(pk=codes.pk).verify_token("ijklmnop") is False


def make_old_tables(user_id: int) -> None:
    """django-otp's tables as a database from before holds them, with a device of each kind."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id integer, name varchar(64), "
            "confirmed boolean, key varchar(80), drift smallint, last_t bigint)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, user_id integer, "
            "name varchar(64), confirmed boolean)"
        )
        cursor.execute(
            "CREATE TABLE otp_static_statictoken (id integer PRIMARY KEY, device_id integer, "
            "token varchar(16))"
        )
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES (1, %s, 'phone', %s, %s, 0, -1)",
            [user_id, True, OLD_SECRET],
        )
        cursor.execute("INSERT INTO otp_static_staticdevice VALUES (7, %s, 'backup', %s)", [user_id, True])
        cursor.execute("INSERT INTO otp_static_statictoken VALUES (1, 7, 'abcdefgh'), (2, 7, 'qrstuvwx')")


def test_the_migration_takes_over_django_otps_plain_devices_and_drops_their_tables(coordinator):
    make_old_tables(coordinator.pk)
    module = importlib.import_module("kobling.core.migrations.0009_two_factor_devices")
    (step,) = [op for op in module.Migration.operations if isinstance(op, RunPython)]
    step.code(apps, connection.schema_editor())

    assert not set(module.OLD_TABLES) & set(connection.introspection.table_names())
    device = Authenticator.objects.get(user=coordinator)
    assert device.name == "phone" and device.secret == OLD_SECRET
    assert column(Authenticator, device.pk, "secret").startswith(PREFIX)
    totp = TOTP(bytes.fromhex(OLD_SECRET))
    totp.time = time.time()
    assert mfa.mfa_check_code(user=coordinator, code=f"{totp.token():06d}") == device
    assert mfa.recovery_codes_left(coordinator) == 2
    assert mfa.is_recovery_code(mfa.mfa_check_code(user=coordinator, code="qrstuvwx"))
    assert mfa.recovery_codes_left(coordinator) == 1


def test_the_migration_has_nothing_to_do_on_a_new_database(coordinator):
    module = importlib.import_module("kobling.core.migrations.0009_two_factor_devices")
    (step,) = [op for op in module.Migration.operations if isinstance(op, RunPython)]
    step.code(apps, connection.schema_editor())
    assert not Authenticator.objects.exists() and not RecoveryCodes.objects.exists()


def test_reseal_finishes_a_key_change_for_every_sealed_secret(coordinator, provider, capsys):
    from django.core.management import call_command

    from kobling.accounts.sso.models import IdentityProvider

    with override_settings(SECRET_KEY="old-key-" * 8, SECRET_KEY_FALLBACKS=[]):
        device = authenticator(coordinator)
        idp = IdentityProvider.objects.create(
            organisation=provider,
            name="Entra",
            issuer="https://login.example.no",
            client_id="c",
            client_secret="s3",
        )
        secret = Authenticator.objects.get(pk=device.pk).secret
    with override_settings(SECRET_KEY="new-key-" * 8, SECRET_KEY_FALLBACKS=["old-key-" * 8]):
        call_command("reseal")
        out = capsys.readouterr().out
        assert (
            "core.Authenticator: 1 sealed again" in out and "accounts.IdentityProvider: 1 sealed again" in out
        )
    with override_settings(SECRET_KEY="new-key-" * 8, SECRET_KEY_FALLBACKS=[]):  # the old key is gone
        assert Authenticator.objects.get(pk=device.pk).secret == secret
        assert IdentityProvider.objects.get(pk=idp.pk).client_secret == "s3"
