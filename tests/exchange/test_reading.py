"""Reading a file: CSV in its dialects and encodings, XLSX, and every kind of bad file refused with a
message (never an exception the person sees)."""

import codecs
import io
import zipfile

import pytest
from openpyxl import Workbook

from kobling.exchange import reading
from kobling.exchange.reading import FileRefused, read_table, sniff_delimiter
from tests.exchange.conftest import csv_bytes, xlsx_bytes

ROWS = [
    ["Fornavn", "Etternavn", "E-post"],
    ["Åse", "Ødegård", "ase@example.no"],
    ["Bo", "Li", "bo@example.no"],
]


def cells(table):
    return [table.headers] + [row for _number, row in table.rows]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("bom", [False, True])
def test_csv_with_any_separator_with_or_without_bom(delimiter, bom):
    table = read_table(csv_bytes(ROWS, delimiter=delimiter, bom=bom))
    assert cells(table) == ROWS
    assert (table.format, table.delimiter) == ("csv", delimiter)
    assert [number for number, _cells in table.rows] == [2, 3]


def test_utf16_with_its_byte_order_mark_as_excel_unicode_text_writes_it():
    text = "\r\n".join("\t".join(row) for row in ROWS)
    table = read_table(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert cells(table) == ROWS


def test_xlsx_first_sheet_with_numbers_as_their_text():
    data = xlsx_bytes([["Fornavn", "Fødselsår", "Telefon"], ["Åse", 1990, 91234567], ["Bo", 1985.0, None]])
    table = read_table(data)
    assert table.format == "xlsx"
    assert cells(table) == [["Fornavn", "Fødselsår", "Telefon"], ["Åse", "1990", "91234567"], ["Bo", "1985"]]


def test_blank_rows_are_skipped_but_keep_their_numbers_and_quoted_newlines_stay_in_the_cell():
    data = b'Fornavn,Etternavn\r\n\r\n"Anne\nMarie",Lie\r\n,\r\nBo,Li\r\n'
    table = read_table(data)
    assert table.rows == [(3, ["Anne\nMarie", "Lie"]), (5, ["Bo", "Li"])]


def test_the_separator_is_what_the_heading_line_uses_most():
    assert sniff_delimiter("a;b;c\n1,5;2;3") == ";"
    assert sniff_delimiter("a,b\n") == ","
    assert sniff_delimiter("alone\n") == ","


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"\r\n  \r\n", "empty"),
        (b"Fornavn;Etternavn\r\n", "no rows"),
        ("Fornavn;Etternavn\r\nÅse;Ødegård\r\n".encode("latin-1"), "UTF-8"),
        (b"%PDF-1.7\n\x00\x01\x02binary", "not a CSV or XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        (b"PK\x03\x04 not really a zip", "damaged"),
        (b'Fornavn,Etternavn\r\n"Open quote,Lie\r\n' + b"x" * 200_000, "could not be read"),
    ],
)
def test_bad_files_are_refused_with_a_message(data, says):
    with pytest.raises(FileRefused) as refused:
        read_table(data)
    assert says in refused.value.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(FileRefused) as refused:
        read_table(buffer.getvalue())
    assert "not a CSV or XLSX" in refused.value.message


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UNPACKED", 1000)
    with pytest.raises(FileRefused) as refused:
        read_table(xlsx_bytes([["Fornavn"], ["x" * 2000]]))
    assert "unpacks" in refused.value.message


def test_limits_on_size_rows_and_columns(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    rows = [["Fornavn"]] + [[f"P{i}"] for i in range(4)]
    with pytest.raises(FileRefused) as refused:
        read_table(csv_bytes(rows))
    assert "more than 3 rows" in refused.value.message
    assert len(read_table(csv_bytes(rows[:4])).rows) == 3
    with pytest.raises(FileRefused) as refused:
        read_table(csv_bytes([[f"c{i}" for i in range(reading.MAX_COLUMNS + 1)], ["x"]]))
    assert "columns" in refused.value.message
    monkeypatch.setattr(reading, "MAX_BYTES", 10)
    with pytest.raises(FileRefused) as refused:
        read_table(csv_bytes(rows))
    assert "larger than" in refused.value.message


def test_a_formula_in_a_workbook_is_read_as_its_value_never_run():
    workbook = Workbook()
    workbook.active.append(["Fornavn", "Etternavn"])
    workbook.active.append(["=CMD|' /C calc'!A0", "Lie"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    # openpyxl wrote no cached value, so the cell reads as empty: nothing of it is evaluated.
    assert table.rows == [(2, ["", "Lie"])]
