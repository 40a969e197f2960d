"""Form pieces the sub-packages share: the check that a period ends after it starts. (Date inputs
are `kobling.core.fields.date_field` and friends.)"""

from django import forms
from django.utils.translation import gettext_lazy as _


def check_end_after_start(form: forms.Form, data: dict) -> None:
    """Put an error at `end_date` when it is before `start_date` (both optional)."""
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", _("The end date cannot be before the start date."))
