"""A small iCalendar writer (RFC 5545) for meeting invitations: one VEVENT per calendar.

Only what an invitation needs: METHOD REQUEST or CANCEL, times in UTC, text escaped, lines folded
at 75 octets and ended with CRLF. No dependency, so the output is easy to test byte for byte.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

PRODID = "-//Kobling//Meetings 1.0//NB"
METHODS = ("REQUEST", "CANCEL")
LINE_OCTETS = 75


@dataclass(frozen=True)
class Person:
    email: str
    name: str = ""


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks are escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _param_value(value: str) -> str:
    # A parameter value can never hold a double quote (RFC 5545 3.1), and is quoted when it holds
    # a character that would otherwise end it.
    value = " ".join(value.replace('"', "'").split())
    return f'"{value}"' if any(c in value for c in ";:,") else value


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    if len(line.encode()) <= LINE_OCTETS:
        return line
    pieces, current, size, limit = [], [], 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            pieces.append("".join(current))
            # A continuation line starts with one space, which counts towards its 75 octets.
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("Calendar times must be timezone-aware.")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _address(prefix: str, person: Person, extra: str = "") -> str:
    email = "".join(person.email.split())
    name = f";CN={_param_value(person.name)}" if person.name.strip() else ""
    return f"{prefix}{name}{extra}:mailto:{email}"


def calendar(
    *,
    method: str,
    uid: str,
    sequence: int,
    start: datetime,
    end: datetime,
    summary: str,
    organiser: Person,
    attendees: Iterable[Person] = (),
    location: str = "",
    description: str = "",
    stamp: datetime | None = None,
) -> str:
    """One event as a complete calendar object, ready to attach as text/calendar."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}")
    if end <= start:
        raise ValueError("An event must end after it starts.")
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{escape_text(uid)}",
        f"DTSTAMP:{utc_stamp(stamp or datetime.now(UTC))}",
        f"DTSTART:{utc_stamp(start)}",
        f"DTEND:{utc_stamp(end)}",
        f"SEQUENCE:{int(sequence)}",
        f"SUMMARY:{escape_text(summary)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append(_address("ORGANIZER", organiser))
    for person in attendees:
        lines.append(_address("ATTENDEE", person, ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"))
    lines += [
        f"STATUS:{'CANCELLED' if method == 'CANCEL' else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "".join(f"{fold(line)}\r\n" for line in lines)
