"""`kobling analyse-outcomes FILE.csv` prints one JSON object; bad input exits 2 with one line on
standard error and no traceback. The engine needs neither Django nor its settings."""

import ast
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kobling.outcomes.cli import main
from kobling.outcomes.table import write_csv

KOBLING = Path(sys.executable).with_name("kobling")
ENGINE = Path(__file__).resolve().parents[2] / "src" / "kobling" / "outcomes"
ROW_KEYS = {"factor", "level", "n", "ratio", "ci", "p", "q", "small"}


def people(count: int, outcome: str = "it_job", start: int = 0) -> list[list[str]]:
    return [[f"p{start + k}", "yes" if k % 2 else "no", outcome] for k in range(count)]


GOOD_ROWS = people(12) + people(12, "dropped_out", 12) + people(3, "participating", 24)
GOOD = write_csv(["id", "housing", "outcome"], GOOD_ROWS)

BAD_FILES = {
    "no id column": write_csv(["person", "housing", "outcome"], GOOD_ROWS),
    "id not the first column": write_csv(
        ["housing", "id", "outcome"], [[r[1], r[0], r[2]] for r in GOOD_ROWS]
    ),
    "no outcome column": write_csv(["id", "housing", "result"], GOOD_ROWS),
    "outcome not the last column": write_csv(
        ["id", "outcome", "housing"], [[r[0], r[2], r[1]] for r in GOOD_ROWS]
    ),
    "an unknown outcome value": GOOD.replace("p3,yes,it_job", "p3,yes,hired"),
    "an empty outcome": GOOD.replace("p3,yes,it_job", "p3,yes,"),
    "fewer than 20 finished people": write_csv(
        ["id", "housing", "outcome"], people(19) + people(30, "participating", 19)
    ),
    "a header only": "id,housing,outcome\n",
    "not UTF-8": GOOD.replace("p3,yes", "p3,Tromsø").encode("latin-1"),
    "duplicate ids": GOOD.replace("p3,yes", "p4,yes"),
    "an empty id": GOOD.replace("p3,yes", ",yes"),
    "an empty file": "",
    "only blank lines": "\n\n  \n",
    "a row with too many cells": GOOD.replace("p3,yes,it_job", "p3,yes,x,it_job"),
    "a row with too few cells": GOOD.replace("p3,yes,it_job", "p3,it_job"),
    "two columns with one name": write_csv(
        ["id", "a", "a", "outcome"], [[r[0], r[1], r[1], r[2]] for r in GOOD_ROWS]
    ),
    "a column without a name": write_csv(["id", " ", "outcome"], GOOD_ROWS),
    "a broken quote": GOOD.replace("p3,yes", 'p3,"ye"s'),
    "a NUL byte": GOOD.replace("p3,yes", "p3,y\0es"),
}


def write(tmp_path: Path, content: str | bytes, name: str = "outcomes.csv") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def assert_refused(status: int, out: str, err: str) -> None:
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("kobling analyse-outcomes: ")
    assert "Traceback" not in err


@pytest.mark.parametrize("case", BAD_FILES)
def test_every_kind_of_bad_input_exits_2_with_one_line(tmp_path, capsys, case):
    status = main([write(tmp_path, BAD_FILES[case])])
    captured = capsys.readouterr()
    assert_refused(status, captured.out, captured.err)


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("no id column", "no id column"),
        ("no outcome column", "no outcome column"),
        ("an unknown outcome value", "unknown outcome 'hired' for id 'p3'"),
        ("fewer than 20 finished people", "only 19 finished"),
        ("not UTF-8", "not UTF-8"),
        ("duplicate ids", "duplicate id 'p4'"),
        ("a row with too many cells", "4 cells but the header has 3"),
    ],
)
def test_the_message_says_what_is_wrong(tmp_path, capsys, case, words):
    main([write(tmp_path, BAD_FILES[case])])
    assert words in capsys.readouterr().err


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_a_file_that_cannot_be_read_exits_2(tmp_path, capsys, where):
    status = main([str(tmp_path / "nothing.csv" if where == "missing" else tmp_path)])
    captured = capsys.readouterr()
    assert_refused(status, captured.out, captured.err)
    assert "cannot read" in captured.err


@pytest.mark.parametrize("args", [[], ["a.csv", "b.csv"]], ids=["no file", "two files"])
def test_a_wrong_number_of_arguments_exits_2_with_the_usage(capsys, args):
    status = main(args)
    captured = capsys.readouterr()
    assert_refused(status, captured.out, captured.err)
    assert "usage" in captured.err


def test_the_real_console_script_refuses_bad_input_in_its_own_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [str(KOBLING), "analyse-outcomes", write(tmp_path, BAD_FILES["duplicate ids"])],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert_refused(done.returncode, done.stdout, done.stderr)
    assert "duplicate id" in done.stderr


def test_the_answer_is_one_json_object_on_standard_output(tmp_path, capsys):
    status = main([write(tmp_path, GOOD)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.err == ""
    answer = json.loads(captured.out)
    assert list(answer) == [
        "n",
        "finished",
        "job_rate",
        "dropout_rate",
        "factors",
        "dropout_factors",
        "dropout_risk",
    ]
    assert (answer["n"], answer["finished"], answer["job_rate"], answer["dropout_rate"]) == (27, 24, 0.5, 0.5)
    assert [(r["factor"], r["level"], r["n"]) for r in answer["factors"]] == [
        ("housing", "yes", 12),
        ("housing", "no", 12),
    ]
    assert all(set(row) == ROW_KEYS | {"job_rate"} for row in answer["factors"])
    assert all(set(row) == ROW_KEYS | {"dropout_rate"} for row in answer["dropout_factors"])
    assert [person["id"] for person in answer["dropout_risk"]] == ["p24", "p25", "p26"]
    assert all(set(person) == {"id", "risk", "reasons"} for person in answer["dropout_risk"])


def test_a_dash_reads_standard_input_and_the_answer_is_the_same_every_time(tmp_path, capsys, monkeypatch):
    main([write(tmp_path, GOOD)])
    first = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    assert main(["-"]) == 0
    assert capsys.readouterr().out == first


def test_a_byte_order_mark_and_semicolons_are_read(tmp_path, capsys):
    main([write(tmp_path, GOOD)])
    expected = capsys.readouterr().out
    assert main([write(tmp_path, "\ufeff" + GOOD.replace(",", ";"), "excel.csv")]) == 0
    assert capsys.readouterr().out == expected


def test_the_engine_imports_without_django_or_its_settings():
    # The light modules in a fresh process (the full walk of every module, statsmodels included,
    # is tests/architecture's); every module's imports are checked from its source below.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = "import sys, kobling.outcomes, kobling.outcomes.cli, kobling.outcomes.table\n"
    code += "assert 'django' not in sys.modules, 'the engine imported Django'\n"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr


def test_the_engine_imports_nothing_of_django_or_the_rest_of_kobling_but_the_shared_command_line():
    found = []
    for path in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{alias.name}" for alias in node.names] if node.module else [""]
            for name in names:
                root = name.split(".")[0]
                if root in ("django", "ninja", "django_tasks") or (
                    root == "kobling" and not name.startswith(("kobling.outcomes", "kobling.enginecli"))
                ):
                    found.append(f"{path.name}: {name}")
    assert found == []
