"""Files to import, made the way spreadsheets write them, and the national ids in them."""

import codecs
import csv
import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from kobling.exchange.reading import read_table
from tests.core.test_validators import first_valid

NB_HEADINGS = [
    "Fornavn",
    "Etternavn",
    "E-post",
    "Telefon",
    "Fødselsår",
    "Fødselsnummer",
    "Kommune",
    "Program",
]
MENTOR_HEADINGS = [
    "Navn",
    "E-post",
    "Telefon",
    "Yrke",
    "Arbeidsgiver",
    "Fylke",
    "Kommune",
    "Kapasitet",
    "Språk",
]
CONTACT_HEADINGS = ["Arbeidsgiver", "Navn", "E-post", "Språk"]
EN_HEADINGS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_year",
    "national_id",
    "municipality",
    "programme",
]


@pytest.fixture(autouse=True)
def _english():
    """The messages are compared in English (the source language), whatever the default language is."""
    with translation.override("en"):
        yield


def nid(prefix: str = "010190") -> str:
    """A valid national id born on the date in `prefix` (ddmmyy)."""
    return first_valid(prefix)


def csv_bytes(rows, *, delimiter=",", bom=False, encoding="utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = out.getvalue().encode(encoding)
    return (codecs.BOM_UTF8 if bom else b"") + data


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table(rows, **kwargs):
    return read_table(csv_bytes(rows, **kwargs))


@pytest.fixture
def people_rows():
    """Three people in Norwegian headings, as Norwegian Excel writes them."""
    return [
        NB_HEADINGS,
        ["Amina", "Hassan", "amina@example.no", "912 34 567", "1990", nid("010190"), "Bergen", ""],
        ["Jonas", "Berg", "jonas@example.no", "", "1985", "", "Oslo", ""],
        ["Sara", "Lie", "", "+46 70 123 45 67", "", nid("020292"), "", ""],
    ]


@pytest.fixture
def mentor_rows():
    return [
        MENTOR_HEADINGS,
        [
            "Magnus Mentor",
            "Magnus@example.no",
            "91234567",
            "2512",
            "Bølgedata AS",
            "Vestland",
            "Bergen",
            "2",
            "nb",
        ],
        ["Eva Eng", "eva@example.no", "", "2512 Programvareutviklere", "", "03", "Oslo", "", "English"],
    ]
