"""The account forms: login and two-factor codes, organisations and invitations, password reset."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kobling.core.models import LANGUAGE_CHOICES, Organisation, Region
from kobling.core.roles import Role, invitable_roles
from kobling.notifications.services import email_queue


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class CodeForm(forms.Form):
    """The code step, and confirming a two-factor change: an app's code or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The six digits the app shows after you added Kobling."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Organisation.Kind.choices)
    region = forms.ChoiceField(label=_("County"), choices=Region.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=100)
    coordinator_name = forms.CharField(label=_("First coordinator's name"), max_length=200)
    coordinator_email = forms.EmailField(
        label=_("First coordinator's e-mail"),
        help_text=_("They get an invitation to set a password."),
    )


class InvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("NAV advisors belong to a NAV office, employer contacts to an employer."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, own_organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        # Only the organisations the inviter holds the invite capability in, and their roles.
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in own_organisations]
        )
        if len(own_organisations) == 1:
            self.fields["organisation"].initial = own_organisations[0].pk
            self.fields["organisation"].help_text = ""
        kinds = {o.kind for o in own_organisations}
        roles = [r for r in Role if any(r in invitable_roles(kind) for kind in kinds)]
        self.fields["role"].choices = [(r.value, r.label) for r in roles]

    def clean(self):
        data = super().clean()
        organisation, role = data.get("organisation"), data.get("role")
        if organisation and role and role not in invitable_roles(organisation.kind):
            self.add_error(
                "role",
                _("A %(kind)s cannot have the role “%(role)s”.")
                % {"kind": organisation.get_kind_display(), "role": Role(role).label},
            )
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are not the same."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(data["password1"])
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class OutboxPasswordResetForm(PasswordResetForm):
    """Password-reset e-mails go through the outbox like every other e-mail."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        language = getattr(context.get("user"), "language", None) or "nb"
        with translation.override(language):
            subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
            body = loader.render_to_string(email_template_name, context)
        # The link's token is cut out of the stored copy once sent, or when the link expires.
        email_queue(
            to=to_email,
            subject=subject,
            body=body,
            template="password_reset",
            language=language,
            tokens=[context["token"]],
            tokens_expire_at=timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
        )
