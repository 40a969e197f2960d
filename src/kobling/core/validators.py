"""Validators for Norwegian data: national identity numbers, phone numbers, birth years."""

import datetime

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.no import fodselsnummer


def is_valid_national_id(value: str) -> bool:
    """A fødselsnummer or D-number: both mod-11 check digits (python-stdnum's) and an existing date
    (D-numbers add 4 to the first digit). Unlike python-stdnum, Skatteetaten's synthetic test numbers
    (month + 80), which the demo uses so that no real person's number appears, are accepted."""
    if len(value) != 11 or not value.isdigit():
        return False
    if fodselsnummer.calc_check_digit1(value) != value[9]:
        return False
    if fodselsnummer.calc_check_digit2(value) != value[10]:
        return False
    day, month, year2 = int(value[0:2]), int(value[2:4]), int(value[4:6])
    if day > 40:  # D-number
        day -= 40
    if month > 40:  # synthetic test numbers from Skatteetaten's test environment (+80) or H-numbers (+40)
        month -= 40 if month < 80 else 80
    individual = int(value[6:9])
    if individual <= 499 or (individual >= 900 and year2 >= 40):
        century = 1900
    elif individual <= 749 and year2 >= 54:
        century = 1800
    else:
        century = 2000
    try:
        datetime.date(century + year2, month, day)
    except ValueError:
        return False
    return True


def validate_national_id(value: str) -> None:
    if value and not is_valid_national_id(value):
        # The message never repeats the number: it must not reach logs.
        raise ValidationError(
            _("This is not a valid national identity number or D-number (11 digits)."), code="national_id"
        )


def normalise_phone(value: str) -> str:
    """Norwegian numbers may be written without +47; others need their country code."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a phone number, for example 912 34 567 or +46 70 123 45 67."))
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a phone number, for example 912 34 567 or +46 70 123 45 67."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_birth_year(value: int | None) -> None:
    if value is None:
        return
    this_year = timezone.localdate().year
    if not (this_year - 80 <= value <= this_year - 15):
        raise ValidationError(
            _("Enter a birth year between %(low)s and %(high)s.")
            % {"low": this_year - 80, "high": this_year - 15}
        )
