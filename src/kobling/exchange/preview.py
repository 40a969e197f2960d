"""The preview page's content: every row with each problem at its cell, what happens to it, the counts,
and who gets an e-mail. (A module of its own so the view stays a view.)"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kobling.exchange.plan import NEW, ROW, SAME, UPDATE, Plan, RowPlan

SHOW_MAX = 60  # characters of a cell shown; the whole text is in the cell's title
PAGE_ROWS = 250  # rows on a page of the preview
PROBLEMS_SHOWN = 200  # problems listed above the table; the rest are at their rows


@dataclass
class Cell:
    text: str
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changed: bool = False

    @property
    def short(self) -> str:
        return self.text if len(self.text) <= SHOW_MAX else self.text[: SHOW_MAX - 1] + "…"


@dataclass
class Line:
    number: int
    state: str  # new, update, unchanged or wrong
    label: str
    cells: list[Cell]
    row_problems: list[str]
    extras: list[str]


def _extras(row: RowPlan, programmes: dict) -> list[str]:
    found = []
    for extra in row.extras:
        if extra.startswith("enrol:"):
            slug = extra.split(":", 1)[1]
            found.append(_("Applied to %(programme)s") % {"programme": programmes.get(slug, slug)})
    return found


def _shown(key: str, text: str) -> str:
    """A national id is shown masked, as everywhere else; the other cells as they are."""
    if key == "national_id" and text:
        return text[:2] + "•" * max(len(text) - 2, 1)
    return text


def _line(plan: Plan, row: RowPlan, programmes: dict) -> Line:
    labels = {NEW: _("New"), UPDATE: _("Changed"), SAME: _("Unchanged")}
    cells = [
        Cell(
            text=_shown(column.key, row.cells.get(column.key, "")),
            problems=list(row.problems.get(column.key, ())),
            notes=list(row.notes.get(column.key, ())),
            changed=column.key in row.changed,
        )
        for column in plan.columns
    ]
    state = "wrong" if row.wrong else row.action
    label = _("Problem") if row.wrong else labels.get(row.action, "")
    if row.changed and not row.wrong:
        names = {c.key: str(c.label or c.en) for c in plan.columns}
        label = _("Changes: %(fields)s") % {"fields": ", ".join(names[k].lower() for k in row.changed)}
    return Line(row.number, state, label, cells, list(row.problems.get(ROW, ())), _extras(row, programmes))


def _rows_shown(plan: Plan, show: str) -> list[RowPlan]:
    if show == "problems":
        return [r for r in plan.rows if r.wrong]
    if show == "changes":
        return [r for r in plan.rows if r.action in (NEW, UPDATE) or r.extras]
    return plan.rows


def _page_number(text: str, pages: int) -> int:
    return (
        min(int(text), pages) if text.isascii() and text.isdigit() and 0 < len(text) < 6 and int(text) else 1
    )


def _problem_links(plan: Plan) -> tuple[list, int]:
    """The first PROBLEMS_SHOWN problems, each with the page of the rows with problems that shows it."""
    wrong = {row.number: index // PAGE_ROWS + 1 for index, row in enumerate(r for r in plan.rows if r.wrong)}
    problems = plan.problems()
    links = [(problem, wrong.get(problem.row)) for problem in problems[:PROBLEMS_SHOWN]]
    return links, max(len(problems) - PROBLEMS_SHOWN, 0)


def preview_context(
    plan: Plan, *, kind, target, upload, form, error: str = "", show: str = "", page: str = "1"
):
    """What the preview page shows: the counts, the problems (each linked to its row), one page of the rows
    (`show`: all, "changes" or "problems"), and who gets an e-mail."""
    programmes = {}
    for row in plan.rows:
        programme = row.values.get("programme")
        if hasattr(programme, "slug"):
            programmes[programme.slug] = programme.name
    show = show if show in ("changes", "problems") else ""
    rows = _rows_shown(plan, show)
    pages = max((len(rows) + PAGE_ROWS - 1) // PAGE_ROWS, 1)
    number = _page_number(page, pages)
    shown = rows[(number - 1) * PAGE_ROWS : number * PAGE_ROWS]
    links, more = _problem_links(plan)
    return {
        "plan": plan,
        "kind": kind,
        "target": target,
        "upload": upload,
        "form": form,
        "error": error,
        "show": show,
        "counts": plan.counts(),
        "problems": links,
        "more_problems": more,
        "headings": [plan.headings[c.key] for c in plan.columns],
        "lines": [_line(plan, row, programmes) for row in shown],
        "pager": {
            "page": number,
            "pages": pages,
            "first": (number - 1) * PAGE_ROWS + 1 if shown else 0,
            "last": (number - 1) * PAGE_ROWS + len(shown),
            "total": len(rows),
        },
        "invitations": plan.state.get("invitations", []),
    }
