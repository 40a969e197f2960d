"""Form pieces the sub-packages share: date inputs and the check that a period ends after it starts."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]


def date_widget() -> forms.DateInput:
    """The browser's date picker, given and read as ISO dates."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_end_after_start(form: forms.Form, data: dict) -> None:
    """Put an error at `end_date` when it is before `start_date` (both optional)."""
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", _("The end date cannot be before the start date."))
