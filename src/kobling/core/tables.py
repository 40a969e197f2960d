"""Tables for download: every CSV and XLSX export is written through here.

Text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is
neutralised as OWASP's CSV-injection guidance says: in CSV it gets a leading apostrophe, and in
XLSX every text is stored as a text cell, never as a formula.

CSV comes in two dialects: `PLAIN` for programs (commas, decimal points, ISO dates) and `EXCEL`
for Norwegian Excel, which opens a file by double-click only with a UTF-8 byte-order mark,
semicolons between fields and decimal commas (and shows dates as dd.mm.yyyy).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
PERCENT = "0.0%"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would take for a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    decimal_comma: bool
    bom: bool


PLAIN = Dialect(delimiter=",", decimal_comma=False, bom=False)
EXCEL = Dialect(delimiter=";", decimal_comma=True, bom=True)


def dialect_for(request) -> Dialect:
    """`?dialect=excel` asks for the file Norwegian Excel opens as it is."""
    return EXCEL if request.GET.get("dialect") == "excel" else PLAIN


def _csv_cell(value, dialect: Dialect):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float | Decimal) and dialect.decimal_comma:
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y") if dialect is EXCEL else value.isoformat()
    return neutralise(value)


def csv_text(rows: Iterable[Sequence], dialect: Dialect = PLAIN) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(value, dialect) for value in row])
    return ("\ufeff" if dialect.bom else "") + out.getvalue()


def xlsx_sheet(
    workbook: Workbook, title: str, header: list[str], rows: list[list], percent_columns=()
) -> None:
    """A sheet with a bold, frozen header row; numbers stay numbers, every text is a text cell."""
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for column in percent_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = PERCENT
    sheet.column_dimensions["A"].width = 42
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 16
    sheet.freeze_panes = "A2"


def xlsx_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def download(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
