"""Form fields shared by every app."""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Q
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kobling.core.models import Occupation
from kobling.core.validators import validate_national_id

MAX_SUGGESTIONS = 6


# What a date picker sends (ISO), and the Norwegian ways of writing a date and a time, whatever the
# page's language.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is written as an ISO date: a date written the local way
    (06.12.2026) would show as an empty picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, given its value as ISO date and 24-hour time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def date_field(label, *, required: bool = False, **kwargs) -> forms.DateField:
    """A date, picked in the browser's date picker or typed the Norwegian way."""
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, widget=DateInput(), **kwargs
    )


def date_time_field(label, *, required: bool = True, **kwargs) -> forms.DateTimeField:
    """A date and a time of day, picked in the browser or typed the Norwegian way (24-hour clock)."""
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS, widget=DateTimeInput(), **kwargs
    )


def text_area(label, *, max_length: int, rows: int = 3, required: bool = False, attrs=None, **kwargs):
    """Free text over several lines: a box `rows` lines high that takes at most `max_length` characters."""
    widget = forms.Textarea(attrs={"rows": rows, **(attrs or {})})
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget, **kwargs)


def tick_boxes(label, choices, *, required: bool = False, field=forms.MultipleChoiceField, **kwargs):
    """Several of `choices`, each a tick box (`field` may be a typed or model multiple-choice field)."""
    if choices is not None:
        kwargs["choices"] = choices
    return field(label=label, required=required, widget=forms.CheckboxSelectMultiple, **kwargs)


def occupation_label(occupation: Occupation) -> str:
    """How an occupation is written in the field: its code, then its title in the user's language."""
    return f"{occupation.code} {occupation.title}"


class OccupationInput(forms.TextInput):
    """A text box with the STYRK-08 unit groups as suggestions (<datalist>).

    The browser filters the suggestions as the person types ("utvikler" shows 2512 and its
    neighbours), on a phone too; without JavaScript or suggestions, typing a code or a word works,
    because the field itself searches (OccupationField.to_python).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name, "type": "text"})
        list_id = f"{final.get('id') or name}-occupations"
        final.update({"list": list_id, "autocomplete": "off", "inputmode": "search"})
        if value not in (None, ""):
            final["value"] = self.format_value(value)
        occupations = Occupation.objects.filter(level=4).order_by("code")
        options = format_html_join(
            "", '<option value="{}"></option>', ((occupation_label(o),) for o in occupations)
        )
        pairs = ((k, v) for k, v in final.items() if v not in (None, False, True))
        flags = "".join(f" {k}" for k, v in final.items() if v is True)
        attributes = format_html_join(" ", '{}="{}"', pairs)
        return format_html('<input {}{}><datalist id="{}">{}</datalist>', attributes, flags, list_id, options)

    def format_value(self, value):
        if isinstance(value, Occupation):
            return occupation_label(value)
        if isinstance(value, str) and value.isdigit():
            found = Occupation.objects.filter(code=value, level=4).first()
            return occupation_label(found) if found else value
        return super().format_value(value)


class OccupationField(forms.Field):
    """Choose one STYRK-08 unit group (four digits) by code, by "code title", or by a word that finds
    exactly one. More than one match is refused with the closest few named; none is refused too."""

    widget = OccupationInput
    default_error_messages = {
        "required": _("Choose the occupation (STYRK-08): type a word such as «utvikler» or a code."),
        "none": _("No STYRK-08 occupation matches «%(text)s». Try another word or the four-digit code."),
    }

    def to_python(self, value):
        text = " ".join(str(value or "").split())[:200]
        if not text:
            return None
        # Before the search: PostgreSQL refuses a NUL in a query (a 500), SQLite would search for it.
        ProhibitNullCharactersValidator()(text)
        unit_groups = Occupation.objects.filter(level=4)
        code = text.split(" ", 1)[0]
        if code.isdigit():
            found = unit_groups.filter(code=code).first()
            if found is None:
                raise forms.ValidationError(self.error_messages["none"], params={"text": text}, code="none")
            return found
        matches = list(unit_groups.filter(Q(title_nb__icontains=text) | Q(title_en__icontains=text))[:50])
        exact = [o for o in matches if text.casefold() in (o.title_nb.casefold(), o.title_en.casefold())]
        if len(exact) == 1 or len(matches) == 1:
            return (exact or matches)[0]
        if not matches:
            raise forms.ValidationError(self.error_messages["none"], params={"text": text}, code="none")
        names = ", ".join(occupation_label(o) for o in matches[:MAX_SUGGESTIONS])
        raise forms.ValidationError(
            ngettext(
                "«%(text)s» matches %(count)d occupation: %(names)s. Choose one.",
                "«%(text)s» matches %(count)d occupations, among them %(names)s. Choose one.",
                len(matches),
            )
            % {"text": text, "count": len(matches), "names": names},
            code="ambiguous",
        )

    def prepare_value(self, value):
        return value.code if isinstance(value, Occupation) else value


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, with a number too large for the database refused as a wrong choice.

    SQLite holds integers of 64 bits; Django lets a bigger one through to `pk__in`, where the database
    driver raises OverflowError (a 500). Every many-of-a-list field in Kobling uses this one."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": "…"}
            ) from None


class NationalIdField(forms.CharField):
    """A national identity number or D-number, optional unless `required`: the spaces a person types
    are taken out and both check digits checked. The browser neither fills it in nor keeps it."""

    def __init__(self, *, label=None, required=False, **kwargs):
        label = label or _("National identity number")
        widget = forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"})
        super().__init__(label=label, required=required, max_length=11, widget=widget, **kwargs)

    def clean(self, value):
        value = super().clean(value).replace(" ", "")
        validate_national_id(value)
        return value
