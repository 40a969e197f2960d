from django.core.management.base import BaseCommand

from kobling.insights.digest import digest_send


class Command(BaseCommand):
    help = (
        "E-mail each coordinator the people on their early-warning list (the weekly digest). Each run "
        "sends again: meant for cron once a week, or use --schedule to let the task worker do it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Only queue the weekly task in the background worker (Mondays 07:00); send nothing now.",
        )

    def handle(self, *args, **options):
        if options["schedule"]:
            from kobling.insights.tasks import schedule_next

            queued = schedule_next()
            self.stdout.write("Weekly task queued." if queued else "The weekly task was already queued.")
            return
        self.stdout.write(f"{digest_send()} digest(s) queued in the outbox.")
