"""The "what works" table as CSV and XLSX, through kobling.core.tables. The small-number rule holds
here as on the page: a group of fewer than 5 people is named, with no count, share or ratio."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kobling.core import tables
from kobling.insights.analysis import Finding, Insight


def header() -> list[str]:
    return [
        _("Outcome"),
        _("Factor"),
        _("Group"),
        _("People"),
        _("Share"),
        _("Ratio"),
        _("95 % CI low"),
        _("95 % CI high"),
        _("p"),
        _("q"),
        _("Too few to show"),
    ]


def outcome_label(outcome: str) -> str:
    return _("Got a job") if outcome == "job" else _("Dropped out")


def row_of(finding: Finding) -> list:
    low, high = finding.ci if finding.ci else (None, None)
    return [
        outcome_label(finding.outcome),
        finding.label,
        finding.level_label if finding.level is not None else "",
        None if finding.small else finding.n,
        None if finding.small else finding.rate,
        None if finding.small else finding.ratio,
        None if finding.small else low,
        None if finding.small else high,
        None if finding.small else finding.p,
        None if finding.small else finding.q,
        finding.small,
    ]


def as_csv(insight: Insight, dialect: tables.Dialect = tables.PLAIN) -> str:
    return tables.csv_text([header(), *(row_of(f) for f in insight.findings)], dialect)


def as_xlsx(insight: Insight) -> bytes:
    workbook = tables.new_workbook()
    for outcome in ("job", "dropout"):
        rows = [row_of(f) for f in insight.findings if f.outcome == outcome]
        tables.xlsx_sheet(workbook, outcome_label(outcome), header(), rows, percent_columns=(5,))
    return tables.xlsx_bytes(workbook)
