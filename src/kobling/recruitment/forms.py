"""Forms for feedback, reflections, offers and the event's settings. Errors in the user's language.
The reports' filters are in `reports/forms.py`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import OccupationField, date_field, text_area
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
        self.fields["strengths"] = text_area(_("Strengths"), max_length=1000, rows=2)
        self.fields["advice"] = text_area(_("Advice for the candidate"), max_length=1000, rows=2)
        self.fields["outcome"] = forms.ChoiceField(
            label=_("Outcome"),
            choices=FeedbackOutcome.choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose the outcome.")},
        )

    def score_fields(self):
        return [self[name] for name, _label in CRITERIA]


class ReflectionForm(forms.Form):
    text = text_area(
        _("How did the interview go, in your own words?"),
        max_length=1000,
        required=True,
        error_messages={"required": _("Write a few words.")},
    )


class OfferAcceptForm(forms.Form):
    start_date = date_field(
        _("Start date"), required=True, error_messages={"required": _("Give the start date.")}
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
