"""Norwegian public holidays (helligdager og høytidsdager), computed for any year.

Sundays that are holidays (Easter Sunday, Whit Sunday) are listed too, so that a cohort that
teaches on Sundays skips them as well.
"""

from datetime import date, timedelta
from functools import lru_cache

from django.utils.translation import gettext_lazy as _


def easter_sunday(year: int) -> date:
    """Western Easter by the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[date, str]:
    """Every public holiday of the year, mapped to its name (lazily translated)."""
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1): _("New Year's Day"),
        easter - timedelta(days=3): _("Maundy Thursday"),
        easter - timedelta(days=2): _("Good Friday"),
        easter: _("Easter Sunday"),
        easter + timedelta(days=1): _("Easter Monday"),
        date(year, 5, 1): _("Labour Day"),
        date(year, 5, 17): _("Constitution Day"),
        easter + timedelta(days=39): _("Ascension Day"),
        easter + timedelta(days=49): _("Whit Sunday"),
        easter + timedelta(days=50): _("Whit Monday"),
        date(year, 12, 25): _("Christmas Day"),
        date(year, 12, 26): _("Boxing Day"),
    }
    return dict(sorted(days.items()))


def holiday_name(day: date) -> str | None:
    name = public_holidays(day.year).get(day)
    return str(name) if name is not None else None


def is_public_holiday(day: date) -> bool:
    return day in public_holidays(day.year)
