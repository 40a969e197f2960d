from django import template

from kobling.mentoring.describe import language_name
from kobling.mentoring.models import Availability, Industry, Topic

register = template.Library()

_CHOICES = {"topic": Topic, "industry": Industry, "availability": Availability}


@register.filter
def labels(values, kind: str) -> str:
    """A stored list of choice values as their labels, comma-separated: topics|labels:"topic"."""
    names = dict(_CHOICES[kind].choices)
    return ", ".join(str(names.get(v, v)) for v in values or ())


@register.filter
def language(code: str) -> str:
    return language_name(code)
