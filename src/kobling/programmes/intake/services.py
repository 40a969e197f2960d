"""Intake: the structured interview, the decisions (accept, waiting list, decline), referrals and
public applications landing in the queue, and the possible matches a coordinator links or keeps apart.

`intake_interview_record` and `intake_submit` are also composed by the demo's one transaction, so they
are not durable; the rest are called by the views only and are."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kobling.core.audit import Action, delete_and_log, log_action, save_and_log, update_and_log
from kobling.people.models import Participant
from kobling.programmes.intake import questions as intake_questions
from kobling.programmes.models import (
    ENDED,
    OPEN_INTAKE,
    Enrolment,
    IntakeInterview,
    IntakeMatch,
    Programme,
    Status,
)
from kobling.programmes.services import enrolment_change_status, enrolment_create

S = Status


@transaction.atomic
def intake_interview_record(
    *,
    enrolment: Enrolment,
    actor,
    answers: dict[str, int],
    notes: dict[str, str],
    norwegian_level: str,
    english_level: str,
    profile_type: str,
    recommended_path: str,
) -> IntakeInterview:
    questions = intake_questions.questions_for(enrolment.programme)
    interview, _created = IntakeInterview.objects.update_or_create(
        enrolment=enrolment,
        defaults={
            "answers": answers,
            "notes": {k: v for k, v in notes.items() if v},
            "score": intake_questions.weighted_score(questions, answers),
            "norwegian_level": norwegian_level,
            "english_level": english_level,
            "profile_type": profile_type,
            "recommended_path": recommended_path,
            "interviewer": actor,
            "held_at": timezone.now(),
        },
    )
    if enrolment.status == S.APPLIED:
        enrolment_change_status(enrolment=enrolment, status=S.ASSESSING, actor=actor)
    log_action(
        actor=actor,
        action=Action.CREATE if _created else Action.UPDATE,
        obj=interview,
        organisation=enrolment.participant.organisation,
        fields=["answers", "profile_type", "recommended_path"],
        note=f"participant {enrolment.participant_id}",
    )
    return interview


class Decision:
    """The three decisions after the interview, and the status each one gives."""

    ACCEPT = "accept"
    WAITING_LIST = "waiting_list"
    DECLINE = "decline"

    STATUS = {ACCEPT: S.WAITING_START, WAITING_LIST: S.WAITING_LIST, DECLINE: S.NOT_RELEVANT}


@transaction.atomic(durable=True)
def intake_decide(*, enrolment: Enrolment, decision: str, actor, reason: str = "", reason_text: str = ""):
    """Accept, waiting list or decline, from the intake page (`intake_decision_record`)."""
    return intake_decision_record(
        enrolment=enrolment, decision=decision, actor=actor, reason=reason, reason_text=reason_text
    )


def decision_for_status(current: str, new: str) -> str | None:
    """The intake decision a status change makes (an application still in intake moved to waiting for
    the start, the waiting list or not relevant), or None when it makes none."""
    if current not in OPEN_INTAKE:
        return None
    return next((decision for decision, status in Decision.STATUS.items() if status == new), None)


@transaction.atomic
def intake_decision_record(
    *, enrolment: Enrolment, decision: str, actor, reason: str = "", reason_text: str = ""
):
    """Accept, waiting list or decline, wherever it is decided (the intake page, the API): the person
    hears the decision in their language (an accepted person who has no login is invited to make one),
    and so does the NAV advisor who referred them. Inside the caller's transaction."""
    from kobling.accounts.services import invitation_for_participant
    from kobling.notifications.services import email_send

    row = enrolment_change_status(
        enrolment=enrolment,
        status=Decision.STATUS[decision],
        actor=actor,
        reason=reason,
        reason_text=reason_text,
    )
    participant = enrolment.participant
    programme = enrolment.programme
    organisation = programme.organisation
    context = {
        "name": participant.first_name,
        "programme": programme.name,
        "provider": organisation.name,
        "decision": decision,
    }
    if participant.email:
        if decision == Decision.ACCEPT and participant.user_id is None:
            invitation_for_participant(
                actor=actor, participant=participant, template="intake_accept", context=context
            )
        else:
            email_send(
                to=participant.email,
                template=f"intake_{decision}",
                language=participant.preferred_language,
                organisation=organisation,
                context={**context, "url": ""},
            )
    advisor = participant.advisor
    if advisor is not None and advisor.email:
        with translation.override(advisor.language):
            status, why = row.get_status_display(), row.get_reason_display() if row.reason else ""
        email_send(
            to=advisor.email,
            template="intake_decision_advisor",
            language=advisor.language,
            organisation=organisation,
            context={
                **context,
                "name": advisor.full_name,
                "person": participant.full_name,
                "status": status,
                "reason": why,
                "url": settings.SITE_URL + reverse("participant_detail", args=[participant.pk]),
            },
        )
    return row


def _own_record(advisor, organisation, email: str) -> Participant | None:
    """A NAV advisor who refers a person they already follow reaches the same record: they see
    it already, so nothing is disclosed."""
    if advisor is None or not email:
        return None
    return (
        Participant.objects.select_for_update()
        .filter(organisation=organisation, email__iexact=email, advisor=advisor)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def intake_submit(
    *,
    actor,
    programme: Programme,
    data: dict,
    languages: dict[str, str],
    source: str,
    advisor=None,
    referring_office=None,
    note: str = "",
    consent_given: bool = False,
) -> Enrolment:
    """A referral or an application lands in the provider's intake queue.

    It never reaches an existing record by e-mail, name or national id, and never changes one:
    it makes a record of its own, and when that looks like a person the provider already has, a
    possible match waits for a coordinator (IntakeMatch). The answer is the same whether or not
    such a person exists, so the form tells a stranger nothing."""
    from kobling.notifications.services import email_send
    from kobling.people import selectors as people_selectors
    from kobling.people import services as people
    from kobling.people.models import Consent

    organisation = programme.organisation
    data = {**data}
    if advisor is not None:
        data.update(advisor=advisor, referring_office=referring_office, nav_user=True)
    participant = _own_record(advisor, organisation, data.get("email", ""))
    if participant is not None:
        if participant.enrolments.filter(programme=programme).exclude(status__in=ENDED).exists():
            raise ValidationError(_("This person already has an open application to this programme."))
    else:
        participant = people.participant_create(
            actor=actor, organisation=organisation, data=data, languages=languages, source=source
        )
        IntakeMatch.objects.bulk_create(
            IntakeMatch(organisation=organisation, new=participant, existing_id=pk, reasons=reasons)
            for pk, reasons in people_selectors.participants_like(participant).items()
        )
        if consent_given:
            people.consent_set(
                actor=actor, participant=participant, purpose=Consent.Purpose.PROCESSING, given=True
            )
    enrolment = enrolment_create(actor=actor, participant=participant, programme=programme, note=note)
    email_send(
        to=participant.email,
        template="application_received",
        language=participant.preferred_language,
        organisation=organisation,
        context={"name": participant.first_name, "programme": programme.name, "provider": organisation.name},
    )
    return enrolment


def _decide_match(match: IntakeMatch, *, actor) -> IntakeMatch:
    locked = (
        IntakeMatch.objects.select_for_update(of=("self",)).select_related("new", "existing").get(pk=match.pk)
    )
    if locked.state != IntakeMatch.State.PENDING or locked.new is None:
        raise ValidationError(_("Someone has already decided this possible match."))
    locked.decided_at, locked.decided_by = timezone.now(), actor
    return locked


def _save_decision(locked: IntakeMatch, *, actor, note: str, also: tuple[str, ...] = ()) -> None:
    """Save the decision on a possible match (its state, `also`, who decided and when) and audit it."""
    fields = ["state", *also, "decided_at", "decided_by"]
    organisation = locked.organisation
    save_and_log(locked, actor=actor, organisation=organisation, fields=fields, logged=["state"], note=note)


@transaction.atomic(durable=True)
def intake_match_link(*, actor, match: IntakeMatch) -> Participant:
    """The coordinator says the two records are one person: the new one is folded into the
    existing one. A second open application to the same programme is dropped as a duplicate."""
    from kobling.people import services as people

    locked = _decide_match(match, actor=actor)
    # Lock both records in one order, so two coordinators linking crosswise wait, not deadlock.
    pair = {
        p.pk: p
        for p in Participant.objects.select_for_update()
        .filter(pk__in=[locked.new_id, locked.existing_id])
        .order_by("pk")
    }
    new, existing = pair[locked.new_id], pair[locked.existing_id]
    open_here = existing.enrolments.exclude(status__in=ENDED).values_list("programme_id", flat=True)
    note = f"a second open application of participant {existing.pk}, removed when linking"
    for duplicate in new.enrolments.filter(programme_id__in=list(open_here)).exclude(status__in=ENDED):
        delete_and_log(duplicate, actor=actor, organisation=locked.organisation, note=note)
    IntakeMatch.objects.filter(new=new).exclude(pk=locked.pk).delete()
    locked.state, locked.new = IntakeMatch.State.LINKED, None
    _save_decision(locked, actor=actor, note=f"linked into participant {existing.pk}", also=("new",))
    people.participant_merge(actor=actor, duplicate=new, into=existing)
    return existing


@transaction.atomic(durable=True)
def intake_match_keep_apart(*, actor, match: IntakeMatch) -> IntakeMatch:
    """The coordinator says the records are two different people; both stay as they are."""
    locked = _decide_match(match, actor=actor)
    locked.state = IntakeMatch.State.SEPARATE
    note = f"participants {locked.new_id} and {locked.existing_id} are different people"
    _save_decision(locked, actor=actor, note=note)
    return locked


@transaction.atomic(durable=True)
def programme_set_intake_questions(*, programme: Programme, questions: list[dict], actor) -> None:
    """Save the programme's interview questions and their weights."""
    update_and_log(programme, actor=actor, organisation=programme.organisation, intake_questions=questions)
