"""`kobling import participants|mentors|employer-contacts FILE ...`: the web's import from the command line.

    kobling import participants FILE --organisation SLUG [--dry-run] [--user EMAIL]
    kobling import mentors FILE --programme SLUG [--invite] [--dry-run] [--user EMAIL]
    kobling import employer-contacts FILE --organisation SLUG [--invite] [--dry-run] [--user EMAIL]

FILE is CSV (UTF-8, comma or semicolon) or XLSX. Everything or nothing is imported: when any row is
wrong, each problem is one line on stderr (row, column, reason), nothing is written, and the exit status
is 2; so it is for a file that cannot be read, an unknown short name, or a user who may not import
there. `--dry-run` checks everything and writes nothing. Nobody is e-mailed unless `--invite` says so
(mentors: approve the new ones and invite them; employer contacts: a new contact exists only by being
invited, so new contacts need it). For `employer-contacts`, SLUG is the organisation that imports
(one that organises events); each row names its employer.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kobling.exchange import services
from kobling.exchange.command import actor_and_target, add_kind_commands, bad
from kobling.exchange.plan import NEW, SAME, UPDATE, Plan
from kobling.exchange.reading import MAX_BYTES, FileRefused, read_table
from kobling.exchange.selectors import PARTICIPANTS


def read_file(path: str):
    try:
        file = Path(path)
        if file.stat().st_size > MAX_BYTES:
            raise bad(
                _("The file is larger than %(limit)s MB. Split it into smaller files.")
                % {"limit": MAX_BYTES >> 20}
            )
        return read_table(file.read_bytes())
    except OSError as error:
        raise bad(_("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror or error})
    except FileRefused as refused:
        raise bad(f"{path}: {refused.message}")


class Command(BaseCommand):
    help = "Import participants, mentors or employer contacts from a CSV or XLSX file (all or nothing)."

    def add_arguments(self, parser):
        add_kind_commands(parser, verb="import", own_arguments=self.own_arguments)

    def own_arguments(self, name, sub):
        sub.add_argument("file", help="the CSV or XLSX file")
        if name != PARTICIPANTS:
            sub.add_argument("--invite", action="store_true", help="send the invitation e-mails")
        sub.add_argument("--dry-run", action="store_true", help="check everything, write nothing")

    def handle(self, *args, kind, file, dry_run=False, invite=False, user=None, **options):
        actor, target = actor_and_target(kind, user=user, options=options)
        table = read_file(file)
        invite = invite if kind != PARTICIPANTS else False
        if dry_run:
            plan = services.import_check(kind, target=target, table=table, invite=invite)
            self._report(plan, kind, target, dry_run=True)
            return
        try:
            plan = services.import_run(
                kind,
                actor=actor,
                target=target,
                table=table,
                invite=invite,
                expected=None,
                name=Path(file).name,
            )
        except services.ImportRefused as refused:
            self._refuse(refused.plan, refused.message)
        self._report(plan, kind, target, dry_run=False)

    def _refuse(self, plan: Plan, message: str = "") -> None:
        problems = plan.problems()
        for problem in problems:
            self.stderr.write(problem.line())
        if message and not problems:
            raise bad(message)
        raise bad(
            ngettext(
                "%(n)s problem: nothing was imported.", "%(n)s problems: nothing was imported.", len(problems)
            )
            % {"n": len(problems)}
        )

    def _report(self, plan: Plan, kind: str, target, *, dry_run: bool) -> None:
        if dry_run and not plan.ok:
            self._refuse(plan)
        counts = plan.counts()
        figures = _("%(new)s new, %(changed)s changed, %(same)s unchanged") % {
            "new": counts[NEW],
            "changed": counts[UPDATE],
            "same": counts[SAME],
        }
        if kind == PARTICIPANTS:
            figures += _(", %(n)s applied to a programme") % {"n": counts.get("enrolments", 0)}
        figures += _(", %(n)s e-mailed") % {"n": counts["emails"]}
        if dry_run:
            self.stdout.write(
                _("Dry run, nothing was written. Importing into %(target)s would give: %(figures)s.")
                % {"target": target, "figures": figures}
            )
        else:
            self.stdout.write(
                _("Imported into %(target)s: %(figures)s.") % {"target": target, "figures": figures}
            )
        for name, address in plan.emails:
            self.stdout.write(
                _("  invitation e-mail to %(name)s <%(address)s>") % {"name": name, "address": address}
            )
