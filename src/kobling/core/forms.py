from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import date_field
from kobling.core.models import AuditLog


class QuickSelect(forms.Select):
    """A flat <select> rendered in Python rather than one template per option.

    Filter forms on busy list pages offer hundreds of options (every NAV advisor), and Django's
    per-option templates then cost more than the page's queries.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        selected = mark_safe(" selected")
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((str(v), selected if str(v) in chosen else "", label) for v, label in self.choices),
        )
        return format_html(
            "<select{}>{}</select>", flatatt({k: v for k, v in final.items() if v is not None}), options
        )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + list(AuditLog.Action.choices)
    )
    object_type = forms.ChoiceField(label=_("Kind of record"), required=False)
    actor = forms.CharField(label=_("Done by (name or e-mail)"), required=False, max_length=100)
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))

    OBJECT_TYPES = [
        ("", _("All")),
        ("people.participant", _("Participant")),
        ("people.timelineentry", _("Timeline entry")),
        ("people.task", _("Task")),
        ("programmes.enrolment", _("Enrolment")),
        ("programmes.intakeinterview", _("Intake interview")),
        ("core.invitation", _("Invitation")),
        ("core.user", _("User")),
        ("core.organisation", _("Organisation")),
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = self.OBJECT_TYPES
