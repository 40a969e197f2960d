"""Sealed secrets (`core.sealed`): an identity provider's client secret and a webhook's signing keys are
encrypted in the database, plain in Python; the key rotates with `SECRET_KEY_FALLBACKS`; a value whose
key is gone reads as empty instead of failing; the migrations seal what was stored before."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations import RunPython
from django.urls import reverse

from kobling.accounts.sso.models import IdentityProvider
from kobling.core.sealed import PREFIX, seal, unseal
from kobling.webhooks.models import Subscription
from kobling.webhooks.services import new_secret
from tests.conftest import login

pytestmark = pytest.mark.django_db

SECRET = "entra-client-secret-Zq8~x"


def stored(model, pk: int, column: str) -> str:
    """The column as the database holds it, past the model field."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def write_raw(model, pk: int, column: str, value: str) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {connection.ops.quote_name(column)} = %s WHERE id = %s", [value, pk]
        )  # noqa: S608


@pytest.fixture
def idp(provider):
    return IdentityProvider.objects.create(
        organisation=provider,
        name="Entra",
        issuer="https://login.example.no",
        client_id="c",
        client_secret=SECRET,
    )


def test_seal_and_unseal_round_trip_and_each_sealing_differs():
    first, second = seal(SECRET), seal(SECRET)
    assert first.startswith(PREFIX) and SECRET not in first and first != second
    assert unseal(first) == unseal(second) == SECRET
    assert seal("") == "" and unseal("") == ""


def test_the_database_holds_no_usable_secret_and_the_model_reads_it_plain(idp):
    raw = stored(IdentityProvider, idp.pk, "client_secret")
    assert raw.startswith(PREFIX) and SECRET not in raw
    assert IdentityProvider.objects.get(pk=idp.pk).client_secret == SECRET


def test_a_tampered_value_reads_as_empty(idp):
    raw = stored(IdentityProvider, idp.pk, "client_secret")
    write_raw(
        IdentityProvider,
        idp.pk,
        "client_secret",
        raw[:-6] + ("A" * 6 if not raw.endswith("A" * 6) else "B" * 6),
    )
    assert IdentityProvider.objects.get(pk=idp.pk).client_secret == ""


def test_the_key_rotates_with_the_fallbacks_and_a_save_seals_under_the_new_key(settings, idp):
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" + "x" * 40, [old_key]
    record = IdentityProvider.objects.get(pk=idp.pk)
    assert record.client_secret == SECRET  # opened with the fallback
    record.save(update_fields=["client_secret"])
    settings.SECRET_KEY_FALLBACKS = []
    assert IdentityProvider.objects.get(pk=idp.pk).client_secret == SECRET  # now under the new key alone


def test_a_secret_whose_key_is_gone_reads_empty_and_the_admin_is_asked_for_it_again(
    client, settings, idp, admin
):
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "another-key-" + "y" * 40, []
    login(client, admin)
    assert IdentityProvider.objects.get(pk=idp.pk).client_secret == ""
    url = reverse("sso_provider_edit", args=[idp.organisation.slug])
    page = client.get(url)
    assert page.status_code == 200 and "A client secret is saved." not in page.content.decode()
    data = {
        "name": "Entra",
        "issuer": "https://login.example.no",
        "client_id": "c",
        "allowed_domains": "example.no",
    }
    refused = client.post(url, {**data, "client_secret": ""})
    assert refused.status_code == 400 and "client_secret" in refused.context["form"].errors
    client.post(url, {**data, "client_secret": "the-new-one"})
    assert IdentityProvider.objects.get(pk=idp.pk).client_secret == "the-new-one"


def test_webhook_signing_keys_are_sealed(coordinator, provider):
    secret, previous = new_secret(), new_secret()
    subscription = Subscription.objects.create(
        organisation=provider, url="https://hooks.example.no/k", secret=secret, previous_secret=previous
    )
    for column in ("secret", "previous_secret"):
        assert stored(Subscription, subscription.pk, column).startswith(PREFIX)
    fresh = Subscription.objects.get(pk=subscription.pk)
    assert (fresh.secret, fresh.previous_secret) == (secret, previous)


@pytest.mark.parametrize(
    "module, model, column",
    [
        ("kobling.accounts.migrations.0003_sealed_secrets", IdentityProvider, "client_secret"),
        ("kobling.webhooks.migrations.0002_sealed_secrets", Subscription, "secret"),
        ("kobling.webhooks.migrations.0002_sealed_secrets", Subscription, "previous_secret"),
    ],
)
def test_the_migration_seals_what_was_stored_plain_and_unseals_it_going_back(
    module, model, column, idp, provider
):
    row = (
        idp
        if model is IdentityProvider
        else Subscription.objects.create(
            organisation=provider, url="https://hooks.example.no/m", secret=SECRET
        )
    )
    write_raw(model, row.pk, column, SECRET)  # as a row saved before sealing holds it
    assert getattr(model.objects.get(pk=row.pk), column) == SECRET  # read as it is meanwhile
    (step,) = [op for op in importlib.import_module(module).Migration.operations if isinstance(op, RunPython)]
    step.code(apps, None)
    assert stored(model, row.pk, column).startswith(PREFIX)
    step.reverse_code(apps, connection.schema_editor())  # outside a transaction of its own
    assert stored(model, row.pk, column) == SECRET
