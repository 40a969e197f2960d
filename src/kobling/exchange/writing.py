"""The bulk writes every kind shares: new records in batches and changed ones in batches, each with its
own audit entry (field names, never values) whose note names the import's entry."""

from kobling.core.audit import Action, log_action
from kobling.exchange.plan import NEW, Plan, RowPlan

BATCH = 1000


def records_create(model, rows: list[RowPlan], records: list, *, attributes: dict, actor, organisation, note):
    """Insert `records` (made from `rows`, in order) and audit each; the rows then point at them."""
    model.objects.bulk_create(records, batch_size=BATCH)
    for row, record in zip(rows, records, strict=True):
        row.target = record
        log_action(
            actor=actor,
            action=Action.CREATE,
            obj=record,
            organisation=organisation,
            fields=[key for key in row.values if key in attributes],
            note=note,
        )


def records_update(model, rows: list[RowPlan], *, attributes: dict, actor, organisation, now, note) -> None:
    """Set each row's changed values (column key -> `attributes[key]`) on its record, save them in
    batches, and audit each record with the names of its changed fields."""
    saved = set()
    for row in rows:
        for key in row.changed:
            setattr(row.target, attributes[key], row.values[key])
            saved.add(attributes[key])
        row.target.updated_at = now
        log_action(
            actor=actor,
            action=Action.UPDATE,
            obj=row.target,
            organisation=organisation,
            fields=row.changed,
            note=note,
        )
    if rows:
        model.objects.bulk_update([r.target for r in rows], sorted(saved) + ["updated_at"], batch_size=BATCH)


def records_write(model, plan: Plan, make, attributes: dict, *, actor, organisation, now, note) -> list:
    """Write a plan's `model` records: one made by `make(row)` for each new row (`records_create`) and
    the changes of the changed ones (`records_update`). Returns the new records, in the plan's order."""
    new_rows = [r for r in plan.rows if r.action == NEW]
    records = [make(r) for r in new_rows]
    records_create(
        model, new_rows, records, attributes=attributes, actor=actor, organisation=organisation, note=note
    )
    records_update(
        model,
        [r for r in plan.rows if r.changed],
        attributes=attributes,
        actor=actor,
        organisation=organisation,
        now=now,
        note=note,
    )
    return records
