"""What an import would do, row by row: the plan every kind of import fills in and the preview, the
command and the write all read.

A plan is built from a `Table` in two steps shared by every kind: the headings are matched to the
kind's columns (`resolve`: an unknown, repeated or missing heading is a problem of the whole file),
then each cell is read by its column (`read_cells`: a problem at that cell). Each kind then matches the
rows to the records it already has and decides per row: new, update (with the changed field names) or
unchanged. A plan with any problem writes nothing.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kobling.exchange.columns import Column, normal, unquote
from kobling.exchange.reading import Table

NEW, UPDATE, SAME = "new", "update", "unchanged"
ROW = ""  # the key of a problem about the row as a whole


@dataclass
class RowPlan:
    number: int  # the row's number in the spreadsheet
    cells: dict[str, str]  # column key -> the text in the file
    values: dict[str, object] = field(default_factory=dict)  # column key -> the value read (filled cells)
    problems: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # at a cell, not wrong
    action: str = ""
    changed: list[str] = field(default_factory=list)  # column keys whose value changes
    target: object = None  # the record the row matched
    extras: list[str] = field(default_factory=list)  # what else happens (enrolled in, invited)

    def problem(self, key: str, message: str) -> None:
        if message not in self.problems[key]:
            self.problems[key].append(message)

    @property
    def wrong(self) -> bool:
        return any(self.problems.values())


@dataclass(frozen=True)
class Problem:
    row: int | None  # None: the file as a whole
    column: str  # the heading as the file writes it, "" for the row or the file
    message: str

    def line(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Plan:
    kind: str
    columns: list[Column] = field(default_factory=list)  # the file's columns, in the file's order
    headings: dict[str, str] = field(default_factory=dict)  # column key -> the heading in the file
    rows: list[RowPlan] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)
    emails: list[tuple[str, str]] = field(default_factory=list)  # (name, address) e-mailed on import
    extra_counts: dict[str, int] = field(default_factory=dict)  # e.g. enrolments made
    state: dict = field(default_factory=dict)  # what the kind's write needs from the checks

    @property
    def ok(self) -> bool:
        return not self.file_problems and not any(row.wrong for row in self.rows)

    def counts(self) -> dict[str, int]:
        counts = {NEW: 0, UPDATE: 0, SAME: 0, "wrong": 0, "rows": len(self.rows)}
        for row in self.rows:
            if row.wrong:
                counts["wrong"] += 1
            elif row.action:
                counts[row.action] += 1
        return {**counts, **self.extra_counts, "emails": len(self.emails)}

    def problems(self) -> list[Problem]:
        found = [Problem(None, "", message) for message in self.file_problems]
        for row in self.rows:
            for key, messages in row.problems.items():
                found += [Problem(row.number, self.headings.get(key, ""), m) for m in messages]
        return found

    def fingerprint(self) -> str:
        """What the import would do, in short: the confirmation must find the same, or nothing is written."""
        digest = hashlib.sha256(self.kind.encode())
        for row in self.rows:
            target = getattr(row.target, "pk", "")
            line = f"{row.number}|{row.action}|{target}|{','.join(row.changed)}|{','.join(row.extras)}"
            digest.update(line.encode())
        return digest.hexdigest()[:32]


def resolve(plan: Plan, table: Table, columns: tuple[Column, ...], *, needs: tuple[str, ...] = ()) -> list:
    """Match the file's headings to the columns. Returns, per position in the file, the column (or None
    for an empty heading over empty cells); every heading that is unknown, repeated or missing is a
    problem of the whole file. `needs`: keys of which at least one must be present."""
    by_name = {name: column for column in columns for name in column.names()}
    positions: list[Column | None] = []
    unknown = []
    for index, heading in enumerate(table.headers):
        column = by_name.get(normal(heading)) if heading else None
        if heading and column is None:
            unknown.append(heading)
        elif column is not None and column.key in plan.headings:
            plan.file_problems.append(_("The column “%(heading)s” appears twice.") % {"heading": heading})
        elif column is not None:
            plan.headings[column.key] = heading
            plan.columns.append(column)
        elif any(index < len(cells) and cells[index] for _number, cells in table.rows):
            plan.file_problems.append(_("Column %(n)s has values but no heading.") % {"n": index + 1})
        positions.append(column if column is not None and plan.headings.get(column.key) == heading else None)
    if unknown:
        plan.file_problems.append(
            _("Unknown columns: %(unknown)s. The columns this import reads are: %(known)s.")
            % {
                "unknown": ", ".join(f"“{h}”" for h in unknown),
                "known": ", ".join(f"{c.nb} / {c.en}" for c in columns),
            }
        )
    missing = [c for c in columns if c.required and c.key not in plan.headings]
    if missing:
        plan.file_problems.append(
            _("These columns are missing: %(missing)s.")
            % {"missing": ", ".join(f"{c.nb} / {c.en}" for c in missing)}
        )
    if needs and not any(key in plan.headings for key in needs):
        named = [c for c in columns if c.key in needs]
        plan.file_problems.append(
            _("The file needs at least one of these columns: %(columns)s.")
            % {"columns": ", ".join(f"{c.nb} / {c.en}" for c in named)}
        )
    return positions


def read_cells(plan: Plan, table: Table, positions: list) -> None:
    """Read every cell of every row with its column; a wrong cell is a problem at that cell."""
    width = len(positions)
    for number, cells in table.rows:
        row = RowPlan(number=number, cells={})
        if any(cells[width:]):
            row.problem(ROW, _("This row has more cells than the file has headings."))
        for index, column in enumerate(positions):
            if column is None:
                continue
            raw = unquote(cells[index]) if index < len(cells) else ""
            row.cells[column.key] = raw
            if not raw:
                continue
            try:
                row.values[column.key] = column.clean(raw)
            except ValidationError as error:
                for message in error.messages:
                    row.problem(column.key, message)
        plan.rows.append(row)


def require_for_new(row: RowPlan, columns: list[Column]) -> None:
    """A new record needs every required cell filled in (a matched one keeps what it has)."""
    for column in columns:
        if column.required and not row.cells.get(column.key) and column.key not in row.problems:
            row.problem(column.key, _("Fill this in: a new record needs it."))


def mark_duplicates(plan: Plan, key: str, message: str) -> None:
    """Rows that share a value in column `key`: a problem at that cell of each, naming the others."""
    rows_by_value: dict[object, list[RowPlan]] = defaultdict(list)
    for row in plan.rows:
        if key in row.values:
            rows_by_value[row.values[key]].append(row)
    for rows in rows_by_value.values():
        if len(rows) > 1:
            for row in rows:
                others = ", ".join(str(r.number) for r in rows if r is not row)
                row.problem(key, message % {"rows": others})


def compare(row: RowPlan, record, fields: dict[str, str]) -> None:
    """Set the row's action against the record it matched: the filled cells (column key -> the record's
    attribute) whose values differ are the changes; an empty cell keeps what the record has."""
    row.target = record
    row.changed = [
        key
        for key, attribute in fields.items()
        if key in row.values and getattr(record, attribute) != row.values[key]
    ]
    row.action = UPDATE if row.changed else SAME
