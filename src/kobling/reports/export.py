"""The results as CSV and XLSX downloads, labelled in the reader's language.

CSV (core.tables: plain, or for Norwegian Excel): one row per figure, columns
section,key,label,count,of,share,small. `share` is a fraction (0.367), `of` its denominator,
`small` true when that is below 5. Sections: table (the six rows and the total), reasons (of those
who dropped out), funnel (of those referred), retention (of the follow-ups answered) and
time_to_job (count: the median in days, of: the number of jobs).

XLSX: a sheet per section, each with a header row, numbers as numbers and shares as percentages,
and an "About" sheet saying what was counted.
"""

from django.utils.translation import gettext as _

from kobling.core import tables
from kobling.people.models import Source
from kobling.reports.results import DEFINITIONS, FUNNEL_LABELS, REASON_LABELS, ROW_LABELS, Figure, Results


def few_people(figure: Figure) -> str:
    if not figure.small:
        return ""
    return _("(%(count)s of %(total)s — few people)") % {"count": figure.count, "total": figure.of}


def period_filename(parts: list[str], date_from, date_to, extension: str) -> str:
    """A download's file name: `parts`, then the period's ends where given (from-…, to-…), joined by
    hyphens."""
    parts = list(parts)
    if date_from:
        parts.append(f"from-{date_from.isoformat()}")
    if date_to:
        parts.append(f"to-{date_to.isoformat()}")
    return "-".join(parts) + f".{extension}"


def filename(results: Results, extension: str) -> str:
    parts = ["results", results.programme.slug]
    if results.cohort:
        parts.append(f"cohort-{results.cohort.pk}")
    return period_filename(parts, results.date_from, results.date_to, extension)


def _sections(results: Results):
    """(section, key, label, figure) for every figure of the report, in reading order."""
    for row in results.rows:
        yield "table", row.key, str(ROW_LABELS[row.key]), row
    yield "table", "total", _("Total"), Figure("total", results.total, results.total)
    for reason in results.reasons:
        yield "reasons", reason.key, str(REASON_LABELS[reason.key]), reason
    for stage in results.funnel:
        yield "funnel", stage.key, str(FUNNEL_LABELS[stage.key]), stage
    for retention in results.retention:
        label = _("Still employed %(months)s months after starting the job") % {"months": retention.months}
        yield "retention", retention.held.key, label, retention.held


def as_csv(results: Results, dialect: tables.Dialect = tables.PLAIN) -> str:
    rows: list[list] = [["section", "key", "label", "count", "of", "share", "small"]]
    for section, key, label, figure in _sections(results):
        rows.append([section, key, label, figure.count, figure.of, figure.share, figure.small])
    rows.append(
        [
            "time_to_job",
            "median_days",
            _("Median days from start to job"),
            results.median_days_to_job,
            results.jobs_timed,
            None,
            results.jobs_timed < 5,
        ]
    )
    return tables.csv_text(rows, dialect)


def _rows(figures, labels) -> list[list]:
    return [[str(labels[f.key]), f.count, f.share, few_people(f)] for f in figures]


def as_xlsx(results: Results) -> bytes:
    workbook = tables.new_workbook()
    note = _("Remark")
    table = _rows(results.rows, ROW_LABELS)
    if results.no_outcome_recorded:
        other = next(i for i, f in enumerate(results.rows) if f.key == "other")
        recorded = _("of which %(count)s without a recorded outcome") % {"count": results.no_outcome_recorded}
        table[other][3] = " ".join(filter(None, [table[other][3], recorded]))
    total = Figure("total", results.total, results.total)
    table.append([_("Total"), results.total, total.share, few_people(total)])
    tables.xlsx_sheet(
        workbook, _("Results"), [_("Outcome"), _("People"), _("Share"), note], table, percent_columns=[3]
    )
    for title, what, share_of, figures, labels in (
        (
            _("Dropout reasons"),
            _("Reason"),
            _("Share of those who dropped out"),
            results.reasons,
            REASON_LABELS,
        ),
        (_("Funnel"), _("Stage"), _("Share of those referred"), results.funnel, FUNNEL_LABELS),
    ):
        header = [what, _("People"), share_of, note]
        tables.xlsx_sheet(workbook, title, header, _rows(figures, labels), percent_columns=[3])
    tables.xlsx_sheet(
        workbook,
        _("Employment held"),
        [
            _("Months after the job started"),
            _("Still employed"),
            _("Answered"),
            _("Share"),
            _("Not answered yet"),
            note,
        ],
        [
            [r.months, r.held.count, r.held.of, r.held.share, r.unanswered, few_people(r.held)]
            for r in results.retention
        ],
        percent_columns=[4],
    )
    tables.xlsx_sheet(workbook, _("About"), [_("What"), _("Value")], _about(results))
    return tables.xlsx_bytes(workbook)


def _about(results: Results) -> list[list]:
    rows = [
        [_("Programme"), results.programme.name],
        [_("Provider"), results.programme.organisation.name],
        [_("Cohort"), results.cohort.name if results.cohort else _("All cohorts")],
        [_("From"), results.date_from],
        [_("To"), results.date_to],
        [_("Started (the denominator of the results table)"), results.total],
        [_("Median days from start to job"), results.median_days_to_job],
        [_("Jobs the median is over"), results.jobs_timed],
    ]
    rows += [[str(label), results.sources[key]] for key, label in Source.choices]
    rows += [
        [_("Who is counted"), str(DEFINITIONS["counted"])],
        [_("Period"), str(DEFINITIONS["period"])],
        [_("Few people"), str(DEFINITIONS["small"])],
    ]
    return rows
