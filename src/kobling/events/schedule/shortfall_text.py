"""Why a candidate is short of interviews, and what would help, in the user's language.

The engine explains a shortfall as `kobling.scheduling.shortfall.Note`s (a code with ids, counts and
slot numbers); `kobling solve-schedule` prints them in English through `shortfall.english`. Here the
same notes are worded for the web pages with gettext: candidates by first name, employers by name, the
advisor by name and slots as clock times (Europe/Oslo, HH:MM). Counts use plural forms and lists are
joined with a translated "and"/"or", so that every sentence can be translated whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from kobling.scheduling.shortfall import Note


@dataclass
class Names:
    """How to show the ids and slot numbers in a note; an id without a name is shown as it is."""

    candidates: dict[str, str] = field(default_factory=dict)  # candidate id -> first name
    employers: dict[str, str] = field(default_factory=dict)  # employer id -> organisation name
    advisors: dict[str, str] = field(default_factory=dict)  # candidate id -> their advisor's name
    times: list[str] = field(default_factory=list)  # slot number -> "HH:MM"

    def candidate(self, note: Note) -> str:
        return self.candidates.get(note.candidate, note.candidate)

    def employer(self, key: str) -> str:
        return self.employers.get(key, key)

    def time(self, slot: int) -> str:
        return self.times[slot] if 0 <= slot < len(self.times) else str(slot)


def conjoin(items: Iterable[str], last: str = "and") -> str:
    """ "A, B and C" (or "A, B or C") in the active language."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    parts = {"items": ", ".join(items[:-1]), "last": items[-1]}
    if last == "or":
        return pgettext("list", "%(items)s or %(last)s") % parts
    return pgettext("list", "%(items)s and %(last)s") % parts


def alternatives(texts: Iterable[str]) -> str:
    """Suggested fixes one after the other: "A, or B, or C"."""
    return reduce(
        lambda a, b: pgettext("list of fixes", "%(first)s, or %(next)s") % {"first": a, "next": b}, texts
    )


def render(note: Note, names: Names) -> str:
    """One reason or fix as a phrase in the active language (starting in lower case)."""
    return _WORDS[note.code](note, names)


def render_fixes(notes: Iterable[Note], names: Names) -> str:
    notes = list(notes)
    return alternatives(render(n, names) for n in notes) if notes else ""


# The phrases ----------------------------------------------------------------------------------------


def _employers(note: Note, names: Names, last: str = "and") -> str:
    return conjoin((names.employer(e) for e in note.employers), last)


def _times(note: Note, names: Names) -> str:
    return conjoin(names.time(s) for s in note.slots)


def _interviews(n: int) -> str:
    return ngettext("%(count)d interview", "%(count)d interviews", n) % {"count": n}


def _too_few_wishes(note: Note, names: Names) -> str:
    wishes = ngettext("%(count)d employer", "%(count)d employers", note.count) % {"count": note.count}
    return _("too few wishes: %(name)s wished for %(wishes)s but needs %(interviews)s") % {
        "name": names.candidate(note),
        "wishes": wishes,
        "interviews": _interviews(note.need),
    }


def _unavailable(note: Note, names: Names) -> str:
    return ngettext(
        "unavailable too much: %(name)s can attend only %(count)d slot of %(total)d but needs %(interviews)s",
        "unavailable too much: %(name)s can attend only %(count)d slots of %(total)d "
        "but needs %(interviews)s",
        note.count,
    ) % {
        "name": names.candidate(note),
        "count": note.count,
        "total": note.total,
        "interviews": _interviews(note.need),
    }


def _away(note: Note, names: Names) -> str:
    return ngettext(
        "%(employers)s is away whenever %(name)s can attend",
        "%(employers)s are away whenever %(name)s can attend",
        len(note.employers),
    ) % {"employers": _employers(note, names), "name": names.candidate(note)}


def _full(note: Note, names: Names) -> str:
    each = [
        _("%(employer)s (max %(max)d)") % {"employer": names.employer(e), "max": m}
        for e, m in zip(note.employers, note.limits, strict=True)
    ]
    return ngettext(
        "wishes for full employers: %(employers)s already has its maximum number of interviews",
        "wishes for full employers: %(employers)s already have their maximum number of interviews",
        len(note.employers),
    ) % {"employers": conjoin(each)}


def _tables(note: Note, names: Names) -> str:
    name = names.candidate(note)
    if note.whenever:
        when = _("whenever %(name)s is free") % {"name": name}
    else:
        when = _("at %(times)s, when %(name)s is free") % {"times": _times(note, names), "name": name}
    return ngettext(
        "too few tables when %(name)s can attend: %(employers)s has every table taken %(when)s",
        "too few tables when %(name)s can attend: %(employers)s have every table taken %(when)s",
        len(note.employers),
    ) % {"name": name, "employers": _employers(note, names), "when": when}


def _advisor_busy(note: Note, names: Names) -> str:
    return _(
        "the advisor %(advisor)s is double-booked: accompanying another candidate at %(times)s, "
        "when %(employers)s had a free table"
    ) % {
        "advisor": names.advisors.get(note.candidate, note.advisor),
        "times": _times(note, names),
        "employers": _employers(note, names, "or"),
    }


def _clash(note: Note, names: Names) -> str:
    return ngettext(
        "%(employers)s is only there when %(name)s already has another interview",
        "%(employers)s are only there when %(name)s already has another interview",
        len(note.employers),
    ) % {"employers": _employers(note, names), "name": names.candidate(note)}


def _room(note: Note, names: Names) -> str:
    return _("%(employers)s still had room at %(times)s: the search ran out of time before using it") % {
        "employers": _employers(note, names),
        "times": _times(note, names),
    }


def _attend_more(note: Note, names: Names) -> str:
    return ngettext(
        "%(name)s attending %(count)d more slot", "%(name)s attending %(count)d more slots", note.count
    ) % {"name": names.candidate(note), "count": note.count}


def _raise_max(note: Note, names: Names) -> str:
    if len(note.employers) == 1:
        return _("one more interview allowed at %(employer)s") % {
            "employer": names.employer(note.employers[0])
        }
    return _("one more interview allowed at each of %(employers)s") % {"employers": _employers(note, names)}


def _more_tables(note: Note, names: Names) -> str:
    if len(note.employers) == 1:
        return _("one more table at %(employer)s") % {"employer": names.employer(note.employers[0])}
    return _("one more table at each of %(employers)s") % {"employers": _employers(note, names)}


def _stay(note: Note, names: Names) -> str:
    return conjoin(
        _("%(employer)s also being there at %(time)s")
        % {"employer": names.employer(e), "time": names.time(s)}
        for e, s in zip(note.employers, note.slots, strict=True)
    )


def _more_wishes(note: Note, names: Names) -> str:
    parts = {"count": note.count, "name": names.candidate(note)}
    if not note.employers:
        return (
            ngettext("%(count)d more wish for %(name)s", "%(count)d more wishes for %(name)s", note.count)
            % parts
        )
    return ngettext(
        "%(count)d more wish for %(name)s "
        "(for example %(employers)s, who have free tables when %(name)s is free)",
        "%(count)d more wishes for %(name)s "
        "(for example %(employers)s, who have free tables when %(name)s is free)",
        note.count,
    ) % {**parts, "employers": _employers(note, names, "or")}


_WORDS: dict[str, Callable[[Note, Names], str]] = {
    "too_few_wishes": _too_few_wishes,
    "unavailable": _unavailable,
    "away": _away,
    "full": _full,
    "tables": _tables,
    "advisor_busy": _advisor_busy,
    "clash": _clash,
    "room": _room,
    "no_wishes": lambda note, names: _("%(name)s has no wishes") % {"name": names.candidate(note)},
    "attend_more": _attend_more,
    "raise_max": _raise_max,
    "more_tables": _more_tables,
    "other_advisor": lambda note, names: (
        _("someone else accompanying %(name)s, or %(name)s going unaccompanied")
        % {"name": names.candidate(note)}
    ),
    "stay": _stay,
    "time_limit": lambda note, names: _("generating again"),
    "more_wishes": _more_wishes,
    "fallback": lambda note, names: (
        _("more tables at the employers %(name)s wished for, or wishes for employers with room")
        % {"name": names.candidate(note)}
    ),
}
