from django.core.management.base import BaseCommand

from kobling.webhooks.services import deliveries_requeue


class Command(BaseCommand):
    help = (
        "Queue a delivery task for every webhook delivery whose time has come but whose task was lost "
        "(run at start-up or from cron, as requeue_mail)."
    )

    def handle(self, *args, **options):
        count = deliveries_requeue()
        self.stdout.write(f"{count} webhook deliveries queued.")
