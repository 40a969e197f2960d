"""The audit log: written in the same transaction as the change it records (pretix's log_action)."""

from collections.abc import Iterable

from django.db import models, transaction

from kobling.core.models import AuditLog, Organisation


def log_action(
    *,
    actor,
    action: str,
    obj: models.Model,
    organisation: Organisation | None = None,
    fields: Iterable[str] = (),
    note: str = "",
) -> AuditLog:
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


def changed_fields(before: dict, after: dict) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    return {f: getattr(obj, f) for f in fields}
