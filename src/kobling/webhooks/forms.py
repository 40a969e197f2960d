from django import forms
from django.utils.translation import gettext_lazy as _

from kobling.core.fields import tick_boxes
from kobling.core.models import Organisation
from kobling.webhooks.models import Event, Subscription


class SubscriptionForm(forms.Form):
    """A new subscription (with its organisation) or a change to one (with "active")."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("An https:// address on the internet that answers a POST with a 2xx status."),
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off", "spellcheck": "false"}),
    )
    events = tick_boxes(_("Events"), Event.choices, required=True)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("Nothing is sent while the subscription is off.")
    )

    def __init__(self, *args, organisations=None, subscription: Subscription | None = None, **kwargs):
        if subscription is not None:
            kwargs.setdefault(
                "initial",
                {
                    "url": subscription.url,
                    "events": subscription.events,
                    "description": subscription.description,
                    "active": subscription.active,
                },
            )
        super().__init__(*args, **kwargs)
        if subscription is not None:
            del self.fields["organisation"]
            return
        del self.fields["active"]
        self.fields["organisation"].queryset = organisations
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
