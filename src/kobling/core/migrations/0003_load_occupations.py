from django.db import migrations


def load(apps, schema_editor):
    from kobling.core.occupations import load_occupations

    load_occupations(apps.get_model("core", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
