"""`kobling results --programme SLUG [--cohort ID] [--from DATE --to DATE] --format json|csv`

Prints the results table on stdout. JSON: {"programme", "total", "rows": [{"outcome", "count",
"share"}, ...], then the funnel, time to job and employment held}. CSV: the six rows as
outcome,count,share. Bad arguments give one line on stderr and exit status 2.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kobling.core import tables
from kobling.programmes.models import Cohort, Programme
from kobling.reports.results import results_for

FORMATS = ("json", "csv")


def bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def parse_date(value: str | None, option: str) -> datetime.date | None:
    if not value:
        return None
    for parse in (datetime.date.fromisoformat, lambda v: datetime.datetime.strptime(v, "%d.%m.%Y").date()):
        try:
            return parse(value)
        except ValueError:
            continue
    raise bad(
        _("%(option)s: “%(value)s” is not a date; write it as YYYY-MM-DD.")
        % {"option": option, "value": value}
    )


class Command(BaseCommand):
    help = "Print a programme's results table (outcomes, funnel, time to job, employment held)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        # argparse prints the whole usage before its error; one line is easier to read in a script's log.
        def one_line_error(message):
            if parser.called_from_command_line:
                parser.exit(2, f"{parser.prog}: error: {message}\n")
            raise bad(f"Error: {message}")

        parser.error = one_line_error
        return parser

    def add_arguments(self, parser):
        # Checked in handle() rather than by argparse, so every mistake gets the same one-line message.
        parser.add_argument("--programme", help="the programme's short name (slug)")
        parser.add_argument("--cohort", help="only this cohort (its id)")
        parser.add_argument("--from", dest="date_from", help="first day of the period, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last day of the period (included), YYYY-MM-DD")
        parser.add_argument("--format", dest="output_format", default="json", help="json (default) or csv")

    def handle(
        self,
        *args,
        programme=None,
        cohort=None,
        date_from=None,
        date_to=None,
        output_format="json",
        **options,
    ):
        if output_format not in FORMATS:
            raise bad(_("--format must be json or csv, not “%(value)s”.") % {"value": output_format})
        if not programme:
            raise bad(_("Name the programme with --programme SLUG."))
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise bad(_("There is no programme with the short name “%(slug)s”.") % {"slug": programme})
        chosen = None
        if cohort is not None:
            chosen = (
                Cohort.objects.filter(pk=int(cohort), programme=found).first() if cohort.isdigit() else None
            )
            if chosen is None:
                raise bad(
                    _("Cohort “%(cohort)s” is not one of the cohorts of “%(slug)s”.")
                    % {"cohort": cohort, "slug": programme}
                )
        start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
        if start and end and start > end:
            raise bad(_("--from (%(start)s) is after --to (%(end)s).") % {"start": start, "end": end})
        results = results_for(programme=found, cohort=chosen, date_from=start, date_to=end)
        if output_format == "json":
            self.stdout.write(json.dumps(results.as_dict(), ensure_ascii=False))
            return
        rows = [["outcome", "count", "share"], *([r.key, r.count, r.share] for r in results.rows)]
        self.stdout.write(tables.csv_text(rows).replace("\r\n", "\n"), ending="")
