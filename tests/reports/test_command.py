"""`kobling results`: the table as JSON or CSV on stdout; bad arguments are one line on stderr, exit 2."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from kobling.programmes.models import Cohort
from kobling.reports.management.commands.results import Command

BIN = Path(sys.executable).parent


def run(*args) -> str:
    out = io.StringIO()
    call_command("results", *args, stdout=out)
    return out.getvalue()


def run_as_cli(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """The same path as the console script (run_from_argv), without leaving the test's database."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["kobling", "results", *args])
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def test_json_gives_programme_total_and_the_six_rows_in_order(seed):
    data = json.loads(run("--programme", "salesforce", "--format", "json"))
    assert list(data)[:3] == ["programme", "total", "rows"]
    assert (data["programme"], data["total"]) == ("salesforce", 30)
    assert data["rows"] == [
        {"outcome": "it_job", "count": 11, "share": 0.367},
        {"outcome": "other_job", "count": 8, "share": 0.267},
        {"outcome": "education", "count": 0, "share": 0.0},
        {"outcome": "other", "count": 0, "share": 0.0},
        {"outcome": "dropped_out", "count": 11, "share": 0.367},
        {"outcome": "participating", "count": 0, "share": 0.0},
    ]
    assert [f["count"] for f in data["funnel"]] == [41, 39, 32, 30, 15, 19]
    assert data["median_days_to_job"] == 120.0
    assert [(r["months"], r["still_employed"], r["answered"], r["small"]) for r in data["retention"]] == [
        (6, 12, 15, False),
        (12, 3, 4, True),
    ]
    assert {r["reason"]: r["count"] for r in data["reasons"]} == {
        "leave": 2,
        "motivation": 4,
        "health": 3,
        "other": 2,
    }


def test_json_is_the_default_format(seed):
    assert json.loads(run("--programme", "salesforce"))["total"] == 30


def test_csv_gives_the_same_rows(seed):
    rows = list(csv.DictReader(io.StringIO(run("--programme", "salesforce", "--format", "csv"))))
    assert [(r["outcome"], int(r["count"]), float(r["share"])) for r in rows] == [
        ("it_job", 11, 0.367),
        ("other_job", 8, 0.267),
        ("education", 0, 0.0),
        ("other", 0, 0.0),
        ("dropped_out", 11, 0.367),
        ("participating", 0, 0.0),
    ]


def test_the_cohort_and_the_period_narrow_the_table(seed):
    cohort_a = json.loads(run("--programme", "salesforce", "--cohort", str(seed.cohort_a.pk)))
    assert (cohort_a["total"], cohort_a["cohort"]) == (16, seed.cohort_a.pk)
    spring = json.loads(run("--programme", "salesforce", "--from", "2024-02-01", "--to", "2024-12-31"))
    assert (spring["total"], spring["from"], spring["to"]) == (14, "2024-02-01", "2024-12-31")
    norwegian = json.loads(run("--programme", "salesforce", "--from", "01.02.2024"))
    assert norwegian["total"] == 14


@pytest.mark.parametrize(
    "args",
    [
        ["--programme", "finnes-ikke"],
        ["--programme", "salesforce", "--cohort", "999999"],
        ["--programme", "salesforce", "--cohort", "abc"],
        ["--programme", "salesforce", "--from", "2024-13-01"],
        ["--programme", "salesforce", "--to", "i går"],
        ["--programme", "salesforce", "--from", "2024-03-01", "--to", "2024-02-01"],
        ["--programme", "salesforce", "--format", "xml"],
        ["--format", "json"],
        ["--programme", "salesforce", "--bogus"],
    ],
)
def test_bad_arguments_give_one_line_on_stderr_and_exit_status_2(monkeypatch, capsys, programme, args):
    status, out, err = run_as_cli(monkeypatch, capsys, *args)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_a_cohort_of_another_programme_is_refused(monkeypatch, capsys, programme, other_programme):
    import datetime

    foreign = Cohort.objects.create(
        programme=other_programme,
        name="Annet",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 2, 1),
        seats=5,
    )
    status, _out, err = run_as_cli(
        monkeypatch, capsys, "--programme", "salesforce", "--cohort", str(foreign.pk)
    )
    assert status == 2 and str(foreign.pk) in err


def test_the_console_script_itself_exits_2_without_a_traceback(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}",
    }
    result = subprocess.run(
        [BIN / "kobling", "results", "--programme", "x", "--format", "xml"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
