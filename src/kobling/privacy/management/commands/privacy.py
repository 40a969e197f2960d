"""`kobling privacy export|erase|retention`: the privacy rights from the command line.

    kobling privacy export PARTICIPANT_ID           the person's data as JSON on standard output
    kobling privacy erase PARTICIPANT_ID --yes      anonymise everything that identifies the person
    kobling privacy retention [--dry-run] [--schedule]
                                                    anonymise what has expired, print counts per kind

An unknown id, or `erase` without --yes, exits with status 2 and a message; erasing a person who was
already erased exits with status 1. Exports and erasures are audited (as the command line, with no
user).
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kobling.people.models import Participant
from kobling.privacy import services


def _participant(raw: str) -> Participant:
    try:
        return Participant.objects.select_related("organisation").get(pk=int(raw))
    except (ValueError, OverflowError, Participant.DoesNotExist):
        raise CommandError(_("No participant has the id “%(id)s”.") % {"id": raw}, returncode=2)


class Command(BaseCommand):
    help = "Privacy rights: export a person's data, erase a person, or run the retention rules."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="export|erase|retention")
        export = actions.add_parser("export", help="Print everything about one participant as JSON.")
        export.add_argument(
            "participant_id", help="the participant's id (the number in their page's address)"
        )
        erase = actions.add_parser("erase", help="Anonymise everything that identifies one participant.")
        erase.add_argument("participant_id", help="the participant's id")
        erase.add_argument("--yes", action="store_true", help="confirm: erasing cannot be undone")
        retention = actions.add_parser("retention", help="Anonymise what has outlived its retention period.")
        retention.add_argument("--dry-run", action="store_true", help="count only; change nothing")
        retention.add_argument(
            "--schedule", action="store_true", help="also queue the daily task in the background worker"
        )

    def handle(self, *args, **options):
        action = options["action"]
        if action == "export":
            self._export(options["participant_id"])
        elif action == "erase":
            self._erase(options["participant_id"], options["yes"])
        else:
            self._retention(options["dry_run"], options["schedule"])

    def _export(self, raw: str) -> None:
        participant = _participant(raw)
        data = services.participant_export(actor=None, participant=participant, channel=services.COMMAND_LINE)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _erase(self, raw: str, confirmed: bool) -> None:
        participant = _participant(raw)
        if not confirmed:
            raise CommandError(
                _(
                    "Erasing cannot be undone: it anonymises everything that identifies participant "
                    "%(id)s. Run the command again with --yes to do it."
                )
                % {"id": participant.pk},
                returncode=2,
            )
        try:
            counts = services.participant_erase(actor=None, participant=participant)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1)
        self.stdout.write(_("Participant %(id)s is erased.") % {"id": participant.pk})
        for kind, count in sorted(counts.items()):
            if count:
                self.stdout.write(f"  {kind}: {count}")

    def _retention(self, dry_run: bool, schedule: bool) -> None:
        counts = services.retention_run(dry_run=dry_run)
        if dry_run:
            self.stdout.write(_("Dry run: nothing was changed. This would be anonymised or removed:"))
        else:
            self.stdout.write(_("Anonymised or removed:"))
        for kind, count in counts.items():
            self.stdout.write(f"  {kind}: {count}")
        if schedule:
            from kobling.privacy.tasks import schedule_next

            queued = schedule_next()
            self.stdout.write(_("Daily task queued.") if queued else _("The daily task was already queued."))
