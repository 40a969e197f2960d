"""Norwegian public holidays, Easter included, computed for any year."""

from datetime import date, timedelta

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kobling.programmes.attendance.holidays import (
    easter_sunday,
    holiday_name,
    is_public_holiday,
    public_holidays,
)


def test_easter_sunday_falls_on_the_published_dates():
    known = {
        1961: date(1961, 4, 2),
        2000: date(2000, 4, 23),
        2008: date(2008, 3, 23),
        2011: date(2011, 4, 24),
        2019: date(2019, 4, 21),
        2024: date(2024, 3, 31),
        2025: date(2025, 4, 20),
        2026: date(2026, 4, 5),
        2038: date(2038, 4, 25),
    }
    for year, sunday in known.items():
        assert easter_sunday(year) == sunday, year


def test_2025_has_the_twelve_norwegian_public_holidays():
    assert sorted(public_holidays(2025)) == [
        date(2025, 1, 1),
        date(2025, 4, 17),  # Maundy Thursday
        date(2025, 4, 18),  # Good Friday
        date(2025, 4, 20),  # Easter Sunday
        date(2025, 4, 21),  # Easter Monday
        date(2025, 5, 1),
        date(2025, 5, 17),
        date(2025, 5, 29),  # Ascension Day
        date(2025, 6, 8),  # Whit Sunday
        date(2025, 6, 9),  # Whit Monday
        date(2025, 12, 25),
        date(2025, 12, 26),
    ]


def test_holidays_have_names_in_the_users_language_and_ordinary_days_have_none():
    with translation.override("en"):
        assert holiday_name(date(2026, 4, 6)) == "Easter Monday"
        assert holiday_name(date(2026, 5, 14)) == "Ascension Day"
        assert holiday_name(date(2026, 5, 25)) == "Whit Monday"
    assert holiday_name(date(2026, 4, 7)) is None
    assert is_public_holiday(date(2024, 3, 28)) and not is_public_holiday(date(2024, 3, 27))


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    sunday = easter_sunday(year)
    assert sunday.weekday() == 6
    assert date(year, 3, 22) <= sunday <= date(year, 4, 25)


@given(st.integers(min_value=1900, max_value=2200))
def test_the_movable_holidays_keep_their_distance_from_easter(year):
    easter = easter_sunday(year)
    days = public_holidays(year)
    for offset in (-3, -2, 0, 1, 39, 49, 50):
        assert easter + timedelta(days=offset) in days
    assert (easter + timedelta(days=39)).weekday() == 3  # Ascension is a Thursday
