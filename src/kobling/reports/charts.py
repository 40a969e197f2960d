"""The bar chart of the results pages (a programme's results, the recruitment series): one drawing,
an SVG with each label above its bar, so it stays narrow enough to read on a phone when it scales down
to the screen's width. The template is `reports/_chart.html`."""

from collections.abc import Iterable

from kobling.reports.templatetags.results import people, percent

# The chart's geometry in SVG user units.
CHART_WIDTH, BAR_SPACE, ROW_HEIGHT, BAR_HEIGHT, LABEL_HEIGHT = 420, 270, 56, 22, 22


def svg_number(value: float) -> str:
    # Never localised: "110,5" in an SVG attribute would break the drawing.
    return f"{value:g}"


def bar_chart(rows: Iterable[tuple[str, str, int, float | None]], summary: str, total: int) -> dict:
    """The chart of `rows` (key, label, count, share), each bar as long as its share. `summary` is the
    text description read out instead of the picture: a sentence with `%(figures)s` (each bar's label
    and value) and `%(total)s` (the number the shares are of)."""
    bars = []
    for index, (key, label, count, share) in enumerate(rows):
        width = round((share or 0) * BAR_SPACE, 1)
        top = index * ROW_HEIGHT
        bars.append(
            {
                "key": key,
                "label": label,
                "label_y": svg_number(top + 16),
                "y": svg_number(top + LABEL_HEIGHT),
                "text_y": svg_number(top + LABEL_HEIGHT + BAR_HEIGHT / 2 + 6),
                "width": svg_number(width),
                "value_x": svg_number(width + 8),
                "value": f"{people(count)} ({percent(share)})",
            }
        )
    figures = "; ".join(f"{bar['label']}: {bar['value']}" for bar in bars)
    return {
        "bars": bars,
        "width": svg_number(CHART_WIDTH),
        "height": svg_number(len(bars) * ROW_HEIGHT - 8),
        "bar_space": svg_number(BAR_SPACE),
        "bar_height": svg_number(BAR_HEIGHT),
        "description": summary % {"figures": figures, "total": total},
    }
