"""Import and export: the entry points the pages and the commands call.

Checking (`*_check`) reads and writes nothing: it is the preview and `--dry-run`. Importing
(`*_import`) is one durable transaction: it locks what it imports into (so two imports into the same
organisation or programme wait for each other), checks the file again against the records as they are
now, and writes only if no row has a problem and, when the preview's fingerprint is given, only if
the import would still do what the preview showed. Otherwise `ImportRefused` carries the plan with
its problems and nothing is written.

Audit: each import is one entry (`Action.IMPORT`) on what it imported into, with its counts and the
columns it read. Changes to personal data stay traceable per record: every record created or changed
gets its own entry (field names, never values) whose note names the import's entry, as the services
write them; unchanged rows write nothing. An export is one `Action.EXPORT` entry with its columns and
count, and when it holds national identity numbers, a read entry for each person whose number it
holds, as revealing one on the record page writes.

E-mail: importing participants never e-mails anyone (a participant's login is invited from their
record). Mentors and employer contacts are e-mailed an invitation only when the import is told to
invite (`invite=True`), and the preview names each recipient first.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kobling.core.audit import Action, log_action
from kobling.core.models import Organisation
from kobling.exchange import export
from kobling.exchange.columns import CONTACT_COLUMNS, MENTOR_COLUMNS
from kobling.exchange.contacts import contacts_plan, contacts_write
from kobling.exchange.mentors import mentors_plan, mentors_write
from kobling.exchange.participants import participants_plan, participants_write
from kobling.exchange.plan import NEW, SAME, UPDATE, Plan
from kobling.exchange.reading import Table
from kobling.programmes.models import Programme


class ImportRefused(Exception):
    """The file has problems (`plan.problems()`), or changed since its preview; nothing was written."""

    def __init__(self, plan: Plan, message: str = ""):
        super().__init__(message or _("The file has problems, so nothing was imported."))
        self.plan = plan
        self.message = message


def _ready(plan: Plan, expected: str | None) -> None:
    if not plan.ok:
        raise ImportRefused(plan)
    if expected is not None and plan.fingerprint() != expected:
        raise ImportRefused(
            plan,
            _("The records changed after the preview was made. Check the new preview before you import."),
        )


def summary(plan: Plan) -> str:
    """The counts as the audit entry keeps them (not translated, like every audit note)."""
    counts = plan.counts()
    text = f"{plan.kind}: {counts[NEW]} new, {counts[UPDATE]} updated, {counts[SAME]} unchanged"
    if "enrolments" in counts:
        text += f", {counts['enrolments']} applied to a programme"
    return text + f", {counts['emails']} e-mailed"


def _log_import(*, actor, obj, organisation: Organisation, plan: Plan, name: str) -> str:
    note = summary(plan) + (f"; file {name[:80]}" if name else "")
    entry = log_action(
        actor=actor,
        action=Action.IMPORT,
        obj=obj,
        organisation=organisation,
        fields=list(plan.headings),
        note=note,
    )
    return f"import {entry.pk}"


# --------------------------------------------------------------------------- participants


def participants_check(*, organisation: Organisation, table: Table) -> Plan:
    return participants_plan(organisation=organisation, table=table)


@transaction.atomic(durable=True)
def participants_import(
    *, actor, organisation: Organisation, table: Table, expected: str | None = None, name: str = ""
) -> Plan:
    """Import participants into a provider: everything or, if any row is wrong, nothing."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    plan = participants_plan(organisation=organisation, table=table)
    _ready(plan, expected)
    note = _log_import(actor=actor, obj=organisation, organisation=organisation, plan=plan, name=name)
    participants_write(actor=actor, organisation=organisation, plan=plan, note=note)
    return plan


# --------------------------------------------------------------------------- mentors


def mentors_check(*, programme: Programme, table: Table, invite: bool = False) -> Plan:
    return mentors_plan(programme=programme, table=table, invite=invite)


@transaction.atomic(durable=True)
def mentors_import(
    *,
    actor,
    programme: Programme,
    table: Table,
    invite: bool = False,
    expected: str | None = None,
    name: str = "",
) -> Plan:
    """Import mentors into a mentor programme; with `invite`, approve the new ones and invite them."""
    programme = Programme.objects.select_for_update().select_related("organisation").get(pk=programme.pk)
    if programme.kind != Programme.Kind.MENTOR:
        raise ValidationError(_("Mentors can only be imported into a mentor programme."))
    plan = mentors_plan(programme=programme, table=table, invite=invite)
    _ready(plan, expected)
    note = _log_import(actor=actor, obj=programme, organisation=programme.organisation, plan=plan, name=name)
    mentors_write(actor=actor, programme=programme, plan=plan, invite=invite, note=note)
    return plan


# --------------------------------------------------------------------------- employer contacts


def contacts_check(*, table: Table, invite: bool | None = False) -> Plan:
    return contacts_plan(table=table, invite=invite)


@transaction.atomic(durable=True)
def contacts_import(
    *,
    actor,
    organisation: Organisation,
    table: Table,
    invite: bool = False,
    expected: str | None = None,
    name: str = "",
) -> Plan:
    """Import employer contacts on behalf of an organisation that organises events; new contacts are
    invited (with `invite`), one e-mail each."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    plan = contacts_plan(table=table, invite=invite)
    _ready(plan, expected)
    note = _log_import(actor=actor, obj=organisation, organisation=organisation, plan=plan, name=name)
    contacts_write(actor=actor, plan=plan, note=note)
    return plan


# --------------------------------------------------------------------------- exports


def _log_export(*, actor, obj, organisation, columns, download: export.Download, format: str) -> None:
    log_action(
        actor=actor,
        action=Action.EXPORT,
        obj=obj,
        organisation=organisation,
        fields=[c.key for c in columns],
        note=f"{download.rows} rows as {format}",
    )


@transaction.atomic(durable=True)
def participants_export(
    *, actor, organisation: Organisation, format: str, with_national_id: bool = False
) -> export.Download:
    columns = export.participant_columns(with_national_id)
    rows, shown = export.participant_rows(organisation, columns)
    download = export.render(columns, rows, format=format, name=f"participants-{organisation.slug}")
    _log_export(
        actor=actor,
        obj=organisation,
        organisation=organisation,
        columns=columns,
        download=download,
        format=format,
    )
    for person in shown:
        log_action(
            actor=actor,
            action=Action.READ,
            obj=person,
            organisation=organisation,
            fields=["national_id"],
            note="export",
        )
    return download


@transaction.atomic(durable=True)
def mentors_export(*, actor, programme: Programme, format: str) -> export.Download:
    rows = export.mentor_rows(programme)
    download = export.render(MENTOR_COLUMNS, rows, format=format, name=f"mentors-{programme.slug}")
    _log_export(
        actor=actor,
        obj=programme,
        organisation=programme.organisation,
        columns=MENTOR_COLUMNS,
        download=download,
        format=format,
    )
    return download


@transaction.atomic(durable=True)
def contacts_export(*, actor, organisation: Organisation, format: str) -> export.Download:
    rows = export.contact_rows(organisation)
    download = export.render(
        CONTACT_COLUMNS, rows, format=format, name=f"employer-contacts-{organisation.slug}"
    )
    _log_export(
        actor=actor,
        obj=organisation,
        organisation=organisation,
        columns=CONTACT_COLUMNS,
        download=download,
        format=format,
    )
    return download


# --------------------------------------------------------------------------- one entry for every kind


def import_check(kind: str, *, target, table: Table, invite: bool | None = None) -> Plan:
    """The check of any kind, for the preview and `--dry-run`. `invite=None` (the preview) leaves the
    invitation choice open: it is asked below the table."""
    if kind == "participants":
        return participants_check(organisation=target, table=table)
    if kind == "mentors":
        return mentors_check(programme=target, table=table, invite=bool(invite))
    return contacts_check(table=table, invite=invite)


def import_run(kind: str, *, actor, target, table: Table, invite: bool, expected: str, name: str) -> Plan:
    """The confirmed import of any kind, with the fingerprint of the preview it confirms."""
    if kind == "participants":
        return participants_import(
            actor=actor, organisation=target, table=table, expected=expected, name=name
        )
    if kind == "mentors":
        return mentors_import(
            actor=actor, programme=target, table=table, invite=invite, expected=expected, name=name
        )
    return contacts_import(
        actor=actor, organisation=target, table=table, invite=invite, expected=expected, name=name
    )


def export_run(kind: str, *, actor, target, format: str, with_national_id: bool = False) -> export.Download:
    """The export of any kind (the national ids only for participants, and only when asked for)."""
    if kind == "participants":
        return participants_export(
            actor=actor, organisation=target, format=format, with_national_id=with_national_id
        )
    if kind == "mentors":
        return mentors_export(actor=actor, programme=target, format=format)
    return contacts_export(actor=actor, organisation=target, format=format)
