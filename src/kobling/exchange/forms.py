from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kobling.exchange.reading import MAX_BYTES, FileRefused, read_table

FORMAT_CHOICES = [
    ("csv", _("CSV (comma-separated, for other programs)")),
    ("excel", _("CSV for Excel (semicolons, opens in Norwegian Excel)")),
    ("xlsx", _("Excel workbook (XLSX)")),
]


class TargetField(forms.ChoiceField):
    """A choice of the user's own organisations or programmes, offered as a list; any other id is not a
    form error but the view's 404 (the selectors decide), so nobody learns what another id is."""

    @staticmethod
    def valid_id(value) -> bool:
        text = str(value or "")
        return text.isascii() and text.isdigit() and len(text) <= 9

    def validate(self, value):
        if value and not self.valid_id(value):
            raise forms.ValidationError(_("Choose from the list."))


class TargetChoiceMixin:
    """The organisation or programme the file goes into (or comes from): a choice only when the user
    has more than one; with one, it is that one."""

    def set_targets(self, targets: list[tuple[int, str]], label) -> None:
        field = self.fields["target"]
        field.label = label
        field.choices = targets
        if len(targets) == 1:
            field.widget = forms.HiddenInput()
            field.initial = targets[0][0]

    def clean_target(self):
        value = self.cleaned_data.get("target")
        choices = [str(pk) for pk, _label in self.fields["target"].choices]
        if not value and len(choices) == 1:
            return int(choices[0])
        return int(value) if value else None


class UploadForm(TargetChoiceMixin, forms.Form):
    target = TargetField(required=False)
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args, targets, target_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_targets(targets, target_label)
        self.fields["file"].help_text = gettext(
            "CSV (UTF-8, comma or semicolon) or Excel workbook (XLSX), at most %(mb)s MB."
        ) % {"mb": MAX_BYTES >> 20}
        self.data_bytes = b""

    def clean_target(self):
        value = super().clean_target()
        if value is None:
            raise forms.ValidationError(_("Choose where the file goes."))
        return value

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB. Split it into smaller files.")
                % {"limit": MAX_BYTES >> 20}
            )
        self.data_bytes = upload.read()
        try:
            read_table(self.data_bytes)
        except FileRefused as refused:
            raise forms.ValidationError(refused.message)
        return upload


class ConfirmForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    invite = forms.BooleanField(required=False)

    def __init__(self, *args, invitations: int = 0, invite_needed: bool = False, invite_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.invite_needed = invite_needed
        if invitations:
            self.fields["invite"].label = invite_label
        else:
            del self.fields["invite"]

    def clean(self):
        data = super().clean()
        if self.invite_needed and not data.get("invite"):
            self.add_error(
                "invite", _("New contacts are added by inviting them: tick the box to send the invitations.")
            )
        return data


class ExportForm(TargetChoiceMixin, forms.Form):
    target = TargetField(required=False)
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMAT_CHOICES, required=False, widget=forms.RadioSelect, initial="csv"
    )
    national_id = forms.BooleanField(
        label=_("Include the national identity numbers"),
        required=False,
        help_text=_("Each person whose number is in the file is recorded as read in the audit log."),
    )

    def __init__(self, *args, targets, target_label, national_id: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_targets(targets, target_label)
        if not national_id:
            del self.fields["national_id"]

    def clean_format(self):
        return self.cleaned_data.get("format") or "csv"
