"""Shortfall reasons and fixes on the schedule page: translated, with names and clock times.

`kobling solve-schedule` keeps its English with ids and slot numbers (tests/events); the web page
words the same notes with gettext. The bokmål catalogue is filled in later by hand, so bokmål is
compared with what gettext gives under the "nb" language rather than with hard-coded text.
"""

import re

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from kobling.events import services
from kobling.events.models import CandidateRegistration, EmployerRegistration, Interview
from kobling.events.schedule.selectors import shortfalls, slot_label
from kobling.events.schedule.shortfall_text import Names, conjoin, render, render_fixes
from kobling.scheduling.shortfall import FIXES, REASONS, Note
from tests.conftest import login

NAMES = Names(
    candidates={"Hilde T.": "Hilde"},
    employers={"e1": "Fjord AS", "e2": "Bakeriet", "e3": "Verksted"},
    advisors={"Hilde T.": "Vera Veileder"},
    times=["16:00", "16:30", "17:00", "17:45"],
)
E2, E3 = ("e1", "e2"), ("e1", "e2", "e3")

EXPECTED = [
    (
        Note("too_few_wishes", "Hilde T.", count=1, need=3),
        "too few wishes: Hilde wished for 1 employer but needs 3 interviews",
    ),
    (
        Note("too_few_wishes", "Hilde T.", count=2, need=1),
        "too few wishes: Hilde wished for 2 employers but needs 1 interview",
    ),
    (
        Note("unavailable", "Hilde T.", count=1, total=4, need=2),
        "unavailable too much: Hilde can attend only 1 slot of 4 but needs 2 interviews",
    ),
    (Note("away", "Hilde T.", employers=("e1",)), "Fjord AS is away whenever Hilde can attend"),
    (
        Note("away", "Hilde T.", employers=E3),
        "Fjord AS, Bakeriet and Verksted are away whenever Hilde can attend",
    ),
    (
        Note("full", "Hilde T.", employers=E2, limits=(4, 6)),
        "wishes for full employers: Fjord AS (max 4) and Bakeriet (max 6) already have their maximum number "
        "of interviews",
    ),
    (
        Note("tables", "Hilde T.", employers=("e2",), slots=(1, 3)),
        "too few tables when Hilde can attend: Bakeriet has every table taken at 16:30 and 17:45, "
        "when Hilde is free",
    ),
    (
        Note("tables", "Hilde T.", employers=E2, slots=(0,), whenever=True),
        "too few tables when Hilde can attend: Fjord AS and Bakeriet have every table taken "
        "whenever Hilde is free",
    ),
    (
        Note("advisor_busy", "Hilde T.", employers=E2, slots=(2,), advisor="Vera V."),
        "the advisor Vera Veileder is double-booked: accompanying another candidate at 17:00, "
        "when Fjord AS or Bakeriet had a free table",
    ),
    (
        Note("clash", "Hilde T.", employers=("e3",)),
        "Verksted is only there when Hilde already has another interview",
    ),
    (
        Note("room", "Hilde T.", employers=("e1",), slots=(0, 1, 2)),
        "Fjord AS still had room at 16:00, 16:30 and 17:00: the search ran out of time before using it",
    ),
    (Note("no_wishes", "Hilde T."), "Hilde has no wishes"),
    (Note("attend_more", "Hilde T.", count=1), "Hilde attending 1 more slot"),
    (Note("attend_more", "Hilde T.", count=2), "Hilde attending 2 more slots"),
    (Note("raise_max", "Hilde T.", employers=("e1",)), "one more interview allowed at Fjord AS"),
    (
        Note("raise_max", "Hilde T.", employers=E2),
        "one more interview allowed at each of Fjord AS and Bakeriet",
    ),
    (Note("more_tables", "Hilde T.", employers=("e2",)), "one more table at Bakeriet"),
    (
        Note("more_tables", "Hilde T.", employers=E3),
        "one more table at each of Fjord AS, Bakeriet and Verksted",
    ),
    (Note("other_advisor", "Hilde T."), "someone else accompanying Hilde, or Hilde going unaccompanied"),
    (
        Note("stay", "Hilde T.", employers=E2, slots=(0, 3)),
        "Fjord AS also being there at 16:00 and Bakeriet also being there at 17:45",
    ),
    (Note("time_limit", "Hilde T."), "generating again"),
    (Note("more_wishes", "Hilde T.", count=1), "1 more wish for Hilde"),
    (
        Note("more_wishes", "Hilde T.", count=2, employers=E3),
        "2 more wishes for Hilde (for example Fjord AS, Bakeriet or Verksted, who have free tables when "
        "Hilde is free)",
    ),
    (
        Note("fallback", "Hilde T."),
        "more tables at the employers Hilde wished for, or wishes for employers with room",
    ),
]


@pytest.mark.parametrize(
    ("note", "text"), EXPECTED, ids=[f"{n.code}-{i}" for i, (n, _t) in enumerate(EXPECTED)]
)
def test_every_note_is_worded_in_english_with_names_times_and_plurals(note, text):
    with translation.override("en"):
        assert render(note, NAMES) == text


def test_every_code_the_scheduler_gives_has_web_words():
    assert {n.code for n, _t in EXPECTED} == set(REASONS) | set(FIXES)


def test_lists_and_fixes_are_joined_with_the_languages_own_conjunctions():
    fixes = [Note("time_limit", "Hilde T."), Note("attend_more", "Hilde T.", count=1)]
    with translation.override("en"):
        assert conjoin(["A"]) == "A" and conjoin([]) == ""
        assert conjoin(["A", "B", "C"], "or") == "A, B or C"
        assert render_fixes(fixes, NAMES) == "generating again, or Hilde attending 1 more slot"
    with translation.override("nb"):
        conjunction = translation.pgettext("list", "%(items)s and %(last)s")
        assert conjoin(["A", "B", "C"]) == conjunction % {"items": "A, B", "last": "C"}


# The page -------------------------------------------------------------------------------------------


@pytest.fixture
def hilde_short(market_coordinator, full_event):
    """Hilde can come only in the first slot, when the one employer she wishes for is not there yet."""
    event, regs, candidates = full_event
    hilde = candidates[-1]
    with transaction.atomic():
        services.wishes_set(actor=market_coordinator, candidate=hilde, ranks={regs[1].pk: 1}, vetoes={})
    slots = len(event.slots())
    CandidateRegistration.objects.filter(pk=hilde.pk).update(unavailable=list(range(1, slots)))
    EmployerRegistration.objects.filter(pk=regs[1].pk).update(late_until_slot=1)
    Interview.objects.create(event=event, candidate=candidates[0], employer=regs[0], slot=2, table=1)
    return event, regs, hilde


def hilde_entry(page: str) -> str:
    """The shortfall panel's list item about Hilde, tags removed."""
    panel = page[page.index('id="short-h"') : page.index("</section>")]
    item = next(li for li in panel.split("<li>") if "Hilde Testesen" in li)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))


def test_the_panel_speaks_bokmal_by_default_with_names_and_times(client, market_coordinator, hilde_short):
    event, regs, _hilde = hilde_short
    login(client, market_coordinator)
    page = client.get(reverse("event_schedule", args=[event.pk])).content.decode()
    entry = hilde_entry(page)
    employer = regs[1].organisation.name
    assert slot_label(event, 0) == "16:00"  # the first slot, in Oslo time
    with translation.override("nb"):
        away = translation.ngettext(
            "%(employers)s is away whenever %(name)s can attend",
            "%(employers)s are away whenever %(name)s can attend",
            1,
        ) % {"employers": employer, "name": "Hilde"}
        stay = translation.gettext("%(employer)s also being there at %(time)s") % {
            "employer": employer,
            "time": "16:00",
        }
        fix = translation.gettext("Suggested fix")
    assert away in entry and stay in entry and fix in entry
    assert "Hilde T." not in entry and not re.search(r"\bslots? \d", entry)


def test_the_panel_speaks_english_with_the_english_cookie(client, market_coordinator, hilde_short):
    event, regs, _hilde = hilde_short
    employer = regs[1].organisation.name
    spare = [r.organisation.name for r in (regs[0], regs[2], regs[3])]
    login(client, market_coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("event_schedule", args=[event.pk])).content.decode()
    entry = hilde_entry(page)
    slots = len(event.slots())
    assert (
        "Too few wishes: Hilde wished for 1 employer but needs 3 interviews; "
        f"unavailable too much: Hilde can attend only 1 slot of {slots} but needs 3 interviews; "
        f"{employer} is away whenever Hilde can attend." in entry
    )
    assert (
        f"Suggested fix: Hilde attending 2 more slots, or {employer} also being there at 16:00, "
        "or 3 more wishes for Hilde (for example " in entry
    )
    assert all(name in entry for name in spare) and " or " in entry
    assert "Hilde T." not in entry and not re.search(r"\bslots? \d", entry)


def test_the_shortfalls_follow_the_active_language(hilde_short):
    event, _regs, hilde = hilde_short
    with translation.override("en"):
        english = next(s for s in shortfalls(event) if s["candidate"] == hilde)
    with translation.override("nb"):
        bokmal = next(s for s in shortfalls(event) if s["candidate"] == hilde)
        attend = translation.ngettext(
            "%(name)s attending %(count)d more slot", "%(name)s attending %(count)d more slots", 2
        ) % {"name": "Hilde", "count": 2}
    assert english["interviews"] == bokmal["interviews"] == 0 and english["min"] == 3
    assert english["fix"].startswith("Hilde attending 2 more slots, or ")
    assert bokmal["fix"].startswith(attend)
