"""`kobling solve-schedule`, run as a real process: JSON out, and bad input refused in one line."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

EXAMPLE: dict[str, Any] = {
    "slots": 8,
    "employers": [
        {"id": "e1", "tables": 1, "max_interviews": 8, "unavailable": [0]},
        {"id": "e2", "tables": 2},
    ],
    "candidates": [
        {
            "id": "c1",
            "min_interviews": 2,
            "max_interviews": 4,
            "unavailable": [],
            "advisor": "a1",
            "accompanied": True,
        },
        {"id": "c2", "advisor": "a1", "accompanied": True},
        {"id": "c3", "min_interviews": 1, "unavailable": [5, 6]},
    ],
    "wishes": [["c1", "e1", 5], ["c1", "e2", 2.5], ["c2", "e1", 1], ["c3", "e2", 0]],
    "locked": [["c1", "e1", 2]],
    "previous": [["c1", "e1", 2], ["c2", "e1", 3]],
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kobling", "solve-schedule", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def changed(change: Any) -> str:
    event = copy.deepcopy(EXAMPLE)
    change(event)
    return json.dumps(event)


def test_an_event_file_is_answered_with_json_on_standard_output(tmp_path: Path):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(EXAMPLE))
    done = run("--time-limit", "5", str(path))
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert set(found) == {"interviews", "shortfall", "total_weight", "optimal", "short"}
    assert ["c1", "e1", 2] in found["interviews"]
    assert ["c2", "e1", 3] in found["interviews"]
    assert found["shortfall"] == 0 and found["total_weight"] == 8.5
    assert found["optimal"] is True and found["short"] == []


def test_a_dash_reads_the_event_from_standard_input():
    done = run("-", stdin=json.dumps(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["optimal"] is True


def test_a_candidate_below_the_minimum_is_reported_with_reasons():
    def lonely(event: dict[str, Any]) -> None:
        event["candidates"][2]["min_interviews"] = 2

    found = json.loads(run("-", stdin=changed(lonely)).stdout)
    assert found["shortfall"] == 1
    [entry] = found["short"]
    assert entry["candidate"] == "c3" and entry["interviews"] == 1 and entry["min"] == 2
    assert any("too few wishes" in reason for reason in entry["reasons"])
    assert "more wish" in entry["fix"]


BAD_EVENTS: dict[str, str] = {
    "malformed JSON": '{"slots": 8,',
    "empty input": "",
    "not an object": "[1, 2]",
    "a NaN literal": changed(lambda e: None).replace("2.5", "NaN"),
    "an Infinity literal": changed(lambda e: None).replace("2.5", "Infinity"),
    "a missing field": changed(lambda e: e.pop("wishes")),
    "an unknown top-level field": changed(lambda e: e.update(wishlist=[])),
    "an unknown employer field": changed(lambda e: e["employers"][0].update(max_interview=3)),
    "slots zero": changed(lambda e: e.update(slots=0)),
    "slots negative": changed(lambda e: e.update(slots=-3)),
    "slots as text": changed(lambda e: e.update(slots="8")),
    "slots fractional": changed(lambda e: e.update(slots=2.5)),
    "slots true": changed(lambda e: e.update(slots=True)),
    "absurdly many slots": changed(lambda e: e.update(slots=10**9)),
    "employers not a list": changed(lambda e: e.update(employers={"e1": {}})),
    "an employer not an object": changed(lambda e: e["employers"].append("e3")),
    "an employer without id": changed(lambda e: e["employers"][1].pop("id")),
    "a numeric id": changed(lambda e: e["employers"][1].update(id=7)),
    "an empty id": changed(lambda e: e["candidates"][1].update(id="")),
    "a duplicate employer id": changed(lambda e: e["employers"][1].update(id="e1")),
    "a duplicate candidate id": changed(lambda e: e["candidates"][1].update(id="c1")),
    "zero tables": changed(lambda e: e["employers"][0].update(tables=0)),
    "tables as text": changed(lambda e: e["employers"][0].update(tables="1")),
    "a negative max_interviews": changed(lambda e: e["employers"][0].update(max_interviews=-1)),
    "an unavailable slot out of range": changed(lambda e: e["employers"][0].update(unavailable=[8])),
    "a negative unavailable slot": changed(lambda e: e["candidates"][0].update(unavailable=[-1])),
    "unavailable not a list": changed(lambda e: e["candidates"][0].update(unavailable=3)),
    "min above max": changed(lambda e: e["candidates"][0].update(min_interviews=5)),
    "min above the slots": changed(lambda e: e["candidates"][1].update(min_interviews=9)),
    "a negative min": changed(lambda e: e["candidates"][0].update(min_interviews=-1)),
    "an advisor that is not text": changed(lambda e: e["candidates"][0].update(advisor=1)),
    "accompanied as text": changed(lambda e: e["candidates"][0].update(accompanied="yes")),
    "a wish for an unknown candidate": changed(lambda e: e["wishes"].append(["c9", "e1", 1])),
    "a wish for an unknown employer": changed(lambda e: e["wishes"].append(["c2", "e9", 1])),
    "a wish that is not a triple": changed(lambda e: e["wishes"].append(["c2", "e2"])),
    "a negative weight": changed(lambda e: e["wishes"].append(["c2", "e2", -1])),
    "a weight as text": changed(lambda e: e["wishes"].append(["c2", "e2", "3"])),
    "a weight of true": changed(lambda e: e["wishes"].append(["c2", "e2", True])),
    "a duplicate wish": changed(lambda e: e["wishes"].append(["c1", "e1", 3])),
    "a locked pair without a wish": changed(lambda e: e["locked"].append(["c2", "e2", 4])),
    "a locked slot the candidate is away": changed(lambda e: e["locked"].append(["c3", "e2", 5])),
    "a locked slot the employer is away": changed(lambda e: e["locked"].__setitem__(0, ["c1", "e1", 0])),
    "two locked in one slot for a candidate": changed(lambda e: e["locked"].append(["c1", "e2", 2])),
    "a locked pair twice": changed(lambda e: e["locked"].append(["c1", "e1", 3])),
    "a locked interview twice": changed(lambda e: e["locked"].append(["c1", "e1", 2])),
    "locked over the tables": changed(
        lambda e: (e["wishes"].append(["c3", "e1", 1]), e["locked"].append(["c3", "e1", 2]))
    ),
    "locked advisor double-booked": changed(
        lambda e: (e["wishes"].append(["c2", "e2", 1]), e["locked"].append(["c2", "e2", 2]))
    ),
    "locked over the candidate's max": changed(
        lambda e: (
            e["candidates"][0].update(min_interviews=1, max_interviews=1),
            e["locked"].append(["c1", "e2", 4]),
        )
    ),
    "locked over the employer's max": changed(
        lambda e: (e["employers"][0].update(max_interviews=1), e["locked"].append(["c2", "e1", 4]))
    ),
    "a locked slot out of range": changed(lambda e: e["locked"].__setitem__(0, ["c1", "e1", 8])),
    "locked not a list": changed(lambda e: e.update(locked="c1 e1 2")),
    "previous with an unknown id": changed(lambda e: e["previous"].append(["c9", "e1", 1])),
    "previous with a slot out of range": changed(lambda e: e["previous"].append(["c2", "e1", 99])),
    "previous listed twice": changed(lambda e: e["previous"].append(["c2", "e1", 3])),
}


@pytest.mark.parametrize("text", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_bad_input_exits_with_status_2_and_one_line_on_standard_error(text: str):
    done = run("-", stdin=text)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("kobling solve-schedule: ")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--time-limit", "soon", "-"],
        ["--time-limit", "0", "-"],
        ["--time-limit", "-1", "-"],
        ["--time-limit", "nan", "-"],
        ["--time-limit", "inf", "-"],
        ["--time-limit"],
        ["--speed", "11", "-"],
        [],
        ["one.json", "two.json"],
        ["/nonexistent/event.json"],
    ],
    ids=[
        "words",
        "zero",
        "negative",
        "nan",
        "inf",
        "missing value",
        "unknown option",
        "no file",
        "two files",
        "missing",
    ],
)
def test_bad_arguments_exit_with_status_2_and_one_line_on_standard_error(args: list[str]):
    done = run(*args, stdin=json.dumps(EXAMPLE))
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_that_is_not_text_is_refused(tmp_path: Path):
    path = tmp_path / "event.json"
    path.write_bytes(b'{"slots": "\xff\xfe"}')
    done = run(str(path))
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1


def test_deeply_nested_json_is_refused_not_crashed():
    done = run("-", stdin="[" * 100_000 + "]" * 100_000)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_the_command_answers_within_its_time_limit():
    import random
    import time

    # Advisors with many accompanied candidates and patchy attendance: this takes CP-SAT far longer
    # than two seconds to prove, so the limit has to cut it short.
    rng = random.Random(1)
    event: dict[str, Any] = {"slots": 10, "employers": [], "candidates": [], "wishes": []}
    for i in range(15):
        away = rng.sample(range(10), rng.randint(0, 8))
        event["employers"].append({"id": f"e{i}", "tables": rng.choice([1, 1, 2]), "unavailable": away})
    for i in range(50):
        away = rng.sample(range(10), rng.randint(0, 8))
        accompanied = rng.random() < 0.9
        event["candidates"].append(
            {
                "id": f"c{i}",
                "min_interviews": rng.randint(2, 4),
                "unavailable": away,
                "advisor": f"a{i % 8}",
                "accompanied": accompanied,
            }
        )
        for e in rng.sample(range(15), rng.randint(3, 8)):
            event["wishes"].append([f"c{i}", f"e{e}", rng.randint(0, 10)])
    started = time.monotonic()
    done = run("--time-limit", "2", "-", stdin=json.dumps(event))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["interviews"]
    # Generous slack: the interpreter starts before the clock can, and the machine may be busy.
    assert time.monotonic() - started < 2 + 3
