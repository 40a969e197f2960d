"""core.tables: the one place CSV and XLSX cells are written."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kobling.core import tables


@pytest.mark.parametrize("text", ["=1+1", "+47 123", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert tables.neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Ola Nordmann", "a=b", "", 5, -3, 0.5, None])
def test_anything_else_is_left_alone(value):
    assert tables.neutralise(value) == value


def test_plain_csv_is_for_programs():
    text = tables.csv_text([["a", "b", "c", "d"], ["=x", 0.25, datetime.date(2026, 12, 6), None]])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b", "c", "d"], ["'=x", "0.25", "2026-12-06", ""]]


def test_excel_csv_is_for_norwegian_excel():
    text = tables.csv_text([["a;b", Decimal("1.5"), datetime.date(2026, 12, 6), True]], tables.EXCEL)
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text[1:]), delimiter=";")) == [["a;b", "1,5", "06.12.2026", "true"]]


def test_xlsx_text_is_never_a_formula_and_numbers_stay_numbers():
    workbook = tables.new_workbook()
    tables.xlsx_sheet(workbook, "Ark", ["=Header"], [["=1+1", 3, 0.5]], percent_columns=[3])
    sheet = load_workbook(io.BytesIO(tables.xlsx_bytes(workbook)))["Ark"]
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("=Header", "s")
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert (sheet["B2"].value, sheet["C2"].number_format) == (3, "0.0%")
