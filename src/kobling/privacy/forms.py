from django import forms
from django.utils.translation import gettext_lazy as _

JSON, PRINTABLE = "json", "html"


class CopyForm(forms.Form):
    """Which copy: JSON (to move to another service) or a page to read and print."""

    format = forms.ChoiceField(choices=[(JSON, _("JSON file")), (PRINTABLE, _("Printable page"))])


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that the erasure cannot be undone.")},
    )


class FindForm(forms.Form):
    """A platform admin opens a person's erasure page by the record's number."""

    participant = forms.IntegerField(
        label=_("Record number"),
        min_value=1,
        max_value=2**62,
        help_text=_("The number at the end of the person's page address, such as 123 in /participants/123/."),
    )


class ContactFindForm(forms.Form):
    """A platform admin opens an employer contact's erasure page by their e-mail address."""

    email = forms.EmailField(label=_("The contact person's e-mail"))


class EmployerContactEraseForm(ContactFindForm, EraseForm):
    """An employer's contact person to erase, by the address they gave the events."""

    field_order = ["email", "confirm"]
