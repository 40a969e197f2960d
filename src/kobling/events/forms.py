import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import DateInput, ModelMultipleChoiceField, OccupationField, tick_boxes
from kobling.core.models import LANGUAGE_CHOICES, Organisation
from kobling.events.models import (
    CandidateRegistration,
    EmployerRegistration,
    Event,
    EventStatus,
    InclusionTag,
    Opening,
    Veto,
)
from kobling.events.services import CANDIDATE_FIELDS, EMPLOYER_FIELDS, EVENT_FIELDS

_BREAK = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$")


def slot_choices(event: Event) -> list[tuple[int, str]]:
    return [
        (i, f"{timezone.localtime(a):%H:%M}–{timezone.localtime(b):%H:%M}")
        for i, (a, b) in enumerate(event.slots())
    ]


def _between(value: int, low: int, high: int, message) -> int:
    """A field's cleaned number when it lies from `low` to `high`; otherwise `message` is its error."""
    if not low <= value <= high:
        raise forms.ValidationError(message)
    return value


def unavailable_slots_field() -> forms.TypedMultipleChoiceField:
    """The slots someone cannot attend, ticked; the form sets the event's slots as its choices."""
    return tick_boxes(
        _("Not available in these slots"), None, field=forms.TypedMultipleChoiceField, coerce=int
    )


class OrganisationChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class EventForm(forms.ModelForm):
    organisers = tick_boxes(
        _("Organisers"),
        None,
        required=True,
        field=OrganisationChoiceField,
        queryset=Organisation.objects.filter(kind__in=["nav_office", "provider"]),
    )
    breaks = forms.CharField(
        label=_("Breaks"),
        required=False,
        help_text=_("For example 18:00-18:15. Separate several with commas."),
    )

    class Meta:
        model = Event
        fields = ["organisers", *EVENT_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "date": DateInput(),
            "employer_deadline": DateInput(),
            "candidate_deadline": DateInput(),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "info_meeting_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, own_organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.own = list(own_organisations)
        self.fields["venue"].queryset = Organisation.objects.filter(kind="nav_office")
        if self.instance.pk:
            self.initial["breaks"] = ", ".join(self.instance.breaks)
        else:
            self.initial.setdefault("organisers", [o.pk for o in self.own])
            self.initial.setdefault("slot_minutes", 30)
            self.initial.setdefault("min_interviews", 3)
            self.initial.setdefault("max_interviews", 4)

    def clean_breaks(self):
        result = []
        for item in filter(None, (x.strip() for x in self.cleaned_data["breaks"].split(","))):
            match = _BREAK.match(item)
            try:
                a, b = (
                    (datetime.time.fromisoformat(t.zfill(5)) for t in match.groups())
                    if match
                    else (None, None)
                )
            except ValueError:
                a = b = None
            if a is None or b <= a:
                raise forms.ValidationError(_("Write each break as HH:MM-HH:MM, for example 18:00-18:15."))
            result.append(f"{a:%H:%M}-{b:%H:%M}")
        return result

    def clean_organisers(self):
        organisers = self.cleaned_data["organisers"]
        if not set(organisers) & set(self.own):
            raise forms.ValidationError(_("Your own organisation must be among the organisers."))
        return organisers

    def clean(self):
        data = super().clean()
        start, end, date = data.get("starts_at"), data.get("ends_at"), data.get("date")
        if start and end and end <= start:
            self.add_error("ends_at", _("The interviews must end after they start."))
        low, high = data.get("min_interviews"), data.get("max_interviews")
        if low is not None and high is not None and low > high:
            self.add_error("max_interviews", _("The maximum cannot be below the minimum."))
        if data.get("slot_minutes") is not None and not 5 <= data["slot_minutes"] <= 240:
            self.add_error("slot_minutes", _("A slot lasts between 5 and 240 minutes."))
        for name in ("employer_deadline", "candidate_deadline"):
            if date and data.get(name) and data[name] > date:
                self.add_error(name, _("The deadline must be on or before the event's date."))
        if start and end and not self.errors:
            probe = Event(
                date=date or timezone.localdate(),
                starts_at=start,
                ends_at=end,
                slot_minutes=data["slot_minutes"],
                breaks=data.get("breaks") or [],
            )
            if not probe.slots():
                self.add_error("ends_at", _("The time window holds no interview slot."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=EventStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class EmployerInviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Employer"), queryset=Organisation.objects.filter(kind="employer")
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)


class EmployerRegistrationForm(forms.ModelForm):
    unavailable = unavailable_slots_field()

    class Meta:
        model = EmployerRegistration
        fields = EMPLOYER_FIELDS
        widgets = {
            "arrives_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "looking_for": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, event: Event, with_organisation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = slot_choices(event)
        if with_organisation:
            self.fields = {
                "organisation": forms.ModelChoiceField(
                    label=_("Employer"),
                    queryset=Organisation.objects.filter(kind="employer").exclude(
                        event_registrations__event=event
                    ),
                ),
                **self.fields,
            }

    def clean_tables(self):
        return _between(self.cleaned_data["tables"], 1, 20, _("Between 1 and 20 tables."))


class OpeningForm(forms.ModelForm):
    occupation = OccupationField(label=_("Occupation (STYRK-08)"))
    inclusion_tags = tick_boxes(_("Inclusion"), InclusionTag.choices)

    class Meta:
        model = Opening
        fields = ["kind", "occupation", "places", "description", "inclusion_tags"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_places(self):
        return _between(self.cleaned_data["places"], 1, 100, _("Between 1 and 100 places."))


class ConsentAwareSelect(forms.Select):
    """People without the consent to share with employers are listed, but greyed out with the reason,
    so the one registering sees at once who cannot go forward and why."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and not getattr(instance, "shares_with_employers", True):
            option["attrs"]["disabled"] = True
        return option


class ParticipantChoiceField(forms.ModelChoiceField):
    widget = ConsentAwareSelect

    def label_from_instance(self, obj):
        if getattr(obj, "shares_with_employers", True):
            return obj.full_name
        return _("%(name)s (unavailable: has not consented to sharing a profile with employers)") % {
            "name": obj.full_name
        }

    def clean(self, value):
        participant = super().clean(value)
        if participant is not None and not getattr(participant, "shares_with_employers", True):
            raise forms.ValidationError(
                _(
                    "%(name)s has not consented to sharing a short profile with employers. Record the "
                    "consent on the person's page first."
                )
                % {"name": participant.full_name},
                code="no_consent",
            )
        return participant


class CandidateForm(forms.ModelForm):
    unavailable = unavailable_slots_field()

    class Meta:
        model = CandidateRegistration
        fields = CANDIDATE_FIELDS
        widgets = {
            "looking_for": forms.Textarea(attrs={"rows": 2}),
            "experience": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "looking_for": _("Shown to the event's employers, with the first name."),
            "experience": _("Shown to the event's employers."),
            "languages": _("For example: Norwegian B1, Arabic mother tongue."),
        }

    def __init__(self, *args, event: Event, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = slot_choices(event)
        if participants is not None:
            self.fields = {
                "participant": ParticipantChoiceField(
                    label=_("Participant"),
                    queryset=participants.exclude(event_registrations__event=event),
                    help_text=_("Needs the person's consent to share a short profile with employers."),
                ),
                **self.fields,
            }


NO_WISH = ""
VETO_PREFIX = "veto:"


class WishesForm(forms.Form):
    """One choice per employer: a rank, nothing, or a veto."""

    def __init__(self, *args, employers, wishes: dict[int, int], vetoes: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        count = len(employers)
        choices = [(NO_WISH, _("No wish"))]
        choices += [(str(r), _("Choice %(n)s") % {"n": r}) for r in range(1, count + 1)]
        choices += [
            (VETO_PREFIX + v, _("Do not meet (%(why)s)") % {"why": label}) for v, label in Veto.Reason.choices
        ]
        self.employers = employers
        for reg in employers:
            initial = (
                str(wishes[reg.pk])
                if reg.pk in wishes
                else VETO_PREFIX + vetoes[reg.pk]
                if reg.pk in vetoes
                else ""
            )
            self.fields[f"e{reg.pk}"] = forms.ChoiceField(
                label=reg.organisation.name, choices=choices, required=False, initial=initial
            )

    def clean(self):
        data = super().clean()
        ranks, vetoes, seen = {}, {}, {}
        for reg in self.employers:
            value = data.get(f"e{reg.pk}") or ""
            if value.startswith(VETO_PREFIX):
                vetoes[reg.pk] = value.removeprefix(VETO_PREFIX)
            elif value:
                if value in seen:
                    self.add_error(f"e{reg.pk}", _("Each choice number can be used once."))
                seen[value] = reg.pk
                ranks[reg.pk] = int(value)
        self.ranks, self.vetoes = ranks, vetoes
        return data


class InterestForm(forms.Form):
    """One choice per candidate profile: interested, nothing, or a veto."""

    def __init__(self, *args, candidates, interests: set[int], vetoes: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("No mark")), ("yes", _("Interested"))]
        choices += [
            (VETO_PREFIX + v, _("Do not meet (%(why)s)") % {"why": label}) for v, label in Veto.Reason.choices
        ]
        self.candidates = candidates
        for reg in candidates:
            initial = (
                "yes" if reg.pk in interests else VETO_PREFIX + vetoes[reg.pk] if reg.pk in vetoes else ""
            )
            self.fields[f"c{reg.pk}"] = forms.ChoiceField(
                label=reg.short_name, choices=choices, required=False, initial=initial
            )

    def clean(self):
        data = super().clean()
        self.chosen, self.vetoes = set(), {}
        for reg in self.candidates:
            value = data.get(f"c{reg.pk}") or ""
            if value == "yes":
                self.chosen.add(reg.pk)
            elif value.startswith(VETO_PREFIX):
                self.vetoes[reg.pk] = value.removeprefix(VETO_PREFIX)
        return data


class MoveForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("New time"), coerce=int)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slot_choices(event)


class LateForm(forms.Form):
    until_slot = forms.TypedChoiceField(label=_("There from"), coerce=int)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until_slot"].choices = slot_choices(event)[1:]
