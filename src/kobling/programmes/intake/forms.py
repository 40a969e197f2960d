"""Forms of the intake: the person's details (referral and public application), the interview, the
decision and the programme's interview questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import NationalIdField, text_area, tick_boxes
from kobling.core.models import LANGUAGE_CHOICES, Region
from kobling.core.public import HoneypotForm
from kobling.people.forms import LANGUAGES, LEVEL_CHOICES, CleanedProfileMixin
from kobling.people.models import PROFILE_FIELDS, EducationLevel, ITEvidence
from kobling.programmes.intake import questions as intake
from kobling.programmes.intake.services import Decision
from kobling.programmes.models import IntakeInterview, Programme, Reason

SCORE_CHOICES = [(str(i), str(i)) for i in range(1, 6)]


class PersonFields(CleanedProfileMixin, forms.Form):
    """The person's details, shared by the referral and the public application."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=30, help_text=_("For example 912 34 567"))
    birth_year = forms.IntegerField(label=_("Birth year"), help_text=_("For example 1994"))
    region = forms.ChoiceField(label=_("County"), choices=[("", "—")] + Region.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=100)
    preferred_language = forms.ChoiceField(label=_("Language for e-mails"), choices=LANGUAGE_CHOICES)
    norwegian_level = forms.ChoiceField(label=_("Norwegian level"), choices=LEVEL_CHOICES, required=False)
    english_level = forms.ChoiceField(label=_("English level"), choices=LEVEL_CHOICES, required=False)
    other_language = forms.ChoiceField(
        label=_("Another language"), choices=[("", "—")] + LANGUAGES, required=False
    )
    other_language_level = forms.ChoiceField(label=_("Its level"), choices=LEVEL_CHOICES, required=False)
    education_level = forms.ChoiceField(
        label=_("Highest education"), choices=[("", "—")] + EducationLevel.choices, required=False
    )
    education_field = forms.CharField(label=_("Field of study"), max_length=200, required=False)
    it_evidence = tick_boxes(_("What shows your interest in IT?"), ITEvidence.choices)
    it_interest_notes = text_area(_("Tell us about your IT interest"), max_length=2000)
    work_experience = text_area(_("Work experience"), max_length=4000)
    immigrant = forms.BooleanField(label=_("I have moved to Norway as an adult"), required=False)
    neet = forms.BooleanField(label=_("I am under 30 and not in school or work"), required=False)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"

    def clean(self):
        data = super().clean()
        if bool(data.get("other_language")) != bool(data.get("other_language_level")):
            self.add_error("other_language_level", _("Choose both a language and a level, or neither."))
        return data

    def languages(self) -> dict[str, str]:
        data = self.cleaned_data
        result = {}
        if data.get("norwegian_level"):
            result["no"] = data["norwegian_level"]
        if data.get("english_level"):
            result["en"] = data["english_level"]
        if data.get("other_language") and data["other_language"] not in result:
            result[data["other_language"]] = data["other_language_level"]
        return result

    def profile_data(self) -> dict:
        """The answers that belong on the person's record (people.models.PROFILE_FIELDS)."""
        return {k: v for k, v in self.cleaned_data.items() if k in PROFILE_FIELDS}


class ApplicationForm(PersonFields, HoneypotForm):
    """The public form, with the honeypot field robots fill in."""

    consent = forms.BooleanField(
        label=_("I agree that the provider may store and use what I write here to handle my application."),
        error_messages={"required": _("You must agree before you can send the application.")},
    )


class ReferralForm(PersonFields):
    national_id = NationalIdField(help_text=_("Optional. 11 digits."))
    barrier_income = forms.BooleanField(label=_("Income or benefits not sorted out"), required=False)
    barrier_housing = forms.BooleanField(label=_("Housing not sorted out"), required=False)
    barrier_childcare = forms.BooleanField(label=_("Needs childcare"), required=False)
    barrier_health = forms.BooleanField(label=_("Health needs adaptation"), required=False)
    note = text_area(_("Why this programme?"), max_length=4000)
    nav_user = forms.BooleanField(initial=True, required=False, widget=forms.HiddenInput)

    # The advisor fills this in about someone else: the person's own first-person labels don't fit.
    ABOUT_THE_PERSON = {
        "it_evidence": _("What shows the person's interest in IT?"),
        "it_interest_notes": _("About the person's interest in IT"),
        "immigrant": _("Moved to Norway as an adult"),
        "neet": _("Under 30 and not in school or work"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.ABOUT_THE_PERSON.items():
            self.fields[name].label = label


class InterviewForm(forms.Form):
    norwegian_level = forms.ChoiceField(label=_("Norwegian level"), choices=LEVEL_CHOICES[1:])
    english_level = forms.ChoiceField(label=_("English level"), choices=LEVEL_CHOICES[1:])
    barriers = text_area(
        _("Practical barriers (income, housing, childcare, health)"), max_length=2000, rows=2
    )
    profile_type = forms.ChoiceField(
        label=_("Profile type"), choices=IntakeInterview.ProfileType.choices, widget=forms.RadioSelect
    )
    recommended_path = forms.ChoiceField(
        label=_("Recommended path"), choices=IntakeInterview.Path.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = intake.questions_for(programme)
        for question in self.questions:
            key = question["key"]
            label, help_text = intake.question_text(question)
            self.fields[f"q_{key}"] = forms.TypedChoiceField(
                label=label,
                help_text=help_text,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "score"}),
            )
            self.fields[f"n_{key}"] = text_area(_("Notes"), max_length=2000, rows=2)

    def question_rows(self):
        return [(self[f"q_{q['key']}"], self[f"n_{q['key']}"]) for q in self.questions]

    def answers(self) -> dict[str, int]:
        return {q["key"]: self.cleaned_data[f"q_{q['key']}"] for q in self.questions}

    def notes(self) -> dict[str, str]:
        notes = {q["key"]: self.cleaned_data[f"n_{q['key']}"] for q in self.questions}
        notes["barriers"] = self.cleaned_data["barriers"]
        return notes


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Decision.ACCEPT, _("Accept: offer a place")),
            (Decision.WAITING_LIST, _("Waiting list")),
            (Decision.DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "—")] + Reason.choices,
        required=False,
        help_text=_("Needed when you decline."),
    )
    reason_text = forms.CharField(
        label=_("Describe the reason"), required=False, max_length=300, help_text=_("Only for “Other”.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required for one choice only: its help text says when, so it is not labelled "optional".
        self.fields["reason"].conditional = True

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.DECLINE and not data.get("reason"):
            self.add_error("reason", _("Choose why the person is declined."))
        if data.get("reason") == Reason.OTHER and not (data.get("reason_text") or "").strip():
            self.add_error("reason_text", _("Describe the reason when you choose “Other”."))
        return data


WEIGHT_CHOICES = [(str(i), str(i)) for i in range(0, 6)]
CUSTOM_SLOTS = 3


class IntakeQuestionsForm(forms.Form):
    """Weights for the standard questions (0 = not asked) and up to three questions of the programme's own."""

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        current = {q["key"]: q for q in (programme.intake_questions or intake.DEFAULT_QUESTIONS)}
        for question in intake.DEFAULT_QUESTIONS:
            key = question["key"]
            label, help_text = intake.QUESTION_TEXT[key]
            self.fields[f"w_{key}"] = forms.TypedChoiceField(
                label=label,
                help_text=help_text,
                choices=WEIGHT_CHOICES,
                coerce=int,
                initial=str(current.get(key, {"weight": 0})["weight"]),
            )
        custom = [q for q in current.values() if q.get("label")]
        for n in range(CUSTOM_SLOTS):
            existing = custom[n] if n < len(custom) else {}
            self.fields[f"c{n}_label"] = forms.CharField(
                label=_("Own question %(n)s") % {"n": n + 1},
                required=False,
                max_length=200,
                initial=existing.get("label", ""),
            )
            self.fields[f"c{n}_weight"] = forms.TypedChoiceField(
                label=_("Weight of own question %(n)s") % {"n": n + 1},
                choices=WEIGHT_CHOICES,
                coerce=int,
                initial=str(existing.get("weight", 1)),
            )

    def clean(self):
        data = super().clean()
        if not any(data.get(f"w_{q['key']}") for q in intake.DEFAULT_QUESTIONS) and not any(
            data.get(f"c{n}_label") and data.get(f"c{n}_weight") for n in range(CUSTOM_SLOTS)
        ):
            raise forms.ValidationError(_("At least one question must have a weight above 0."))
        return data

    def standard_rows(self):
        return [self[f"w_{q['key']}"] for q in intake.DEFAULT_QUESTIONS]

    def custom_rows(self):
        return [(self[f"c{n}_label"], self[f"c{n}_weight"]) for n in range(CUSTOM_SLOTS)]

    def questions(self) -> list[dict]:
        data = self.cleaned_data
        result = [{"key": q["key"], "weight": data[f"w_{q['key']}"]} for q in intake.DEFAULT_QUESTIONS]
        for n in range(CUSTOM_SLOTS):
            if data.get(f"c{n}_label", "").strip():
                result.append(
                    {
                        "key": f"own_{n + 1}",
                        "label": data[f"c{n}_label"].strip(),
                        "weight": data[f"c{n}_weight"],
                    }
                )
        return result
