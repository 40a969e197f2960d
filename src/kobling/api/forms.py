"""The token page's form: a name, the scopes, how long it lasts, and (for a coordinator of several)
the organisation."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from kobling.api.models import Scope
from kobling.core.fields import tick_boxes
from kobling.core.models import Organisation


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What uses the token, for example “HR system sync”."),
    )
    scopes = tick_boxes(
        _("What the token may do"),
        Scope.choices,
        required=True,
        error_messages={"required": _("Choose at least one scope.")},
    )
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        help_text=_("The token stops working after this many days."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].max_value = settings.API_TOKEN_MAX_DAYS
        self.fields["days"].validators.append(MaxValueValidator(settings.API_TOKEN_MAX_DAYS))
        self.fields["days"].widget.attrs["max"] = settings.API_TOKEN_MAX_DAYS
        self.fields["days"].initial = settings.API_TOKEN_DAYS
        if len(organisations) > 1:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Organisation"),
                queryset=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
            )
        self.organisations = organisations

    def organisation_chosen(self) -> Organisation:
        return self.cleaned_data.get("organisation") or self.organisations[0]
