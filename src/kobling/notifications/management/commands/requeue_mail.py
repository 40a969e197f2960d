from django.core.management.base import BaseCommand
from django.utils import timezone

from kobling.notifications.models import OutboxEmail
from kobling.notifications.services import email_enqueue, outbox_expire_tokens


class Command(BaseCommand):
    help = (
        "Queue a delivery task for every e-mail still waiting in the outbox, and forget the tokens of "
        "unsent e-mails whose links have expired (run at start-up or from cron)."
    )

    def handle(self, *args, **options):
        expired = outbox_expire_tokens()
        waiting = OutboxEmail.objects.filter(
            state=OutboxEmail.State.QUEUED, next_attempt_at__lte=timezone.now()
        )
        count = 0
        # Each task goes through email_deliver, which locks the row and sends only what is still due:
        # a task queued twice sends once.
        for email_id in waiting.values_list("pk", flat=True):
            email_enqueue(email_id=email_id)
            count += 1
        self.stdout.write(f"{count} e-mail(s) queued for delivery.")
        if expired:
            self.stdout.write(f"{expired} expired link(s) removed from unsent e-mails.")
