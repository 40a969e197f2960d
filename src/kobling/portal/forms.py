"""The forms of the pages that gather people and programmes: the participant list's filters and the
provider's form for registering a person straight onto a programme."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.forms import QuickSelect
from kobling.core.models import Region
from kobling.people.forms import LANGUAGES, ParticipantForm
from kobling.programmes.models import Status


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.name})"


class ParticipantNewForm(ParticipantForm):
    """The provider's form for the whole record, and the programme the person applies to (if any)."""

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"] = ProgrammeChoiceField(
            queryset=programmes, required=False, label=_("Apply to programme")
        )


class ParticipantFilterForm(forms.Form):
    SORTS = [
        ("name", _("Name")),
        ("-created", _("Newest first")),
        ("created", _("Oldest first")),
        ("-activity", _("Latest activity")),
    ]
    q = forms.CharField(
        label=_("Search name, e-mail or phone"), required=False, max_length=100, widget=forms.SearchInput
    )
    status = forms.ChoiceField(widget=QuickSelect, label=_("Status"), required=False)
    programme = forms.ChoiceField(widget=QuickSelect, label=_("Programme"), required=False)
    region = forms.ChoiceField(
        widget=QuickSelect, label=_("County"), required=False, choices=[("", _("All"))] + Region.choices
    )
    advisor = forms.ChoiceField(widget=QuickSelect, label=_("NAV advisor"), required=False)
    language = forms.ChoiceField(
        widget=QuickSelect, label=_("Language"), required=False, choices=[("", _("All"))] + LANGUAGES
    )
    sort = forms.ChoiceField(widget=QuickSelect, label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, programmes, advisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(Status.choices)
        self.fields["programme"].choices = [("", _("All"))] + [(str(p.pk), p.name) for p in programmes]
        self.fields["advisor"].choices = [("", _("All"))] + [(str(a.pk), a.full_name) for a in advisors]
