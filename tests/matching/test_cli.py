"""`kobling solve-matching FILE` runs as its own process, with no database: the answer is JSON
on standard output, and a bad file gets exit status 2 and one line on standard error."""

import json
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from kobling.matching.engine import load_instance, solve

EXAMPLE = {
    "mentees": [{"id": "p1", "capacity": 1}, {"id": "p2"}, {"id": "p9"}],
    "mentors": [{"id": "m1", "capacity": 2}, {"id": "m2"}],
    "pairs": [["p1", "m1", 73.5], ["p2", "m1", 10], ["p2", "m2", 0.25], ["p1", "m2", 99]],
}


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kobling", "solve-matching", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def write(tmp_path, content: str | bytes, name: str = "instance.json") -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return str(path)


def test_the_answer_is_printed_as_json_on_standard_output(tmp_path):
    done = run(write(tmp_path, json.dumps(EXAMPLE)))
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert json.loads(done.stdout) == {
        "matches": [["p1", "m2"], ["p2", "m1"]],
        "matched": 2,
        "total_score": 109.0,
        "unmatched_mentees": ["p9"],
    }


def test_a_dash_reads_the_instance_from_standard_input():
    done = run("-", stdin=json.dumps(EXAMPLE).encode())
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["matched"] == 2


def test_the_process_gives_the_same_answer_as_the_engine_and_the_same_every_time(tmp_path):
    rng = random.Random(11)
    instance = {
        "mentees": [{"id": f"p{i}", "capacity": rng.randint(1, 3)} for i in range(200)],
        "mentors": [{"id": j, "capacity": rng.randint(1, 3)} for j in range(100)],
        "pairs": [[f"p{i}", j, rng.random() * 100] for i in range(200) for j in rng.sample(range(100), 20)],
    }
    document = json.dumps(instance)
    path = write(tmp_path, document)
    first, second = run(path), run(path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert first.stdout.decode().strip() == solve(load_instance(document)).to_json()


def test_the_total_is_printed_exactly():
    instance = {"mentees": [{"id": 1}, {"id": 2}], "mentors": [{"id": 1}, {"id": 2}]}
    instance["pairs"] = [[1, 1, 0.1], [2, 2, 0.2]]
    done = run("-", stdin=json.dumps(instance).encode())
    assert json.loads(done.stdout, parse_float=Decimal)["total_score"] == Decimal("0.3")


def good(**changes) -> str:
    return json.dumps(
        {"mentees": [{"id": "p1"}], "mentors": [{"id": "m1"}], "pairs": [["p1", "m1", 1]], **changes}
    )


BAD_FILES = {
    "malformed JSON": '{"mentees": [',
    "an empty file": "",
    "not UTF-8": b'{"mentees": ["\xff"]}',
    "a list instead of an object": "[]",
    "no pairs key": '{"mentees": [], "mentors": []}',
    "mentors that are not a list": good(mentors="m1"),
    "a pair naming an unknown mentee": good(pairs=[["p2", "m1", 1]]),
    "a pair naming an unknown mentor": good(pairs=[["p1", "m2", 1]]),
    "duplicate mentee ids": good(mentees=[{"id": "p1"}, {"id": "p1"}]),
    "duplicate mentor ids": good(mentors=[{"id": "m1"}, {"id": "m1"}]),
    "a negative capacity": good(mentees=[{"id": "p1", "capacity": -2}]),
    "a NaN score": good().replace('"m1", 1]', '"m1", NaN]'),
    "an Infinity score": good().replace('"m1", 1]', '"m1", Infinity]'),
    "a negative score": good(pairs=[["p1", "m1", -1]]),
    "a string score": good(pairs=[["p1", "m1", "high"]]),
    "a boolean score": good(pairs=[["p1", "m1", False]]),
    "a pair with two elements": good(pairs=[["p1", "m1"]]),
    "a duplicate pair": good(pairs=[["p1", "m1", 1], ["p1", "m1", 1]]),
}


def assert_refused(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("kobling solve-matching: ")
    assert "Traceback" not in lines[0]


def test_every_kind_of_bad_file_exits_2_with_one_line_on_standard_error(tmp_path):
    paths = {
        case: write(tmp_path, content, f"case{n}.json") for n, (case, content) in enumerate(BAD_FILES.items())
    }
    # Each run is a whole Python process; two at a time keeps this test quick on two cores.
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = dict(zip(paths, pool.map(run, paths.values()), strict=True))
    for case, done in outcomes.items():
        try:
            assert_refused(done)
        except AssertionError as failure:
            raise AssertionError(f"{case}: {done.returncode} {done.stderr!r}") from failure


def test_bad_input_on_standard_input_is_refused_the_same_way():
    assert_refused(run("-", stdin=b"not json"))


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_a_file_that_cannot_be_read_exits_2(tmp_path, where):
    path = tmp_path / "nothing.json" if where == "missing" else tmp_path
    done = run(str(path))
    assert_refused(done)
    assert "cannot read" in done.stderr.decode()


@pytest.mark.parametrize("args", [[], ["a.json", "b.json"]], ids=["no file", "two files"])
def test_a_wrong_number_of_arguments_exits_2_with_the_usage(args):
    done = run(*args)
    assert_refused(done)
    assert "usage" in done.stderr.decode()
