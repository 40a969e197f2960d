"""`kobling solve-schedule [--time-limit SECONDS] EVENT.json`: schedule a speed-interview event.

EVENT.json ('-' for standard input) is read by `kobling.scheduling.instance`; the answer is JSON on
standard output, as the issue specifies, with one addition: each entry of `short` also has `fix`, the
suggested change in words. Bad input exits with status 2 and one line on standard error. No Django here: the
`kobling` script dispatches to `main` before setting Django up, so the command starts fast.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from decimal import Decimal
from typing import Any

from kobling import enginecli
from kobling.scheduling.instance import EventError, parse_event
from kobling.scheduling.solver import solve

PROG = "kobling solve-schedule"
DEFAULT_TIME_LIMIT = 30.0


class _ArgumentParser(argparse.ArgumentParser):
    # argparse prints the usage and a message on several lines and exits itself; we want one line.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise EventError(message)


def _time_limit(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise EventError(f"--time-limit must be a positive number of seconds, not {text!r}")
    return seconds


def _reject_constant(name: str) -> Any:
    raise EventError(f"malformed JSON: {name} is not a JSON number")


def read_event(source: str) -> Any:
    """The JSON of an event file ('-': standard input), with decimals kept exact."""
    try:
        raw = enginecli.read_input(source)
    except enginecli.BadInput as exc:
        raise EventError(str(exc)) from None
    try:
        # Decimal keeps a weight of 0.1 exactly one tenth, so the scheduler can scale it exactly.
        return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)
    except EventError:
        raise
    except json.JSONDecodeError as exc:
        raise EventError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    except UnicodeDecodeError:
        raise EventError("malformed JSON: the file is not UTF-8 text")
    except RecursionError:
        raise EventError("malformed JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer with more digits than Python will convert
        raise EventError(f"malformed JSON: {exc}")


def main(argv: list[str] | None = None) -> int:
    started = time.monotonic()
    parser = _ArgumentParser(
        prog=PROG,
        description="Schedule a speed-interview event: who meets whom in which slot.",
    )
    parser.add_argument(
        "--time-limit",
        metavar="SECONDS",
        default=str(DEFAULT_TIME_LIMIT),
        help=f"wall time for the whole run (default {DEFAULT_TIME_LIMIT:g})",
    )
    parser.add_argument("event", metavar="EVENT.json", help="the event, or '-' for standard input")
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
        limit = _time_limit(args.time_limit)
        instance = parse_event(read_event(args.event))
    except EventError as exc:
        return enginecli.fail(PROG, " ".join(str(exc).split()))
    # Leave time to explain the shortfalls and print, so the answer is out within the limit.
    spent = time.monotonic() - started
    budget = limit - spent - min(1.0, 0.1 + 0.02 * limit)
    result = solve(instance, time_limit=max(budget, 0.05))
    return 0 if enginecli.write_answer(json.dumps(result.to_json())) else 1
