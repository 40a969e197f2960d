"""The series report as CSV and XLSX, labelled in the reader's language (the results table's helpers).

CSV: one row per event and a total row, then the people counted once across the series. Columns:
date, event, venue, candidates, interviews held, no-shows, job offers, work-practice offers, jobs
accepted, work practice accepted, jobs started, work practice started, start not confirmed.
"""

from django.utils.translation import gettext as _

from kobling.core import tables
from kobling.recruitment.models import Offer
from kobling.recruitment.reports.figures import Series
from kobling.reports.export import period_filename

JOB, PRACTICE = Offer.Kind.JOB, Offer.Kind.PRACTICE


def header() -> list[str]:
    return [
        _("Date"),
        _("Event"),
        _("Venue"),
        _("Candidates"),
        _("Interviews held"),
        _("No-shows"),
        _("Job offers"),
        _("Work-practice offers"),
        _("Jobs accepted"),
        _("Work practice accepted"),
        _("Jobs started"),
        _("Work practice started"),
        _("Start not confirmed"),
    ]


def _numbers(f) -> list[int]:
    return [
        f.candidates,
        f.held,
        f.no_shows,
        f.offers[JOB],
        f.offers[PRACTICE],
        f.accepted[JOB],
        f.accepted[PRACTICE],
        f.started[JOB],
        f.started[PRACTICE],
        f.unconfirmed,
    ]


def rows(series: Series) -> list[list]:
    out = [[e.date, e.title, e.venue.name, *_numbers(f)] for e, f in series.events]
    out.append([None, _("Total"), "", *_numbers(series.total)])
    return out


def people_rows(series: Series) -> list[list]:
    p = series.people
    return [
        [_("People registered"), p.candidates, series.share(p.candidates)],
        [_("People interviewed"), p.interviewed, series.share(p.interviewed)],
        [_("People offered a job or work practice"), p.offered, series.share(p.offered)],
        [_("People who started a job"), p.job, series.share(p.job)],
        [_("People who started work practice"), p.practice, series.share(p.practice)],
    ]


def filename(series: Series, extension: str) -> str:
    parts = ["recruitment-series", series.organiser.slug]
    return period_filename(parts, series.date_from, series.date_to, extension)


def as_csv(series: Series, dialect: tables.Dialect = tables.PLAIN) -> str:
    people_header = [_("People, each counted once"), _("People"), _("Share of the people registered")]
    return tables.csv_text([header(), *rows(series), [], people_header, *people_rows(series)], dialect)


def as_xlsx(series: Series) -> bytes:
    workbook = tables.new_workbook()
    tables.xlsx_sheet(workbook, _("Events"), header(), rows(series))
    tables.xlsx_sheet(
        workbook,
        _("People"),
        [_("People, each counted once"), _("People"), _("Share of the people registered")],
        people_rows(series),
        percent_columns=[3],
    )
    tables.xlsx_sheet(
        workbook,
        _("About"),
        [_("What"), _("Value")],
        [
            [_("Organiser"), series.organiser.name],
            [_("From"), series.date_from],
            [_("To"), series.date_to],
            [_("Events"), len(series.events)],
            [_("Started"), _("A job or work practice counts as started when the 30-day check says so.")],
        ],
    )
    return tables.xlsx_bytes(workbook)
