"""Forms of the course pages: programme and cohort set-up, phases, certifications, and one person's
status, phase, job readiness and certification attempt."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import DateInput, ModelMultipleChoiceField, date_field, text_area, tick_boxes
from kobling.core.models import Organisation
from kobling.programmes.courses.selectors import instructor_choices
from kobling.programmes.courses.services import NEXT_STATES
from kobling.programmes.forms import check_end_after_start
from kobling.programmes.models import (
    Certification,
    CertificationAttempt,
    Cohort,
    Programme,
    Reason,
    Status,
)
from kobling.programmes.models.courses import WEEKDAYS
from kobling.programmes.services import NEEDS_REASON, TRANSITIONS

# Paths under programmes/ that a slug must not shadow.
RESERVED_SLUGS = {"new"}


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "kind", "state", "description", "intake_criteria", "accepts_applications"]
        labels = {
            "name": _("Name"),
            "slug": _("Short name for web addresses"),
            "kind": _("Kind"),
            "state": _("Status"),
            "description": _("Description"),
            "intake_criteria": _("Intake criteria"),
            "accepts_applications": _("Open for applications"),
        }
        help_texts = {
            "slug": _("Small letters, digits and hyphens, for example salesforce-autumn"),
            "intake_criteria": _("What a person needs to be accepted, for example documented IT interest."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "intake_criteria": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is taken; choose another."))
        return slug


class ProgrammeCreateForm(ProgrammeForm):
    phases = text_area(
        _("Phases, in order"),
        max_length=2000,
        rows=5,
        help_text=_("One phase a line. You can change them later."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        if len(organisations) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Provider"),
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
            )
        self.organisations = organisations

    def clean_phases(self):
        names = [line.strip() for line in self.cleaned_data["phases"].splitlines() if line.strip()]
        if any(len(name) > 100 for name in names):
            raise forms.ValidationError(_("A phase name can be at most 100 characters."))
        return names

    def organisation_chosen(self):
        return self.cleaned_data.get("organisation") or self.organisations[0]


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("New phase"), max_length=100)


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["name", "vendor", "exam_code"]
        labels = {"name": _("Certification"), "vendor": _("Vendor"), "exam_code": _("Exam code")}
        help_texts = {"exam_code": _("For example AZ-900")}


class CohortForm(forms.ModelForm):
    weekdays = tick_boxes(
        _("Teaching days"),
        WEEKDAYS,
        required=True,
        field=forms.TypedMultipleChoiceField,
        coerce=int,
        initial=[0, 1, 2, 3, 4],
        help_text=_("Public holidays are skipped."),
    )

    class Meta:
        model = Cohort
        fields = [
            "name",
            "start_date",
            "end_date",
            "seats",
            "location",
            "instructors",
            "weekdays",
            "absence_alert_after",
        ]
        labels = {
            "name": _("Name"),
            "start_date": _("Start date"),
            "end_date": _("End date"),
            "seats": _("Seats"),
            "location": _("Location"),
            "instructors": _("Instructors"),
            "absence_alert_after": _("Alert after this many unexcused absences in a row"),
        }
        help_texts = {
            "name": _("For example Autumn 2026"),
            "absence_alert_after": _(
                "The coordinators and the person's NAV advisor get a task and an e-mail."
            ),
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "instructors": forms.CheckboxSelectMultiple,
        }
        field_classes = {"instructors": ModelMultipleChoiceField}

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        instructors = self.fields["instructors"]
        instructors.queryset = instructor_choices(programme)
        instructors.label_from_instance = lambda user: user.full_name or user.email
        self.fields["seats"].min_value = 1
        self.fields["seats"].widget.attrs["min"] = 1
        self.fields["absence_alert_after"].widget.attrs["min"] = 1

    def clean_seats(self):
        seats = self.cleaned_data["seats"]
        if seats < 1:
            raise forms.ValidationError(_("A cohort has at least one seat."))
        return seats

    def clean_absence_alert_after(self):
        value = self.cleaned_data["absence_alert_after"]
        if value < 1:
            raise forms.ValidationError(_("Give a number of at least 1."))
        return value

    def clean(self):
        data = super().clean()
        check_end_after_start(self, data)
        return data


class EnrolForm(forms.Form):
    enrolment = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["enrolment"]
        field.queryset = candidates
        field.label_from_instance = lambda e: f"{e.participant.full_name} ({e.get_status_display()})"
        field.empty_label = "—"


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", "—"), *Reason.choices], required=False)
    reason_text = forms.CharField(
        label=_("Reason in your own words"),
        required=False,
        max_length=300,
        help_text=_("Only for the reason “Other”."),
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(current, set())
        self.fields["status"].choices = [(v, label) for v, label in Status.choices if v in allowed]

    def clean(self):
        """The service checks these too; here the message lands beside the field it is about."""
        data = super().clean()
        reason, text = data.get("reason", ""), data.get("reason_text", "").strip()
        if data.get("status") in NEEDS_REASON and not reason:
            self.add_error("reason", _("Choose a reason."))
        if reason == Reason.OTHER and not text:
            self.add_error("reason_text", _("Describe the reason when you choose “Other”."))
        if text and reason != Reason.OTHER:
            self.add_error("reason_text", _("Free text is only for the reason “Other”."))
        return data


class PhaseEnterForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase"))
    started_on = date_field(_("From"), required=True)

    def __init__(self, *args, phases: list, **kwargs):
        """`phases` is a list, so that one query serves the forms of every row on the cohort page."""
        initial = kwargs.get("initial") or {}
        if initial.get("phase") is not None:
            initial["phase"] = initial["phase"].pk
        super().__init__(*args, **kwargs)
        by_pk = {str(p.pk): p for p in phases}
        self.fields["phase"].choices = [(p.pk, p.name) for p in phases]
        self.fields["phase"].coerce = lambda value: by_pk[str(value)]


class ReadinessForm(forms.Form):
    cv_done_on = date_field(_("CV done"))
    profile_online_on = date_field(_("Profile online"))
    mock_interview_on = date_field(_("Mock interview done"))


class AttemptForm(forms.Form):
    state = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)
    exam_date = date_field(_("Exam date"), help_text=_("Needed once the exam is booked."))
    fee = forms.DecimalField(label=_("Fee (NOK)"), min_value=0, max_digits=8, decimal_places=2, initial=0)
    nav_pays = forms.DecimalField(
        label=_("NAV pays (NOK)"), min_value=0, max_digits=8, decimal_places=2, initial=0
    )

    def __init__(self, *args, current: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(CertificationAttempt.State.choices)
        choices = []
        for state in NEXT_STATES[current]:
            label = labels[state]
            if current == CertificationAttempt.State.FAILED and state != current:
                label = _("%(state)s (new attempt)") % {"state": label}
            choices.append((state, label))
        self.fields["state"].choices = choices

    def clean(self):
        data = super().clean()
        fee, nav_pays = data.get("fee"), data.get("nav_pays")
        if fee is not None and nav_pays is not None and nav_pays > fee:
            self.add_error("nav_pays", _("NAV cannot pay more than the fee."))
        if (
            data.get("state")
            and data["state"] != CertificationAttempt.State.PLANNED
            and not data.get("exam_date")
        ):
            self.add_error("exam_date", _("Give the exam date."))
        return data
