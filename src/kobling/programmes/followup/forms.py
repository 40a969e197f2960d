"""Forms for meetings, the activity plan, placements and outcomes. They check types and lengths;
the rules (what may follow what, which facts an outcome needs) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import OccupationField, date_field, date_time_field, text_area
from kobling.core.models import Organisation
from kobling.programmes.followup.meetings import MEETING_LENGTH
from kobling.programmes.followup.outcomes import Result
from kobling.programmes.followup.selectors import Rights
from kobling.programmes.followup.services import PLAN_STEPS
from kobling.programmes.forms import check_end_after_start
from kobling.programmes.models import ActivityItem, Meeting, Outcome, Placement


class EnrolmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.name} ({obj.get_status_display()})"


class MeetingForm(forms.Form):
    enrolment = EnrolmentChoiceField(label=_("Programme"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    starts_at = date_time_field(_("Date and time"))
    minutes_long = forms.IntegerField(
        label=_("Length (minutes)"), min_value=MEETING_LENGTH[0], max_value=MEETING_LENGTH[1], initial=45
    )
    place = forms.CharField(
        label=_("Place or video link"),
        max_length=300,
        help_text=_("The address and room, or the link to the video meeting."),
    )
    agenda = text_area(_("Agenda"), max_length=2000, rows=4)

    def __init__(self, *args, enrolments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if enrolments is None:
            # A planned meeting stays with its programme; only time, place and agenda move.
            del self.fields["enrolment"]
        else:
            self.fields["enrolment"].queryset = enrolments


class MinutesForm(forms.Form):
    minutes = text_area(
        _("Minutes"),
        max_length=10000,
        rows=10,
        help_text=_("Only the provider and the NAV advisor see the draft until you publish it."),
    )


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Goal or activity"), choices=ActivityItem.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = text_area(_("Description"), max_length=4000)
    due = date_field(_("To be done by"))
    state = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (ActivityItem.State.PLANNED, ActivityItem.State.PLANNED.label),
            (ActivityItem.State.PROPOSAL, ActivityItem.State.PROPOSAL.label),
        ],
        initial=ActivityItem.State.PLANNED,
    )
    agreed_with_nav = forms.BooleanField(label=_("Agreed with NAV"), required=False)

    def __init__(self, *args, rights: Rights, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing or not rights.plan:
            # The person proposes; status and the NAV flag are changed on the plan itself.
            del self.fields["state"]
        if editing or not rights.agree:
            del self.fields["agreed_with_nav"]


class ActivityStateForm(forms.Form):
    state = forms.ChoiceField(label=_("New status"), choices=ActivityItem.State.choices)

    def __init__(self, *args, item: ActivityItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [(s, ActivityItem.State(s).label) for s in PLAN_STEPS[item.state]]


class PlacementForm(forms.Form):
    enrolment = EnrolmentChoiceField(label=_("Programme"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Placement.Kind.choices)
    host = forms.ModelChoiceField(label=_("Host employer"), queryset=Organisation.objects.none())
    start_date = date_field(_("Start date"), required=True)
    end_date = date_field(_("End date"))
    supervisor = forms.CharField(label=_("Supervisor"), max_length=200, required=False)

    def __init__(self, *args, enrolments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER).order_by(
            "name"
        )
        if enrolments is None:
            del self.fields["enrolment"]
        else:
            self.fields["enrolment"].queryset = enrolments

    def clean(self):
        data = super().clean()
        check_end_after_start(self, data)
        return data


class OutcomeForm(forms.Form):
    ENDINGS = [("completed", _("Completed the programme")), ("left", _("Left before the end"))]

    result = forms.ChoiceField(label=_("What happened?"), choices=Result.choices, widget=forms.RadioSelect)
    ending = forms.ChoiceField(
        label=_("How did the programme end?"), choices=ENDINGS, initial="completed", widget=forms.RadioSelect
    )
    occupation = OccupationField(
        label=_("Occupation (STYRK-08)"),
        required=False,
        help_text=_("For a job. Kobling decides from the code whether it is an IT job."),
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Organisation.objects.none(), required=False
    )
    employer_name = forms.CharField(label=_("Employer, if not in the list"), max_length=200, required=False)
    start_date = date_field(
        _("Start date"),
        help_text=_("Required for a job. Otherwise the date the person started education or left."),
    )
    dropout_reason = forms.ChoiceField(
        label=_("Why did the person drop out?"),
        choices=[("", "—"), *Outcome.DropoutReason.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, participating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.EMPLOYER
        ).order_by("name")
        if not participating:
            # The enrolment has already ended; its status stays as it is.
            del self.fields["ending"]

    def outcome_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["completed"] = data.pop("ending", "completed") == "completed"
        return data


class FollowUpForm(forms.Form):
    still_employed = forms.TypedChoiceField(
        label=_("Is the person still employed?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
