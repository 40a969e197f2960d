"""The database cache's table, so rate limits work after `kobling migrate` alone.

Rate limits and the two-factor failure count live in the default cache. Without REDIS_URL that is
the database cache (settings.CACHES); `createcachetable` makes its table and does nothing when every
cache is Redis or the table is already there.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_append_only")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
