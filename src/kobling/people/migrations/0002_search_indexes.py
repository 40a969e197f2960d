"""Trigram indexes for the participant search on PostgreSQL.

The search compares UPPER(column) LIKE UPPER('%word%') (Django's icontains), which a B-tree cannot
serve. pg_trgm GIN indexes on the same expressions can. SQLite has no such index type; there the
operations do nothing, and the search stays a scan, which is fine at SQLite's sizes.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

COLUMNS = ["first_name", "last_name", "email"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS participant_{column}_trgm ON people_participant "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS participant_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [TrigramExtension(), migrations.RunPython(create, drop)]
