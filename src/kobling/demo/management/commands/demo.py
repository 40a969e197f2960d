import time

from django.core.management.base import BaseCommand, CommandError

from kobling.demo import data
from kobling.demo.generator import build_demo, demo_exists, login_block


class Command(BaseCommand):
    help = (
        "Fill the database with invented demo data and one login per role. Safe to run every time: "
        "when the demo is already there it only prints the logins. --participants N adds N more people "
        "in bulk, for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--participants",
            type=int,
            default=0,
            metavar="N",
            help="Also add N participants in bulk (no audit rows), spread over the two demo providers.",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per bulk insert and transaction."
        )

    def handle(self, *args, participants: int, batch_size: int, **options):
        if participants < 0 or batch_size < 1:
            raise CommandError("--participants must be 0 or more and --batch-size at least 1.")
        if demo_exists():
            self.stdout.write("The demo data is already in place; nothing was changed.")
        else:
            started = time.perf_counter()
            self.stdout.write("Building the demo data …")
            build_demo()
            self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
            self.stdout.write(self.counts())
        if participants:
            from kobling.demo.bulk import build_bulk

            self.stdout.write(f"Adding {participants:,} participants in bulk …")
            totals = build_bulk(participants, batch_size=batch_size, write=self.stdout.write)
            self.stdout.write(
                f"Added {totals['participants']:,} participants, {totals['enrolments']:,} enrolments, "
                f"{totals['languages']:,} languages, {totals['timeline']:,} timeline entries and "
                f"{totals['tasks']:,} tasks in {totals['seconds']} s "
                f"({totals['participants'] / max(totals['seconds'], 0.001):,.0f} participants/s); "
                f"{totals['advisors_created']} new NAV advisors."
            )
            self.stdout.write(self.counts())
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(login_block()))

    def counts(self) -> str:
        from kobling.core.models import Organisation, User
        from kobling.people.models import Participant, Task, TimelineEntry
        from kobling.programmes.models import Enrolment

        return (
            f"Now: {Organisation.objects.count()} organisations, {User.objects.count():,} users, "
            f"{Participant.objects.count():,} participants, {Enrolment.objects.count():,} enrolments, "
            f"{TimelineEntry.objects.count():,} timeline entries, {Task.objects.count():,} tasks. "
            f"Password for every demo user: {data.PASSWORD}"
        )
