"""One live interview per candidate slot and per employer table slot (the audit's H2).

Schedules written before the constraints may hold double bookings from concurrent hand moves.
They are repaired first: a candidate's second interview in one slot is cancelled (a re-plan can
seat it again), and an employer's interviews in one slot are numbered 1, 2, … afresh.
"""

from collections import defaultdict

from django.db import migrations, models

LIVE = ["planned", "held"]


def repair_double_bookings(apps, schema_editor):
    Interview = apps.get_model("events", "Interview")
    live = Interview.objects.filter(state__in=LIVE).order_by("pk")
    seen = set()
    for interview in live:
        key = (interview.candidate_id, interview.slot)
        if key in seen:
            interview.state = "cancelled"
            interview.save(update_fields=["state"])
        seen.add(key)
    groups = defaultdict(list)
    for interview in Interview.objects.filter(state__in=LIVE).order_by("table", "pk"):
        groups[(interview.employer_id, interview.slot)].append(interview)
    for group in groups.values():
        if len({i.table for i in group}) == len(group) and all(i.table > 0 for i in group):
            continue
        for interview in group:
            interview.table = 0
            interview.save(update_fields=["table"])
        for number, interview in enumerate(group, 1):
            interview.table = number
            interview.save(update_fields=["table"])


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        migrations.RunPython(repair_double_bookings, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", ["planned", "held"])),
                fields=("candidate", "slot"),
                name="candidate_slot_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", ["planned", "held"]), ("table__gt", 0)),
                fields=("employer", "slot", "table"),
                name="employer_table_slot_once",
            ),
        ),
    ]
