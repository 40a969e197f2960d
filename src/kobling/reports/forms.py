"""The filters of the results page: one cohort of the programme, and a period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import date_field
from kobling.programmes.models import Cohort, Programme


class ResultsFilterForm(forms.Form):
    """Bound to the query string, so every filtered view has its own address (and export link)."""

    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("All cohorts"),
        error_messages={"invalid_choice": _("Choose one of this programme's cohorts.")},
    )

    def __init__(self, data, *, programme: Programme):
        super().__init__(data)
        self.fields["cohort"].queryset = programme.cohorts.order_by("start_date", "id")
        self.fields["cohort"].label_from_instance = lambda c: f"{c.name} ({c.start_date:%d.%m.%Y})"
        # "from" and "to" read well in the address but cannot be attribute names.
        self.fields["from"] = date_field(_("From"))
        self.fields["to"] = date_field(_("To"), help_text=_("Included in the period"))

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The last day must be on or after the first day."))
        return data

    def filters(self) -> dict:
        """Keyword arguments for results_for; call after is_valid()."""
        data = self.cleaned_data
        return {"cohort": data.get("cohort"), "date_from": data.get("from"), "date_to": data.get("to")}
