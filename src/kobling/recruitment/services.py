"""Writes after the interviews: feedback, its release, reflections, offers and the checks that follow.

One transaction each, with audit rows inside it. Each service checks the actor's rights itself, so a view
is never the only guard (`PermissionDenied` for callers that skipped the selectors).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.audit import Action, changed_fields, create_and_log, log_action, save_and_log, snapshot
from kobling.core.models import Membership
from kobling.core.roles import Role
from kobling.events.models import Event, Interview
from kobling.events.services import event_log_action
from kobling.notifications.services import email_send
from kobling.people import services as people
from kobling.people.models import Task, TimelineEntry
from kobling.programmes.models import Enrolment, Placement, Status
from kobling.recruitment import selectors
from kobling.recruitment.models import (
    CRITERIA,
    EventSettings,
    Feedback,
    FeedbackOutcome,
    Offer,
    OfferCheck,
    Reflection,
)
from kobling.webhooks import services as webhooks

FEEDBACK_FIELDS = [name for name, _label in CRITERIA] + ["strengths", "advice", "outcome"]
OFFER_KIND = {FeedbackOutcome.JOB_OFFER: Offer.Kind.JOB, FeedbackOutcome.PRACTICE_OFFER: Offer.Kind.PRACTICE}
PLACEMENT_KIND = {Offer.Kind.JOB: Placement.Kind.JOB, Offer.Kind.PRACTICE: Placement.Kind.PRACTICE}
# An enrolment a placement can hang on: anything but a draft or a "not relevant".
PLACEABLE = [s for s in Status.values if s not in (Status.DRAFT, Status.NOT_RELEVANT)]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _about(interview: Interview, note: str = "") -> dict:
    """Where an audit row about an interview belongs: the candidate's provider, with a note naming the
    person (by record number) the row is about."""
    participant = interview.candidate.participant
    return {
        "organisation": participant.organisation,
        "note": f"participant {participant.pk}" + (f" {note}" if note else ""),
    }


@transaction.atomic(durable=True)
def settings_set(*, actor, event: Event, release_automatically: bool) -> EventSettings:
    _require(selectors.managed_events(actor).filter(pk=event.pk).exists())
    row, _created = EventSettings.objects.get_or_create(event=event)
    if row.release_automatically != release_automatically:
        row.release_automatically = release_automatically
        row.save(update_fields=["release_automatically"])
        event_log_action(actor=actor, event=event, action=Action.UPDATE, fields=["release_automatically"])
    return row


# Feedback ------------------------------------------------------------------------------------------


def _check_feedback_allowed(interview: Interview) -> None:
    if interview.state in selectors.NOT_HELD:
        raise ValidationError(_("This interview did not take place, so it has no feedback."))
    if not selectors.has_begun(interview):
        raise ValidationError(_("Feedback can be given once the interview has started."))


def _check_values(values: dict) -> None:
    errors = {}
    for name, _label in CRITERIA:
        if values.get(name) not in (1, 2, 3, 4, 5):
            errors[name] = _("Choose from 1 to 5.")
    if values.get("outcome") not in FeedbackOutcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic(durable=True)
def feedback_save(*, actor, interview: Interview, values: dict) -> Feedback:
    """The employer's feedback (new or changed until it is released); an offer outcome makes an offer."""
    rights = selectors.interview_rights(actor, interview)
    _require(rights.employer or rights.manage)
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    interview = selectors.interview_for_user(actor, interview.pk)[0]
    _check_feedback_allowed(interview)
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in FEEDBACK_FIELDS}
    _check_values(values)
    feedback = Feedback.objects.filter(interview=interview).first()
    if feedback is not None and not rights.employer and feedback.given_by_id != actor.pk:
        raise ValidationError(_("The employer has given feedback on this interview."))
    if feedback is not None and feedback.released_at:
        raise ValidationError(_("The feedback has been passed on to the candidate and can no longer change."))
    offer = Offer.objects.filter(interview=interview).first()
    new_kind = OFFER_KIND.get(values["outcome"])
    if offer is not None and offer.state != Offer.State.MADE and offer.kind != new_kind:
        raise ValidationError({"outcome": _("The offer has been answered, so the outcome cannot change.")})
    creating = feedback is None
    if creating:
        feedback = Feedback(interview=interview, given_by=actor)
    before = snapshot(feedback, FEEDBACK_FIELDS)
    for name, value in values.items():
        setattr(feedback, name, value)
    changed = FEEDBACK_FIELDS if creating else changed_fields(before, snapshot(feedback, FEEDBACK_FIELDS))
    feedback.updated_at = timezone.now()
    auto = selectors.releases_automatically(interview.event)
    if auto:
        feedback.released_at = timezone.now()
    feedback.save()
    if interview.state == Interview.State.PLANNED:
        Interview.objects.filter(pk=interview.pk).update(state=Interview.State.HELD)
    if offer is not None and new_kind is None and offer.state == Offer.State.MADE:
        log_action(actor=actor, action=Action.DELETE, obj=offer, **_about(interview))
        offer.delete()
    elif offer is not None and new_kind and offer.kind != new_kind:
        offer.kind = new_kind
        offer.save(update_fields=["kind"])
    elif offer is None and new_kind:
        offer = Offer.objects.create(
            interview=interview,
            event=interview.event,
            employer=interview.employer,
            candidate=interview.candidate,
            kind=new_kind,
            occupation=_first_occupation(interview, new_kind),
        )
        log_action(actor=actor, action=Action.CREATE, obj=offer, fields=["kind"], **_about(interview))
    if changed:
        action = Action.CREATE if creating else Action.UPDATE
        log_action(actor=actor, action=action, obj=feedback, fields=changed, **_about(interview))
        webhooks.webhook_event_emit(
            event=webhooks.Event.INTERVIEW_FEEDBACK_GIVEN,
            organisations=[interview.candidate.participant.organisation, *interview.event.organisers.all()],
            data=webhooks.about(interview, interview.candidate.participant, outcome=feedback.outcome),
        )
        _tell_the_advisor(feedback, creating)
        if auto:
            _tell_the_candidate(feedback)
    return feedback


def _first_occupation(interview: Interview, kind: str):
    opening = interview.employer.openings.filter(kind=kind).select_related("occupation").first()
    return opening.occupation if opening and opening.occupation.level == 4 else None


def _advisor(interview: Interview):
    return interview.candidate.advisor or interview.candidate.participant.advisor


def _tell_the_advisor(feedback: Feedback, new: bool) -> None:
    interview = feedback.interview
    advisor = _advisor(interview)
    if advisor is None or not advisor.email:
        return
    email_send(
        to=advisor.email,
        template="recruitment_feedback_advisor",
        language=getattr(advisor, "language", "nb") or "nb",
        organisation=interview.candidate.participant.organisation,
        context={
            "name": advisor.full_name,
            "candidate": interview.candidate.participant.full_name,
            "employer": interview.employer.organisation.name,
            "event": interview.event,
            "outcome": feedback.get_outcome_display(),
            "released": bool(feedback.released_at),
            "new": new,
            "url": _url("recruitment_home"),
        },
    )


def _tell_the_candidate(feedback: Feedback) -> None:
    participant = feedback.interview.candidate.participant
    if not participant.email:
        return
    email_send(
        to=participant.email,
        template="recruitment_feedback_candidate",
        language=participant.preferred_language,
        organisation=participant.organisation,
        context={
            "name": participant.first_name,
            "employer": feedback.interview.employer.organisation.name,
            "event": feedback.interview.event,
            "url": _url("recruitment_home"),
        },
    )


def _url(name: str, *args) -> str:
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL + reverse(name, args=args)


@transaction.atomic(durable=True)
def feedback_release(*, actor, feedback: Feedback) -> Feedback:
    """The advisor (or the provider's coordinator) passes the feedback on to the candidate."""
    _require(selectors.interview_rights(actor, feedback.interview).follows)
    locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if locked.released_at:
        return feedback
    feedback.released_at, feedback.released_by = timezone.now(), actor
    save_and_log(
        feedback,
        actor=actor,
        fields=["released_at", "released_by"],
        logged=["released_at"],
        **_about(feedback.interview),
    )
    _tell_the_candidate(feedback)
    return feedback


@transaction.atomic(durable=True)
def reflection_save(*, actor, interview: Interview, text: str) -> Reflection:
    _require(selectors.interview_rights(actor, interview).own)
    _check_feedback_allowed(interview)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a few words.")})
    reflection, created = Reflection.objects.get_or_create(interview=interview, defaults={"text": text})
    if not created and reflection.text != text:
        reflection.text, reflection.updated_at = text, timezone.now()
        reflection.save(update_fields=["text", "updated_at"])
    action = Action.CREATE if created else Action.UPDATE
    log_action(actor=actor, action=action, obj=reflection, fields=["text"], **_about(interview))
    return reflection


# Offers ----------------------------------------------------------------------------------------------


def _enrolment_for(participant) -> Enrolment | None:
    return (
        Enrolment.objects.filter(participant=participant, status__in=PLACEABLE)
        .select_related("programme")
        .order_by("-created_at", "-id")
        .first()
    )


def _coordinator_of(participant):
    membership = (
        Membership.objects.filter(organisation=participant.organisation_id, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


@transaction.atomic(durable=True)
def offer_accept(*, actor, offer: Offer, start_date: datetime.date, occupation=None) -> Offer:
    """The candidate said yes: a placement on their programme, a note on their timeline, an outcome for a
    job (by the coordinator, or a task asking them to record it), and checks at 30 and 90 days."""
    rights = selectors.interview_rights(actor, offer.interview)
    _require(rights.follows or rights.manage)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.state != Offer.State.MADE:
        raise ValidationError(_("This offer has already been answered."))
    errors = {}
    if start_date is None:
        errors["start_date"] = _("Give the start date.")
    occupation = occupation or offer.occupation
    if offer.kind == Offer.Kind.JOB and (occupation is None or occupation.level != 4):
        errors["occupation"] = _("Choose the occupation of the job (STYRK-08, four digits).")
    if errors:
        raise ValidationError(errors)
    interview = offer.interview
    participant = interview.candidate.participant
    employer = interview.employer.organisation
    offer.state, offer.start_date, offer.occupation = Offer.State.ACCEPTED, start_date, occupation
    offer.decided_at, offer.decided_by = timezone.now(), actor
    enrolment = _enrolment_for(participant)
    if enrolment is not None:
        offer.placement = create_and_log(
            Placement,
            actor=actor,
            logged=["kind", "host", "start_date"],
            **_about(interview),
            enrolment=enrolment,
            kind=PLACEMENT_KIND[offer.kind],
            host=employer,
            start_date=start_date,
        )
    offer.save()
    fields = ["state", "start_date"]
    log_action(actor=actor, action=Action.UPDATE, obj=offer, fields=fields, **_about(interview))
    if offer.kind == Offer.Kind.JOB and enrolment is not None:
        _job_outcome(actor, offer, enrolment)
    label = _("Job") if offer.kind == Offer.Kind.JOB else _("Work practice")
    people.timeline_entry_create(
        actor=actor,
        participant=participant,
        kind=TimelineEntry.Kind.NOTE,
        visibility=TimelineEntry.Visibility.PARTICIPANT,
        title=_("%(kind)s at %(employer)s from %(date)s")
        % {"kind": label, "employer": employer.name, "date": start_date.strftime("%d.%m.%Y")},
        body=_("Offer accepted after the interview at %(event)s.") % {"event": str(interview.event)},
    )
    _add_checks(actor, offer, str(label).lower(), assignee=_advisor(interview) or actor)
    return offer


def _add_checks(actor, offer: Offer, kind: str, *, assignee) -> None:
    """The checks 30 and 90 days after the start, each with a task for the one who answers it."""
    participant = offer.interview.candidate.participant
    employer = offer.interview.employer.organisation
    for days in OfferCheck.DAYS:
        due = offer.start_date + datetime.timedelta(days=days)
        title = (
            _("Did the %(kind)s at %(employer)s start? (%(days)s days)")
            if days == OfferCheck.STARTED
            else _("Does the %(kind)s at %(employer)s hold? (%(days)s days)")
        ) % {"kind": kind, "employer": employer.name, "days": days}
        task = people.task_create(
            actor=actor,
            organisation=participant.organisation,
            participant=participant,
            title=title,
            assignee=assignee,
            due=due,
        )
        OfferCheck.objects.create(offer=offer, days=days, due=due, task=task)


def _job_outcome(actor, offer: Offer, enrolment: Enrolment) -> None:
    """Record the job as the programme's outcome when the actor may, else ask the coordinator to."""
    from kobling.programmes.followup.outcomes import Result, outcome_record
    from kobling.programmes.followup.selectors import OUTCOME_STATUSES, rights_for
    from kobling.programmes.models import Outcome

    participant = enrolment.participant
    if Outcome.objects.filter(enrolment=enrolment).exists() or enrolment.status not in OUTCOME_STATUSES:
        return
    employer = offer.interview.employer.organisation
    if rights_for(actor, participant).coordinator:
        offer.outcome = outcome_record(
            actor=actor,
            enrolment=enrolment,
            result=Result.JOB,
            start_date=offer.start_date,
            occupation=offer.occupation,
            employer=employer,
            note=str(offer.event)[:300],
            completed=False,
        )
        offer.save(update_fields=["outcome"])
        return
    coordinator = _coordinator_of(participant)
    if coordinator is not None:
        people.task_create(
            actor=actor,
            organisation=participant.organisation,
            participant=participant,
            title=_("Record the outcome: job at %(employer)s from %(date)s")
            % {"employer": employer.name, "date": offer.start_date.strftime("%d.%m.%Y")},
            assignee=coordinator,
            due=offer.start_date,
            waiting_on=Task.WaitingOn.PROVIDER,
        )


@transaction.atomic(durable=True)
def offer_decline(*, actor, offer: Offer) -> Offer:
    rights = selectors.interview_rights(actor, offer.interview)
    _require(rights.follows or rights.manage)
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if locked.state != Offer.State.MADE:
        raise ValidationError(_("This offer has already been answered."))
    offer.state, offer.decided_at, offer.decided_by = Offer.State.DECLINED, timezone.now(), actor
    save_and_log(
        offer,
        actor=actor,
        fields=["state", "decided_at", "decided_by"],
        logged=["state"],
        **_about(offer.interview),
    )
    return offer


@transaction.atomic(durable=True)
def check_answer(*, actor, check: OfferCheck, answer: bool) -> OfferCheck:
    """Answer a check; "did not start" also closes the 90-day check, which then has nothing to ask."""
    offer = check.offer
    rights = selectors.interview_rights(actor, offer.interview)
    _require(rights.follows or rights.manage)
    check = OfferCheck.objects.select_for_update().get(pk=check.pk)
    if check.due > timezone.localdate():
        raise ValidationError(_("This check is due on %(date)s.") % {"date": check.due.strftime("%d.%m.%Y")})
    closing = [check]
    if check.days == OfferCheck.STARTED and not answer:
        closing += list(offer.checks.filter(days=OfferCheck.HOLDS, answer__isnull=True))
    for item in closing:
        item.answer, item.answered_at, item.answered_by = answer, timezone.now(), actor
        item.save(update_fields=["answer", "answered_at", "answered_by"])
        if item.task_id:
            task = Task.objects.get(pk=item.task_id)
            if task.done_at is None:
                people.task_complete(actor=actor, task=task)
    about = _about(offer.interview, f"{check.days} days: {answer}")
    log_action(actor=actor, action=Action.UPDATE, obj=offer, fields=["checks"], **about)
    return check
