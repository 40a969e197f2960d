"""Numbers the Norwegian way on the results page: 36,7 %, 1 234, and the few-people mark."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language

from kobling.reports.export import few_people
from kobling.reports.results import Figure

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.367 → "36,7 %" in bokmål (a space before the sign), "36.7%" in English; no share → "–"."""
    if value is None:
        return "–"
    number = number_format(value * 100, decimal_pos=1)
    return f"{number}%" if (get_language() or "nb").startswith("en") else f"{number} %"


@register.filter
def share(figure: Figure) -> str:
    return percent(figure.share)


@register.filter
def people(value: int) -> str:
    return number_format(value, force_grouping=True)


# "(3 of 4 — few people)" when the share's denominator is below 5, else nothing; the downloads say the same.
register.filter("few", few_people)


@register.filter
def days(value: float | None) -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=0 if float(value).is_integer() else 1)
