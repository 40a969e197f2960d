"""E-mailing people their day at an event, in their language, with a calendar file. Part of the
services that change the day (publishing, re-planning, a late employer), inside their transaction."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.events.models import Event
from kobling.events.personal.calendar import calendar_file
from kobling.events.personal.selectors import Line, Mail, schedule_mails
from kobling.events.selectors import event_home
from kobling.notifications.services import email_send


def _attachment(event: Event, lines: list[Line], who: str) -> list[dict]:
    return [
        {
            "filename": f"kobling-{event.pk}.ics",
            "mimetype": "text/calendar; method=PUBLISH",
            "content": calendar_file(event, lines, who=who),
        }
    ]


def _rows(event: Event, lines: list[Line], who: str, language: str) -> list[str]:
    with translation.override(language):
        rows = []
        for line in lines:
            i = line.interview
            time = timezone.localtime(line.start).strftime("%H:%M")
            if who == "employer":
                text = _("%(time)s, table %(table)s: %(name)s") % {
                    "time": time,
                    "table": i.table,
                    "name": i.candidate.short_name,
                }
            elif who == "advisor":
                text = _("%(time)s: %(candidate)s meets %(employer)s%(along)s") % {
                    "time": time,
                    "candidate": i.candidate.participant.full_name,
                    "employer": i.employer.organisation.name,
                    "along": _(" (you come along)") if i.candidate.advisor_attends else "",
                }
            else:
                text = _("%(time)s: %(employer)s, table %(table)s") % {
                    "time": time,
                    "employer": i.employer.organisation.name,
                    "table": i.table,
                }
            rows.append(text)
        return rows


def _send(event: Event, mail: Mail, organisation) -> None:
    email_send(
        to=mail.to,
        template=f"event_schedule_{mail.who}",
        language=mail.language,
        organisation=organisation,
        context={
            "name": mail.name,
            "event": event,
            "venue": event.venue.name,
            "rows": _rows(event, mail.lines, mail.who, mail.language),
            "cancelled": _rows(event, mail.cancelled, mail.who, mail.language),
            "info_meeting": event.info_meeting(),
            "url": settings.SITE_URL + reverse("event_my_schedule", args=[event.pk]),
        },
        attachments=_attachment(event, mail.lines, mail.who) if mail.lines else [],
    )


def send_schedules(*, event: Event, candidates=None, employers=None, cancelled=()) -> int:
    """E-mail each person on `schedule_mails` their day; returns how many e-mails were sent. The
    calling service audits what it did, the e-mails among it."""
    organisation = event_home(event)
    sent = 0
    for mail in schedule_mails(event=event, candidates=candidates, employers=employers, cancelled=cancelled):
        if mail.to:
            _send(event, mail, organisation)
            sent += 1
    return sent
