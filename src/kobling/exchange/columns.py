"""The columns a file may have, their headings in Norwegian and English, and how each cell is read.

A heading is matched without regard to case, spaces, hyphens or underscores, so `E-post`, `e post`,
`EMAIL` and `e_mail` are all the e-mail column. Each cell goes through the same validators as the
forms (`core.validators`: national id with both check digits, phone numbers through phonenumbers,
birth years in range) and gets the model field's length limit.

A cell Excel would have run as a formula is kept as the text it is: an export writes such text with a
leading apostrophe (`core.tables.neutralise`), and reading takes that apostrophe off again, so a file
round-trips.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kobling.core.models import Region
from kobling.core.tables import FORMULA_START
from kobling.core.validators import normalise_phone, validate_birth_year, validate_national_id

Cleaner = Callable[[str], object]


@dataclass(frozen=True)
class Column:
    key: str
    nb: str  # the Norwegian heading (what an export in bokmål writes)
    en: str  # the English heading
    clean: Cleaner
    required: bool = False  # the cell must be filled in for a new record
    label: str = ""  # what the preview calls it (translated); the English heading when empty

    def heading(self, language: str) -> str:
        return self.nb if language.startswith("nb") else self.en

    def names(self) -> set[str]:
        return {normal(self.nb), normal(self.en)}


def normal(heading: str) -> str:
    """A heading as it is compared: composed Unicode, case folded, without spaces, hyphens or underscores."""
    text = unicodedata.normalize("NFC", heading).casefold()
    return "".join(ch for ch in text if ch not in " \t-_.")


def unquote(text: str) -> str:
    """Take off the apostrophe an export put in front of text that starts like a formula."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


# --------------------------------------------------------------------------- cleaners


def text(max_length: int) -> Cleaner:
    def clean(value: str) -> str:
        if len(value) > max_length:
            raise ValidationError(
                _("At most %(max)s characters (this cell has %(n)s).") % {"max": max_length, "n": len(value)}
            )
        return value

    return clean


def email(value: str) -> str:
    value = value.lower()
    if len(value) > 254:
        raise ValidationError(_("This e-mail address is too long."))
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(_("Enter a valid e-mail address."))
    return value


def phone(value: str) -> str:
    return normalise_phone(value)


def birth_year(value: str) -> int:
    digits = value[:-2] if value.endswith(".0") else value
    if not (digits.isdigit() and len(digits) == 4):
        raise ValidationError(_("Enter a year with four digits, for example 1990."))
    year = int(digits)
    validate_birth_year(year)
    return year


def national_id(value: str) -> str:
    value = value.replace(" ", "")
    if value.isdigit() and len(value) == 10:
        value = "0" + value  # a spreadsheet dropped the leading zero of a number born on day 1-9
    if not (value.isdigit() and len(value) == 11):
        raise ValidationError(_("A national identity number has 11 digits."))
    validate_national_id(value)
    return value


def slug(value: str) -> str:
    return value.strip().lower()


COUNTY_NAMES = {normal(label): code for code, label in Region.choices}


def county(value: str) -> str:
    code = value.zfill(2) if value.isdigit() else COUNTY_NAMES.get(normal(value), "")
    if code not in Region.values:
        raise ValidationError(_("Enter a county by its number or name, for example 46 or Vestland."))
    return code


def occupation_code(value: str) -> str:
    """Four digits, alone or followed by the title ("2512 Programvareutviklere")."""
    value = value.split()[0]
    if not (value.isdigit() and len(value) == 4):
        raise ValidationError(_("Enter an occupation code (STYRK-08) with four digits, for example 2512."))
    return value


def capacity(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 5:
        raise ValidationError(_("Enter a number of mentees from 1 to 5."))
    return int(value)


LANGUAGE_NAMES = {
    "nb": "nb",
    "no": "nb",
    "nob": "nb",
    "norsk": "nb",
    "bokmål": "nb",
    "norskbokmål": "nb",
    "norwegian": "nb",
    "en": "en",
    "eng": "en",
    "engelsk": "en",
    "english": "en",
}


def language(value: str) -> str:
    code = LANGUAGE_NAMES.get(normal(value))
    if code is None:
        raise ValidationError(_("Enter nb (Norwegian bokmål) or en (English)."))
    return code


# --------------------------------------------------------------------------- the columns of each kind

PARTICIPANT_COLUMNS = (
    Column("first_name", "Fornavn", "first_name", text(100), True, gettext_lazy("First name")),
    Column("last_name", "Etternavn", "last_name", text(100), True, gettext_lazy("Last name")),
    Column("email", "E-post", "email", email, label=gettext_lazy("E-mail")),
    Column("phone", "Telefon", "phone", phone, label=gettext_lazy("Phone")),
    Column("birth_year", "Fødselsår", "birth_year", birth_year, label=gettext_lazy("Birth year")),
    Column(
        "national_id",
        "Fødselsnummer",
        "national_id",
        national_id,
        label=gettext_lazy("National identity number"),
    ),
    Column("municipality", "Kommune", "municipality", text(100), label=gettext_lazy("Municipality")),
    Column("programme", "Program", "programme", slug, label=gettext_lazy("Programme")),
)

MENTOR_COLUMNS = (
    Column("full_name", "Navn", "name", text(200), True, gettext_lazy("Name")),
    Column("email", "E-post", "email", email, True, gettext_lazy("E-mail")),
    Column("phone", "Telefon", "phone", phone, label=gettext_lazy("Phone")),
    Column("occupation", "Yrke", "occupation", occupation_code, True, gettext_lazy("Occupation")),
    Column("employer", "Arbeidsgiver", "employer", text(200), label=gettext_lazy("Employer")),
    Column("region", "Fylke", "county", county, True, gettext_lazy("County")),
    Column("municipality", "Kommune", "municipality", text(100), True, gettext_lazy("Municipality")),
    Column("capacity", "Kapasitet", "capacity", capacity, label=gettext_lazy("Mentees at a time")),
    Column("language", "Språk", "language", language, label=gettext_lazy("Language for e-mails")),
)

CONTACT_COLUMNS = (
    Column("employer", "Arbeidsgiver", "employer", text(200), True, gettext_lazy("Employer")),
    Column("full_name", "Navn", "name", text(200), True, gettext_lazy("Name")),
    Column("email", "E-post", "email", email, True, gettext_lazy("E-mail")),
    Column("language", "Språk", "language", language, label=gettext_lazy("Language for e-mails")),
)
