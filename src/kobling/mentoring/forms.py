from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import OccupationField, date_time_field, text_area, tick_boxes
from kobling.core.models import LANGUAGE_CHOICES, Region
from kobling.core.public import HoneypotForm
from kobling.mentoring.models import (
    CRITERIA,
    MENTOR_FIELDS,
    SETTINGS_FIELDS,
    Availability,
    ChoiceMode,
    Gender,
    Industry,
    MentorProfile,
    MentorProgrammeSettings,
    Mentorship,
    Mode,
    Topic,
)
from kobling.people.forms import CleanedProfileMixin, LanguageFormSet
from kobling.programmes.models import Programme

CRITERION_LABELS = {
    "occupation": _("Same profession (STYRK-08)"),
    "industry": _("Industry"),
    "topics": _("Topics wanted and offered"),
    "region": _("Region"),
    "availability": _("When they can meet"),
    "language": _("More shared languages"),
}


class SettingsForm(forms.Form):
    period_months = forms.IntegerField(
        label=_("Length of the mentor period (months)"), min_value=1, max_value=24
    )
    choice_mode = forms.ChoiceField(
        label=_("How pairs are made"), choices=ChoiceMode.choices, widget=forms.RadioSelect
    )
    nudge_no_meeting_weeks = forms.IntegerField(
        label=_("Remind a pair after this many weeks without a logged meeting"), min_value=1, max_value=26
    )
    nudge_unanswered_days = forms.IntegerField(
        label=_("Remind about an unanswered proposal after this many days"), min_value=1, max_value=60
    )
    nudge_period_end_days = forms.IntegerField(
        label=_("Tell the pair this many days before the period ends"), min_value=0, max_value=90
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in CRITERIA:
            self.fields[f"w_{criterion}"] = forms.IntegerField(
                label=CRITERION_LABELS[criterion],
                min_value=0,
                max_value=10,
                help_text=_("0 means it does not count; 10 counts the most."),
            )

    def weight_fields(self):
        return [self[f"w_{c}"] for c in CRITERIA]

    def clean(self):
        data = super().clean()
        if all(data.get(f"w_{c}") == 0 for c in CRITERIA):
            raise forms.ValidationError(_("At least one criterion must count."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        values = {k: data[k] for k in SETTINGS_FIELDS if k != "weights"}
        values["weights"] = {c: data[f"w_{c}"] for c in CRITERIA}
        return values

    @staticmethod
    def initial_for(current: MentorProgrammeSettings) -> dict:
        initial = {k: getattr(current, k) for k in SETTINGS_FIELDS if k != "weights"}
        return {**initial, **{f"w_{c}": w for c, w in current.weight_map().items()}}


class MentorProfileForm(CleanedProfileMixin, forms.Form):
    """The mentor's profile: the same fields on the sign-up page and when the mentor edits it."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=LANGUAGE_CHOICES)
    occupation = OccupationField(
        label=_("Your occupation"),
        help_text=_("Choose the closest one. We match on it: engineer with engineer."),
    )
    industries = tick_boxes(_("Industries you know"), Industry.choices)
    employer = forms.CharField(label=_("Employer"), max_length=200, required=False)
    region = forms.ChoiceField(label=_("County"), choices=[("", "—")] + Region.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=100)
    mode = forms.ChoiceField(label=_("How you can meet"), choices=Mode.choices, widget=forms.RadioSelect)
    capacity = forms.IntegerField(
        label=_("How many mentees at a time"),
        min_value=1,
        max_value=5,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    availability = tick_boxes(_("When you can meet"), Availability.choices, required=True)
    topics = tick_boxes(_("What you can help with"), Topic.choices, required=True)
    topic_detail = forms.CharField(
        label=_("Which certification or technology?"),
        max_length=200,
        required=False,
        help_text=_("For example Azure, Salesforce or AutoCAD."),
    )
    bio = text_area(
        _("A few words about you"),
        max_length=2000,
        rows=4,
        help_text=_("Mentees see this before they meet you."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("I would rather not say"))] + Gender.choices,
        required=False,
        help_text=_("Optional. Used only when a mentee asks for a mentor of their own gender."),
    )

    def __init__(self, *args, langs_data=None, mentor=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial = (
            [{"language": x.language, "level": x.level} for x in mentor.languages.all()] if mentor else []
        )
        self.langs = LanguageFormSet(langs_data, initial=initial, prefix="lang")

    def is_valid(self):
        valid = super().is_valid()
        langs_valid = self.langs.is_valid()
        if langs_valid and not self.languages():
            self.add_error(None, _("Add at least one language you speak."))
            return False
        return valid and langs_valid

    def clean(self):
        data = super().clean()
        if Topic.CERTIFICATION in (data.get("topics") or []) and not data.get("topic_detail"):
            self.add_error("topic_detail", _("Say which certification or technology."))
        return data

    def languages(self) -> dict[str, str]:
        return self.langs.as_dict()

    def profile_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in MENTOR_FIELDS if k in self.cleaned_data}

    @staticmethod
    def initial_for(mentor: MentorProfile) -> dict:
        keys = [k for k in MENTOR_FIELDS if k not in ("partner", "occupation")]
        return {**{k: getattr(mentor, k) for k in keys}, "occupation": mentor.occupation_id}


class MentorSignupForm(HoneypotForm, MentorProfileForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    consent = forms.BooleanField(
        label=_(
            "I agree that the programme may store my profile and show it to the mentees it matches me with."
        ),
        error_messages={"required": _("You must agree before you can sign up.")},
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    note = text_area(_("Note to the mentor"), max_length=500, rows=2)


class MenteeForm(forms.Form):
    goals = text_area(
        _("Your goals for the mentor period"),
        max_length=2000,
        rows=4,
        help_text=_("For example: a job as a structural engineer, a Norwegian CV, a network in the field."),
    )
    topics = tick_boxes(_("What do you want help with?"), Topic.choices)
    industries = tick_boxes(_("Industries you aim for"), Industry.choices)
    mode = forms.ChoiceField(label=_("How you can meet"), choices=Mode.choices, widget=forms.RadioSelect)
    availability = tick_boxes(_("When you can meet"), Availability.choices)
    gender = forms.ChoiceField(
        label=_("Your gender"),
        choices=[("", _("I would rather not say"))] + Gender.choices,
        required=False,
        help_text=_("Optional. Only needed if you want a mentor of your own gender."),
    )
    same_gender_wish = forms.BooleanField(
        label=_("I want a mentor of my own gender"),
        required=False,
        help_text=_("You can remove this wish at any time. Fewer mentors may fit."),
    )

    def clean(self):
        data = super().clean()
        if data.get("same_gender_wish") and not data.get("gender"):
            self.add_error("gender", _("Tell us your gender if you want a mentor of the same gender."))
        return data


class IntroForm(forms.Form):
    starts_at = date_time_field(_("Date and time"))
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=240, initial=45)
    place = forms.CharField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("An address, or leave empty for a video meeting."),
    )
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not (data.get("place") or data.get("video_url")) and not self.errors:
            self.add_error("place", _("Give a place or a video link."))
        return data


class DeclineFields(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why not?"), choices=[("", "—")] + Mentorship.DeclineReason.choices, required=False
    )
    text = forms.CharField(label=_("In your own words"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("answer") == "no":
            if not data.get("reason"):
                self.add_error("reason", _("Choose a reason."))
            elif data["reason"] == Mentorship.DeclineReason.OTHER and not data.get("text", "").strip():
                self.add_error("text", _("Say in a few words why."))
        return data


class AnswerForm(DeclineFields):
    answer = forms.ChoiceField(
        label=_("Shall we go on?"),
        choices=[("yes", _("Yes, let us go on")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    field_order = ["answer", "reason", "text"]


class RequestAnswerForm(DeclineFields):
    answer = forms.ChoiceField(
        label=_("Will you be this person's mentor?"),
        choices=[("yes", _("Yes, propose the pair")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    field_order = ["answer", "reason", "text"]


class WithdrawForm(DeclineFields):
    answer = forms.CharField(widget=forms.HiddenInput, initial="no")
    field_order = ["answer", "reason", "text"]


class DeclineForm(DeclineFields):
    """The mentor's or the mentee's no to a proposal before the intro meeting: always a no, with a reason."""

    answer = forms.CharField(widget=forms.HiddenInput, initial="no", required=False)
    field_order = ["answer", "reason", "text"]

    def clean(self):
        self.cleaned_data["answer"] = "no"
        return super().clean()


class PartnerInviteForm(forms.Form):
    full_name = forms.CharField(label=_("Colleague's full name"), max_length=200)
    email = forms.EmailField(label=_("Colleague's e-mail"))
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=LANGUAGE_CHOICES)
