"""Personal schedules (candidate, employer, advisor): on the web, as a calendar file, and by e-mail.

A schedule holds several interviews, so its calendar file is one VCALENDAR with a VEVENT each
(METHOD:PUBLISH), written with the escaping and folding of `notifications.ics`.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import log_action
from kobling.core.models import AuditLog
from kobling.events import scheduling
from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, EventStatus, Interview
from kobling.events.scheduling import LIVE
from kobling.events.services import event_change_status
from kobling.notifications.ics import PRODID, escape_text, fold, utc_stamp
from kobling.notifications.services import email_send


@dataclass
class Line:
    interview: Interview
    start: datetime
    end: datetime


def _lines(event: Event, interviews) -> list[Line]:
    slots = event.slots()
    result = []
    for i in interviews:
        if 0 <= i.slot < len(slots):
            result.append(Line(i, *slots[i.slot]))
    return sorted(result, key=lambda line: (line.start, line.interview.pk))


def _live(event: Event):
    return (
        Interview.objects.filter(event=event, state__in=LIVE)
        .select_related("employer__organisation", "candidate__participant", "candidate__advisor")
        .prefetch_related("employer__openings__occupation")
    )


def candidate_lines(reg: CandidateRegistration) -> list[Line]:
    return _lines(reg.event, _live(reg.event).filter(candidate=reg))


def employer_lines(reg: EmployerRegistration) -> list[Line]:
    return _lines(reg.event, _live(reg.event).filter(employer=reg))


def advisor_lines(event: Event, advisor) -> list[Line]:
    return _lines(event, _live(event).filter(candidate__advisor=advisor))


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


def _mail(*, event, to, name, language, who, lines, organisation, cancelled=()) -> None:
    email_send(
        to=to,
        template=f"event_schedule_{who}",
        language=language,
        organisation=organisation,
        context={
            "name": name,
            "event": event,
            "venue": event.venue.name,
            "rows": _rows(event, lines, who, language),
            "cancelled": _rows(event, cancelled, who, language),
            "info_meeting": event.info_meeting(),
            "url": settings.SITE_URL + reverse("event_my_schedule", args=[event.pk]),
        },
        attachments=_attachment(event, lines, who) if lines else [],
    )


@transaction.atomic
def publish(*, actor, event: Event) -> int:
    """Publish the schedule and e-mail everyone their own day in their language; returns e-mails sent."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.SCHEDULING:
        raise ValidationError(_("Only a schedule being made can be published."))
    event = event_change_status(actor=actor, event=event, status=EventStatus.PUBLISHED)
    Interview.objects.filter(event=event, state=Interview.State.PLANNED).update(published=True)
    event.schedule_version += 1
    event.save(update_fields=["schedule_version"])
    return send_schedules(actor=actor, event=event)


def _day_of_everyone(event: Event) -> set[tuple[int, int, int, str]]:
    return set(
        Interview.objects.filter(event=event, published=True).values_list(
            "candidate_id", "employer_id", "slot", "state"
        )
    )


def replan(*, actor, event: Event, from_slot: int | None = None):
    """Re-plan the rest of the day and e-mail the new day to the candidates, employers and advisors
    whose interviews moved, were cancelled or were added; nobody else.

    The engine solves outside any transaction; writing the answer and the e-mails about it is one
    transaction, under the event's lock."""
    built, result = scheduling.replan_solve(event=event, from_slot=from_slot)
    with transaction.atomic(durable=True):
        Event.objects.select_for_update().get(pk=event.pk)
        before = _day_of_everyone(event)
        was_cancelled = set(_cancelled_ids(event))
        scheduling.schedule_apply(
            actor=actor, built=built, result=result, note=f"re-planned from slot {built.first_slot}"
        )
        changed = before ^ _day_of_everyone(event)
        if changed:
            send_schedules(
                actor=actor,
                event=event,
                candidates={c for c, _e, _s, _state in changed},
                employers={e for _c, e, _s, _state in changed},
                cancelled=set(_cancelled_ids(event)) - was_cancelled,
            )
    return result


def _cancelled_ids(event: Event):
    return Interview.objects.filter(event=event, published=True, state=Interview.State.CANCELLED).values_list(
        "pk", flat=True
    )


@dataclass
class Mail:
    """One person's e-mail about their day: to whom, in which role, and which lines it lists."""

    who: str  # candidate, employer or advisor
    to: str
    name: str
    full_name: str
    language: str
    lines: list[Line]
    cancelled: list[Line]


def schedule_mails(*, event: Event, candidates=None, employers=None, cancelled=()) -> list[Mail]:
    """Who gets which e-mail about their day: everyone with an interview, or, with `candidates` and
    `employers` (registration ids), only those people and the advisors of those candidates.
    `cancelled` (interview ids) are named in the candidates' e-mails. People without an e-mail
    address are listed too (`to` empty): the organiser tells them another way. The preview before
    publishing and the sending use this one list."""
    by_candidate: dict[int, list[Line]] = {}
    by_employer: dict[int, list[Line]] = {}
    by_advisor: dict[int, list[Line]] = {}
    everyone = candidates is None and employers is None
    for line in _lines(event, _live(event)):
        i = line.interview
        by_candidate.setdefault(i.candidate_id, []).append(line)
        by_employer.setdefault(i.employer_id, []).append(line)
        if i.candidate.advisor_id:
            by_advisor.setdefault(i.candidate.advisor_id, []).append(line)
    lost: dict[int, list[Line]] = {}
    for line in _lines(
        event,
        Interview.objects.filter(pk__in=list(cancelled)).select_related(
            "employer__organisation", "candidate__participant", "candidate__advisor"
        ),
    ):
        lost.setdefault(line.interview.candidate_id, []).append(line)
    if everyone:
        people = {k: g[0].interview.candidate for k, g in by_candidate.items()}
    else:
        # Each person still gets their whole day, but only the people whose day changed get it.
        registrations = CandidateRegistration.objects.filter(pk__in=set(candidates or ())).select_related(
            "participant", "advisor"
        )
        people = {r.pk: r for r in registrations}
        by_candidate = {r.pk: by_candidate.get(r.pk, []) for r in registrations}
        advisors = {r.advisor_id for r in registrations if r.advisor_id}
        by_employer = {k: g for k, g in by_employer.items() if k in (employers or ())}
        by_advisor = {k: g for k, g in by_advisor.items() if k in advisors}
    mails = []
    for key, group in by_candidate.items():
        p = people[key].participant
        mails.append(
            Mail(
                "candidate",
                p.email,
                p.first_name,
                p.full_name,
                p.preferred_language,
                group,
                lost.get(key, []),
            )
        )
    for group in by_employer.values():
        reg = group[0].interview.employer
        mails.append(
            Mail(
                "employer",
                reg.contact_email,
                reg.contact_name,
                reg.organisation.name,
                reg.language,
                group,
                [],
            )
        )
    for group in by_advisor.values():
        a = group[0].interview.candidate.advisor
        mails.append(Mail("advisor", a.email, a.full_name, a.full_name or a.email, a.language, group, []))
    return mails


def send_schedules(*, actor, event: Event, candidates=None, employers=None, cancelled=()) -> int:
    """E-mail each person on `schedule_mails` their day; returns how many e-mails were sent."""
    organisation = event.organisers.order_by("pk").first()
    sent = 0
    for mail in schedule_mails(event=event, candidates=candidates, employers=employers, cancelled=cancelled):
        if mail.to:
            _mail(
                event=event,
                to=mail.to,
                name=mail.name,
                language=mail.language,
                who=mail.who,
                lines=mail.lines,
                organisation=organisation,
                cancelled=mail.cancelled,
            )
            sent += 1
    log_action(
        actor=actor,
        action=AuditLog.Action.UPDATE,
        obj=event,
        organisation=organisation,
        fields=["schedule_version"],
        note=f"published: {sent} e-mails",
    )
    return sent
