"""Everything Kobling holds about one participant, as one plain dict (GDPR articles 15 and 20).

The participant's download, a coordinator's copy on request and `kobling privacy export` all use
`build`; the printable page (`printable.py`) lays the same dict out. Choices are stored as their
codes, dates and times as ISO 8601 (times in Oslo time, with the offset).

What is left out, and why
- Other people's names and contact details: staff who wrote an entry, recorded a consent or read
  the person's data are described by organisation and role (`selectors.describe_actor`); the
  mentor by occupation and employer; employers by the organisation's name, never the contact
  person or their e-mail; a placement's supervisor is left out.
- What others wrote for themselves: the mentor's private notes, check-ins and evaluation, and the
  mentor's messages (their words; the person reads them in the pair's space while it is open).
- E-mail bodies: they may hold one-time login links; subject, date and state are listed.
What is included although staff may see more than the person does on the web: provider-only and
sensitive timeline entries, the intake interview, tasks about the person and all employer feedback,
released or not. It is their data (article 15), and hiding it would make the copy incomplete.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q
from django.utils import timezone

from kobling.core.models import Membership
from kobling.events.models import CandidateRegistration
from kobling.mentoring.models import Mentorship
from kobling.mentorspace.models import CheckIn, Evaluation, Message, PrivateNote, Side
from kobling.network.models import Answer, MeetupSignup, Question
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant
from kobling.privacy import selectors
from kobling.privacy.models import Erasure
from kobling.programmes.intake.questions import DEFAULT_QUESTIONS
from kobling.programmes.models import Enrolment

FORMAT = "kobling-personal-data"
VERSION = 1


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _with_memberships(prefix: str) -> Prefetch:
    return Prefetch(f"{prefix}__memberships", queryset=Membership.objects.select_related("organisation"))


def _actor(user, participant: Participant) -> dict:
    organisation, role = selectors.describe_actor(user, participant)
    return {"organisation": organisation, "role": role}


def build(participant: Participant) -> dict:
    """The whole copy. Sections follow the order a person would look for them."""
    participant = (
        Participant.objects.select_related("organisation", "referring_office", "user")
        .prefetch_related(_with_memberships("advisor"))
        .get(pk=participant.pk)
    )
    return {
        **head(FORMAT),
        "participant_id": participant.pk,
        "erased": Erasure.objects.filter(participant=participant).exists(),
        "profile": _profile(participant),
        "languages": [
            {"language": lang.language, "level": lang.level}
            for lang in participant.languages.order_by("language")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "given": c.given,
                "at": iso(c.at),
                "recorded_by": _actor(c.recorded_by, participant) if c.recorded_by_id else None,
            }
            for c in participant.consents.select_related("recorded_by").prefetch_related(
                _with_memberships("recorded_by")
            )
        ],
        "login": login_of(participant.user) if participant.user_id else None,
        "enrolments": [_enrolment(e, participant) for e in _enrolments(participant)],
        "activity_plan": _activity_plan(participant),
        "timeline": _timeline(participant),
        "tasks": [
            {"title": t.title, "waiting_on": t.waiting_on, "due": iso(t.due), "done_at": iso(t.done_at)}
            for t in participant.tasks.order_by("created_at", "id")
        ],
        "mentoring": [_pair(pair, participant) for pair in _pairs(participant)],
        "events": [_registration(reg) for reg in _registrations(participant)],
        "network": network_of(participant.user_id),
        "emails": _emails(participant),
        "access_log": log_entries(selectors.log_lines(selectors.access_log(participant), participant)),
    }


def head(kind: str) -> dict:
    """The first keys of every copy: which kind it is, its version, when it was made."""
    return {"format": kind, "version": VERSION, "made_at": iso(timezone.now())}


def log_entries(lines) -> list[dict]:
    """A copy's log (`selectors.LogLine`s): when, by which organisation and role, what; never a name."""
    return [
        {"at": iso(line.at), "organisation": line.organisation, "role": line.role, "what": line.what}
        for line in lines
    ]


def _profile(p: Participant) -> dict:
    advisor = _actor(p.advisor, p) if p.advisor_id else None
    return {
        "first_name": p.first_name,
        "last_name": p.last_name,
        "email": p.email,
        "phone": p.phone,
        "birth_year": p.birth_year,
        "national_id": p.national_id,
        "county": p.region,
        "municipality": p.municipality,
        "preferred_language": p.preferred_language,
        "education": {
            "level": p.education_level,
            "field": p.education_field,
            "completed": p.education_completed,
            "abroad": p.education_abroad,
        },
        "it_evidence": list(p.it_evidence),
        "it_interest_notes": p.it_interest_notes,
        "work_experience": p.work_experience,
        "target_occupations": [f"{o.code} {o.title}" for o in p.target_occupations.order_by("code")],
        "background": {"nav_user": p.nav_user, "immigrant": p.immigrant, "neet": p.neet},
        "barriers": {
            "income": p.barrier_income,
            "housing": p.barrier_housing,
            "childcare": p.barrier_childcare,
            "health": p.barrier_health,
        },
        "provider": p.organisation.name,
        "referring_office": p.referring_office.name if p.referring_office else None,
        "nav_advisor": advisor,
        "source": p.source,
        "registered_at": iso(p.created_at),
    }


def login_of(user) -> dict:
    """The login: address, name, language, dates and roles (a participant's, a mentor's, a contact's)."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "language": user.language,
        "active": user.is_active,
        "joined_at": iso(user.date_joined),
        "last_login_at": iso(user.last_login),
        "roles": [
            {"role": m.role, "organisation": m.organisation.name if m.organisation else None}
            for m in user.memberships.select_related("organisation").order_by("pk")
        ],
    }


# ------------------------------------------------------------------------------------ programmes


def _enrolments(p: Participant):
    return (
        Enrolment.objects.filter(participant=p)
        .select_related("programme__organisation", "cohort", "interview", "outcome__occupation")
        .select_related("outcome__employer", "mentee_profile")
        .prefetch_related(
            "history",
            "attendance",
            "phase_history__phase",
            "certification_attempts__certification",
            "placements__host",
            "meetings",
            "outcome__follow_ups",
        )
        .order_by("created_at", "id")
    )


def _one(obj, name: str):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:  # no reverse one-to-one row
        return None


def _enrolment(e: Enrolment, p: Participant) -> dict:
    cohort = e.cohort
    return {
        "programme": e.programme.name,
        "provider": e.programme.organisation.name,
        "status": e.status,
        "status_since": iso(e.status_since),
        "created_at": iso(e.created_at),
        "referral_note": e.referral_note,
        "cohort": (
            {"name": cohort.name, "start_date": iso(cohort.start_date), "end_date": iso(cohort.end_date)}
            if cohort
            else None
        ),
        "cv_done_on": iso(e.cv_done_on),
        "profile_online_on": iso(e.profile_online_on),
        "mock_interview_on": iso(e.mock_interview_on),
        "status_history": [
            {
                "status": h.status,
                "reason": h.reason,
                "reason_text": h.reason_text,
                "valid_from": iso(h.valid_from),
                "valid_to": iso(h.valid_to),
            }
            for h in sorted(e.history.all(), key=lambda h: (h.valid_from, h.pk))
        ],
        "intake_interview": _interview(_one(e, "interview"), e.programme),
        "phases": [
            {"phase": r.phase.name, "started_on": iso(r.started_on), "ended_on": iso(r.ended_on)}
            for r in sorted(e.phase_history.all(), key=lambda r: (r.started_on, r.pk))
        ],
        "attendance": [{"day": iso(a.day), "mark": a.mark} for a in e.attendance.all()],
        "certifications": [
            {
                "certification": a.certification.name,
                "attempt": a.attempt,
                "state": a.state,
                "exam_date": iso(a.exam_date),
                "fee": money(a.fee),
                "nav_pays": money(a.nav_pays),
            }
            for a in e.certification_attempts.all()
        ],
        "meetings": [_meeting(m) for m in e.meetings.all()],
        "placements": [
            {
                "kind": pl.kind,
                "host": pl.host.name,
                "start_date": iso(pl.start_date),
                "end_date": iso(pl.end_date),
            }
            for pl in e.placements.all()
        ],
        "outcome": _outcome(_one(e, "outcome")),
        "mentee_profile": _mentee(_one(e, "mentee_profile")),
    }


def _interview(interview, programme) -> dict | None:
    if interview is None:
        return None
    questions = programme.intake_questions or DEFAULT_QUESTIONS
    custom = {q["key"]: q.get("label") for q in questions}
    order = [q["key"] for q in questions]
    keys = sorted(interview.answers, key=lambda k: (order.index(k) if k in order else len(order), k))
    return {
        "held_at": iso(interview.held_at),
        "answers": [
            {
                "question": custom.get(key) or key,
                "score": interview.answers[key],
                "note": interview.notes.get(key, ""),
            }
            for key in keys
        ],
        "score": str(interview.score),
        "norwegian_level": interview.norwegian_level,
        "english_level": interview.english_level,
        "profile_type": interview.profile_type,
        "recommended_path": interview.recommended_path,
    }


def _meeting(m) -> dict:
    return {
        "kind": m.kind,
        "starts_at": iso(m.starts_at),
        "minutes_long": m.minutes_long,
        "place": m.place,
        "agenda": m.agenda,
        "minutes": m.minutes,
        "minutes_published_at": iso(m.minutes_published_at),
    }


def _outcome(outcome) -> dict | None:
    if outcome is None:
        return None
    return {
        "kind": outcome.kind,
        "dropout_reason": outcome.dropout_reason,
        "occupation": f"{outcome.occupation.code} {outcome.occupation.title}" if outcome.occupation else None,
        "employer": outcome.employer.name if outcome.employer else outcome.employer_name,
        "start_date": iso(outcome.start_date),
        "note": outcome.note,
        "follow_ups": [
            {"months": f.months, "due": iso(f.due), "still_employed": f.still_employed}
            for f in outcome.follow_ups.all()
        ],
    }


def _mentee(profile) -> dict | None:
    if profile is None:
        return None
    return {
        "goals": profile.goals,
        "topics": list(profile.topics),
        "industries": list(profile.industries),
        "mode": profile.mode,
        "availability": list(profile.availability),
        "gender": profile.gender,
        "same_gender_wish": profile.same_gender_wish,
    }


def _activity_plan(p: Participant) -> list[dict]:
    return [
        {
            "kind": item.kind,
            "title": item.title,
            "description": item.description,
            "state": item.state,
            "agreed_with_nav": item.agreed_with_nav,
            "due": iso(item.due),
            "created_at": iso(item.created_at),
        }
        for item in p.activity_plan.order_by("created_at", "id")
    ]


def _timeline(p: Participant) -> list[dict]:
    entries = p.timeline.select_related("author").prefetch_related(_with_memberships("author"))
    return [
        {
            "occurred_at": iso(entry.occurred_at),
            "kind": entry.kind,
            "visibility": entry.visibility,
            "sensitive": entry.sensitive,
            "title": entry.title,
            "body": entry.body,
            "written_by": _actor(entry.author, p) if entry.author_id else None,
        }
        for entry in entries.order_by("occurred_at", "id")
    ]


# ------------------------------------------------------------------------------------- mentoring


def _pairs(p: Participant):
    user_id = p.user_id or 0
    return (
        Mentorship.objects.filter(mentee__enrolment__participant=p)
        .select_related("programme", "mentor__occupation")
        .prefetch_related(
            "history",
            "space_goals",
            Prefetch(
                "space_meetings__private_notes",
                queryset=PrivateNote.objects.filter(author_id=user_id),
                to_attr="own_notes",
            ),
            Prefetch("space_messages", queryset=Message.objects.filter(side=Side.MENTEE), to_attr="own"),
            Prefetch(
                "space_checkins", queryset=CheckIn.objects.filter(side=Side.MENTEE), to_attr="own_checkins"
            ),
            Prefetch(
                "space_evaluations", queryset=Evaluation.objects.filter(side=Side.MENTEE), to_attr="own_evals"
            ),
        )
        .order_by("proposed_at", "id")
    )


def _pair(pair: Mentorship, p: Participant) -> dict:
    mentor = pair.mentor
    return {
        "programme": pair.programme.name,
        "state": pair.state,
        "proposed_at": iso(pair.proposed_at),
        "mentor": {
            "occupation": f"{mentor.occupation.code} {mentor.occupation.title}",
            "employer": mentor.employer,
        },
        "intro_starts_at": iso(pair.intro_starts_at),
        "intro_place": pair.intro_place,
        "your_answer": pair.mentee_answer,
        "decline_reason": pair.decline_reason,
        "decline_text": pair.decline_text,
        "started_on": iso(pair.started_on),
        "ends_on": iso(pair.ends_on),
        "ended_at": iso(pair.ended_at),
        "history": [{"state": h.state, "at": iso(h.at), "note": h.note} for h in pair.history.all()],
        **pair_space_own(pair),
    }


def pair_space_own(pair: Mentorship) -> dict:
    """The pair's space as one side sees it: the shared goals and meeting notes, and that side's own
    private notes, messages, check-ins and evaluation (prefetched as `own_notes`, `own`, `own_checkins`,
    `own_evals`)."""
    return {
        "goals": [{"goal": g.title, "progress": g.progress} for g in pair.space_goals.all()],
        "meetings": [
            {
                "held_on": iso(m.held_on),
                "minutes_long": m.minutes,
                "topics": list(m.topics),
                "shared_notes": m.shared_notes,
                "your_private_note": m.own_notes[0].text if m.own_notes else "",
            }
            for m in sorted(pair.space_meetings.all(), key=lambda m: (m.held_on, m.pk))
        ],
        "your_messages": [{"sent_at": iso(m.created_at), "message": m.body} for m in pair.own],
        "your_checkins": [
            {"kind": c.kind, "month": c.month, "good_fit": c.good_fit, "score": c.score, "comment": c.comment}
            for c in sorted(pair.own_checkins, key=lambda c: (c.created_at, c.pk))
        ],
        "your_evaluation": [
            {
                "rating": ev.rating,
                "goals_met": ev.goals_met,
                "outcome": ev.outcome,
                "employer_name": ev.employer_name,
                "comment": ev.comment,
            }
            for ev in pair.own_evals
        ],
    }


# ---------------------------------------------------------------------------------------- events


def _registrations(p: Participant):
    return (
        CandidateRegistration.objects.filter(participant=p)
        .select_related("event__venue")
        .prefetch_related(
            "wishes__employer__organisation",
            "vetoes__employer__organisation",
            "interested__employer__organisation",
            "interviews__employer__organisation",
            "interviews__feedback",
            "interviews__reflection",
            "interviews__offer__occupation",
        )
        .order_by("event__date", "id")
    )


def _registration(reg: CandidateRegistration) -> dict:
    slots = reg.event.slots()
    return {
        "event": reg.event.title,
        "date": iso(reg.event.date),
        "venue": reg.event.venue.name,
        "state": reg.state,
        "looking_for": reg.looking_for,
        "experience": reg.experience,
        "languages": reg.languages,
        "needs_interpreter": reg.needs_interpreter,
        "needs_accessibility": reg.needs_accessibility,
        "advisor_attends": reg.advisor_attends,
        "consent_at": iso(reg.consent_at),
        "checked_in_at": iso(reg.checked_in_at),
        "no_show": reg.no_show,
        "wishes": [{"employer": w.employer.organisation.name, "rank": w.rank} for w in reg.wishes.all()],
        "vetoes": [
            {"employer": v.employer.organisation.name, "side": v.side, "reason": v.reason}
            for v in reg.vetoes.all()
        ],
        "interested_employers": sorted(i.employer.organisation.name for i in reg.interested.all()),
        "interviews": [
            _event_interview(i, slots) for i in sorted(reg.interviews.all(), key=lambda i: (i.slot, i.pk))
        ],
    }


def _event_interview(interview, slots) -> dict:
    feedback = _one(interview, "feedback")
    reflection = _one(interview, "reflection")
    offer = _one(interview, "offer")
    start = slots[interview.slot][0] if interview.slot < len(slots) else None
    return {
        "employer": interview.employer.organisation.name,
        "starts_at": iso(start),
        "state": interview.state,
        "feedback": (
            {
                "motivation": feedback.motivation,
                "communication": feedback.communication,
                "skills": feedback.skills,
                "fit": feedback.fit,
                "strengths": feedback.strengths,
                "advice": feedback.advice,
                "outcome": feedback.outcome,
                "given_at": iso(feedback.given_at),
                "released_at": iso(feedback.released_at),
            }
            if feedback
            else None
        ),
        "your_reflection": reflection.text if reflection else None,
        "offer": (
            {
                "kind": offer.kind,
                "state": offer.state,
                "occupation": f"{offer.occupation.code} {offer.occupation.title}"
                if offer.occupation
                else None,
                "start_date": iso(offer.start_date),
            }
            if offer
            else None
        ),
    }


# -------------------------------------------------------------------------------- network, e-mail


def network_of(user_id: int | None) -> dict:
    """What the login asked and answered in a programme's network, and the meetups it signed up for."""
    if user_id is None:
        return {"questions": [], "answers": [], "meetups": []}
    return {
        "questions": [
            {"asked_at": iso(q.created_at), "question": q.title, "detail": q.body, "hidden": q.is_hidden}
            for q in Question.objects.filter(author_id=user_id).order_by("created_at", "id")
        ],
        "answers": [
            {"answered_at": iso(a.created_at), "question": a.question.title, "answer": a.body}
            for a in Answer.objects.filter(author_id=user_id).select_related("question").order_by("id")
        ],
        "meetups": [
            {
                "meetup": s.meetup.title,
                "starts_at": iso(s.meetup.starts_at),
                "state": s.state,
                "attended": s.attended,
            }
            for s in MeetupSignup.objects.filter(user_id=user_id).select_related("meetup").order_by("id")
        ],
    }


def _emails(p: Participant) -> list[dict]:
    to = selectors.addresses(p)
    return emails_matching(selectors.to_any(to)) if to else []


def emails_matching(condition: Q) -> list[dict]:
    """The outbox's e-mails that match: subject, dates and state (bodies may hold one-time links)."""
    return [
        {"subject": m.subject, "queued_at": iso(m.created_at), "sent_at": iso(m.sent_at), "state": m.state}
        for m in OutboxEmail.objects.filter(condition).order_by("created_at", "id")
    ]
