"""People on the waiting list hold no cohort seat and are in no cohort (the audit's M1).

Before the rule lived in enrolment_change_status, a waiting-list decision made through intake
left the person in their cohort, from where a later acceptance overbooked it.
"""

from django.db import migrations


def leave_cohort(apps, schema_editor):
    Enrolment = apps.get_model("programmes", "Enrolment")
    Enrolment.objects.filter(status="waiting_list", cohort__isnull=False).update(cohort=None)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0002_courses_and_follow_up")]
    operations = [migrations.RunPython(leave_cohort, migrations.RunPython.noop)]
