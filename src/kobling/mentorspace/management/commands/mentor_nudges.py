from datetime import date

from django.core.management.base import BaseCommand, CommandError

from kobling.mentorspace.nudges import run_nudges


class Command(BaseCommand):
    help = (
        "Send the mentor pairs' reminder e-mails (no meeting logged, unanswered proposal, period ending). "
        "Safe to run as often as you like: each reminder is sent once. Meant for cron, once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--schedule", action="store_true", help="Also queue the daily task in the background worker."
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date such as 2025-03-01.") from None
        run = run_nudges(today=today)
        parts = ", ".join(f"{kind}: {count}" for kind, count in run.sent.items())
        self.stdout.write(f"{run.total} reminder(s) sent ({parts}).")
        if options["schedule"]:
            from kobling.mentorspace.tasks import schedule_next

            queued = schedule_next()
            self.stdout.write("Daily task queued." if queued else "The daily task was already queued.")
