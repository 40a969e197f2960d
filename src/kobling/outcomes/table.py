"""Reading the outcomes CSV into columns, with every input rule checked.

The file is UTF-8 (a byte-order mark is allowed), comma-separated (a header that holds more
semicolons or tabs than commas selects that separator, as spreadsheets in Norway often write).
`id` is the first column and `outcome` the last; every other column is a factor whose kind is
inferred from its non-empty cells (leading and trailing spaces ignored):

- boolean when every value is one of 0/1, yes/no, true/false, ja/nei (any case); its levels are
  reported as "yes" and "no";
- numeric when every value is a finite number (a decimal comma, `0,41`, is accepted);
- categorical (text) otherwise.

An empty cell means unknown. Only numpy is imported here, so bad input is refused at once.
"""

from __future__ import annotations

import csv
import gc
import io
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

OUTCOMES = ("it_job", "other_job", "education", "other", "dropped_out", "participating")
JOB_OUTCOMES = ("it_job", "other_job")
DROPPED_OUT = OUTCOMES.index("dropped_out")
PARTICIPATING = OUTCOMES.index("participating")
MIN_FINISHED = 20
YES_WORDS = frozenset({"1", "yes", "true", "ja"})
NO_WORDS = frozenset({"0", "no", "false", "nei"})
BOOLEAN = "boolean"
NUMERIC = "numeric"
CATEGORICAL = "categorical"


class InputError(ValueError):
    """The input breaks a rule; the message is one line for the person who made the file."""


@dataclass
class Factor:
    """One factor column. Boolean and categorical factors hold `codes` (index into `levels`,
    -1 = unknown); numeric factors hold `values` (NaN = unknown)."""

    name: str
    kind: str
    levels: list[str]
    codes: np.ndarray | None = None
    values: np.ndarray | None = None

    def known(self) -> np.ndarray:
        """A mask of the people whose value is known."""
        if self.values is not None:
            return ~np.isnan(self.values)
        return self.codes >= 0


@dataclass
class Table:
    """The whole file: ids, outcome codes (index into OUTCOMES) and the factors, one row a person."""

    ids: list[str]
    outcomes: np.ndarray
    factors: list[Factor]

    def finished(self) -> np.ndarray:
        """A mask of the people no longer participating."""
        return self.outcomes != PARTICIPATING


def read_table(data: bytes) -> Table:
    """Parse and check the whole file; raise InputError on anything the rules refuse."""
    text = decode(data)
    with no_cycle_collection():
        header, rows = split_rows(text)
        names = check_header(header)
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    del rows, text
    ids = check_ids(columns[0])
    outcomes = parse_outcomes(columns[-1], ids)
    finished = int(np.count_nonzero(outcomes != PARTICIPATING))
    if finished < MIN_FINISHED:
        raise InputError(
            f"only {finished} finished (not participating) people; at least {MIN_FINISHED} are needed"
        )
    factors = [infer_factor(name, column) for name, column in zip(names[1:-1], columns[1:-1], strict=True)]
    return Table(ids=ids, outcomes=outcomes, factors=factors)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector: building a million cells holds no cycles, yet would set
    it off thousands of times (more than halves the time to read a large file)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def decode(data: bytes) -> str:
    """The text of the file, or InputError if it is not UTF-8 or holds nothing."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"the file is not UTF-8 text (byte {data[error.start]:#04x} at position {error.start})"
        ) from None
    if "\0" in text:
        raise InputError(
            "the file holds NUL bytes, so it is not a UTF-8 text file (UTF-16, or a spreadsheet?)"
        )
    if not text.strip():
        raise InputError("the file is empty; the first line must name the columns, id first and outcome last")
    return text


def separator(header_line: str) -> str:
    """Comma, unless the header holds more semicolons or tabs than commas."""
    counts = {mark: header_line.count(mark) for mark in (",", ";", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] > counts[","] else ","


def split_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows; blank rows are skipped, rows of another width refused."""
    text = text.replace("\r\n", "\n") if "\r\n" in text else text
    mark = separator(text.split("\n", 1)[0])
    if '"' in text or "\r" in text:
        header, rows = csv_rows(text, mark)
    else:  # no quoting: every line is its cells, as the csv module would read them, only faster
        lines = text.split("\n")
        header, rows = lines[0].split(mark), [line.split(mark) for line in lines[1:]]
    width = len(header)
    if set(map(len, rows)) <= {width} and all(map(itemgetter(0), rows)):
        return header, rows
    kept = []
    for number, row in enumerate(rows, start=1):
        if any(cell.strip() for cell in row):
            if len(row) != width:
                raise InputError(f"data row {number} has {len(row)} cells but the header has {width}")
            kept.append(row)
    return header, kept


def csv_rows(text: str, mark: str) -> tuple[list[str], list[list[str]]]:
    """The header and the rows as the csv module reads them (quotes, line breaks in cells)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=mark, strict=True)
    try:
        return next(reader), list(reader)
    except csv.Error as error:
        raise InputError(f"not a valid CSV file: line {reader.line_num}: {error}") from None


def check_header(header: Sequence[str]) -> list[str]:
    """The column names, stripped; `id` must come first and `outcome` last, names unique."""
    names = [name.strip() for name in header]
    lower = [name.lower() for name in names]
    for wanted, position, where in (("id", 0, "first"), ("outcome", len(names) - 1, "last")):
        if wanted not in lower:
            raise InputError(f"no {wanted} column; the {where} column must be called {wanted}")
        if lower[position] != wanted or lower.count(wanted) > 1:
            raise InputError(f"the {wanted} column must be the {where} column, and only once")
    if len(names) < 2:
        raise InputError("the file needs at least an id and an outcome column")
    found = first_empty_or_repeated(names)
    if found is not None:
        number, name = found
        raise InputError(f"two columns are called {name!r}" if name else f"column {number} has no name")
    return names


def check_ids(column: Sequence[str]) -> list[str]:
    """The ids, stripped; every one present and unique."""
    ids = [cell.strip() for cell in column]
    if len(set(ids)) == len(ids) and all(ids):  # the quick check; the slow one names the first bad id
        return ids
    row, person = first_empty_or_repeated(ids)
    raise InputError(f"duplicate id {person!r} (data row {row})" if person else f"data row {row} has no id")


def first_empty_or_repeated(cells: Sequence[str]) -> tuple[int, str] | None:
    """The position (from 1) and text of the first cell that is empty or repeats an earlier one, or None."""
    seen: set[str] = set()
    for number, cell in enumerate(cells, start=1):
        if not cell or cell in seen:
            return number, cell
        seen.add(cell)
    return None


def parse_outcomes(column: Sequence[str], ids: list[str]) -> np.ndarray:
    """Outcome codes (index into OUTCOMES); an unknown or empty outcome is refused."""
    lookup: dict[str, int] = {}
    for cell in set(column):
        word = cell.strip().lower()
        if word not in OUTCOMES:
            row = column.index(cell)
            what = f"unknown outcome {cell.strip()!r}" if word else "an empty outcome"
            raise InputError(f"{what} for id {ids[row]!r}; an outcome is one of {', '.join(OUTCOMES)}")
        lookup[cell] = OUTCOMES.index(word)
    return codes_of(column, lookup, np.int8)


def codes_of(column: Sequence[str], lookup: dict[str, int], dtype: type) -> np.ndarray:
    """Each cell looked up, as a numpy array."""
    return np.fromiter(map(lookup.__getitem__, column), dtype=dtype, count=len(column))


def number(text: str) -> float | None:
    """The finite number a cell holds (a decimal comma allowed), or None."""
    try:
        value = float(text)
    except ValueError:
        if "," not in text or "." in text:
            return None
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            return None
    return value if math.isfinite(value) else None


def infer_factor(name: str, column: Sequence[str]) -> Factor:
    """The factor a column holds, its kind inferred from its distinct non-empty values."""
    stripped = {cell: cell.strip() for cell in set(column)}
    known = {value for value in stripped.values() if value}
    if known and {value.lower() for value in known} <= YES_WORDS | NO_WORDS:
        lookup = {cell: -1 if not v else 0 if v.lower() in YES_WORDS else 1 for cell, v in stripped.items()}
        return Factor(name, BOOLEAN, ["yes", "no"], codes=codes_of(column, lookup, np.int32))
    numbers = {value: number(value) for value in known}
    if known and None not in numbers.values():
        floats = {cell: numbers[v] if v else math.nan for cell, v in stripped.items()}
        return Factor(name, NUMERIC, [], values=codes_of(column, floats, np.float64))
    levels = sorted(known)
    index = {level: code for code, level in enumerate(levels)}
    lookup = {cell: index[v] if v else -1 for cell, v in stripped.items()}
    return Factor(name, CATEGORICAL, levels, codes=codes_of(column, lookup, np.int32))


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV text in the format read_table reads (for generators and tests)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
