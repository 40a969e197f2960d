from django import forms, template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()

CHOICE_LISTS = (forms.CheckboxSelectMultiple, forms.RadioSelect)

STATUS_COLORS = {
    "applied": "info",
    "assessing": "info",
    "waiting_list": "warning",
    "waiting_start": "accent",
    "participating": "success",
    "completed": "success",
    "left": "neutral",
    "broken_off": "danger",
    "not_relevant": "neutral",
    "draft": "neutral",
    "queued": "warning",
    "sent": "success",
    "failed": "danger",
}


def _describedby(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.inclusion_tag("core/_field.html")
def ds_field(field, **attrs):
    """A form field in Designsystemet's markup: label, description, input, message, all linked."""
    widget = field.field.widget
    kind = (
        "choices"
        if isinstance(widget, CHOICE_LISTS)
        else "checkbox"
        if field.widget_type == "checkbox"
        else "input"
    )
    widget_attrs = {"class": "ds-input", **attrs}
    if field.errors:
        widget_attrs["aria-invalid"] = "true"
    describedby = _describedby(field)
    if describedby:
        widget_attrs["aria-describedby"] = describedby
    if field.field.required and kind != "choices":
        widget_attrs["required"] = True
    rendered = None if kind == "choices" else field.as_widget(attrs=widget_attrs)
    return {"field": field, "kind": kind, "rendered": rendered, "describedby": describedby}


@register.inclusion_tag("core/_crumbs.html", takes_context=True)
def crumbs(context, *trail, here, at="", printed=True):
    """The breadcrumb trail: `url label` pairs on the way up, then this page's label `here`, linked to
    `at` (by default the request's own path) and marked current. A url without a "/" is the name of a
    URL that takes no arguments; a step whose url is empty is left out (an optional level)."""
    if len(trail) % 2:
        raise template.TemplateSyntaxError("crumbs takes url and label in pairs")
    steps = [(_href(url), label) for url, label in zip(trail[::2], trail[1::2], strict=True) if url]
    at = at or getattr(context.get("request"), "path", "")
    return {"steps": steps, "here": here, "at": _href(at), "printed": printed}


def _href(url) -> str:
    url = str(url)
    return url if not url or "/" in url else reverse(url)


@register.inclusion_tag("core/_form_errors.html")
def ds_errors(form):
    """The error summary at the top of a form: one link per field in error."""
    items = []
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        for error in errors:
            items.append((f"#{bound.auto_id}", f"{bound.label}: {error}"))
    return {
        "form": form,
        "items": items,
        "non_field": form.non_field_errors(),
        "title": _("Please correct this"),
    }


@register.filter
def status_color(value: str) -> str:
    return STATUS_COLORS.get(value, "neutral")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def minutes(value) -> int:
    """A timedelta in whole minutes (the login pause on the lock-out page)."""
    return int(value.total_seconds() // 60) if value else 0
