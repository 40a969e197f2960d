"""Both catalogues are complete, compiled, and hold every string the code asks for."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from i18n import entries, translations  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "kobling"


def catalogue(language: str) -> list[str]:
    return entries((PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))[
        1:
    ]


def msgid(block: str) -> str:
    import re

    return "".join(re.findall(r'"(.*)"', re.search(r'^msgid ((?:".*"\n?)+)', block + "\n", re.M).group(1)))


@pytest.mark.parametrize("language", ["nb", "en"])
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    blocks = catalogue(language)
    assert len(blocks) > 300
    untranslated = [msgid(b) for b in blocks if "#, fuzzy" in b or not all(translations(b))]
    assert untranslated == []


def test_the_compiled_bokmal_catalogue_matches_the_source():
    stale = []
    with translation.override("nb"):
        for block in catalogue("nb"):
            if "msgid_plural" in block or "msgctxt" in block:
                continue
            text = msgid(block).encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            wanted = (
                translations(block)[0].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            )
            if translation.gettext(text) != wanted:
                stale.append(text)
    assert stale == [], "run `make messages` to compile the catalogues"


@pytest.mark.skipif(shutil.which("xgettext") is None and not os.environ.get("CI"), reason="needs GNU gettext")
def test_no_string_in_the_code_is_missing_from_the_catalogues(tmp_path):
    copy = tmp_path / "kobling"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nb", "--no-location", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kobling.settings", "SECRET_KEY": "x"},
    )
    fresh = entries((copy / "locale" / "nb" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))[1:]
    missing = [msgid(b) for b in fresh if not all(translations(b)) or "#, fuzzy" in b]
    assert missing == [], "new strings: run `make messages` and translate them"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_dates_are_day_month_year_and_the_clock_has_24_hours_in_every_language(language):
    """Issue 8, defect 11: English pages showed "12/28/2026 9 a.m.–10:00"."""
    import datetime

    from django.utils import formats, translation

    moment = datetime.datetime(2026, 12, 28, 21, 5)
    with translation.override(language):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "28.12.2026 21:05"
        assert formats.date_format(moment.date(), "SHORT_DATE_FORMAT") == "28.12.2026"
        assert formats.time_format(moment.time()) == "21:05"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d.%m.%Y"
