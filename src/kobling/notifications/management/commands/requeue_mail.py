from django.core.management.base import BaseCommand

from kobling.notifications.services import emails_requeue, outbox_expire_tokens


class Command(BaseCommand):
    help = (
        "Queue a delivery task for every e-mail still waiting in the outbox, and forget the tokens of "
        "unsent e-mails whose links have expired (run at start-up or from cron)."
    )

    def handle(self, *args, **options):
        expired = outbox_expire_tokens()
        count = emails_requeue()
        self.stdout.write(f"{count} e-mail(s) queued for delivery.")
        if expired:
            self.stdout.write(f"{expired} expired link(s) removed from unsent e-mails.")
