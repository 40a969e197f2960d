"""English pages keep the Norwegian order of day, month and year and the 24-hour clock (issue 8):
the readers are in Norway, and "12/06/2026 9 a.m." is read wrongly there. Only the long dates'
punctuation and the number separators differ from bokmål."""

from kobling.formats.nb.formats import (  # noqa: F401 - Django reads these names from this module
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    NUMBER_GROUPING,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    TIME_INPUT_FORMATS,
    YEAR_MONTH_FORMAT,
)

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
MONTH_DAY_FORMAT = "j F"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
