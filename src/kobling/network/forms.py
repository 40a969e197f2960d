from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import date_time_field, text_area
from kobling.core.forms import QuickSelect
from kobling.core.models import Occupation, Region
from kobling.mentoring.models import Topic
from kobling.network.models import Meetup, Question
from kobling.network.selectors import MENTEE, MENTOR
from kobling.people.forms import LANGUAGES

ALL = [("", _("All"))]


class ListFilterForm(forms.Form):
    """A list's filter form (GET): every field is a keyword argument of the list's selector."""

    def filters(self) -> dict:
        """The fields' values when the form is valid, else none (the list unfiltered)."""
        return {name: self.cleaned_data[name] for name in self.fields} if self.is_valid() else {}


class DirectoryFilterForm(ListFilterForm):
    q = forms.CharField(
        label=_("Search name, profession, employer or place"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
    )
    kind = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Show"),
        required=False,
        choices=[("", _("Everyone")), (MENTOR, _("Mentors")), (MENTEE, _("Mentees"))],
    )
    region = forms.ChoiceField(
        widget=QuickSelect, label=_("County"), required=False, choices=ALL + Region.choices
    )
    language = forms.ChoiceField(
        widget=QuickSelect, label=_("Language"), required=False, choices=ALL + LANGUAGES
    )
    field = forms.ChoiceField(widget=QuickSelect, label=_("Field"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = Occupation.objects.filter(level=2).order_by("code")
        self.fields["field"].choices = ALL + [(o.code, f"{o.code} {o.title}") for o in groups]


class QuestionFilterForm(ListFilterForm):
    q = forms.CharField(
        label=_("Search the questions"), required=False, max_length=100, widget=forms.SearchInput
    )
    topic = forms.ChoiceField(
        widget=QuickSelect, label=_("Topic"), required=False, choices=ALL + Topic.choices
    )
    unanswered = forms.BooleanField(label=_("Only questions without an answer"), required=False)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["title", "body", "topic"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4}), "topic": QuickSelect}
        help_texts = {
            "title": _(
                "Everyone in the programme's network can read it. Leave out health and other private matters."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", _("No particular topic"))] + list(Topic.choices)


class AnswerForm(forms.Form):
    body = text_area(_("Your answer"), max_length=4000, rows=4, required=True)


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("The author sees it. Needed when you hide."),
    )


class MeetupForm(forms.ModelForm):
    starts_at = date_time_field(_("Starts"))
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    class Meta:
        model = Meetup
        fields = [
            "title",
            "description",
            "starts_at",
            "minutes",
            "place",
            "region",
            "capacity",
            "waiting_list",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "region": QuickSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("video_url", self.instance.video_url)
        self.fields["region"].choices = [("", _("Digital, or for the whole country"))] + list(Region.choices)
        for name, least in (("minutes", 15), ("capacity", 1)):
            self.fields[name].validators.append(MinValueValidator(least))
            self.fields[name].widget.attrs["min"] = least

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("video_url"):
            self.add_error("place", _("Give a place or a video link."))
        capacity = data.get("capacity")
        if capacity is not None and capacity < 1:
            self.add_error("capacity", _("A meetup needs at least one seat."))
        return data
