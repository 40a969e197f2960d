"""Reading an uploaded file into a table of text cells, within limits.

Accepted: CSV in UTF-8 (with or without a byte-order mark, as Excel's "CSV UTF-8" writes it) or in
UTF-16 with its byte-order mark (Excel's "Unicode text"), separated by commas, semicolons (Norwegian
Excel) or tabs, and XLSX (the first sheet, read with openpyxl in read-only mode). The format is told
by the content, never by the file name. The first row that is not blank holds the headings; blank
rows are skipped but keep their numbers, so every row is named as the spreadsheet numbers it.

Anything else is refused with a message for the person (`FileRefused`), never an exception they see:
a file that is empty, too large, not text, not UTF-8, an old .xls, a broken or oversized XLSX, more
rows or columns than the limits, or a cell larger than the CSV reader takes.
"""

import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024  # the upload
MAX_ROWS = 10_000  # rows of data, blank rows not counted
MAX_COLUMNS = 40
MAX_UNPACKED = 100 * 1024 * 1024  # what an XLSX may unpack to (a zip bomb is refused before reading)
DELIMITERS = (";", ",", "\t")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class FileRefused(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The headings and the data rows as text: `rows` holds (row number, cells), blank rows left out."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_row: int = 1
    format: str = "csv"
    delimiter: str = ""


def read_table(data: bytes) -> Table:
    """The table in an uploaded file's bytes, or FileRefused."""
    if not data:
        raise FileRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    if data.startswith(ZIP_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(OLE_MAGIC):
        raise FileRefused(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV UTF-8.")
        )
    else:
        table = _read_csv(_decode(data))
    if not table.rows:
        raise FileRefused(_("The file has headings but no rows of data."))
    return table


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileRefused(_("The file could not be read as text."))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise FileRefused(_("This is not a CSV or XLSX file. Save the spreadsheet as CSV UTF-8 or as XLSX."))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "The file is not saved as UTF-8, so letters such as æ, ø and å would be wrong. "
                "In Excel, choose “Save as” and the type “CSV UTF-8”, or save it as XLSX."
            )
        )


def sniff_delimiter(text: str) -> str:
    """The separator the heading line uses most: semicolon, comma or tab (a comma if it has none)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(text: str) -> Table:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(((number, row) for number, row in enumerate(reader, start=1)), "csv", delimiter)
    except csv.Error:
        raise FileRefused(
            _("Row %(row)s could not be read as CSV: a cell is too large or a quotation mark is not closed.")
            % {"row": reader.line_num}
        )


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(_("The file looks like an XLSX file but is damaged. Save it again from Excel."))
    if unpacked > MAX_UNPACKED:
        raise FileRefused(
            _("The workbook unpacks to more than %(limit)s MB.") % {"limit": MAX_UNPACKED >> 20}
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for files it cannot read
        raise FileRefused(_("This is not a CSV or XLSX file. Save the spreadsheet as CSV UTF-8 or as XLSX."))
    try:
        if not workbook.worksheets:
            raise FileRefused(_("The workbook has no sheets."))
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        return _collect(
            ((number, [xlsx_text(value) for value in row]) for number, row in enumerate(rows, start=1)),
            "xlsx",
        )
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - a sheet that breaks while streaming
        raise FileRefused(_("The workbook could not be read to the end. Save it again from Excel."))
    finally:
        workbook.close()


def xlsx_text(value) -> str:
    """A cell's value as the text it shows: whole numbers without decimals, dates as dd.mm.yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


# --------------------------------------------------------------------------- both


def _collect(rows, format: str, delimiter: str = "") -> Table:
    """The headings (the first row that is not blank) and up to MAX_ROWS rows of data."""
    table = None
    for number, cells in rows:
        cells = [cell.strip() for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        if table is None:
            if len(cells) > MAX_COLUMNS:
                raise FileRefused(_("The file has more than %(limit)s columns.") % {"limit": MAX_COLUMNS})
            table = Table(headers=cells, header_row=number, format=format, delimiter=delimiter)
            continue
        if len(table.rows) >= MAX_ROWS:
            raise FileRefused(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        table.rows.append((number, cells))
    if table is None:
        raise FileRefused(_("The file is empty."))
    return table
