"""The daily retention task in the real database worker (which needs committed rows: transactional test)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from kobling.notifications.models import OutboxEmail
from kobling.privacy.models import RetentionRun

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_daily_task_runs_in_the_worker_and_queues_its_next_run(capsys):
    from django_tasks_db.models import DBTaskResult

    from kobling.privacy.tasks import privacy_retention_daily, schedule_next

    old = OutboxEmail.objects.create(to="x@example.no", template="x", subject="S", body="Hei", state="sent")
    OutboxEmail.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=91))
    privacy_retention_daily.enqueue()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
    old.refresh_from_db()
    assert old.body == "" and RetentionRun.objects.get().counts["outbox_bodies"] == 1
    queued = DBTaskResult.objects.filter(task_path__endswith="privacy_retention_daily", status="READY")
    assert queued.count() == 1 and queued.get().run_after > timezone.now()
    assert schedule_next() is False  # tomorrow's run is already waiting
    with translation.override("en"):
        call_command("privacy", "retention", "--schedule")
    assert "already queued" in capsys.readouterr().out
