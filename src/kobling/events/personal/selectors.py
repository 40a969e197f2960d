"""Each person's day at an event (candidate, employer, advisor): the lines of their schedule, what each
user may see of them, and who gets which e-mail about their day."""

from dataclasses import dataclass
from datetime import datetime

from django.http import Http404

from kobling.core import access
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.events.models import CandidateRegistration, EmployerRegistration, Event, EventStatus, Interview
from kobling.events.selectors import LIVE_STATES, EventRights, event_for_user

SHOWN = (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.CLOSED)


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


def _with_people(interviews):
    return interviews.select_related(
        "employer__organisation", "candidate__participant", "candidate__advisor"
    ).prefetch_related("employer__openings__occupation")


def _live(event: Event):
    return _with_people(Interview.objects.filter(event=event, state__in=LIVE_STATES))


def candidate_lines(reg: CandidateRegistration) -> list[Line]:
    return _lines(reg.event, _live(reg.event).filter(candidate=reg))


def employer_lines(reg: EmployerRegistration) -> list[Line]:
    return _lines(reg.event, _live(reg.event).filter(employer=reg))


def advisor_lines(event: Event, advisor) -> list[Line]:
    return _lines(event, _live(event).filter(candidate__advisor=advisor))


# What a user sees ------------------------------------------------------------------------------------


def personal_schedule(user, pk, query) -> tuple[Event, EventRights, list]:
    """The event and the days this user sees in it, as (who, registration, lines) sections: their own
    registrations' days and, for an advisor, their candidates'. An organiser may open one person's day
    with ?candidate=ID or ?employer=ID (`query`). Nothing before the schedule is published."""
    event, rights = event_for_user(user, pk)
    if event.status not in SHOWN:
        return event, rights, []
    if rights.manage:
        one = _one_for_organiser(event, query)
        if one is not None:
            return event, rights, [one]
    sections = []
    for reg in CandidateRegistration.objects.filter(pk__in=rights.candidate_ids).select_related(
        "event", "participant"
    ):
        sections.append(("candidate", reg, candidate_lines(reg)))
    for reg in EmployerRegistration.objects.filter(pk__in=rights.employer_ids).select_related(
        "event", "organisation"
    ):
        sections.append(("employer", reg, employer_lines(reg)))
    if access.can(user, Cap.FOLLOW_OWN_PEOPLE):
        lines = advisor_lines(event, user)
        if lines:
            sections.append(("advisor", None, lines))
    return event, rights, sections


def _one_for_organiser(event: Event, query):
    """One candidate's or one employer's day, for the organiser to open (and print). Anything else
    there, or someone of another event, is a 404."""
    for key, model, lines in (
        ("candidate", CandidateRegistration, candidate_lines),
        ("employer", EmployerRegistration, employer_lines),
    ):
        raw = query.get(key)
        if raw is None:
            continue
        if not raw.isdigit():
            raise Http404
        reg = get_or_404(model.objects.select_related("event").filter(event=event), pk=int(raw))
        return (key, reg, lines(reg))
    return None


# Who hears about their day ----------------------------------------------------------------------------


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
    for line in _lines(event, _live(event)):
        i = line.interview
        by_candidate.setdefault(i.candidate_id, []).append(line)
        by_employer.setdefault(i.employer_id, []).append(line)
        if i.candidate.advisor_id:
            by_advisor.setdefault(i.candidate.advisor_id, []).append(line)
    if candidates is None and employers is None:
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
    lost = _cancelled_by_candidate(event, cancelled)
    return [
        *(_candidate_mail(people[key], group, lost.get(key, [])) for key, group in by_candidate.items()),
        *(_employer_mail(group) for group in by_employer.values()),
        *(_advisor_mail(group) for group in by_advisor.values()),
    ]


def _cancelled_by_candidate(event: Event, cancelled) -> dict[int, list[Line]]:
    lost: dict[int, list[Line]] = {}
    for line in _lines(event, _with_people(Interview.objects.filter(pk__in=list(cancelled)))):
        lost.setdefault(line.interview.candidate_id, []).append(line)
    return lost


def _candidate_mail(reg: CandidateRegistration, lines: list[Line], cancelled: list[Line]) -> Mail:
    p = reg.participant
    return Mail("candidate", p.email, p.first_name, p.full_name, p.preferred_language, lines, cancelled)


def _employer_mail(lines: list[Line]) -> Mail:
    reg = lines[0].interview.employer
    return Mail(
        "employer", reg.contact_email, reg.contact_name, reg.organisation.name, reg.language, lines, []
    )


def _advisor_mail(lines: list[Line]) -> Mail:
    a = lines[0].interview.candidate.advisor
    return Mail("advisor", a.email, a.full_name, a.full_name or a.email, a.language, lines, [])
