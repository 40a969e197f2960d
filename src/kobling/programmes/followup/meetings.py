"""Status and dialogue meetings: planned with a calendar invitation (RFC 5545) to the person, their
NAV advisor and the organiser, moved with a higher SEQUENCE, cancelled with METHOD:CANCEL, and closed
with minutes that are shared with the person once published. `meeting_plan` is also composed by the
demo's one transaction, so it is not durable; the rest are."""

from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import assign_changes, create_and_log, delete_and_log, save_and_log
from kobling.notifications import ics
from kobling.notifications.services import email_send
from kobling.people import services as people
from kobling.people.models import TimelineEntry
from kobling.programmes.followup.selectors import NO_MEETINGS, meeting_ends_at, require_right, rights_for
from kobling.programmes.models import Enrolment, Meeting

MEETING_FIELDS = ["kind", "starts_at", "minutes_long", "place", "agenda"]
MEETING_LENGTH = (15, 480)


def _check_meeting(*, enrolment: Enrolment, values: dict, moved: bool) -> None:
    errors = {}
    if values["kind"] not in Meeting.Kind.values:
        errors["kind"] = _("Choose status meeting or dialogue meeting.")
    starts_at = values["starts_at"]
    if not isinstance(starts_at, datetime) or timezone.is_naive(starts_at):
        errors["starts_at"] = _("Choose a date and a time.")
    elif moved and starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a time in the future.")
    length = values["minutes_long"]
    if not isinstance(length, int) or not MEETING_LENGTH[0] <= length <= MEETING_LENGTH[1]:
        errors["minutes_long"] = _("A meeting lasts from %(min)s to %(max)s minutes.") % {
            "min": MEETING_LENGTH[0],
            "max": MEETING_LENGTH[1],
        }
    if not values["place"]:
        errors["place"] = _("Say where the meeting is, or paste the video link.")
    if enrolment.status in NO_MEETINGS:
        errors["enrolment"] = _("Meetings are for people who have applied or take part in the programme.")
    if errors:
        raise ValidationError(errors)


def _meeting_values(kind, starts_at, minutes_long, place, agenda) -> dict:
    return {
        "kind": kind,
        "starts_at": starts_at,
        "minutes_long": minutes_long,
        "place": (place or "").strip(),
        "agenda": (agenda or "").strip(),
    }


def _entry_text(meeting: Meeting) -> str:
    return "\n\n".join(part for part in (meeting.place, meeting.agenda) if part)


def _planned_entry(meeting: Meeting, kind: str, starts_at: datetime) -> TimelineEntry | None:
    """The provider-and-NAV timeline entry written when the meeting was planned."""
    return (
        TimelineEntry.objects.filter(
            participant_id=meeting.enrolment.participant_id,
            kind=kind,
            occurred_at=starts_at,
            visibility=TimelineEntry.Visibility.NAV,
        )
        .order_by("id")
        .first()
    )


def _invitees(meeting: Meeting) -> list[tuple[ics.Person, str]]:
    participant = meeting.enrolment.participant
    found = []
    if participant.email:
        found.append((ics.Person(participant.email, participant.full_name), participant.preferred_language))
    advisor = participant.advisor
    if advisor is not None and advisor.is_active and advisor.email:
        found.append((ics.Person(advisor.email, advisor.full_name), advisor.language))
    return found


def _organiser(meeting: Meeting) -> ics.Person:
    if meeting.organiser is not None:
        return ics.Person(meeting.organiser.email, meeting.organiser.full_name)
    return ics.Person(
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1], meeting.enrolment.participant.organisation.name
    )


def meeting_calendar(meeting: Meeting, *, language: str = "nb", method: str = "REQUEST") -> str:
    """The meeting as an iCalendar invitation (or cancellation) in the reader's language."""
    with translation.override(language):
        summary = f"{Meeting.Kind(meeting.kind).label}: {meeting.enrolment.programme.name}"
    return ics.calendar(
        method=method,
        uid=f"meeting-{meeting.pk}@kobling",
        sequence=meeting.sequence,
        start=meeting.starts_at,
        end=meeting_ends_at(meeting),
        summary=summary,
        organiser=_organiser(meeting),
        attendees=[person for person, _lang in _invitees(meeting)],
        location=meeting.place,
        description=meeting.agenda,
    )


def _send_invitations(meeting: Meeting, *, changed: bool = False, cancelled: bool = False) -> None:
    method = "CANCEL" if cancelled else "REQUEST"
    recipients = _invitees(meeting)
    if meeting.organiser is not None:
        recipients.append((_organiser(meeting), meeting.organiser.language))
    organisation = meeting.enrolment.participant.organisation
    names = ", ".join(person.name for person, _lang in recipients)
    sent: set[str] = set()
    for person, language in recipients:
        if person.email.lower() in sent:
            continue
        sent.add(person.email.lower())
        email_send(
            to=person.email,
            template="meeting_cancelled" if cancelled else "meeting_invitation",
            language=language,
            organisation=organisation,
            context={
                "name": person.name,
                "kind": Meeting.Kind(meeting.kind).label,
                "programme": meeting.enrolment.programme.name,
                "provider": organisation.name,
                "starts_at": timezone.localtime(meeting.starts_at),
                "ends_at": timezone.localtime(meeting_ends_at(meeting)),
                "place": meeting.place,
                "agenda": meeting.agenda,
                "attendees": names,
                "organiser": _organiser(meeting).name,
                "changed": changed,
                "path": reverse("meeting_detail", args=[meeting.pk]),
            },
            attachments=[
                {
                    "filename": "cancelled.ics" if cancelled else "invitation.ics",
                    "mimetype": f"text/calendar; method={method}",
                    "content": meeting_calendar(meeting, language=language, method=method),
                }
            ],
        )


def _lock_meeting(meeting: Meeting) -> Meeting:
    # Only the meeting row is locked (its organiser may be NULL, which PostgreSQL cannot lock).
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.enrolment = meeting.enrolment
    return locked


@transaction.atomic
def meeting_plan(
    *,
    actor,
    enrolment: Enrolment,
    kind: str,
    starts_at: datetime,
    minutes_long: int,
    place: str,
    agenda: str = "",
) -> Meeting:
    """Plan the meeting, put it on the timeline (as the next meeting) and invite everyone."""
    participant = enrolment.participant
    require_right(rights_for(actor, participant).meetings)
    values = _meeting_values(kind, starts_at, minutes_long, place, agenda)
    _check_meeting(enrolment=enrolment, values=values, moved=True)
    meeting = create_and_log(
        Meeting,
        actor=actor,
        organisation=participant.organisation,
        logged=[k for k, v in values.items() if v not in ("", None)],
        note=f"participant {participant.pk}",
        enrolment=enrolment,
        organiser=actor,
        **values,
    )
    people.timeline_entry_create(
        actor=actor,
        participant=participant,
        kind=meeting.kind,
        visibility=TimelineEntry.Visibility.NAV,
        title=_("%(kind)s planned") % {"kind": Meeting.Kind(meeting.kind).label},
        body=_entry_text(meeting),
        occurred_at=meeting.starts_at,
    )
    _send_invitations(meeting)
    return meeting


@transaction.atomic(durable=True)
def meeting_update(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    starts_at: datetime,
    minutes_long: int,
    place: str,
    agenda: str = "",
) -> list[str]:
    """Change or move the meeting; everyone gets the invitation again with a higher SEQUENCE."""
    participant = meeting.enrolment.participant
    require_right(rights_for(actor, participant).meetings)
    locked = _lock_meeting(meeting)
    if locked.minutes_published_at:
        raise ValidationError(_("The minutes are published, so the meeting can no longer be changed."))
    values = _meeting_values(kind, starts_at, minutes_long, place, agenda)
    _check_meeting(enrolment=meeting.enrolment, values=values, moved=values["starts_at"] != locked.starts_at)
    old_kind, old_start = locked.kind, locked.starts_at
    changed = assign_changes(locked, values)
    if not changed:
        return []
    locked.sequence += 1
    if locked.organiser_id is None:
        locked.organiser = actor
    saved = [*changed, "sequence", "organiser"]
    note = f"participant {participant.pk}"
    save_and_log(
        locked, actor=actor, organisation=participant.organisation, fields=saved, logged=changed, note=note
    )
    entry = _planned_entry(locked, old_kind, old_start)
    if entry is not None:
        entry.kind, entry.occurred_at, entry.body = locked.kind, locked.starts_at, _entry_text(locked)
        entry.title = _("%(kind)s planned") % {"kind": Meeting.Kind(locked.kind).label}
        entry.save(update_fields=["kind", "occurred_at", "body", "title"])
        people.participant_activity_refresh(participant)
    _send_invitations(locked, changed=True)
    for name in [*MEETING_FIELDS, "sequence", "organiser_id"]:
        setattr(meeting, name, getattr(locked, name))
    return changed


@transaction.atomic(durable=True)
def meeting_cancel(*, actor, meeting: Meeting) -> None:
    """Send METHOD:CANCEL to everyone, keep a note on the timeline, and remove the meeting."""
    participant = meeting.enrolment.participant
    require_right(rights_for(actor, participant).meetings)
    locked = _lock_meeting(meeting)
    if locked.minutes_published_at:
        raise ValidationError(_("The minutes of this meeting are published, so it cannot be cancelled."))
    locked.sequence += 1
    _send_invitations(locked, cancelled=True)
    entry = _planned_entry(locked, locked.kind, locked.starts_at)
    if entry is not None:
        # A note no longer counts as a meeting, so the person's next meeting moves on.
        entry.kind = TimelineEntry.Kind.NOTE
        entry.title = _("%(kind)s cancelled") % {"kind": Meeting.Kind(locked.kind).label}
        entry.save(update_fields=["kind", "title"])
        people.participant_activity_refresh(participant)
    delete_and_log(
        locked, actor=actor, organisation=participant.organisation, note=f"participant {participant.pk}"
    )


@transaction.atomic(durable=True)
def meeting_write_minutes(*, actor, meeting: Meeting, minutes: str, publish: bool = False) -> Meeting:
    """Save the draft minutes (provider and advisor see it); publishing shares them with the person."""
    participant = meeting.enrolment.participant
    require_right(rights_for(actor, participant).meetings)
    locked = _lock_meeting(meeting)
    if locked.minutes_published_at:
        raise ValidationError(_("The minutes are published and can no longer be changed."))
    minutes = (minutes or "").strip()
    if publish and not minutes:
        raise ValidationError({"minutes": _("Write the minutes before you publish them.")})
    if publish and locked.starts_at > timezone.now():
        raise ValidationError(_("The minutes can be published once the meeting has started."))
    fields = []
    if minutes != locked.minutes:
        locked.minutes = minutes
        fields.append("minutes")
    if publish:
        locked.minutes_published_at = timezone.now()
        fields.append("minutes_published_at")
        people.timeline_entry_create(
            actor=actor,
            participant=participant,
            kind=locked.kind,
            visibility=TimelineEntry.Visibility.PARTICIPANT,
            title=_("Minutes: %(kind)s %(date)s")
            % {
                "kind": Meeting.Kind(locked.kind).label,
                "date": timezone.localtime(locked.starts_at).strftime("%d.%m.%Y"),
            },
            body=minutes,
            occurred_at=locked.starts_at,
        )
    if fields:
        note = f"participant {participant.pk}" + (" published" if publish else "")
        save_and_log(locked, actor=actor, organisation=participant.organisation, fields=fields, note=note)
    meeting.minutes, meeting.minutes_published_at = locked.minutes, locked.minutes_published_at
    return meeting
