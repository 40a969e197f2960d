from django.core.management.base import BaseCommand
from django.utils import timezone

from kobling.notifications.models import OutboxEmail
from kobling.notifications.services import email_enqueue


class Command(BaseCommand):
    help = (
        "Queue a delivery task for every e-mail still waiting in the outbox (run at start-up or from cron)."
    )

    def handle(self, *args, **options):
        waiting = OutboxEmail.objects.filter(
            state=OutboxEmail.State.QUEUED, next_attempt_at__lte=timezone.now()
        )
        count = 0
        for email_id in waiting.values_list("pk", flat=True):
            email_enqueue(email_id=email_id)
            count += 1
        self.stdout.write(f"{count} e-mail(s) queued for delivery.")
