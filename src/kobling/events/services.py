"""Writes for events: set-up, status, registrations and wishes. One transaction each, with audit rows.

The schedule itself (generate, move, lock, publish) is in `schedule/services.py`, the day (check-in,
re-plan) in `day/services.py`. The services that the demo and other services run inside their own
transaction (creating an event, changing its status, registering, wishes and interest) are not durable;
those that only a page calls are.
"""

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.audit import (
    Action,
    assign_changes,
    changed_fields,
    create_and_log,
    log_action,
    save_and_log,
    snapshot,
    update_and_log,
)
from kobling.core.models import Membership, Organisation
from kobling.core.roles import Role
from kobling.events.models import (
    CandidateRegistration,
    CandidateWish,
    EmployerInterest,
    EmployerRegistration,
    Event,
    EventStatus,
    EventStatusChange,
    Opening,
    Veto,
)
from kobling.events.selectors import event_home
from kobling.notifications.services import email_send
from kobling.people.models import Consent, Participant
from kobling.people.selectors import has_consent

S = EventStatus
# Which status may follow which; anything else is refused with a reason.
TRANSITIONS = {
    S.DRAFT: {S.OPEN},
    S.OPEN: {S.SCHEDULING, S.DRAFT},
    S.SCHEDULING: {S.PUBLISHED, S.OPEN},
    S.PUBLISHED: {S.HELD, S.SCHEDULING},
    S.HELD: {S.CLOSED},
    S.CLOSED: set(),
}
# The fields each form edits and each service writes, listed once.
EVENT_FIELDS = [
    "title",
    "description",
    "venue",
    "address",
    "rooms",
    "date",
    "starts_at",
    "ends_at",
    "slot_minutes",
    "breaks",
    "info_meeting_at",
    "info_meeting_minutes",
    "min_interviews",
    "max_interviews",
    "employer_deadline",
    "candidate_deadline",
]
EMPLOYER_FIELDS = [
    "contact_name",
    "contact_email",
    "language",
    "tables",
    "arrives_at",
    "unavailable",
    "looking_for",
]
CANDIDATE_FIELDS = [
    "looking_for",
    "experience",
    "languages",
    "advisor_attends",
    "unavailable",
    "needs_interpreter",
    "needs_accessibility",
]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Event set-up ---------------------------------------------------------------------------------------


def event_log_action(*, actor, event: Event, action: Action, fields, note: str = "") -> None:
    """Audit something done to the event as a whole: the row belongs to the event's home organisation
    (its first organiser, `event_home`). Runs in the caller's transaction."""
    log_action(
        actor=actor, action=action, obj=event, organisation=event_home(event), fields=fields, note=note
    )


@transaction.atomic
def event_create(*, actor, organisers: list[Organisation], data: dict) -> Event:
    fields = {k: v for k, v in data.items() if k in EVENT_FIELDS}
    event = Event.objects.create(created_by=actor, **fields)
    event.organisers.set(organisers)
    EventStatusChange.objects.create(event=event, status=S.DRAFT, by=actor)
    log_action(actor=actor, action=Action.CREATE, obj=event, organisation=organisers[0], fields=fields)
    return event


@transaction.atomic(durable=True)
def event_update(
    *, actor, event: Event, data: dict, organisers: list[Organisation] | None = None
) -> list[str]:
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status in (S.HELD, S.CLOSED):
        raise ValidationError(_("A held or closed event can no longer be changed."))
    fields = [k for k in data if k in EVENT_FIELDS]
    changed = assign_changes(event, {name: data[name] for name in fields})
    if organisers is not None and set(event.organisers.all()) != set(organisers):
        event.organisers.set(organisers)
        changed.append("organisers")
    if changed:
        event.save(update_fields=[f for f in changed if f in EVENT_FIELDS] or None)
        event_log_action(actor=actor, event=event, action=Action.UPDATE, fields=changed)
    return changed


def _transition_problem(event: Event, status: str) -> str | None:
    if status not in TRANSITIONS.get(event.status, set()):
        return _("An event cannot go from “%(old)s” to “%(new)s”.") % {
            "old": S(event.status).label,
            "new": S(status).label,
        }
    if status == S.OPEN and not event.slots():
        return _("The time window holds no interview slot: check the times, slot length and breaks.")
    if status == S.DRAFT and (event.employers.exists() or event.candidates.exists()):
        return _("People have registered: the event cannot go back to draft.")
    if status == S.PUBLISHED and not event.interviews.exclude(state="cancelled").exists():
        return _("There is no schedule to publish: generate one first.")
    if status == S.HELD and event.date > timezone.localdate():
        return _("The event cannot be marked held before its date.")
    return None


@transaction.atomic
def event_change_status(*, actor, event: Event, status: str, reason: str = "") -> Event:
    event = Event.objects.select_for_update().get(pk=event.pk)
    problem = _transition_problem(event, status)
    if problem:
        raise ValidationError(problem)
    update_and_log(
        event, actor=actor, organisation=event_home(event), note=f"{event.status} → {status}", status=status
    )
    EventStatusChange.objects.create(event=event, status=status, reason=reason[:300], by=actor)
    return event


# Employers ------------------------------------------------------------------------------------------


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("event_join", args=[token])


@transaction.atomic
def employer_invite(
    *, actor, event: Event, organisation: Organisation, contact_name: str, contact_email: str, language: str
) -> tuple[EmployerRegistration, str]:
    """Invite an employer through its contact: the e-mailed link lets them register without an account."""
    if organisation.kind != Organisation.Kind.EMPLOYER:
        raise ValidationError({"organisation": _("Choose an employer.")})
    if event.status not in (S.DRAFT, S.OPEN, S.SCHEDULING):
        raise ValidationError(_("Employers can no longer be invited to this event."))
    token = secrets.token_urlsafe(32)
    reg, created = EmployerRegistration.objects.get_or_create(
        event=event,
        organisation=organisation,
        defaults={"contact_name": contact_name, "contact_email": contact_email.lower(), "language": language},
    )
    if not created and reg.state == EmployerRegistration.State.REGISTERED:
        raise ValidationError({"organisation": _("This employer has already registered.")})
    reg.contact_name, reg.contact_email, reg.language = contact_name, contact_email.lower(), language
    reg.state, reg.token_hash, reg.invited_at = (
        EmployerRegistration.State.INVITED,
        _hash(token),
        timezone.now(),
    )
    save_and_log(
        reg,
        actor=actor,
        organisation=organisation,
        fields=["contact_name", "contact_email", "language", "state", "token_hash", "invited_at"],
        logged=["contact_name", "contact_email", "state"],
        action=Action.CREATE if created else Action.UPDATE,
    )
    email_send(
        to=reg.contact_email,
        template="event_invitation",
        language=language,
        organisation=event_home(event),
        context={
            "name": contact_name,
            "event": event,
            "employer": organisation.name,
            "url": invitation_link(token),
            "deadline": event.employer_deadline,
            "inviter": getattr(actor, "full_name", ""),
        },
        # The link is cut out of the stored copy once sent; it is no use after the event's day.
        tokens=[token],
        tokens_expire_at=timezone.make_aware(datetime.combine(event.date, event.ends_at)),
    )
    return reg, token


def registration_by_token(token: str) -> EmployerRegistration | None:
    reg = (
        EmployerRegistration.objects.select_related("event", "organisation")
        .filter(token_hash=_hash(token))
        .exclude(token_hash="")
        .first()
    )
    if reg is None or reg.state == EmployerRegistration.State.WITHDRAWN:
        return None
    if reg.event.status not in (S.DRAFT, S.OPEN, S.SCHEDULING):
        return None
    return reg


@transaction.atomic
def employer_register(
    *, actor, event: Event, registration: EmployerRegistration | None = None, organisation=None, data: dict
) -> EmployerRegistration:
    """Register (or change the registration of) an employer: by the organiser, the contact, or the link."""
    if registration is None:
        if EmployerRegistration.objects.filter(event=event, organisation=organisation).exists():
            raise ValidationError({"organisation": _("This employer is already on the event.")})
        registration = EmployerRegistration(event=event, organisation=organisation)
    else:
        registration = EmployerRegistration.objects.select_for_update().get(pk=registration.pk)
    fields = [k for k in data if k in EMPLOYER_FIELDS]
    before = snapshot(registration, fields + ["state"])
    for name in fields:
        setattr(registration, name, data[name])
    creating = registration.pk is None
    if registration.state != EmployerRegistration.State.REGISTERED:
        registration.state = EmployerRegistration.State.REGISTERED
        registration.registered_at = timezone.now()
    registration.save()
    changed = changed_fields(before, snapshot(registration, fields + ["state"]))
    if creating or changed:
        log_action(
            actor=actor,
            action=Action.CREATE if creating else Action.UPDATE,
            obj=registration,
            organisation=registration.organisation,
            fields=changed,
        )
    _offer_employer_account(actor=actor, registration=registration)
    return registration


def _offer_employer_account(*, actor, registration: EmployerRegistration) -> None:
    """The contact needs a login to see candidate profiles; invite them once if they have none."""
    from kobling.accounts.services import invitation_create

    email = registration.contact_email.lower()
    has_role = Membership.objects.filter(
        user__email=email, organisation=registration.organisation, role=Role.EMPLOYER
    ).exists()
    if (
        has_role
        or registration.organisation.invitations.filter(email=email, accepted_at__isnull=True).exists()
    ):
        return
    invitation_create(
        actor=actor,
        organisation=registration.organisation,
        email=email,
        full_name=registration.contact_name,
        role=Role.EMPLOYER,
        language=registration.language,
    )


@transaction.atomic(durable=True)
def employer_withdraw(*, actor, registration: EmployerRegistration) -> None:
    update_and_log(
        registration,
        actor=actor,
        organisation=registration.organisation,
        state=EmployerRegistration.State.WITHDRAWN,
    )
    registration.interviews.filter(published=False).delete()


@transaction.atomic
def opening_add(*, actor, registration: EmployerRegistration, data: dict) -> Opening:
    return create_and_log(
        Opening,
        actor=actor,
        organisation=registration.organisation,
        logged=list(data),
        registration=registration,
        **data,
    )


@transaction.atomic(durable=True)
def opening_remove(*, actor, opening: Opening) -> None:
    log_action(
        actor=actor,
        action=Action.DELETE,
        obj=opening,
        organisation=opening.registration.organisation,
    )
    opening.delete()


@transaction.atomic(durable=True)
def employer_join(
    *, registration: EmployerRegistration, data: dict, opening: dict | None
) -> EmployerRegistration:
    """The invitation link: the contact registers the employer without an account, and may add an
    opening in the same step."""
    registration = employer_register(
        actor=None, event=registration.event, registration=registration, data=data
    )
    if opening is not None:
        opening_add(actor=None, registration=registration, data=opening)
    return registration


# Candidates -----------------------------------------------------------------------------------------


@transaction.atomic
def candidate_register(*, actor, event: Event, participant: Participant, data: dict) -> CandidateRegistration:
    if event.status not in (S.OPEN, S.SCHEDULING):
        raise ValidationError(_("The event is not open for registration."))
    if not has_consent(participant, Consent.Purpose.EMPLOYERS):
        raise ValidationError(
            {
                "participant": _(
                    "%(name)s has not consented to sharing a short profile with employers. Record the "
                    "consent on the person's page first."
                )
                % {"name": participant.full_name}
            }
        )
    if CandidateRegistration.objects.filter(event=event, participant=participant).exists():
        raise ValidationError(
            {"participant": _("%(name)s is already registered.") % {"name": participant.full_name}}
        )
    fields = {k: v for k, v in data.items() if k in CANDIDATE_FIELDS}
    return create_and_log(
        CandidateRegistration,
        actor=actor,
        organisation=participant.organisation,
        logged=[k for k, v in fields.items() if v not in ("", None, False, [])],
        event=event,
        participant=participant,
        registered_by=actor,
        advisor=participant.advisor,
        consent_at=timezone.now(),
        **fields,
    )


@transaction.atomic(durable=True)
def candidate_update(*, actor, registration: CandidateRegistration, data: dict) -> list[str]:
    registration = CandidateRegistration.objects.select_for_update().get(pk=registration.pk)
    fields = [k for k in data if k in CANDIDATE_FIELDS]
    changed = assign_changes(registration, {name: data[name] for name in fields})
    if changed:
        save_and_log(
            registration, actor=actor, organisation=registration.participant.organisation, fields=changed
        )
    return changed


@transaction.atomic(durable=True)
def candidate_withdraw(*, actor, registration: CandidateRegistration) -> None:
    update_and_log(
        registration,
        actor=actor,
        organisation=registration.participant.organisation,
        state=CandidateRegistration.State.WITHDRAWN,
    )
    registration.interviews.filter(published=False).delete()
    registration.interviews.filter(published=True).update(state="cancelled")


# Wishes ---------------------------------------------------------------------------------------------


@transaction.atomic
def wishes_set(
    *, actor, candidate: CandidateRegistration, ranks: dict[int, int], vetoes: dict[int, str]
) -> None:
    """The candidate's ranking (employer registration id → rank, 1 best) and their vetoes."""
    employer_ids = set(
        EmployerRegistration.objects.filter(event=candidate.event_id).values_list("pk", flat=True)
    )
    if not set(ranks) <= employer_ids or not set(vetoes) <= employer_ids:
        raise ValidationError(_("Unknown employer."))
    if set(ranks) & set(vetoes):
        raise ValidationError(_("An employer cannot be both wished for and refused."))
    ordered = sorted(ranks, key=lambda e: (ranks[e], e))
    candidate.wishes.all().delete()
    CandidateWish.objects.bulk_create(
        CandidateWish(candidate=candidate, employer_id=e, rank=i) for i, e in enumerate(ordered, start=1)
    )
    candidate.vetoes.filter(side=Veto.Side.CANDIDATE).delete()
    Veto.objects.bulk_create(
        Veto(candidate=candidate, employer_id=e, side=Veto.Side.CANDIDATE, reason=r)
        for e, r in vetoes.items()
    )
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=candidate,
        organisation=candidate.participant.organisation,
        fields=["wishes", "vetoes"],
    )


@transaction.atomic
def interest_set(
    *, actor, employer: EmployerRegistration, candidate_ids: set[int], vetoes: dict[int, str]
) -> None:
    """The employer's interest in candidates' short profiles, and their vetoes."""
    known = set(CandidateRegistration.objects.filter(event=employer.event_id).values_list("pk", flat=True))
    if not candidate_ids <= known or not set(vetoes) <= known:
        raise ValidationError(_("Unknown candidate."))
    if candidate_ids & set(vetoes):
        raise ValidationError(_("A candidate cannot be both marked and refused."))
    employer.interests.all().delete()
    EmployerInterest.objects.bulk_create(
        EmployerInterest(employer=employer, candidate_id=c) for c in candidate_ids
    )
    employer.vetoes.filter(side=Veto.Side.EMPLOYER).delete()
    Veto.objects.bulk_create(
        Veto(candidate_id=c, employer=employer, side=Veto.Side.EMPLOYER, reason=r) for c, r in vetoes.items()
    )
    log_action(
        actor=actor,
        action=Action.UPDATE,
        obj=employer,
        organisation=employer.organisation,
        fields=["interests", "vetoes"],
    )
