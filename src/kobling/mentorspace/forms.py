"""Forms of the pair's space: short, so a phone user is done in a minute. Rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import OccupationField, date_field, text_area, tick_boxes
from kobling.core.models import Region
from kobling.mentorspace.models import CheckIn, CoordinatorView, Evaluation, Goal, Resource, ResourceTopic
from kobling.programmes.followup.outcomes import Result

MINUTE_CHOICES = [(30, "30 min"), (45, "45 min"), (60, "1 t"), (90, "1,5 t"), (120, "2 t")]
SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _score(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect)


def _private_note(rows: int) -> forms.CharField:
    return text_area(
        _("Private note"),
        max_length=4000,
        rows=rows,
        help_text=_("Only you see this, never the other one or the coordinator."),
    )


class MeetingForm(forms.Form):
    held_on = date_field(_("Date"), required=True)
    minutes = forms.TypedChoiceField(
        label=_("Length"), choices=MINUTE_CHOICES, coerce=int, initial=60, widget=forms.RadioSelect
    )
    topics = tick_boxes(_("What did you talk about?"), ResourceTopic.choices)
    shared_notes = text_area(_("Notes you both see"), max_length=4000)
    private_note = _private_note(rows=2)


class PrivateNoteForm(forms.Form):
    text = _private_note(rows=3)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("New goal"), max_length=200)


class GoalProgressForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    progress = forms.TypedChoiceField(label=_("Progress"), choices=Goal.Progress.choices, coerce=int)


class MessageForm(forms.Form):
    body = text_area(_("Message"), max_length=4000, required=True, attrs={"enterkeyhint": "send"})


class FitCheckInForm(forms.Form):
    good_fit = forms.TypedChoiceField(
        label=_("Is this a good fit?"),
        choices=[("yes", _("Yes")), ("no", _("No, not really"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class MonthlyCheckInForm(forms.Form):
    score = _score(_("How is the mentor period going? (1 = badly, 5 = very well)"))
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


def checkin_form_for(kind: str, *args, **kwargs) -> forms.Form:
    return (FitCheckInForm if kind == CheckIn.Kind.FIT else MonthlyCheckInForm)(*args, **kwargs)


class EvaluationForm(forms.Form):
    rating = _score(_("How useful was the mentor period? (1 = not at all, 5 = very)"))
    goals_met = forms.BooleanField(label=_("We reached our most important goal"), required=False)
    outcome = forms.ChoiceField(
        label=_("Where are you now?"), choices=Evaluation.Outcome.choices, widget=forms.RadioSelect
    )
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    comment = text_area(_("What should we know?"), max_length=2000)

    def __init__(self, *args, side: str, **kwargs):
        super().__init__(*args, **kwargs)
        if side != "mentee":
            del self.fields["outcome"], self.fields["employer_name"]


class SpaceSettingsForm(forms.Form):
    coordinator_view = forms.ChoiceField(
        label=_("What coordinators see of a pair's space"),
        help_text=_("Private meeting notes are never shown to anyone but their author."),
        choices=CoordinatorView.choices,
        widget=forms.RadioSelect,
    )


class ResourceForm(forms.ModelForm):
    url = forms.URLField(label=_("web address"), required=False, assume_scheme="https")
    topics = tick_boxes(_("Topics"), ResourceTopic.choices)
    region = forms.ChoiceField(
        label=_("County"), choices=[("", _("The whole country"))] + Region.choices, required=False
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, Word, PowerPoint or an image, at most 10 MB.")
    )

    class Meta:
        model = Resource
        fields = [
            "title",
            "kind",
            "url",
            "file",
            "summary",
            "body",
            "topics",
            "stage",
            "region",
            "programme",
            "published",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    ALLOWED = (".pdf", ".docx", ".doc", ".pptx", ".xlsx", ".odt", ".png", ".jpg", ".jpeg", ".txt")

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].empty_label = _("All our mentor programmes")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if (
            kind in (Resource.Kind.LINK, Resource.Kind.COURSE)
            and not data.get("url")
            and "url" not in self.errors
        ):
            self.add_error("url", _("Give the web address."))
        return data

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "name") and not upload.name.lower().endswith(self.ALLOWED):
            raise forms.ValidationError(_("Upload a PDF, Word, PowerPoint, spreadsheet, text or image file."))
        if upload and getattr(upload, "size", 0) > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class ResourceFilterForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Topic"), choices=[("", _("All topics"))] + ResourceTopic.choices, required=False
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages"))] + Resource.Stage.choices[1:], required=False
    )


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), required=False)
    risk = forms.ChoiceField(
        label=_("Show"), choices=[("", _("All pairs")), ("1", _("Only pairs at risk"))], required=False
    )
    q = forms.CharField(label=_("Name"), max_length=100, required=False)

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Running and completed"))] + list(states)


class OutcomeForm(forms.Form):
    """The coordinator records the mentee's outcome in the enrolment (programmes.followup_outcomes)."""

    result = forms.ChoiceField(label=_("What happened?"), choices=Result.choices)
    occupation = OccupationField(label=_("Occupation (STYRK-08)"), required=False)
    employer_name = forms.CharField(label=_("Employer"), max_length=200, required=False)
    start_date = date_field(_("Start date"))
    dropout_reason = forms.ChoiceField(label=_("Why did the person drop out?"), required=False)

    def __init__(self, *args, **kwargs):
        from kobling.programmes.models import Outcome

        super().__init__(*args, **kwargs)
        self.fields["dropout_reason"].choices = [("", "—")] + Outcome.DropoutReason.choices
