"""The command-line contract the pure engines share (`kobling solve-matching`, `kobling
analyse-outcomes`, `kobling schedule`): the input from a file or from standard input ('-'), the
answer on standard output, and a failure as one line on standard error (status 2 for bad input, 1
for our own error). Standard library only: the engines use it before any Django settings exist.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any


class BadInput(Exception):
    """The input cannot be used; its message is the one line the user sees."""


def read_input(path: str) -> bytes:
    """The bytes of the file, or of standard input for '-'."""
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as file:
            return file.read()
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror or error}") from None


def fail(program: str, message: str, status: int = 2) -> int:
    """Print `message` as one line on standard error, after the program's name; return `status`."""
    line = " ".join(message.splitlines())  # one line, whatever the message held
    print(f"{program}: {line}", file=sys.stderr)
    return status


def write_answer(text: str) -> bool:
    """Print the answer and a newline; False when the reader went away (`| head`).

    That is the reader's choice, not our error: standard output is pointed at /dev/null so that
    Python's flush at exit does not complain about it again."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return False
    return True


def run(
    argv: list[str] | None,
    *,
    program: str,
    usage: str,
    argument: str,
    load: Callable[[str], Any],
    answer: Callable[[Any], str],
    invalid: str = "invalid input",
) -> int:
    """One run of an engine's command with one argument, the input's path.

    `load(path)` reads and checks the input: `BadInput` and anything unforeseen are bad input
    (status 2). `answer(loaded)` computes the JSON text: any exception there is our error (status 1).
    Both import what they need themselves, so that `--help` and usage errors stay instant.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    if args in (["-h"], ["--help"]):
        print(usage)
        return 0
    if len(args) != 1:
        return fail(program, f"expected one {argument} argument; {usage}")
    try:
        loaded = load(args[0])
    except BadInput as error:
        return fail(program, str(error))
    except Exception as error:  # input we did not foresee is still bad input
        return fail(program, f"{invalid}: {type(error).__name__}: {error}")
    try:
        text = answer(loaded)
    except Exception as error:  # a bug, but the contract is one line, no traceback
        return fail(program, f"internal error: {type(error).__name__}: {error}", status=1)
    write_answer(text)
    return 0
