"""A personal schedule as a calendar file: one VCALENDAR (METHOD:PUBLISH) with a VEVENT for each
interview, written with the escaping and folding of `notifications.ics`."""

from datetime import UTC, datetime

from django.utils.translation import gettext as _

from kobling.events.models import Event
from kobling.events.personal.selectors import Line
from kobling.notifications.ics import PRODID, escape_text, fold, utc_stamp


def calendar_file(event: Event, lines: list[Line], *, who: str) -> str:
    """Every interview in `lines`, plus the employers' information meeting for an employer."""
    venue = ", ".join(x for x in (event.venue.name, event.address) if x)
    stamp = utc_stamp(datetime.now(UTC))
    out = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(event.title)}",
    ]
    events = []
    if who == "employer" and event.info_meeting():
        start, end = event.info_meeting()
        events.append((f"event-{event.pk}-info", start, end, _("Information meeting for employers"), ""))
    for line in lines:
        i = line.interview
        if who == "employer":
            summary = _("Interview with %(name)s (table %(table)s)") % {
                "name": i.candidate.short_name,
                "table": i.table,
            }
        elif who == "advisor":
            summary = _("%(candidate)s meets %(employer)s") % {
                "candidate": i.candidate.participant.full_name,
                "employer": i.employer.organisation.name,
            }
        else:
            summary = _("Interview with %(employer)s (table %(table)s)") % {
                "employer": i.employer.organisation.name,
                "table": i.table,
            }
        events.append((f"event-{event.pk}-interview-{i.pk}", line.start, line.end, summary, event.title))
    for uid, start, end, summary, description in events:
        out += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(uid)}@kobling",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{utc_stamp(start)}",
            f"DTEND:{utc_stamp(end)}",
            f"SEQUENCE:{event.schedule_version}",
            f"SUMMARY:{escape_text(str(summary))}",
            f"LOCATION:{escape_text(venue)}",
        ]
        if description:
            out.append(f"DESCRIPTION:{escape_text(description)}")
        out += ["STATUS:CONFIRMED", "END:VEVENT"]
    out.append("END:VCALENDAR")
    return "".join(f"{fold(line)}\r\n" for line in out)
