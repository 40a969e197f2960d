"""The audit log: written in the same transaction as the change it records (pretix's log_action)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import models, transaction
from django.utils import timezone

from kobling.core.models import AuditLog, AuditRewrite, Organisation

Action = AuditLog.Action


def log_action(
    *,
    actor,
    action: Action,
    obj: models.Model,
    organisation: Organisation | None = None,
    fields: Iterable[str] = (),
    note: str = "",
) -> AuditLog:
    """The one way to write an audit entry (zulip's typed audit events, pretix's log_action): what
    `actor` did (`action`, one of `Action`) to `obj`, for `organisation`, touching `fields`.

    It refuses a plain string (a typo would otherwise be stored and never found) and refuses to run
    outside a transaction, so the entry and the change it records are committed together or not at all.
    """
    if not isinstance(action, Action):
        raise TypeError(f"Audit actions are AuditLog.Action members, not {action!r}.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the transaction of the change they record.")
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        fields=sorted(set(fields)),
        note=note[:300],
    )


def save_and_log(
    obj: models.Model,
    *,
    actor,
    organisation: Organisation | None,
    fields: Iterable[str],
    logged: Iterable[str] | None = None,
    action: Action = Action.UPDATE,
    note: str = "",
) -> AuditLog:
    """Save `fields` of `obj` and write the audit entry for it, in the caller's transaction.

    The audit entry names `logged` (by default the saved fields without the `updated_at` stamp).
    """
    fields = list(fields)
    obj.save(update_fields=fields)
    named = [f for f in fields if f != "updated_at"] if logged is None else list(logged)
    return log_action(actor=actor, action=action, obj=obj, organisation=organisation, fields=named, note=note)


def update_and_log(
    obj: models.Model,
    *,
    actor,
    organisation: Organisation | None,
    note: str = "",
    action: Action = Action.UPDATE,
    **changes,
) -> AuditLog:
    """Set `changes` on `obj`, save just those fields (and stamp `updated_at` where the model has one)
    and audit them: the one way to write "this person changed these fields of this row"."""
    if "updated_at" not in changes and any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        changes["updated_at"] = timezone.now()
    for name, value in changes.items():
        setattr(obj, name, value)
    fields = list(changes)
    return save_and_log(obj, actor=actor, organisation=organisation, fields=fields, action=action, note=note)


def assign_changes(obj, values: dict) -> list[str]:
    """Set `values` on `obj` (unsaved) and return the names of those that changed, sorted: what an
    update service saves and audits."""
    before = snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    return changed_fields(before, snapshot(obj, values))


def assign_and_log(
    obj, values: dict, *, actor, organisation: Organisation | None, note: str = ""
) -> list[str]:
    """An edit form's save: set `values` on `obj` and, when any of them changed, save and audit just
    those (`update_and_log`, which stamps `updated_at` where the model has one). Returns the names of
    the fields that changed, sorted."""
    changed = assign_changes(obj, values)
    if changed:
        update_and_log(
            obj, actor=actor, organisation=organisation, note=note, **{f: values[f] for f in changed}
        )
    return changed


def delete_and_log(obj, *, actor, organisation: Organisation | None, fields=(), note: str = "") -> None:
    """Audit the removal of `obj` (naming `fields`), then delete it, in the caller's transaction."""
    log_action(
        actor=actor, action=Action.DELETE, obj=obj, organisation=organisation, fields=fields, note=note
    )
    obj.delete()


def create_and_log(
    model: type[models.Model],
    *,
    actor,
    organisation: Organisation | None,
    logged: Iterable[str] = (),
    note: str = "",
    **values,
):
    """Create a `model` row from `values` and audit its creation (naming `logged`); returns the row.

    A model with an `organisation` field of its own gets the audit's `organisation` there too, unless
    `values` name it."""
    if not {"organisation", "organisation_id"} & values.keys() and any(
        f.name == "organisation" for f in model._meta.concrete_fields
    ):
        values["organisation"] = organisation
    obj = model.objects.create(**values)
    log_action(
        actor=actor, action=Action.CREATE, obj=obj, organisation=organisation, fields=logged, note=note
    )
    return obj


def changed_fields(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {f: getattr(obj, f) for f in fields}


def log_security_event(
    *,
    action: Action,
    user=None,
    organisation: Organisation | None = None,
    label: str = "",
    note: str = "",
) -> AuditLog:
    """A security event (failed login, lock-out, password reset, two-factor change, refused access).

    It is about an account rather than a change, so it is written on its own, in its own
    transaction when there is none. `organisation` defaults to the account's first organisation, so
    that organisation's coordinator sees it; a platform admin sees them all.
    """
    if organisation is None and user is not None and user.pk:
        membership = user.memberships.filter(organisation__isnull=False).select_related("organisation")
        first = membership.order_by("pk").first()
        organisation = first.organisation if first else None
    with transaction.atomic():
        return AuditLog.objects.create(
            actor=user if user is not None and user.pk else None,
            organisation=organisation,
            action=action,
            object_type="core.user",
            object_id=str(user.pk) if user is not None and user.pk else "",
            object_label=(label or (str(user) if user is not None and user.pk else ""))[:200],
            note=note[:300],
        )


@contextmanager
def audit_rewrite(reason: str) -> Iterator[None]:
    """Let the code inside rewrite audit rows: only erasure and retention, to anonymise them.

    The database refuses UPDATE and DELETE on the audit log unless a permit row exists in the same
    transaction. The permit lives in a savepoint and is removed before the block ends, so it is never
    committed and never seen by another transaction; if the block fails, it is rolled back with it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit rows are rewritten only inside the transaction of the erasure.")
    with transaction.atomic():
        permit = AuditRewrite.objects.create(reason=reason[:60])
        yield
        AuditRewrite.objects.filter(pk=permit.pk).delete()
