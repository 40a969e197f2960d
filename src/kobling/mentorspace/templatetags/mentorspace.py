from django import template

from kobling.core.models import Region
from kobling.mentorspace.models import ResourceTopic

register = template.Library()
_TOPICS = dict(ResourceTopic.choices)
_REGIONS = dict(Region.choices)


@register.filter
def topic_labels(values) -> str:
    return ", ".join(str(_TOPICS.get(v, v)) for v in values or [])


@register.filter
def region_label(code: str) -> str:
    return _REGIONS.get(code, "")
