"""`kobling solve-matching INSTANCE.json`: solve a matching instance from a file, no database.

Reads the instance from the file ('-' for standard input) and prints the answer as JSON on
standard output. A bad instance exits with status 2 and one line on standard error. This
module must not import Django: `kobling` dispatches here before any settings are loaded.
"""

from __future__ import annotations

from kobling import enginecli

USAGE = "usage: kobling solve-matching INSTANCE.json   ('-' reads standard input)"
PROGRAM = "kobling solve-matching"


def main(argv: list[str] | None = None) -> int:
    return enginecli.run(
        argv,
        program=PROGRAM,
        usage=USAGE,
        argument="INSTANCE.json",
        load=load,
        answer=answer,
        invalid="invalid instance",
    )


def load(path: str):
    """The checked instance. The raw text is not kept: it can be as large as the parsed instance."""
    from kobling.matching.engine import InstanceError, load_instance

    try:
        return load_instance(enginecli.read_input(path))
    except InstanceError as error:
        raise enginecli.BadInput(str(error)) from None


def answer(instance) -> str:
    from kobling.matching.engine import solve

    return solve(instance).to_json()
