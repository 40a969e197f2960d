"""Writes of the pair's space. Each is one transaction with its audit row (field names, never values)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import Action, create_and_log, log_action, update_and_log
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentoring.models import Mentorship
from kobling.mentoring.services import mentorship_complete, pair_task_create
from kobling.mentorspace.models import (
    CheckIn,
    CoordinatorView,
    Evaluation,
    Goal,
    MeetingLog,
    Message,
    PrivateNote,
    Resource,
    Side,
    SpaceSettings,
)
from kobling.mentorspace.selectors import Space, checkin_due, evaluation_open
from kobling.notifications.services import email_send
from kobling.people import services as people
from kobling.people.models import Task, TimelineEntry
from kobling.programmes.models import Programme


def _require_member(space: Space) -> None:
    if not space.can_write:
        raise ValidationError(_("Only the two of an active pair can write in its space."))


def contact(pair: Mentorship, side: str) -> tuple[str, str, str]:
    """(e-mail, name, language) of one side of the pair."""
    if side == Side.MENTOR:
        return pair.mentor.email, pair.mentor.full_name, pair.mentor.language
    participant = pair.mentee.enrolment.participant
    return participant.email, participant.full_name, participant.preferred_language


def other_side(side: str) -> str:
    return Side.MENTEE if side == Side.MENTOR else Side.MENTOR


def space_path(pair: Mentorship) -> str:
    return reverse("mentorspace_space", args=[pair.pk])


def _create_in_space(model, *, actor, space: Space, logged: list[str], **values):
    """A new row in the pair's space (its `mentorship` is the pair), audited for the programme's provider."""
    organisation = space.pair.programme.organisation
    return create_and_log(
        model, actor=actor, organisation=organisation, logged=logged, mentorship=space.pair, **values
    )


# -------------------------------------------------------------------- settings
@transaction.atomic(durable=True)
def space_settings_save(*, actor, programme: Programme, coordinator_view: str) -> SpaceSettings:
    if programme.kind != Programme.Kind.MENTOR:
        raise ValidationError(_("Only a mentor programme has pair spaces."))
    if coordinator_view not in CoordinatorView.values:
        raise ValidationError({"coordinator_view": _("Choose what coordinators see.")})
    current, _created = SpaceSettings.objects.select_for_update().get_or_create(programme=programme)
    if current.coordinator_view != coordinator_view:
        update_and_log(
            current, actor=actor, organisation=programme.organisation, coordinator_view=coordinator_view
        )
    return current


# ------------------------------------------------------------------------ goals
@transaction.atomic(durable=True)
def goal_add(*, actor, space: Space, title: str) -> Goal:
    _require_member(space)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Write the goal.")})
    if Goal.objects.filter(mentorship=space.pair).count() >= 20:
        raise ValidationError({"title": _("A pair can have at most 20 goals.")})
    return _create_in_space(
        Goal, actor=actor, space=space, logged=["title"], title=title[:200], created_by=actor
    )


@transaction.atomic(durable=True)
def goal_set_progress(*, actor, space: Space, goal_id: int, progress: int) -> Goal:
    _require_member(space)
    if progress not in Goal.Progress.values:
        raise ValidationError({"progress": _("Choose how far you have come.")})
    goal = Goal.objects.select_for_update().filter(mentorship=space.pair, pk=goal_id).first()
    if goal is None:
        raise ValidationError(_("That goal is not in this pair's space."))
    if goal.progress != progress:
        update_and_log(goal, actor=actor, organisation=space.pair.programme.organisation, progress=progress)
    return goal


# ---------------------------------------------------------------- meeting log
@transaction.atomic(durable=True)
def meeting_log(
    *,
    actor,
    space: Space,
    held_on: date,
    minutes: int,
    topics: list[str],
    shared_notes: str = "",
    private_note: str = "",
) -> MeetingLog:
    _require_member(space)
    errors = {}
    today = timezone.localdate()
    if held_on > today:
        errors["held_on"] = _("Log a meeting once it has taken place.")
    elif space.pair.started_on and held_on < space.pair.started_on - timedelta(days=31):
        errors["held_on"] = _("The date is long before the mentor period started.")
    if not 5 <= minutes <= 600:
        errors["minutes"] = _("Give a length between 5 and 600 minutes.")
    if errors:
        raise ValidationError(errors)
    shared_notes, private_note = shared_notes.strip(), private_note.strip()
    notes = [name for name, text in (("shared_notes", shared_notes), ("private_note", private_note)) if text]
    meeting = _create_in_space(
        MeetingLog,
        actor=actor,
        space=space,
        logged=["held_on", "minutes", "topics", *notes],
        held_on=held_on,
        minutes=minutes,
        topics=sorted(set(topics)),
        shared_notes=shared_notes,
        created_by=actor,
    )
    if private_note:
        PrivateNote.objects.create(meeting=meeting, author=actor, text=private_note)
    return meeting


@transaction.atomic(durable=True)
def private_note_save(*, actor, space: Space, meeting: MeetingLog, text: str) -> PrivateNote | None:
    _require_member(space)
    if meeting.mentorship_id != space.pair.pk:
        raise ValidationError(_("That meeting is not in this pair's space."))
    note = PrivateNote.objects.filter(meeting=meeting, author=actor).first()
    text = text.strip()
    if not text:
        if note:
            note.delete()
        return None
    if note is None:
        note = PrivateNote.objects.create(meeting=meeting, author=actor, text=text)
    else:
        note.text = text
        note.save(update_fields=["text"])
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=meeting,
        organisation=space.pair.programme.organisation,
        fields=["private_note"],
    )
    return note


# --------------------------------------------------------------------- messages
@transaction.atomic(durable=True)
def message_send(*, actor, space: Space, body: str) -> Message:
    """Store the message; tell the other side by e-mail, without the text, once per unread run."""
    _require_member(space)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    pair = space.pair
    already_waiting = Message.objects.filter(mentorship=pair, side=space.side, read_at__isnull=True).exists()
    message = _create_in_space(
        Message, actor=actor, space=space, logged=["body"], sender=actor, side=space.side, body=body[:4000]
    )
    if not already_waiting:
        to_side = other_side(space.side)
        to, name, language = contact(pair, to_side)
        _unused, sender_name, _lang = contact(pair, space.side)
        if to:
            email_send(
                to=to,
                template="mentorspace_message",
                language=language,
                organisation=pair.programme.organisation,
                context={
                    "name": name,
                    "sender": sender_name.split()[0] if sender_name else "",
                    "programme": pair.programme.name,
                    "provider": pair.programme.organisation.name,
                    "path": reverse("mentorspace_messages", args=[pair.pk]),
                },
            )
    return message


@transaction.atomic(durable=True)
def messages_read(*, actor, space: Space, shown: bool) -> int:
    """The reader has opened the pair's messages. One of the two: the other side's messages are marked
    read (not personal data, so no audit row). A coordinator: reading the pair's messages is logged
    (when there were any to see). Returns how many were marked read."""
    if not space.is_member:
        if shown:
            log_action(
                actor=actor,
                action=Action.READ,
                obj=space.pair,
                organisation=space.pair.programme.organisation,
                fields=["messages"],
            )
        return 0
    return Message.objects.filter(
        mentorship=space.pair, side=other_side(space.side), read_at__isnull=True
    ).update(read_at=timezone.now())


# -------------------------------------------------------------------- check-ins
@transaction.atomic(durable=True)
def checkin_answer(
    *, actor, space: Space, good_fit: bool | None = None, score: int | None = None, comment: str = ""
) -> CheckIn:
    """Answer the check-in that is due now. A low answer becomes a task for the coordinator."""
    _require_member(space)
    due = checkin_due(space)
    if due is None:
        raise ValidationError(_("No check-in is waiting for you just now."))
    kind, month = due
    if kind == CheckIn.Kind.FIT and good_fit is None:
        raise ValidationError({"good_fit": _("Answer yes or no.")})
    if kind == CheckIn.Kind.MONTHLY and score not in (1, 2, 3, 4, 5):
        raise ValidationError({"score": _("Choose a number from 1 to 5.")})
    low = good_fit is False if kind == CheckIn.Kind.FIT else score <= CheckIn.LOW_SCORE
    checkin = _create_in_space(
        CheckIn,
        actor=actor,
        space=space,
        logged=["good_fit", "score", "comment"],
        side=space.side,
        user=actor,
        kind=kind,
        month=month,
        good_fit=good_fit if kind == CheckIn.Kind.FIT else None,
        score=score if kind == CheckIn.Kind.MONTHLY else None,
        comment=comment.strip()[:500],
        low=low,
    )
    if low:
        checkin_low_task(actor=actor, space=space, checkin=checkin)
    return checkin


def checkin_low_task(*, actor, space: Space, checkin: CheckIn) -> Task | None:
    """A task for the pair's coordinator about a low check-in answer (None when the programme has no
    coordinator). Part of `checkin_answer`'s transaction; the demo calls it for its own check-ins."""
    pair = space.pair
    coordinator = mentoring_selectors.pair_coordinator(pair)
    if coordinator is None:
        return None
    participant = pair.mentee.enrolment.participant
    who = _("the mentor") if checkin.side == Side.MENTOR else _("the mentee")
    with translation.override(coordinator.language or "nb"):
        if checkin.kind == CheckIn.Kind.FIT:
            title = _("Mentor pair %(mentee)s and %(mentor)s: %(who)s is not sure it is a good fit") % {
                "mentee": participant.first_name,
                "mentor": pair.mentor.full_name,
                "who": who,
            }
        else:
            title = _(
                "Mentor pair %(mentee)s and %(mentor)s: %(who)s gave %(score)s of 5 in the check-in"
            ) % {
                "mentee": participant.first_name,
                "mentor": pair.mentor.full_name,
                "who": who,
                "score": checkin.score,
            }
    return pair_task_create(actor=actor, pair=pair, coordinator=coordinator, title=title)


# ------------------------------------------------------------------ completion
@transaction.atomic(durable=True)
def evaluation_submit(
    *,
    actor,
    space: Space,
    rating: int,
    goals_met: bool,
    comment: str = "",
    outcome: str = "",
    employer_name: str = "",
) -> Evaluation:
    """One side's final evaluation. When both have answered the pair is completed, and the mentee's
    outcome goes to the participant's record (a timeline entry and a task to record the outcome)."""
    _require_member(space)
    if not evaluation_open(space):
        raise ValidationError(_("The final evaluation opens when the mentor period is about to end."))
    errors = {}
    if rating not in (1, 2, 3, 4, 5):
        errors["rating"] = _("Choose a number from 1 to 5.")
    if space.side == Side.MENTEE and outcome not in Evaluation.Outcome.values:
        errors["outcome"] = _("Tell us where you are now.")
    if errors:
        raise ValidationError(errors)
    pair = Mentorship.objects.select_for_update().get(pk=space.pair.pk)
    if Evaluation.objects.filter(mentorship=pair, side=space.side).exists():
        raise ValidationError(_("You have already sent your evaluation."))
    is_mentee = space.side == Side.MENTEE
    evaluation = create_and_log(
        Evaluation,
        actor=actor,
        organisation=space.pair.programme.organisation,
        logged=["rating", "goals_met", "outcome", "comment"],
        mentorship=pair,
        side=space.side,
        user=actor,
        rating=rating,
        goals_met=goals_met,
        outcome=outcome if is_mentee else "",
        employer_name=employer_name.strip()[:200] if is_mentee and outcome == Evaluation.Outcome.JOB else "",
        comment=comment.strip()[:2000],
    )
    if is_mentee:
        _outcome_to_record(actor=actor, space=space, evaluation=evaluation)
    if Evaluation.objects.filter(mentorship=pair).count() == 2:
        mentorship_complete(actor=actor, mentorship=pair, note="both final evaluations in")
        space.pair.state, space.pair.ended_at = pair.state, pair.ended_at
    return evaluation


def _outcome_to_record(*, actor, space: Space, evaluation: Evaluation) -> None:
    pair = space.pair
    participant = pair.mentee.enrolment.participant
    with translation.override("nb"):
        label = str(Evaluation.Outcome(evaluation.outcome).label)
        title = _("Mentor period: %(outcome)s") % {"outcome": label}
    body = _("Said by the mentee in the final evaluation of the mentor period with %(mentor)s.") % {
        "mentor": pair.mentor.full_name
    }
    if evaluation.employer_name:
        body += "\n" + _("Employer: %(employer)s") % {"employer": evaluation.employer_name}
    people.timeline_entry_create(
        actor=actor,
        participant=participant,
        kind=TimelineEntry.Kind.NOTE,
        visibility=TimelineEntry.Visibility.NAV,
        title=title[:200],
        body=body,
    )
    coordinator = mentoring_selectors.pair_coordinator(pair)
    if coordinator is not None and evaluation.outcome in (
        Evaluation.Outcome.JOB,
        Evaluation.Outcome.EDUCATION,
    ):
        with translation.override(coordinator.language or "nb"):
            task_title = _("%(name)s reports: %(outcome)s. Record the outcome in %(programme)s") % {
                "name": participant.full_name,
                "outcome": str(Evaluation.Outcome(evaluation.outcome).label).lower(),
                "programme": pair.programme.name,
            }
        people.task_create(
            actor=actor,
            organisation=pair.programme.organisation,
            participant=participant,
            title=task_title[:200],
            assignee=coordinator,
            due=timezone.localdate() + timedelta(days=7),
            waiting_on=Task.WaitingOn.PROVIDER,
        )


# -------------------------------------------------------------------- resources
RESOURCE_FIELDS = [
    "programme",
    "title",
    "kind",
    "url",
    "body",
    "summary",
    "topics",
    "stage",
    "region",
    "published",
]
MAX_UPLOAD = 10 * 1024 * 1024


@transaction.atomic(durable=True)
def resource_save(
    *, actor, organisation, data: dict, upload=None, resource: Resource | None = None
) -> Resource:
    values = {k: v for k, v in data.items() if k in RESOURCE_FIELDS}
    programme = values.get("programme")
    if programme is not None and programme.organisation_id != organisation.pk:
        raise ValidationError({"programme": _("Choose one of your own programmes.")})
    kind = values.get("kind", getattr(resource, "kind", Resource.Kind.LINK))
    has_file = bool(upload) or bool(resource and resource.file)
    errors = {}
    if kind in (Resource.Kind.LINK, Resource.Kind.COURSE) and not values.get("url"):
        errors["url"] = _("Give the web address.")
    if kind == Resource.Kind.FILE and not (has_file or values.get("url")):
        errors["file"] = _("Upload a file or give its web address.")
    if kind == Resource.Kind.ARTICLE and not values.get("body", "").strip():
        errors["body"] = _("Write the article.")
    if upload is not None and upload.size > MAX_UPLOAD:
        errors["file"] = _("The file is larger than 10 MB.")
    if errors:
        raise ValidationError(errors)
    created = resource is None
    resource = resource or Resource(organisation=organisation, created_by=actor)
    for name, value in values.items():
        setattr(resource, name, value)
    if upload is not None:
        resource.file = upload
    resource.updated_at = timezone.now()
    resource.save()
    log_action(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        obj=resource,
        organisation=organisation,
        fields=sorted(values) + (["file"] if upload is not None else []),
    )
    return resource
