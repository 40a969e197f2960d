"""Forms for feedback, reflections, offers and the reports' filters. Errors in the user's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import OccupationField
from kobling.recruitment.models import CRITERIA, FeedbackOutcome

SCALE = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    """On a phone in a minute: four taps on a 1–5 scale, two short texts, one outcome."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CRITERIA:
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "scale"}),
                error_messages={"required": _("Choose from 1 to 5.")},
            )
        self.fields["strengths"] = forms.CharField(
            label=_("Strengths"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["advice"] = forms.CharField(
            label=_("Advice for the candidate"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["outcome"] = forms.ChoiceField(
            label=_("Outcome"),
            choices=FeedbackOutcome.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose the outcome.")},
        )

    def score_fields(self):
        return [self[name] for name, _label in CRITERIA]


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("How did the interview go, in your own words?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a few words.")},
    )


class OfferAcceptForm(forms.Form):
    start_date = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the start date.")},
    )
    occupation = OccupationField(
        label=_("Occupation (STYRK-08)"),
        required=False,
        help_text=_("Needed for a job: it decides whether the job counts as an IT job."),
    )

    def __init__(self, *args, job: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not job:
            del self.fields["occupation"]
        else:
            self.fields["occupation"].required = True
            self.fields["occupation"].error_messages["required"] = _(
                "Choose the occupation of the job (STYRK-08, four digits)."
            )


class SettingsForm(forms.Form):
    release_automatically = forms.BooleanField(
        label=_("Candidates see the employers' feedback at once"),
        required=False,
        help_text=_("Otherwise the candidate's NAV advisor reads it first and releases it."),
    )


class SeriesFilterForm(forms.Form):
    organiser = forms.TypedChoiceField(label=_("Organiser"), coerce=int, required=False, empty_value=None)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

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
