"""The demo takes several seconds to build, so it is built once for the package, inside a
transaction that is rolled back afterwards; each test runs in its own savepoint within it."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    # The same hasher as the per-test settings in conftest, or the stored hashes would not verify.
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), transaction.atomic():
        out = io.StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
