"""`kobling analyse-outcomes FILE.csv`: success factors and dropout risk from a CSV file, no database.

Reads the file ('-' for standard input) and prints the answer (see engine.py) as one JSON object on
standard output. Bad input exits with status 2 and one line on standard error. This module must not
import Django: `kobling` dispatches here before any settings are loaded.
"""

from __future__ import annotations

import json
import os
import warnings

from kobling import enginecli

USAGE = "usage: kobling analyse-outcomes FILE.csv   ('-' reads standard input)"
PROGRAM = "kobling analyse-outcomes"


def main(argv: list[str] | None = None) -> int:
    return enginecli.run(argv, program=PROGRAM, usage=USAGE, argument="FILE.csv", load=load, answer=answer)


def load(path: str):
    """The checked table. Only numpy is needed for that: bad input is refused before scipy and
    statsmodels load."""
    # The matrix products here are small: on shared cores, BLAS threads cost far more than they
    # give (3× slower measured on two busy cores). Set before numpy loads; the caller may override.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from kobling.outcomes.table import InputError, read_table

    try:
        return read_table(enginecli.read_input(path))
    except InputError as error:
        raise enginecli.BadInput(str(error)) from None


def answer(table) -> str:
    from kobling.outcomes.engine import analyse

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the answer is the JSON; numerical chatter is not
        return json.dumps(analyse(table), allow_nan=False)
