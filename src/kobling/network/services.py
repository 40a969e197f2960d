"""Writes of the network. Each is one transaction with its audit rows and e-mails (durable for the ones
a page calls; `mentor_visibility_set`, which `visibility_set` composes, is not).

Seats on a meetup are counted with the meetup row locked (select_for_update), so two people taking
the last seat at once get one seat and one waiting-list place (or "full"), never two seats.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import (
    Action,
    assign_changes,
    create_and_log,
    log_action,
    save_and_log,
    update_and_log,
)
from kobling.mentoring.models import MentorProfile
from kobling.network.models import Answer, Meetup, MeetupSignup, MentorDirectoryConsent, Question
from kobling.network.selectors import Seat
from kobling.notifications import ics
from kobling.notifications.services import email_send
from kobling.people import services as people_services
from kobling.people.models import Consent
from kobling.programmes.models import Programme

MEETUP_FIELDS = [
    "title",
    "description",
    "starts_at",
    "minutes",
    "place",
    "video_url",
    "region",
    "capacity",
    "waiting_list",
]


def _require_member(seat: Seat) -> None:
    if not seat.is_member:
        raise ValidationError(_("Only mentors and mentees in the programme can do this."))


# ------------------------------------------------------------------ directory consent
@transaction.atomic
def mentor_visibility_set(*, actor, mentor: MentorProfile, given: bool) -> MentorDirectoryConsent:
    consent = MentorDirectoryConsent.objects.create(mentor=mentor, given=given, recorded_by=actor)
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=mentor,
        organisation=mentor.programme.organisation,
        fields=["consent:directory"],
        note="given" if given else "withdrawn",
    )
    return consent


@transaction.atomic(durable=True)
def visibility_set(*, actor, seat: Seat, given: bool) -> None:
    """Show or hide the reader in the directory: a mentor's opt-in here, a participant's consent."""
    if seat.mentor:
        mentor_visibility_set(actor=actor, mentor=seat.mentor, given=given)
    elif seat.enrolment:
        people_services.consent_set(
            actor=actor,
            participant=seat.enrolment.participant,
            purpose=Consent.Purpose.DIRECTORY,
            given=given,
        )
    else:
        raise ValidationError(_("Only mentors and mentees in the programme can be in the directory."))


# ------------------------------------------------------------------ question board
@transaction.atomic(durable=True)
def question_ask(*, actor, seat: Seat, title: str, body: str = "", topic: str = "") -> Question:
    _require_member(seat)
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Write your question.")})
    body = body.strip()
    return create_and_log(
        Question,
        actor=actor,
        organisation=seat.programme.organisation,
        logged=["title", "body"] if body else ["title"],
        programme=seat.programme,
        author=actor,
        author_name=seat.name,
        region=seat.region,
        topic=topic,
        title=title,
        body=body,
    )


@transaction.atomic(durable=True)
def answer_post(*, actor, seat: Seat, question: Question, body: str) -> Answer:
    _require_member(seat)
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write your answer.")})
    question = Question.objects.select_for_update(of=("self",)).select_related("author").get(pk=question.pk)
    if question.programme_id != seat.programme.pk or question.is_hidden:
        raise ValidationError(_("This question is closed."))
    answer = create_and_log(
        Answer,
        actor=actor,
        organisation=seat.programme.organisation,
        logged=["body"],
        note=f"question {question.pk}",
        question=question,
        author=actor,
        author_name=seat.name,
        body=body,
    )
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    asker = question.author
    if asker and asker.pk != actor.pk and asker.is_active and asker.email:
        # Names and a link only: neither the question nor the answer travels by e-mail.
        _tell(
            asker,
            "network_answered",
            seat.programme,
            {
                "name": question.author_name,
                "answerer": seat.name,
                "path": reverse("network_question", args=[seat.programme.slug, question.pk]),
            },
        )
    return answer


def _moderate(*, actor, seat: Seat, post, hide: bool, reason: str) -> bool:
    if not seat.is_coordinator:
        raise ValidationError(_("Only the programme's coordinators moderate the board."))
    reason = " ".join(reason.split())
    if hide and not reason:
        raise ValidationError({"reason": _("Say why, so the author understands.")})
    post = type(post).objects.select_for_update().get(pk=post.pk)
    if post.is_hidden == hide:
        return False
    if hide:
        post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), actor, reason
    else:
        post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    save_and_log(
        post,
        actor=actor,
        organisation=seat.programme.organisation,
        fields=["hidden_at", "hidden_by", "hidden_reason"],
        logged=["hidden"],
        note=(f"hidden: {reason}" if hide else f"restored{': ' + reason if reason else ''}"),
    )
    if isinstance(post, Answer):
        Question.objects.filter(pk=post.question_id).update(
            answer_count=F("answer_count") + (-1 if hide else 1)
        )
    return True


@transaction.atomic(durable=True)
def post_hide(*, actor, seat: Seat, post: Question | Answer, reason: str) -> bool:
    return _moderate(actor=actor, seat=seat, post=post, hide=True, reason=reason)


@transaction.atomic(durable=True)
def post_restore(*, actor, seat: Seat, post: Question | Answer, reason: str = "") -> bool:
    return _moderate(actor=actor, seat=seat, post=post, hide=False, reason=reason)


# ------------------------------------------------------------------ meetups
def _check_meetup(data: dict) -> None:
    errors = {}
    if not data.get("place") and not data.get("video_url"):
        errors["place"] = _("Give a place or a video link.")
    if data.get("capacity") is not None and data["capacity"] < 1:
        errors["capacity"] = _("A meetup needs at least one seat.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def meetup_create(*, actor, programme: Programme, data: dict) -> Meetup:
    if programme.kind != Programme.Kind.MENTOR:
        raise ValidationError(_("Meetups belong to a mentor programme."))
    data = {k: v for k, v in data.items() if k in MEETUP_FIELDS}
    _check_meetup(data)
    return create_and_log(
        Meetup,
        actor=actor,
        organisation=programme.organisation,
        logged=sorted(data),
        programme=programme,
        created_by=actor,
        **data,
    )


@transaction.atomic(durable=True)
def meetup_update(*, actor, meetup: Meetup, data: dict) -> list[str]:
    meetup = Meetup.objects.select_for_update().get(pk=meetup.pk)
    data = {k: v for k, v in data.items() if k in MEETUP_FIELDS}
    _check_meetup(data)
    taken = meetup.signups.filter(state=MeetupSignup.State.CONFIRMED).count()
    if data.get("capacity", meetup.capacity) < taken:
        raise ValidationError(
            {
                "capacity": _("%(taken)s people already have a seat. Cancel some before lowering it.")
                % {"taken": taken}
            }
        )
    changed = assign_changes(meetup, data)
    if not changed:
        return []
    meetup.sequence += 1
    save_and_log(
        meetup,
        actor=actor,
        organisation=meetup.programme.organisation,
        fields=[*changed, "sequence"],
        logged=changed,
    )
    _fill_from_waiting_list(meetup)
    return changed


def _seats_taken(meetup: Meetup) -> int:
    return meetup.signups.filter(state=MeetupSignup.State.CONFIRMED).count()


def _fill_from_waiting_list(meetup: Meetup) -> list[MeetupSignup]:
    """Give free seats to the waiting list in sign-up order. The meetup row is locked by the caller."""
    free = meetup.capacity - _seats_taken(meetup)
    if free <= 0:
        return []
    promoted = list(
        meetup.signups.filter(state=MeetupSignup.State.WAITING)
        .select_related("user")
        .order_by("signed_up_at", "id")[:free]
    )
    for signup in promoted:
        update_and_log(
            signup,
            actor=None,
            organisation=meetup.programme.organisation,
            note="from the waiting list",
            state=MeetupSignup.State.CONFIRMED,
        )
        _tell_seat(signup, meetup, promoted=True)
    return promoted


@transaction.atomic(durable=True)
def meetup_signup(*, actor, seat: Seat, meetup: Meetup) -> MeetupSignup:
    """A seat if one is free, else a place on the waiting list (if kept), else refused."""
    _require_member(seat)
    meetup = (
        Meetup.objects.select_for_update(of=("self",))
        .select_related("programme__organisation")
        .get(pk=meetup.pk)
    )
    if meetup.programme_id != seat.programme.pk:
        raise ValidationError(_("This meetup belongs to another programme."))
    if meetup.starts_at <= timezone.now():
        raise ValidationError(_("This meetup has already started."))
    signup = MeetupSignup.objects.filter(meetup=meetup, user=actor).first()
    if signup and signup.state != MeetupSignup.State.CANCELLED:
        return signup
    if _seats_taken(meetup) < meetup.capacity:
        state = MeetupSignup.State.CONFIRMED
    elif meetup.waiting_list:
        state = MeetupSignup.State.WAITING
    else:
        raise ValidationError(_("The meetup is full."))
    if signup is None:
        signup = MeetupSignup(meetup=meetup, user=actor)
    signup.name, signup.kind, signup.state = seat.name, seat.kind, state
    signup.signed_up_at, signup.attended = timezone.now(), None
    signup.save()
    log_action(
        actor=actor,
        action=Action.CREATE,
        obj=signup,
        organisation=meetup.programme.organisation,
        fields=["state"],
        note=state,
    )
    if state == MeetupSignup.State.CONFIRMED:
        _tell_seat(signup, meetup, promoted=False)
    return signup


@transaction.atomic(durable=True)
def meetup_cancel_signup(*, actor, seat: Seat, meetup: Meetup) -> MeetupSignup | None:
    meetup = (
        Meetup.objects.select_for_update(of=("self",))
        .select_related("programme__organisation")
        .get(pk=meetup.pk)
    )
    signup = MeetupSignup.objects.filter(meetup=meetup, user=actor).first()
    if signup is None or signup.state == MeetupSignup.State.CANCELLED:
        return None
    had_seat = signup.state == MeetupSignup.State.CONFIRMED
    update_and_log(
        signup,
        actor=actor,
        organisation=meetup.programme.organisation,
        note="cancelled",
        state=MeetupSignup.State.CANCELLED,
    )
    if had_seat and meetup.starts_at > timezone.now():
        _fill_from_waiting_list(meetup)
    return signup


@transaction.atomic(durable=True)
def meetup_attendance(*, actor, seat: Seat, meetup: Meetup, attended: dict[int, bool | None]) -> int:
    """Mark who came, for everyone with a seat, in one save. Returns how many changed."""
    if not seat.is_coordinator or meetup.programme_id != seat.programme.pk:
        raise ValidationError(_("Only the programme's coordinators mark attendance."))
    changed = 0
    for signup in meetup.signups.select_for_update().filter(
        state=MeetupSignup.State.CONFIRMED, pk__in=list(attended)
    ):
        value = attended[signup.pk]
        if signup.attended is value:
            continue
        update_and_log(signup, actor=actor, organisation=meetup.programme.organisation, attended=value)
        changed += 1
    return changed


# ------------------------------------------------------------------ calendar and e-mail
def meetup_calendar(meetup: Meetup, *, language: str = "nb", attendee=None) -> str:
    where = " – ".join(x for x in (meetup.place, meetup.video_url) if x)
    with translation.override(language):
        summary = _("Meetup: %(title)s") % {"title": meetup.title}
    return ics.calendar(
        method="REQUEST",
        uid=f"network-meetup-{meetup.pk}@kobling",
        sequence=meetup.sequence,
        start=meetup.starts_at,
        end=meetup.ends_at,
        summary=summary,
        organiser=ics.Person(parseaddr(settings.DEFAULT_FROM_EMAIL)[1], meetup.programme.organisation.name),
        attendees=[ics.Person(attendee.email, attendee.full_name)] if attendee else [],
        location=where,
        description=settings.SITE_URL + reverse("network_meetup", args=[meetup.programme.slug, meetup.pk]),
    )


def _tell(user, template: str, programme: Programme, context: dict, attachments=None) -> None:
    """One e-mail to a user of the network, in their language, naming the programme."""
    email_send(
        to=user.email,
        template=template,
        language=user.language,
        organisation=programme.organisation,
        context={"programme": programme.name, **context},
        attachments=attachments,
    )


def _tell_seat(signup: MeetupSignup, meetup: Meetup, *, promoted: bool) -> None:
    user = signup.user
    if not user.email:
        return
    _tell(
        user,
        "network_meetup_seat",
        meetup.programme,
        {
            "name": signup.name,
            "title": meetup.title,
            "starts_at": meetup.starts_at,
            "place": meetup.place,
            "video_url": meetup.video_url,
            "promoted": promoted,
            "path": reverse("network_meetup", args=[meetup.programme.slug, meetup.pk]),
        },
        [
            {
                "filename": "meetup.ics",
                "mimetype": "text/calendar; method=REQUEST",
                "content": meetup_calendar(meetup, language=user.language, attendee=user),
            }
        ],
    )
