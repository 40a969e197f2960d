from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import (
    DATETIME_FORMATS,
    DateInput,
    DateTimeInput,
    ModelMultipleChoiceField,
    NationalIdField,
    tick_boxes,
)
from kobling.core.models import Occupation, Organisation, User
from kobling.core.roles import Role
from kobling.core.validators import normalise_phone, validate_birth_year
from kobling.people.models import CEFR, PROFILE_FIELDS, ITEvidence, Participant, Task, TimelineEntry

LANGUAGES = [
    ("no", _("Norwegian")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("fa", _("Persian")),
    ("prs", _("Dari")),
    ("ps", _("Pashto")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("pl", _("Polish")),
    ("lt", _("Lithuanian")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("sv", _("Swedish")),
    ("ur", _("Urdu")),
    ("ta", _("Tamil")),
    ("tr", _("Turkish")),
    ("ku", _("Kurdish")),
    ("am", _("Amharic")),
    ("th", _("Thai")),
    ("tl", _("Tagalog")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("hi", _("Hindi")),
]
LANGUAGE_NAMES = dict(LANGUAGES)
LEVEL_CHOICES = [("", "—")] + list(CEFR.choices)


def occupation_choices():
    return Occupation.objects.filter(level=4).order_by("code")


class OccupationField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class CleanedProfileMixin:
    """The validation every form about a person shares."""

    def clean_phone(self):
        return normalise_phone(self.cleaned_data.get("phone", ""))

    def clean_birth_year(self):
        value = self.cleaned_data.get("birth_year")
        validate_birth_year(value)
        return value

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()


class LanguageRowForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—")] + LANGUAGES, required=False)
    level = forms.ChoiceField(label=_("Level (CEFR)"), choices=LEVEL_CHOICES, required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("language")) != bool(data.get("level")):
            raise forms.ValidationError(_("Choose both a language and a level, or neither."))
        return data


class BaseLanguageFormSet(forms.BaseFormSet):
    def clean(self):
        seen = set()
        for form in self.forms:
            code = form.cleaned_data.get("language") if hasattr(form, "cleaned_data") else None
            if code and code in seen:
                raise forms.ValidationError(_("Each language can only be listed once."))
            if code:
                seen.add(code)

    def as_dict(self) -> dict[str, str]:
        return {
            f.cleaned_data["language"]: f.cleaned_data["level"]
            for f in self.forms
            if f.cleaned_data.get("language")
        }


LanguageFormSet = forms.formset_factory(
    LanguageRowForm, formset=BaseLanguageFormSet, extra=2, max_num=12, validate_max=True
)


def language_formset(data=None, participant: Participant | None = None, prefix="lang"):
    initial = (
        [{"language": lang.language, "level": lang.level} for lang in participant.languages.all()]
        if participant
        else []
    )
    return LanguageFormSet(data, initial=initial, prefix=prefix)


# What a participant may change about themselves: their profile, but not their name, birth year and
# national id, nor how they came to the programme and who follows them at NAV.
NOT_SELF_EDITABLE = {
    "first_name",
    "last_name",
    "birth_year",
    "national_id",
    "nav_user",
    "immigrant",
    "neet",
    "referring_office",
    "advisor",
}
SELF_EDITABLE = [f for f in PROFILE_FIELDS if f not in NOT_SELF_EDITABLE]


class ParticipantForm(CleanedProfileMixin, forms.ModelForm):
    """The provider's form for the whole record."""

    it_evidence = tick_boxes(_("Documented IT interest"), ITEvidence.choices)
    target_occupations = OccupationField(
        label=_("Target occupations (STYRK-08)"), queryset=Occupation.objects.none(), required=False
    )
    new_national_id = NationalIdField(help_text=_("11 digits. Leave empty to keep the one on record."))
    remove_national_id = forms.BooleanField(label=_("Remove the national identity number"), required=False)

    class Meta:
        model = Participant
        # The profile but the national id (set through the two fields above), and the occupations.
        fields = [f for f in PROFILE_FIELDS if f != "national_id"] + ["target_occupations"]
        widgets = {
            "it_interest_notes": forms.Textarea(attrs={"rows": 3}),
            "work_experience": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_occupations"].queryset = occupation_choices()
        self.fields["referring_office"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.NAV_OFFICE
        )
        self.fields["advisor"].queryset = User.objects.filter(memberships__role=Role.NAV_ADVISOR).distinct()
        self.fields["email"].required = False

    def profile_data(self) -> dict:
        data = {
            k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields and k != "target_occupations"
        }
        if self.cleaned_data.get("remove_national_id"):
            data["national_id"] = ""
        elif self.cleaned_data.get("new_national_id"):
            data["national_id"] = self.cleaned_data["new_national_id"]
        return data


class SelfProfileForm(CleanedProfileMixin, forms.ModelForm):
    """What a participant may change about themselves."""

    it_evidence = ParticipantForm.base_fields["it_evidence"]
    target_occupations = OccupationField(
        label=_("Jobs I want (STYRK-08)"), queryset=Occupation.objects.none(), required=False
    )

    class Meta:
        model = Participant
        fields = SELF_EDITABLE + ["target_occupations"]
        widgets = ParticipantForm.Meta.widgets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_occupations"].queryset = occupation_choices()

    def profile_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in SELF_EDITABLE}


class TimelineEntryForm(forms.ModelForm):
    class Meta:
        model = TimelineEntry
        fields = ["kind", "title", "body", "occurred_at", "visibility", "sensitive"]
        widgets = {
            "occurred_at": DateTimeInput(),
            "body": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, can_mark_sensitive: bool, provider_side: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = DATETIME_FORMATS
        if not can_mark_sensitive:
            del self.fields["sensitive"]
        if not provider_side:
            # A NAV advisor's entry is at least shared with the provider.
            self.fields["visibility"].choices = [
                c for c in TimelineEntry.Visibility.choices if c[0] != TimelineEntry.Visibility.PROVIDER
            ]


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "assignee", "due", "waiting_on"]
        widgets = {"due": DateInput()}

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].required = True
        self.fields["due"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
