"""Single sign-on forms: the e-mail that picks a staff provider, and a platform admin's settings."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class WorkEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Work e-mail"),
        help_text=_("We send you to your organisation's login."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class IdentityProviderForm(forms.Form):
    name = forms.CharField(
        label=_("Name shown on the login page"), max_length=80, help_text=_("For example Microsoft Entra ID.")
    )
    issuer = forms.URLField(
        label=_("Issuer URL"),
        max_length=300,
        assume_scheme="https",
        help_text=_("Exactly as the provider's discovery document names it, without /.well-known/…"),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Never shown again. Leave empty to keep the one saved."),
    )
    allowed_domains = forms.CharField(
        label=_("Allowed e-mail domains"),
        max_length=1000,
        help_text=_("Separated by commas, for example example.no, example.com."),
    )
    enabled = forms.BooleanField(label=_("Enabled"), required=False)

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"]
        if not issuer.startswith("https://") and not issuer.startswith(
            ("http://127.0.0.1", "http://localhost")
        ):
            raise forms.ValidationError(_("The issuer must be an https:// address."))
        return issuer

    def clean_allowed_domains(self) -> list[str]:
        domains = sorted(
            {d.strip().lower() for d in self.cleaned_data["allowed_domains"].split(",") if d.strip()}
        )
        wrong = [d for d in domains if not DOMAIN.match(d)]
        if wrong or not domains:
            raise forms.ValidationError(_("Write domains such as example.no, separated by commas."))
        return domains
