"""The mentor programme's e-mails: to a mentor, to both people of a pair, and the intro meeting's
calendar invitation. The services send them inside their transactions (the outbox row commits with
the change)."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kobling.mentoring.models import MentorProfile, Mentorship
from kobling.notifications import ics
from kobling.notifications.services import email_send
from kobling.programmes.models import Programme


def tell_mentor(mentor: MentorProfile, template: str, *, programme: Programme, context: dict) -> None:
    """One e-mail to the mentor in their language, naming them, the programme and its provider."""
    organisation = programme.organisation
    email_send(
        to=mentor.email,
        template=template,
        language=mentor.language,
        organisation=organisation,
        context={
            "name": mentor.full_name,
            "programme": programme.name,
            "provider": organisation.name,
            **context,
        },
    )


def mentee_contact(mentorship: Mentorship) -> tuple[str, str, str]:
    """(e-mail, full name, language) of the pair's mentee."""
    participant = mentorship.mentee.enrolment.participant
    return participant.email, participant.full_name, participant.preferred_language


def tell_both(mentorship: Mentorship, template: str, context: dict, attachments=None) -> None:
    """The same e-mail to the mentee and the mentor, each in their language, with a link to the pair's
    page. `attachments` may be a function of the language (a calendar invitation in it)."""
    organisation = mentorship.programme.organisation
    email, name, language = mentee_contact(mentorship)
    mentor = mentorship.mentor
    for to, own, other, lang, role in (
        (email, name, mentor.full_name, language, "mentee"),
        (mentor.email, mentor.full_name, name, mentor.language, "mentor"),
    ):
        if not to:
            continue
        email_send(
            to=to,
            template=template,
            language=lang,
            organisation=organisation,
            context={
                "name": own,
                "other": other,
                "role": role,
                "programme": mentorship.programme.name,
                "provider": organisation.name,
                "path": reverse("mentorship_detail", args=[mentorship.pk]),
                **context,
            },
            attachments=attachments(lang) if callable(attachments) else attachments,
        )


def intro_ends_at(mentorship: Mentorship) -> datetime:
    return mentorship.intro_starts_at + timedelta(minutes=mentorship.intro_minutes)


def intro_calendar(mentorship: Mentorship, *, language: str) -> str:
    """The intro meeting as an iCalendar request for both people."""
    email, name, _lang = mentee_contact(mentorship)
    attendees = [ics.Person(mentorship.mentor.email, mentorship.mentor.full_name)]
    if email:
        attendees.append(ics.Person(email, name))
    where = " – ".join(x for x in (mentorship.intro_place, mentorship.intro_video_url) if x)
    with translation.override(language):
        summary = _("Intro meeting: %(programme)s") % {"programme": mentorship.programme.name}
    return ics.calendar(
        method="REQUEST",
        uid=f"mentorship-{mentorship.pk}-intro@kobling",
        sequence=mentorship.intro_sequence,
        start=mentorship.intro_starts_at,
        end=intro_ends_at(mentorship),
        summary=summary,
        organiser=ics.Person(
            parseaddr(settings.DEFAULT_FROM_EMAIL)[1], mentorship.programme.organisation.name
        ),
        attendees=attendees,
        location=where,
    )


def intro_attachments(mentorship: Mentorship):
    """The intro meeting's calendar file, in each reader's language."""
    return lambda language: [
        {
            "filename": "koblingsmote.ics",
            "mimetype": "text/calendar; method=REQUEST",
            "content": intro_calendar(mentorship, language=language),
        }
    ]
