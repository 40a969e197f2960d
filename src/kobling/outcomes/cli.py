"""`kobling analyse-outcomes FILE.csv`: success factors and dropout risk from a CSV file, no database.

Reads the file ('-' for standard input) and prints the answer (see engine.py) as one JSON object on
standard output. Bad input exits with status 2 and one line on standard error. This module must not
import Django: `kobling` dispatches here before any settings are loaded.
"""

from __future__ import annotations

import json
import os
import sys
import warnings

USAGE = "usage: kobling analyse-outcomes FILE.csv   ('-' reads standard input)"
PROGRAM = "kobling analyse-outcomes"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(args) != 1:
        return fail(f"expected one FILE.csv argument; {USAGE}")
    # The matrix products here are small: on shared cores, BLAS threads cost far more than they
    # give (3× slower measured on two busy cores). Set before numpy loads; the caller may override.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # Only numpy is needed to check the input: bad input is refused before scipy and statsmodels load.
    from kobling.outcomes.table import InputError, read_table

    try:
        table = read_table(read(args[0]))
    except InputError as error:
        return fail(str(error))
    except Exception as error:  # input we did not foresee is still bad input
        return fail(f"invalid input: {type(error).__name__}: {error}")
    try:
        from kobling.outcomes.engine import analyse

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the answer is the JSON; numerical chatter is not
            answer = json.dumps(analyse(table), allow_nan=False)
    except Exception as error:  # a bug, but the contract is one line, no traceback
        return fail(f"internal error: {type(error).__name__}: {error}", status=1)
    try:
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): its choice, not our error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def read(path: str) -> bytes:
    """The bytes of the file, or of standard input for '-'."""
    from kobling.outcomes.table import InputError

    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None


def fail(message: str, status: int = 2) -> int:
    """Print one line on standard error and return the exit status."""
    line = " ".join(message.splitlines())
    print(f"{PROGRAM}: {line}", file=sys.stderr)
    return status
