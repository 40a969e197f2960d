import pytest
from django.core.exceptions import ValidationError

from kobling.core.validators import is_valid_national_id, normalise_phone, validate_birth_year


def with_check_digits(first_nine: str) -> str | None:
    """Compute both mod-11 check digits independently of the code under test."""
    w1, w2 = [3, 7, 6, 1, 8, 9, 4, 5, 2], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    digits = [int(c) for c in first_nine]
    k1 = (11 - sum(a * b for a, b in zip(digits, w1, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    digits.append(k1)
    k2 = (11 - sum(a * b for a, b in zip(digits, w2, strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return first_nine + f"{k1}{k2}"


def first_valid(prefix: str) -> str:
    for individual in range(100, 500):
        number = with_check_digits(f"{prefix}{individual}")
        if number:
            return number
    raise AssertionError("no valid number")


def test_a_birth_number_with_both_check_digits_right_is_valid():
    assert is_valid_national_id(first_valid("150585"))


def test_a_d_number_adds_forty_to_the_day_and_is_valid():
    assert is_valid_national_id(first_valid("550585"))


@pytest.mark.parametrize("position", [9, 10])
def test_a_wrong_check_digit_is_refused(position):
    number = first_valid("150585")
    wrong = str((int(number[position]) + 1) % 10)
    assert not is_valid_national_id(number[:position] + wrong + number[position + 1 :])


@pytest.mark.parametrize("value", ["", "1234567890", "123456789012", "abcdefghijk", "31028512345"])
def test_malformed_numbers_are_refused(value):
    assert not is_valid_national_id(value)


def test_an_impossible_date_is_refused_even_with_right_check_digits():
    number = with_check_digits("310285123") or with_check_digits("310285124")
    assert number and not is_valid_national_id(number)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("912 34 567", "+4791234567"), ("+47 912 34 567", "+4791234567"), ("0046 70 123 45 67", "+46701234567")],
)
def test_norwegian_and_international_phone_numbers_are_stored_in_one_form(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["123", "call me", "+47 12"])
def test_nonsense_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalise_phone(typed)


def test_birth_years_outside_working_age_are_refused():
    from django.utils import timezone

    year = timezone.localdate().year
    validate_birth_year(year - 30)
    for bad in (year - 90, year - 5, 3000):
        with pytest.raises(ValidationError):
            validate_birth_year(bad)
