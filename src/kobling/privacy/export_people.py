"""Everything Kobling holds about a mentor, and about an employer's contact person, as plain dicts
(GDPR articles 15 and 20), in the shape of the participant's copy (`export.build`): codes for choices,
ISO 8601 dates and Oslo times with the offset. The person's own download (`services.mentor_export`,
`services.contact_export`) and the "My data" page use them; `printable_people` lays them out.

Whose records they are: `selectors.own_mentor_profiles` and `selectors.own_contact_registrations`
(the login, or the login's address).

What is left out, and why
- Other people: the mentee is their first name, as the pair's page names them (never their
  surname, contact details, national id or anything of their record); a candidate an employer marked
  is their first name, as employers see them; staff are an organisation and a role.
- What others wrote for themselves: the mentee's messages, private notes, check-ins and evaluation.
  What the two share in the pair's space (goals, the meeting log's shared notes) is in, as it is in
  the mentee's copy.
- Interview feedback and offers: they are the employer's, given in the company's name; they stay
  with the company when a contact person is erased too.
- E-mail bodies: they may hold one-time links; subject, date and state are listed.
"""

from django.db.models import Prefetch, Q

from kobling.events.models import EmployerRegistration, Veto
from kobling.mentoring.models import MentorProfile, Mentorship
from kobling.mentorspace.models import CheckIn, Evaluation, Message, PrivateNote, Side
from kobling.privacy import selectors
from kobling.privacy.export import (
    emails_matching,
    head,
    iso,
    log_entries,
    login_of,
    network_of,
    pair_space_own,
)

MENTOR_FORMAT = "kobling-personal-data-mentor"
CONTACT_FORMAT = "kobling-personal-data-employer-contact"


# --------------------------------------------------------------------------------------- mentors


def mentor_profiles(user) -> list[MentorProfile]:
    return list(
        selectors.own_mentor_profiles(user)
        .select_related("programme__organisation", "occupation", "partner")
        .prefetch_related("languages", "directory_consents")
        .order_by("created_at", "id")
    )


def mentor_build(user) -> dict:
    """The mentor's whole copy. Sections follow the order a person would look for them."""
    profiles = mentor_profiles(user)
    pairs = _pairs(profiles, user)
    return _mentor(user, profiles, pairs, mentor_log_lines(user, profiles, pairs))


def mentor_page(user, log_limit: int) -> tuple[dict, list]:
    """The copy for the "My data" page, and the newest `log_limit` lines of its log apart."""
    profiles = mentor_profiles(user)
    pairs = _pairs(profiles, user)
    return _mentor(user, profiles, pairs, []), mentor_log_lines(user, profiles, pairs, log_limit)


def _mentor(user, profiles: list[MentorProfile], pairs: list[Mentorship], log: list) -> dict:
    return {
        **head(MENTOR_FORMAT),
        "login": login_of(user),
        "mentor_profiles": [_profile(p) for p in profiles],
        "mentor_pairs": [_pair(pair) for pair in pairs],
        "network": network_of(user.pk),
        "emails": emails_matching(_mentor_mail(user, profiles)),
        "mentor_log": log_entries(log),
    }


def mentor_log_lines(user, profiles: list[MentorProfile], pairs, limit: int | None = None) -> list:
    """Who changed the profiles, read the pairs' messages or exported a list of mentors with them on it,
    in words, newest first (`limit` rows)."""
    names = {("mentoring.mentorprofile", str(p.pk)): p.programme.name for p in profiles}
    names |= {("programmes.programme", str(p.programme_id)): p.programme.name for p in profiles}
    names |= {("mentoring.mentorship", str(pair.pk)): pair.programme.name for pair in pairs}
    rows = selectors.mentor_log(user)
    return selectors.role_log_lines(rows[:limit] if limit else rows, user, names)


def _profile(p: MentorProfile) -> dict:
    return {
        "programme": p.programme.name,
        "provider": p.programme.organisation.name,
        "state": p.state,
        "source": p.source,
        "full_name": p.full_name,
        "email": p.email,
        "phone": p.phone,
        "email_language": p.language,
        "gender": p.gender,
        "occupation": f"{p.occupation.code} {p.occupation.title}",
        "industries": list(p.industries),
        "employer": p.employer,
        "partner_company": p.partner.name if p.partner else None,
        "county": p.region,
        "municipality": p.municipality,
        "mode": p.mode,
        "capacity": p.capacity,
        "availability": list(p.availability),
        "topics": list(p.topics),
        "topic_detail": p.topic_detail,
        "bio": p.bio,
        "languages": [
            {"language": lang.language, "level": lang.level}
            for lang in sorted(p.languages.all(), key=lambda lang: lang.language)
        ],
        "review_note": p.review_note,
        "reviewed_at": iso(p.reviewed_at),
        "directory": [
            {"given": c.given, "at": iso(c.at)}
            for c in sorted(p.directory_consents.all(), key=lambda c: (c.at, c.pk))
        ],
        "registered_at": iso(p.created_at),
        "updated_at": iso(p.updated_at),
    }


def _pairs(profiles: list[MentorProfile], user) -> list[Mentorship]:
    mentor = {"side": Side.MENTOR}
    return list(
        Mentorship.objects.filter(mentor__in=profiles)
        .select_related("programme", "mentee__enrolment__participant")
        .prefetch_related(
            "history",
            "space_goals",
            Prefetch(
                "space_meetings__private_notes",
                queryset=PrivateNote.objects.filter(author_id=user.pk),
                to_attr="own_notes",
            ),
            Prefetch("space_messages", queryset=Message.objects.filter(**mentor), to_attr="own"),
            Prefetch("space_checkins", queryset=CheckIn.objects.filter(**mentor), to_attr="own_checkins"),
            Prefetch("space_evaluations", queryset=Evaluation.objects.filter(**mentor), to_attr="own_evals"),
        )
        .order_by("proposed_at", "id")
    )


def _pair(pair: Mentorship) -> dict:
    by_mentor = pair.declined_by == "mentor"
    return {
        "mentee": pair.mentee.enrolment.participant.first_name,
        "programme": pair.programme.name,
        "state": pair.state,
        "proposed_at": iso(pair.proposed_at),
        "intro_starts_at": iso(pair.intro_starts_at),
        "intro_place": pair.intro_place,
        "your_answer": pair.mentor_answer,
        "declined_by": pair.declined_by,
        "decline_reason": pair.decline_reason,
        "decline_text": pair.decline_text if by_mentor else "",  # the others' words are theirs
        "started_on": iso(pair.started_on),
        "ends_on": iso(pair.ends_on),
        "ended_at": iso(pair.ended_at),
        "history": [{"state": h.state, "at": iso(h.at)} for h in pair.history.all()],
        **pair_space_own(pair),
    }


def _mentor_mail(user, profiles: list[MentorProfile]) -> Q:
    """E-mails to the login's address (theirs everywhere), and to a profile's address from that
    profile's organisation (a coordinator typed it; elsewhere it may be someone else's)."""
    condition = selectors.to_any([user.email]) if user.email else Q(pk__in=[])
    for p in profiles:
        if p.email:
            condition |= Q(to__iexact=p.email, organisation_id=p.programme.organisation_id)
    return condition


# ------------------------------------------------------------------------------ employer contacts


def contact_registrations(user) -> list[EmployerRegistration]:
    return list(
        selectors.own_contact_registrations(user)
        .select_related("event__venue", "organisation")
        .prefetch_related(
            "event__organisers",
            "openings__occupation",
            "interests__candidate__participant",
            Prefetch(
                "vetoes",
                queryset=Veto.objects.filter(side=Veto.Side.EMPLOYER).select_related(
                    "candidate__participant"
                ),
                to_attr="own_vetoes",
            ),
        )
        .order_by("event__date", "id")
    )


def contact_build(user) -> dict:
    """The contact person's whole copy: their login, the registrations naming them, e-mails, the log."""
    registrations = contact_registrations(user)
    return _contact(user, registrations, contact_log_lines(user, registrations))


def contact_page(user, log_limit: int) -> tuple[dict, list]:
    """The copy for the "My data" page, and the newest `log_limit` lines of its log apart."""
    registrations = contact_registrations(user)
    return _contact(user, registrations, []), contact_log_lines(user, registrations, log_limit)


def _contact(user, registrations: list[EmployerRegistration], log: list) -> dict:
    return {
        **head(CONTACT_FORMAT),
        "login": login_of(user),
        "registrations": [_registration(reg) for reg in registrations],
        "emails": emails_matching(selectors.to_any([user.email])) if user.email else [],
        "contact_log": log_entries(log),
    }


def contact_log_lines(user, registrations: list[EmployerRegistration], limit: int | None = None) -> list:
    names = {("events.employerregistration", str(r.pk)): r.event.title for r in registrations}
    rows = selectors.contact_log(user)
    return selectors.role_log_lines(rows[:limit] if limit else rows, user, names)


def _registration(reg: EmployerRegistration) -> dict:
    event = reg.event
    slots = event.slots()

    def slot_start(n: int | None) -> str | None:
        return iso(slots[n][0]) if n is not None and 0 <= n < len(slots) else None

    return {
        "event": event.title,
        "date": iso(event.date),
        "venue": event.venue.name,
        "address": event.address,
        "organisers": sorted(o.name for o in event.organisers.all()),
        "company": reg.organisation.name,
        "state": reg.state,
        "contact_name": reg.contact_name,
        "contact_email": reg.contact_email,
        "email_language": reg.language,
        "tables": reg.tables,
        "arrives_at": reg.arrives_at.strftime("%H:%M") if reg.arrives_at else None,
        "looking_for": reg.looking_for,
        "unavailable": [slot_start(n) for n in sorted(reg.unavailable) if slot_start(n)],
        "openings": [
            {
                "kind": o.kind,
                "occupation": f"{o.occupation.code} {o.occupation.title}",
                "places": o.places,
                "description": o.description,
                "inclusion": list(o.inclusion_tags),
            }
            for o in reg.openings.all()
        ],
        "interested_in": sorted(i.candidate.participant.first_name for i in reg.interests.all()),
        "not_to_meet": [
            {"candidate": v.candidate.participant.first_name, "reason": v.reason} for v in reg.own_vetoes
        ],
        "invited_at": iso(reg.invited_at),
        "registered_at": iso(reg.registered_at),
        "checked_in_at": iso(reg.checked_in_at),
        "no_show": reg.no_show,
        "late_until": slot_start(reg.late_until_slot),
    }
