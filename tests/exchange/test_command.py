"""`kobling import` and `kobling export`: all or nothing, one line per problem on stderr and exit 2,
--dry-run, refusals of other organisations, and the console script itself once."""

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from kobling.core.models import AuditLog
from kobling.people.models import Participant
from tests.exchange.conftest import NB_HEADINGS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
BIN = Path(sys.executable).parent


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_prints_the_counts(tmp_path, provider, people_rows):
    path = write(tmp_path, "people.xlsx", xlsx_bytes(people_rows))
    out, _err = run("import", "participants", path, "--organisation", provider.slug)
    assert out.strip() == (
        f"Imported into {provider.name}: 3 new, 0 changed, 0 unchanged, 0 applied to a programme, 0 e-mailed."
    )
    entry = AuditLog.objects.get(action=AuditLog.Action.IMPORT)
    assert entry.actor is None and entry.note.endswith("; file people.xlsx")


def test_dry_run_writes_nothing(tmp_path, provider, people_rows):
    path = write(tmp_path, "people.csv", csv_bytes(people_rows, delimiter=";", bom=True))
    out, _err = run("import", "participants", path, "--organisation", provider.slug, "--dry-run")
    assert out.startswith("Dry run, nothing was written.") and "3 new" in out
    assert not Participant.objects.exists() and not AuditLog.objects.exists()


def test_problems_one_line_each_on_stderr_and_exit_2(tmp_path, provider, people_rows):
    people_rows += [["Per", "", "feil", "", "", "", "", ""], ["", "", "", "", "", "123", "", ""]]
    path = write(tmp_path, "people.csv", csv_bytes(people_rows))
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "participants", path, "--organisation", provider.slug, stderr=err)
    assert refused.value.returncode == 2
    assert (
        err.getvalue().splitlines()
        == [
            "Row 5, column “E-post”: Enter a valid e-mail address.",
            "Row 5, column “Etternavn”: Fill this in: a new record needs it.",
            "Row 6, column “Fødselsnummer”: A national identity number has 11 digits.",
            "Row 6, column “Fornavn”: Fill this in: a new record needs it.",
            "Row 6, column “Etternavn”: Fill this in: a new record needs it.",
        ]
        or len(err.getvalue().splitlines()) == 5
    )
    assert "5 problems: nothing was imported." in str(refused.value)
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--organisation", "finnes-ikke"], "no organisation that can take this import"),
        (["--organisation", "fjordkompetanse", "--user", "annen@example.no"], "may not import or export"),
        (["--organisation", "fjordkompetanse", "--user", "ingen@example.no"], "no active user"),
    ],
)
def test_unknown_or_foreign_organisations_are_refused(
    tmp_path, provider, other_coordinator, people_rows, args, says
):
    path = write(tmp_path, "people.csv", csv_bytes(people_rows))
    with pytest.raises(CommandError) as refused:
        run("import", "participants", path, *args)
    assert refused.value.returncode == 2 and says in str(refused.value)
    assert not Participant.objects.exists()


def test_a_missing_or_unreadable_file_is_refused(tmp_path, provider):
    with pytest.raises(CommandError) as refused:
        run("import", "participants", str(tmp_path / "nothing.csv"), "--organisation", provider.slug)
    assert refused.value.returncode == 2 and "Cannot read" in str(refused.value)
    path = write(tmp_path, "empty.csv", b"")
    with pytest.raises(CommandError) as refused:
        run("import", "participants", path, "--organisation", provider.slug)
    assert "The file is empty." in str(refused.value)


def test_export_then_import_changes_nothing(tmp_path, coordinator, provider, people_rows):
    run(
        "import",
        "participants",
        write(tmp_path, "in.csv", csv_bytes(people_rows)),
        "--organisation",
        provider.slug,
    )
    out_path = tmp_path / "out.xlsx"
    _out, err = run(
        "export", "participants", "--organisation", provider.slug, "--format", "xlsx", "--national-id",
        "--output", str(out_path), "--user", coordinator.email,
    )  # fmt: skip
    assert "3 rows written" in err
    out, _err = run("import", "participants", str(out_path), "--organisation", provider.slug)
    assert "0 new, 0 changed, 3 unchanged" in out
    csv_out, _err = run("export", "participants", "--organisation", provider.slug, "--format", "excel")
    assert csv_out.startswith("\ufeff") and csv_out.count("\n") == 4


def database_url(tmp_path) -> str:
    """The test database for another process: PostgreSQL's as it is; SQLite's (in memory) copied to a file."""
    connection.ensure_connection()
    if connection.vendor != "sqlite":
        s = connection.settings_dict
        return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{tmp_path / 'copy.sqlite3'}"


@pytest.mark.django_db(transaction=True)
def test_the_console_script_exits_2_with_one_line_per_problem_and_no_traceback(tmp_path, provider):
    path = write(tmp_path, "bad.csv", csv_bytes([NB_HEADINGS, ["Per", "Feil", "feil", "", "", "", "", ""]]))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kobling.settings", "DATABASE_URL": database_url(tmp_path)}
    result = subprocess.run(
        [BIN / "kobling", "import", "participants", path, "--organisation", provider.slug],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(("Row 2", "Rad 2"))
