"""The web's forms, fed from JSON: the API validates what it writes with the very forms the pages use,
so a value the web refuses is refused here too, with the same message, at the same field name."""

from django.forms import BaseForm, BaseFormSet
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from kobling.api.v1.problems import validation_problem
from kobling.api.v1.schemas import PROFILE, Language
from kobling.people.forms import ParticipantForm, language_formset
from kobling.people.models import Participant


def errors_of(form: BaseForm, *, rename: dict[str, str] | None = None) -> dict[str, list[str]]:
    """The form's errors by the API's field names (`body` for those about the whole request)."""
    rename = rename or {}
    found: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        key = "body" if name == "__all__" else rename.get(name, name)
        found.setdefault(key, []).extend(str(m) for m in messages)
    return found


def checked(form: BaseForm, *, rename: dict[str, str] | None = None) -> dict:
    """The form's cleaned data, or a 422 problem with its errors by field."""
    if not form.is_valid():
        raise validation_problem(errors_of(form, rename=rename))
    return form.cleaned_data


def languages_checked(languages: list[Language] | None):
    """The languages as the web's formset reads them ({code: level}), or a 422 problem at `languages`."""
    if languages is None:
        return None
    data = {
        "lang-TOTAL_FORMS": str(len(languages)),
        "lang-INITIAL_FORMS": "0",
        "lang-MIN_NUM_FORMS": "0",
        "lang-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(languages):
        data[f"lang-{i}-language"], data[f"lang-{i}-level"] = row.language, row.level
    formset: BaseFormSet = language_formset(data)
    if not formset.is_valid():
        messages = [str(m) for m in formset.non_form_errors()]
        for form in formset.forms:
            messages += [str(m) for errors in form.errors.values() for m in errors]
        raise validation_problem({"languages": messages or [_("Check the languages.")]})
    return formset.as_dict()


def profile_form(
    payload: dict, *, participant: Participant | None = None, form_class=ParticipantForm, **kwargs
):
    """The provider's participant form, bound to the record's values with the payload's on top (a
    field left out keeps its value; on a new record it is empty). `national_id` and the fields the API
    does not carry (the health barrier, the NAV advisor) keep what the record has."""
    fields = [f for f in ParticipantForm.Meta.fields if f != "target_occupations"]
    # A new record starts from the model's defaults, as the empty form on the page does.
    data = model_to_dict(participant if participant is not None else Participant(), fields=fields)
    data = {k: v for k, v in data.items() if v is not None}
    if participant is not None:
        data["target_occupations"] = [o.code for o in participant.target_occupations.all()]
    for name, value in payload.items():
        if (name in PROFILE or name in ("target_occupations", "programme")) and value is not None:
            data[name] = value
    data = {
        k: (_as_text(v) if k not in ("it_evidence", "target_occupations") else v) for k, v in data.items()
    }
    return form_class(data, instance=participant, **kwargs)


def _as_text(value):
    """What a browser would post: booleans stay booleans (a checkbox), the rest as text."""
    if isinstance(value, bool) or value is None:
        return value
    return str(value)
