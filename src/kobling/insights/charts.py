"""The forest plot of the "what works" page: each shown group's ratio as a square and its 95 %
interval as a line, on a logarithmic axis with a line at 1 (no difference). Server-rendered SVG like
`reports/charts.py` (each label above its line, so it reads on a phone), with a text description; the
table under it holds the same figures. The template is `insights/_forest.html`."""

from __future__ import annotations

import math

from django.utils.formats import number_format

from kobling.insights.analysis import Finding, decimal
from kobling.reports.charts import svg_number

WIDTH, PLOT_LEFT, PLOT_RIGHT, ROW_HEIGHT, LABEL_HEIGHT, AXIS_HEIGHT = 420, 10, 410, 44, 18, 34
LOWEST, HIGHEST = 0.1, 10.0  # the axis never reaches beyond these; longer intervals get an arrow


def axis_range(findings: list[Finding]) -> tuple[float, float]:
    """The axis ends: wide enough for every interval (within LOWEST–HIGHEST) and for 0.5–2."""
    low = min([0.5, *(f.ci[0] for f in findings)])
    high = max([2.0, *(f.ci[1] for f in findings)])
    return max(low, LOWEST), min(high, HIGHEST)


def x_of(value: float, low: float, high: float) -> float:
    value = min(max(value, low), high)
    share = (math.log(value) - math.log(low)) / (math.log(high) - math.log(low))
    return round(PLOT_LEFT + share * (PLOT_RIGHT - PLOT_LEFT), 1)


def ticks(low: float, high: float) -> list[dict]:
    marks = [v for v in (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0) if low <= v <= high]
    return [
        {"x": svg_number(x_of(v, low, high)), "label": number_format(v, 1 if v < 1 else 0)} for v in marks
    ]


def forest_plot(findings: list[Finding], description: str) -> dict | None:
    """The plot of the findings (shown groups with an interval), or None when there are none.
    `description` is read out instead of the picture: a sentence with `%(figures)s`."""
    findings = [f for f in findings if f.ci is not None and f.ratio is not None]
    if not findings:
        return None
    low, high = axis_range(findings)
    rows = []
    for index, finding in enumerate(findings):
        top = index * ROW_HEIGHT
        line_y = top + LABEL_HEIGHT + 10
        rows.append(
            {
                "label": finding.name,
                "label_y": svg_number(top + 14),
                "y": svg_number(line_y),
                "x1": svg_number(x_of(finding.ci[0], low, high)),
                "x2": svg_number(x_of(finding.ci[1], low, high)),
                "square_x": svg_number(x_of(finding.ratio, low, high) - 5),
                "square_y": svg_number(line_y - 5),
                "text": f"{finding.name}: {decimal(finding.ratio)} "
                f"({decimal(finding.ci[0])}–{decimal(finding.ci[1])})",
            }
        )
    height = len(rows) * ROW_HEIGHT + AXIS_HEIGHT
    return {
        "rows": rows,
        "width": svg_number(WIDTH),
        "height": svg_number(height),
        "one_x": svg_number(x_of(1.0, low, high)),
        "axis_y": svg_number(height - AXIS_HEIGHT + 6),
        "tick_y": svg_number(height - 8),
        "ticks": ticks(low, high),
        "description": description % {"figures": "; ".join(row["text"] for row in rows)},
    }
