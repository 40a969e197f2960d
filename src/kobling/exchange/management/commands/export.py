"""`kobling export participants|mentors|employer-contacts ...`: the columns the import reads, as a file.

    kobling export participants --organisation SLUG [--format csv|excel|xlsx] [--national-id]
    kobling export mentors --programme SLUG [--format ...]
    kobling export employer-contacts --organisation SLUG [--format ...]
    (each with [--output FILE] [--user EMAIL])

CSV goes to standard output unless --output names a file; XLSX needs --output. Each export is audited
(and with --national-id, a read of each number it holds). Bad arguments exit with status 2.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kobling.exchange import services
from kobling.exchange.command import actor_and_target, add_kind_commands, bad
from kobling.exchange.export import FORMATS
from kobling.exchange.selectors import PARTICIPANTS, can_read_national_ids


class Command(BaseCommand):
    help = "Export participants, mentors or employer contacts with the columns the import reads."

    def add_arguments(self, parser):
        add_kind_commands(parser, verb="export", own_arguments=self.own_arguments)

    def own_arguments(self, name, sub):
        sub.add_argument("--format", dest="file_format", choices=FORMATS, default="csv")
        if name == PARTICIPANTS:
            sub.add_argument("--national-id", action="store_true", help="include the national ids")
        sub.add_argument("--output", help="write to this file (needed for xlsx)")

    def handle(self, *args, kind, file_format="csv", output=None, user=None, national_id=False, **options):
        if file_format == "xlsx" and not output:
            raise bad(_("An XLSX file needs --output FILE."))
        actor, target = actor_and_target(kind, user=user, options=options)
        if national_id and actor is not None and not can_read_national_ids(actor, target):
            raise bad(_("%(user)s may not read national identity numbers.") % {"user": actor.email})
        download = services.export_run(
            kind, actor=actor, target=target, format=file_format, with_national_id=national_id
        )
        content = download.content
        if output:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            try:
                Path(output).write_bytes(data)
            except OSError as error:
                raise bad(_("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror})
            self.stderr.write(_("%(n)s rows written to %(path)s.") % {"n": download.rows, "path": output})
        else:
            self.stdout.write(content, ending="")
