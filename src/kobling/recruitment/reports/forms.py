"""The series report's filters: the organiser and the period. Errors in the user's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import date_field


class SeriesFilterForm(forms.Form):
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int, required=False, empty_value=None)
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = [(o.pk, o.name) for o in organisers]
        if organisers:
            self.fields["organiser"].initial = organisers[0].pk

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end cannot be before the start."))
        return data
