"""The demo built on other days than today.

Its random streams run as far as the calendar takes them (teaching days, holidays, the time of
day), so one seed draws other people on other days. Each test builds the whole demo in its own
database transaction, outside the `demo` package fixture that builds it once for today.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from kobling.programmes.models import Enrolment
from tests.demo.test_demo import assert_people_look_real_and_consistent, history_problems

# A weekday morning (a day on which two builders used to draw the same person), midsummer, the
# night clocks go forward, and just after midnight on a public holiday.
MOMENTS = ["2026-03-10 09:00", "2026-06-23 14:30", "2026-03-29 03:30", "2027-01-01 00:30"]


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_demo_is_consistent_whatever_day_it_is_built(moment, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    when = datetime.datetime.fromisoformat(moment).replace(tzinfo=ZoneInfo("Europe/Oslo"))
    with time_machine.travel(when):
        call_command("demo", stdout=io.StringIO())
        assert_people_look_real_and_consistent()
        assert history_problems(list(Enrolment.objects.all())) == []
