from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_interview_slot_constraints"),
    ]

    operations = [
        migrations.AlterField(
            model_name="veto",
            name="reason",
            field=models.CharField(
                choices=[("met_before", "Met before"), ("no", "Not relevant")], max_length=20
            ),
        ),
    ]
