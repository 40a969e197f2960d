"""Employer contacts from a file: the plan and the write.

An employer's contact person is a login with the employer role in the employer's organisation, and
until they accept, an open invitation to it: that is how contacts exist everywhere else (organisation
set-up, an employer registering for an event). Whoever organises events for their organisation (the
capability `manage_events`: a NAV office's market coordinator, a provider's coordinator) may invite
any employer's contact from an event today; the import does the same for a list.

Each row names the employer (its short name or its exact name) and the contact. A contact who has a
login already is left as they are (their account is their own); an open invitation gets a changed
name or language; anyone else is new, and a new contact exists only by being invited, so new contacts
need the import's explicit choice to send the invitations (one e-mail each). Without it the file is
refused as a whole, and nothing is written.
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kobling.accounts.services import invitation_create
from kobling.core.audit import update_and_log
from kobling.core.models import Invitation, Membership, Organisation
from kobling.core.roles import Role
from kobling.exchange.columns import CONTACT_COLUMNS, normal
from kobling.exchange.plan import NEW, SAME, Plan, RowPlan, compare, read_cells, require_for_new, resolve
from kobling.exchange.reading import Table

KIND = "employer-contacts"
FIELDS = {"full_name": "full_name", "language": "language"}


class Employers:
    """Every employer organisation, by short name and by name, with its contacts and open invitations."""

    def __init__(self):
        self.by_slug: dict[str, Organisation] = {}
        self.by_name: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER):
            self.by_slug[organisation.slug] = organisation
            self.by_name[normal(organisation.name)].append(organisation)
        self.accounts = set(
            Membership.objects.filter(role=Role.EMPLOYER, organisation__kind=Organisation.Kind.EMPLOYER)
            .values_list("organisation_id", "user__email")
            .iterator()
        )
        self.invitations = {
            (i.organisation_id, i.email): i for i in open_invitations(Invitation.objects.all()).iterator()
        }

    def find(self, text: str) -> list[Organisation]:
        found = self.by_slug.get(text.lower())
        return [found] if found else self.by_name.get(normal(text), [])


def open_invitations(invitations):
    """Employer-role invitations nobody has accepted, revoked or let expire."""
    return invitations.filter(
        role=Role.EMPLOYER,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def contacts_plan(*, table: Table, invite: bool | None = False) -> Plan:
    """What importing this table of employer contacts would do; nothing is written. New contacts need
    `invite`; `None` leaves the choice open (the preview, which asks for it below the table)."""
    plan = Plan(kind=KIND)
    positions = resolve(plan, table, CONTACT_COLUMNS)
    if plan.file_problems:
        return plan
    read_cells(plan, table, positions)
    employers = Employers()
    seen: dict[tuple, list[RowPlan]] = defaultdict(list)
    for row in plan.rows:
        employer = _employer(row, employers)
        if employer is None or "email" not in row.values:
            continue
        key = (employer.pk, row.values["email"])
        seen[key].append(row)
        if key in employers.accounts:
            row.action, row.target = SAME, employer
            row.notes["full_name"].append(_("Has a login already; their account keeps its own details."))
        elif key in employers.invitations:
            compare(row, employers.invitations[key], FIELDS)
        else:
            row.action = NEW
            require_for_new(row, plan.columns)
    for rows in seen.values():
        for row in rows if len(rows) > 1 else ():
            others = ", ".join(str(r.number) for r in rows if r is not row)
            row.problem("email", _("The same contact is also in row %(rows)s.") % {"rows": others})
    new = [(r.values["full_name"], r.values["email"]) for r in plan.rows if r.action == NEW and not r.wrong]
    plan.state["invitations"] = new
    if invite:
        plan.emails = new
    elif new and invite is not None:
        plan.file_problems.append(
            ngettext(
                "%(n)s new contact can only be added by inviting them: choose to send the invitation.",
                "%(n)s new contacts can only be added by inviting them: choose to send the invitations.",
                len(new),
            )
            % {"n": len(new)}
        )
    return plan


def _employer(row: RowPlan, employers: Employers) -> Organisation | None:
    text = row.values.get("employer")
    if not text:
        return None
    found = employers.find(text)
    if len(found) == 1:
        row.values["employer"] = found[0]
        return found[0]
    if found:
        row.problem(
            "employer",
            _("Several employers have this name: write the short name instead, for example %(slug)s.")
            % {"slug": found[0].slug},
        )
    else:
        row.problem(
            "employer",
            _("No employer is registered as “%(text)s”. Ask the platform administrator to add it first.")
            % {"text": text},
        )
    return None


def contacts_write(*, actor, plan: Plan, note: str) -> None:
    """Write a plan without problems (inside the caller's transaction): invitations for the new
    contacts, changed names and languages on open invitations."""
    for row in plan.rows:
        if row.action == NEW:
            row.target, _token = invitation_create(
                actor=actor,
                organisation=row.values["employer"],
                email=row.values["email"],
                full_name=row.values["full_name"],
                role=Role.EMPLOYER,
                language=row.values.get("language", "nb"),
            )
        elif row.changed:
            update_and_log(
                row.target,
                actor=actor,
                organisation=row.target.organisation,
                note=note,
                **{FIELDS[key]: row.values[key] for key in row.changed},
            )
