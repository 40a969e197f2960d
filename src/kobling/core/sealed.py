"""Secrets Kobling must be able to read back (an identity provider's client secret, a webhook's signing
key) are stored sealed: encrypted and authenticated with Fernet (the `cryptography` package), under a
key derived from `SECRET_KEY` with HKDF. A copy of the database alone (a backup, a dump) holds no
usable secret.

`SECRET_KEY_FALLBACKS` still open what the keys before it sealed, so the key can be rotated as Django's
own signing keys are; each save seals again under the current key. A value sealed under a key that is
gone reads as empty: the admin enters the secret again (the pages say one is missing), and nothing
fails. A value stored before sealing (no prefix) reads as it is until it is next saved.

Secrets Kobling only has to recognise (two-factor recovery codes) are not sealed but kept as keyed
digests (`digests`): HMAC-SHA256 under another key derived from `SECRET_KEY`, so even a short code
cannot be found again from a copy of the database by trying them all.
"""

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.db import migrations, models, transaction

PREFIX = "sealed:"
INFO = b"kobling sealed secrets v1"
DIGEST_INFO = b"kobling keyed digests v1"


def _derive(secret_key: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret_key.encode())


def _fernet_key(secret_key: str) -> bytes:
    return base64.urlsafe_b64encode(_derive(secret_key, INFO))


def _keys() -> tuple[str, ...]:
    return (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ()))


@cache
def _digest_keys(keys: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(_derive(key, DIGEST_INFO) for key in keys)


def digests(text: str) -> list[str]:
    """The keyed digest of `text` (hex) under the current key, then under each fallback key: store the
    first, and look a value up by all of them, so a rotation keeps what was stored before it."""
    return [hmac.new(key, text.encode(), hashlib.sha256).hexdigest() for key in _digest_keys(_keys())]


@cache
def _box(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(_fernet_key(key)) for key in (secret_key, *fallbacks)])


def _current_box() -> MultiFernet:
    keys = _keys()
    return _box(keys[0], keys[1:])


def seal(text: str) -> str:
    """The text encrypted under the current key, ready to store; the empty text stays empty."""
    if not text:
        return ""
    return PREFIX + _current_box().encrypt(text.encode()).decode()


def unseal(stored: str) -> str:
    """The text a stored value seals; empty when its key is gone or the value was tampered with."""
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return _current_box().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        return ""


class SealedTextField(models.TextField):
    """A text column whose value is sealed in the database and plain in Python. It cannot be searched
    or compared in a query: each sealing of the same text differs."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else unseal(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else seal(value)


def sealing(app_label: str, model_name: str, fields: list[str]) -> migrations.RunPython:
    """The migration step that follows turning `fields` into `SealedTextField`s: it seals what rows
    stored plain before (saving them again seals them) and, going back, writes the plain values past
    the field, so the plain columns it returns to hold them."""

    def seal_stored(apps, schema_editor):
        for row in apps.get_model(app_label, model_name).objects.all():
            row.save(update_fields=fields)

    def unseal_stored(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        with schema_editor.connection.cursor() as cursor:
            for row in model.objects.all():
                for field in fields:
                    column = schema_editor.quote_name(model._meta.get_field(field).column)
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608 (names from the model)
                        [getattr(row, field), row.pk],
                    )

    return migrations.RunPython(seal_stored, unseal_stored)


def sealed_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with sealed columns, and their names."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, SealedTextField)]
        if names:
            found.append((model, names))
    return found


def secrets_reseal() -> dict[str, int]:
    """Seal every stored secret again under the current `SECRET_KEY` (the last step of a key change,
    before the old key leaves `SECRET_KEY_FALLBACKS`). Each row is saved only in its sealed columns, in
    one transaction; a value whose key is gone stays empty. Returns the rows per model."""
    counts = {}
    with transaction.atomic(durable=True):
        for model, names in sealed_fields():
            rows = list(model.objects.select_for_update().only("pk", *names))
            for row in rows:
                row.save(update_fields=names)
            counts[model._meta.label] = len(rows)
    return counts
