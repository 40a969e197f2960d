"""The results as CSV and XLSX downloads, labelled in the reader's language.

CSV: one row per figure, columns section,key,label,count,of,share,small. `share` is a fraction
(0.367) with a dot, `of` its denominator, `small` true when that is below 5. Sections: table (the six
rows and the total), reasons (of those who dropped out), funnel (of those referred), retention (of the
follow-ups answered) and time_to_job (count: the median in days, of: the number of jobs).

XLSX: a sheet per section, each with a header row, numbers as numbers and shares as percentages,
and an "About" sheet saying what was counted.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kobling.people.models import Source
from kobling.reports.results import DEFINITIONS, FUNNEL_LABELS, REASON_LABELS, ROW_LABELS, Figure, Results

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT = "0.0%"


def few_people(figure: Figure) -> str:
    if not figure.small:
        return ""
    return _("(%(count)s of %(total)s — few people)") % {"count": figure.count, "total": figure.of}


def filename(results: Results, extension: str) -> str:
    parts = ["results", results.programme.slug]
    if results.cohort:
        parts.append(f"cohort-{results.cohort.pk}")
    if results.date_from:
        parts.append(f"from-{results.date_from.isoformat()}")
    if results.date_to:
        parts.append(f"to-{results.date_to.isoformat()}")
    return "-".join(parts) + f".{extension}"


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


def as_csv(results: Results) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["section", "key", "label", "count", "of", "share", "small"])
    for section, key, label, figure in _sections(results):
        share = "" if figure.share is None else figure.share
        writer.writerow([section, key, label, figure.count, figure.of, share, str(figure.small).lower()])
    median = "" if results.median_days_to_job is None else results.median_days_to_job
    small = str(results.jobs_timed < 5).lower()
    writer.writerow(
        [
            "time_to_job",
            "median_days",
            _("Median days from start to job"),
            median,
            results.jobs_timed,
            "",
            small,
        ]
    )
    return out.getvalue()


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list], percent_columns=()) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in percent_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = PERCENT
    sheet.column_dimensions["A"].width = 42
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 16
    sheet.freeze_panes = "A2"


def _rows(figures, labels) -> list[list]:
    return [[str(labels[f.key]), f.count, f.share, few_people(f)] for f in figures]


def as_xlsx(results: Results) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    note = _("Remark")
    table = _rows(results.rows, ROW_LABELS)
    if results.no_outcome_recorded:
        other = next(i for i, f in enumerate(results.rows) if f.key == "other")
        recorded = _("of which %(count)s without a recorded outcome") % {"count": results.no_outcome_recorded}
        table[other][3] = " ".join(filter(None, [table[other][3], recorded]))
    total = Figure("total", results.total, results.total)
    table.append([_("Total"), results.total, total.share, few_people(total)])
    _sheet(workbook, _("Results"), [_("Outcome"), _("People"), _("Share"), note], table, percent_columns=[3])
    _sheet(
        workbook,
        _("Dropout reasons"),
        [_("Reason"), _("People"), _("Share of those who dropped out"), note],
        _rows(results.reasons, REASON_LABELS),
        percent_columns=[3],
    )
    _sheet(
        workbook,
        _("Funnel"),
        [_("Stage"), _("People"), _("Share of those referred"), note],
        _rows(results.funnel, FUNNEL_LABELS),
        percent_columns=[3],
    )
    _sheet(
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
    _sheet(workbook, _("About"), [_("What"), _("Value")], _about(results))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
