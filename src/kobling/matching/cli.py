"""`kobling solve-matching INSTANCE.json`: solve a matching instance from a file, no database.

Reads the instance from the file ('-' for standard input) and prints the answer as JSON on
standard output. A bad instance exits with status 2 and one line on standard error. This
module must not import Django: `kobling` dispatches here before any settings are loaded.
"""

from __future__ import annotations

import os
import sys

USAGE = "usage: kobling solve-matching INSTANCE.json   ('-' reads standard input)"
PROGRAM = "kobling solve-matching"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["-h"], ["--help"]):
        print(USAGE)
        return 0
    if len(args) != 1:
        return _fail(f"expected one INSTANCE.json argument; {USAGE}")
    # Imported here so that --help and usage errors stay instant.
    from kobling.matching.engine import InstanceError, load_instance, solve

    try:
        document = _read(args[0])
        instance = load_instance(document)
    except InstanceError as error:
        return _fail(str(error))
    except Exception as error:  # input we did not foresee is still bad input
        return _fail(f"invalid instance: {type(error).__name__}: {error}")
    del document  # the raw text can be as large as the parsed instance; free it before solving
    try:
        answer = solve(instance).to_json()
    except Exception as error:  # a bug, but the contract is one line, no traceback
        return _fail(f"internal error: {type(error).__name__}: {error}", status=1)
    try:
        sys.stdout.write(answer + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): its choice, not our error. Point stdout at
        # /dev/null so that Python's flush at exit does not complain about it again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _read(path: str) -> bytes:
    from kobling.matching.engine import InstanceError

    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        reason = error.strerror or str(error)
        raise InstanceError(f"cannot read {path}: {reason}") from None


def _fail(message: str, status: int = 2) -> int:
    line = " ".join(message.splitlines())  # one line, whatever the message held
    print(f"{PROGRAM}: {line}", file=sys.stderr)
    return status
