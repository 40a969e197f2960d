"""Privacy rights: a copy of everything about a person, erasure, and the retention run.

Each function is one durable transaction with its audit row inside it. Callers (the views, the
`kobling privacy` command, the daily task) check who may act before they call.
"""

from collections import Counter
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kobling.core.audit import log_action
from kobling.core.models import AuditLog, User
from kobling.mentoring.models import MentorProfile, Mentorship
from kobling.people.models import Participant
from kobling.privacy import erasure, export, export_people, processing, retention, selectors
from kobling.privacy.models import Erasure, RetentionRun

# Where a copy was made, noted in the audit row.
SELF, ON_REQUEST, COMMAND_LINE = "by the person", "on request", "command line"


def participant_export(*, actor, participant: Participant, channel: str) -> dict:
    """Everything Kobling holds about the person (export.build), audited as an export."""
    with transaction.atomic(durable=True):
        data = export.build(participant)
        log_action(
            actor=actor,
            action=AuditLog.Action.EXPORT,
            obj=participant,
            organisation=participant.organisation,
            fields=[key for key, value in data.items() if isinstance(value, dict | list)],
            note=channel,
        )
    return data


def mentor_export(*, user) -> dict:
    """A mentor's copy of their own data (`export_people.mentor_build`), audited as an export of each
    profile of theirs, in that profile's organisation (or of the login, when there is no profile yet)."""
    with transaction.atomic(durable=True):
        data = export_people.mentor_build(user)
        profiles = selectors.own_mentor_profiles(user).select_related("programme__organisation")
        _log_export(user, data, [(p, p.programme.organisation) for p in profiles])
    return data


def contact_export(*, user) -> dict:
    """An employer contact person's copy of their own data (`export_people.contact_build`), audited as
    an export of each registration naming them, in its employer's organisation (as the registration's
    own audit rows are), or of the login when there is none."""
    with transaction.atomic(durable=True):
        data = export_people.contact_build(user)
        registrations = selectors.own_contact_registrations(user).select_related("organisation")
        _log_export(user, data, [(reg, reg.organisation) for reg in registrations])
    return data


def _log_export(user, data: dict, targets: list) -> None:
    fields = [key for key, value in data.items() if isinstance(value, dict | list)]
    for obj, organisation in targets or [(user, None)]:
        log_action(
            actor=user,
            action=AuditLog.Action.EXPORT,
            obj=obj,
            organisation=organisation,
            fields=fields,
            note=SELF,
        )


def already_erased_error(done: Erasure) -> ValidationError:
    return ValidationError(
        _("This person's data was erased on %(date)s. There is nothing left to erase.")
        % {"date": date_format(timezone.localtime(done.erased_at), "SHORT_DATE_FORMAT")},
        code="erased",
    )


def participant_erase(*, actor, participant: Participant, reason: str = Erasure.Reason.REQUEST) -> Counter:
    """Anonymise everything that identifies the person, in one transaction, with their row locked.

    The audit row says that a person was erased (ERASE, or ANONYMISE when the retention period
    ran out) and keeps the record's number, but nothing that names them."""
    with transaction.atomic(durable=True):
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        done = Erasure.objects.filter(participant=locked).first()
        if done is not None:
            raise already_erased_error(done)
        counts = erasure.erase(locked)
        Erasure.objects.create(participant=locked, reason=reason)
        AuditLog.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            organisation=locked.organisation,
            action=AuditLog.Action.ERASE if reason == Erasure.Reason.REQUEST else AuditLog.Action.ANONYMISE,
            object_type="people.participant",
            object_id=str(locked.pk),
            object_label=erasure.ERASED_LABEL,
            fields=sorted(kind for kind, n in counts.items() if n),
            note=f"reason: {reason}",  # request or retention, in no language
        )
    return counts


def mentor_erase(*, actor, mentor: MentorProfile) -> Counter:
    """Anonymise a mentor on their request (`erasure.erase_mentor`), in one transaction with their
    profiles locked. Refused while a pair of theirs is still open: the mentee must first hear that it
    ends. The audit row keeps the profile's number, but nothing that names them."""
    with transaction.atomic(durable=True):
        profiles = selectors.mentor_profiles_of(mentor)
        locked = list(profiles.select_for_update().order_by("pk"))
        target = next((p for p in locked if p.pk == mentor.pk), None)
        if target is None or target.state == MentorProfile.State.ERASED:
            raise ValidationError(_("This mentor's data is already erased."), code="erased")
        if Mentorship.objects.filter(mentor__in=locked, state__in=Mentorship.OPEN).exists():
            raise ValidationError(
                _("The mentor still has a pair in progress. End it, or let it be declined, first."),
                code="open_pair",
            )
        organisation = target.programme.organisation
        counts = erasure.erase_mentor(target)
        AuditLog.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            organisation=organisation,
            action=AuditLog.Action.ERASE,
            object_type="mentoring.mentorprofile",
            object_id=str(target.pk),
            object_label=erasure.ERASED_LABEL,
            fields=sorted(kind for kind, n in counts.items() if n),
            note="reason: request",
        )
    return counts


def employer_contact_erase(*, actor, email: str) -> Counter:
    """Anonymise an employer's contact person on their request (`erasure.erase_employer_contact`), in
    one transaction; audited ERASE with the number of registrations and no name or address."""
    with transaction.atomic(durable=True):
        registrations, login = selectors.employer_contact(email)
        found = list(registrations.select_for_update(of=("self",)).values_list("pk", flat=True))
        if not found and not login:
            raise ValidationError({"email": _("No employer contact has this address.")}, code="unknown")
        user_id = User.objects.filter(email__iexact=email.strip()).values_list("pk", flat=True).first()
        counts = erasure.erase_employer_contact(email)
        rows = [("events.employerregistration", pk) for pk in found] or [("core.user", user_id)]
        for object_type, pk in rows:
            AuditLog.objects.create(
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                action=AuditLog.Action.ERASE,
                object_type=object_type,
                object_id=str(pk),
                object_label=erasure.ERASED_LABEL,
                fields=sorted(kind for kind, n in counts.items() if n),
                note="employer contact; reason: request",
            )
    return counts


def _erase_expired(now: datetime, dry_run: bool) -> dict[str, int]:
    people = list(retention.expired_participants(now))
    if dry_run:
        return {"participants": len(people)}
    erased, audit_rows = 0, 0
    for participant in people:
        try:
            counts = participant_erase(actor=None, participant=participant, reason=Erasure.Reason.RETENTION)
        except ValidationError:  # erased by someone else since the list was made
            continue
        erased += 1
        audit_rows += counts["audit_labels"] + counts["audit_notes"]
    return {"participants": erased, "audit_rows_anonymised": audit_rows}


def _clear_outbox(now: datetime, dry_run: bool) -> dict[str, int]:
    if dry_run:
        return {"outbox_bodies": retention.expired_outbox(now).count()}
    with transaction.atomic(durable=True):
        return {"outbox_bodies": retention.clear_outbox(now)}


def _delete_deliveries(now: datetime, dry_run: bool) -> dict[str, int]:
    if dry_run:
        return {"webhook_deliveries": retention.expired_deliveries(now).count()}
    with transaction.atomic(durable=True):
        return {"webhook_deliveries": retention.expired_deliveries(now).delete()[0]}


def _delete_login_attempts(now: datetime, dry_run: bool) -> dict[str, int]:
    if dry_run:
        return {"login_attempts": retention.count_login_attempts(now)}
    with transaction.atomic(durable=True):
        return {"login_attempts": retention.delete_login_attempts(now)}


# One function per automatic rule of processing.RULES (a test holds the two lists together).
HANDLERS = {
    processing.PARTICIPANT: _erase_expired,
    processing.OUTBOX_BODY: _clear_outbox,
    processing.WEBHOOK_DELIVERY: _delete_deliveries,
    processing.LOGIN_THROTTLE: _delete_login_attempts,
}


def retention_run(*, dry_run: bool = False, now: datetime | None = None) -> dict[str, int]:
    """Anonymise or remove what has expired under each automatic rule; returns counts per kind.

    A dry run counts what would go and changes nothing. A real run records its counts (a
    RetentionRun, audited as ANONYMISE)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for key in processing.AUTOMATIC:
        counts.update(HANDLERS[key](now, dry_run))
    if dry_run:
        return counts
    with transaction.atomic(durable=True):
        run = RetentionRun.objects.create(at=now, counts=counts)
        log_action(
            actor=None,
            action=AuditLog.Action.ANONYMISE,
            obj=run,
            fields=sorted(kind for kind, n in counts.items() if n),
            note=", ".join(f"{kind}: {n}" for kind, n in counts.items()),
        )
    return counts
