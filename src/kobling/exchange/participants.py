"""Participants from a file: the plan (checks and matching) and the write.

A row is matched to a person the provider already has on the national id, else on the e-mail address
(case-insensitive), and only within the organisation. A row needs one of the two, so that importing the
file again finds the same people. A matched person gets the filled cells that differ; an empty cell
keeps what the record has (the import never removes anything). A `Program` cell applies the person to
that programme of the organisation (as applied, like registering someone by hand), unless they have
been in it already.

A new row that looks like someone already registered (same name and birth year, the intake's rule) is
imported as its own record with a possible match in the intake queue, where a coordinator compares the
two, as for a referral (`IntakeMatch`).

The write uses bulk operations, so that ten thousand rows take seconds: the records, enrolments with
their first status row, and possible matches in batches; an audit row per created or changed record
(field names, never values), and the import's own entry with its counts (the services' entry points).
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.models import Organisation
from kobling.exchange.columns import PARTICIPANT_COLUMNS
from kobling.exchange.plan import (
    NEW,
    ROW,
    Plan,
    compare,
    mark_duplicates,
    read_cells,
    require_for_new,
    resolve,
)
from kobling.exchange.reading import Table
from kobling.exchange.writing import BATCH, records_write
from kobling.people.models import Participant, Source
from kobling.programmes.models import Enrolment, EnrolmentStatus, IntakeMatch, Programme, Status

KIND = "participants"
# Column key -> the record's attribute, for the columns that are the person's own data.
FIELDS = {c.key: c.key for c in PARTICIPANT_COLUMNS if c.key != "programme"}
CLOSED_STATES = (Programme.State.COMPLETED, Programme.State.CANCELLED)


class People:
    """The organisation's records, indexed the ways a row can find them."""

    def __init__(self, organisation: Organisation):
        records = Participant.objects.filter(organisation=organisation).only(
            "organisation_id", *FIELDS.values()
        )
        self.by_national_id: dict[str, list[Participant]] = defaultdict(list)
        self.by_email: dict[str, list[Participant]] = defaultdict(list)
        self.by_name: dict[tuple, list[Participant]] = defaultdict(list)
        for record in records:
            if record.national_id:
                self.by_national_id[record.national_id].append(record)
            if record.email:
                self.by_email[record.email.lower()].append(record)
            if record.birth_year:
                self.by_name[_name_key(record.first_name, record.last_name, record.birth_year)].append(record)


def _name_key(first: str, last: str, year) -> tuple:
    return (first.casefold(), last.casefold(), year)


def participants_plan(*, organisation: Organisation, table: Table) -> Plan:
    """What importing this table into the organisation would do; nothing is written."""
    plan = Plan(kind=KIND)
    positions = resolve(plan, table, PARTICIPANT_COLUMNS, needs=("national_id", "email"))
    if plan.file_problems:
        return plan
    read_cells(plan, table, positions)
    mark_duplicates(plan, "national_id", _("The same national identity number is also in row %(rows)s."))
    mark_duplicates(plan, "email", _("The same e-mail address is also in row %(rows)s."))
    people = plan.state["people"] = People(organisation)
    programmes = {p.slug: p for p in Programme.objects.filter(organisation=organisation)}
    for row in plan.rows:
        _match(row, people)
        if row.target is None:
            require_for_new(row, plan.columns)
            _look_alike(row, people)
        _programme(row, programmes, organisation)
    _same_person_twice(plan)
    _enrolments(plan)
    return plan


def _match(row, people: People) -> None:
    """National id first, then e-mail; a record found both ways must be one and the same."""
    nid, email = row.values.get("national_id"), row.values.get("email")
    if not nid and not email and "national_id" not in row.problems and "email" not in row.problems:
        row.problem(
            ROW,
            _(
                "Fill in the e-mail address or the national identity number, "
                "so that the person is found again next time."
            ),
        )
        return
    found = people.by_national_id.get(nid, []) if nid else []
    if len(found) > 1:
        row.problem(
            "national_id",
            _(
                "Several people in the organisation have this national identity number. "
                "Link the duplicates in the intake queue first."
            ),
        )
        return
    if not found and email:
        found = people.by_email.get(email, [])
        if len(found) > 1:
            row.problem(
                "email",
                _(
                    "Several people in the organisation have this e-mail address. "
                    "Add the national identity number, or link the duplicates first."
                ),
            )
            return
        if found and nid and found[0].national_id and found[0].national_id != nid:
            row.problem(
                "national_id",
                _("The person with this e-mail address has another national identity number."),
            )
            return
    if found:
        compare(row, found[0], FIELDS)
    else:
        row.action = NEW


def _look_alike(row, people: People) -> None:
    key = _name_key(
        row.values.get("first_name", ""), row.values.get("last_name", ""), row.values.get("birth_year")
    )
    if key[2] and people.by_name.get(key):
        row.notes["last_name"].append(
            _(
                "Someone with the same name and birth year is registered already: "
                "the two wait in the intake queue to be compared."
            )
        )
        row.extras.append("look-alike")


def _programme(row, programmes: dict, organisation: Organisation) -> None:
    slug = row.values.get("programme")
    if not slug:
        return
    programme = programmes.get(slug)
    if programme is None:
        row.problem(
            "programme",
            _("%(organisation)s has no programme with the short name “%(slug)s”.")
            % {"organisation": organisation.name, "slug": slug},
        )
    elif programme.state in CLOSED_STATES:
        row.problem(
            "programme",
            _("The programme “%(name)s” is closed (%(state)s): nobody can be applied to it.")
            % {"name": programme.name, "state": programme.get_state_display().lower()},
        )
    else:
        row.values["programme"] = programme


def _same_person_twice(plan: Plan) -> None:
    rows_by_target = defaultdict(list)
    for row in plan.rows:
        if row.target is not None:
            rows_by_target[row.target.pk].append(row)
    for rows in rows_by_target.values():
        if len(rows) > 1:
            for row in rows:
                others = ", ".join(str(r.number) for r in rows if r is not row)
                row.problem(ROW, _("This is the same person as in row %(rows)s.") % {"rows": others})


def _enrolments(plan: Plan) -> None:
    """Which rows apply their person to the programme: those not in it already."""
    wanted = [r for r in plan.rows if isinstance(r.values.get("programme"), Programme) and not r.wrong]
    existing = set(
        Enrolment.objects.filter(
            participant_id__in=[r.target.pk for r in wanted if r.target is not None],
            programme_id__in={r.values["programme"].pk for r in wanted},
        ).values_list("participant_id", "programme_id")
    )
    count = 0
    for row in wanted:
        programme = row.values["programme"]
        if row.target is None or (row.target.pk, programme.pk) not in existing:
            row.extras.append(f"enrol:{programme.slug}")
            count += 1
    plan.extra_counts["enrolments"] = count


# --------------------------------------------------------------------------- the write


def participants_write(*, actor, organisation: Organisation, plan: Plan, note: str) -> None:
    """Write a plan without problems (inside the caller's transaction)."""
    now = timezone.now()

    def new_record(row) -> Participant:
        return Participant(
            organisation=organisation,
            source=Source.REGISTERED,
            created_at=now,
            updated_at=now,
            **{key: row.values[key] for key in FIELDS if key in row.values},
        )

    records_write(
        Participant, plan, new_record, FIELDS, actor=actor, organisation=organisation, now=now, note=note
    )
    _enrol(actor, plan, now)
    _possible_matches(organisation, plan, plan.state["people"])


def _enrol(actor, plan: Plan, now) -> None:
    """The enrolments, each with its first status row (as `programmes.services.enrolment_create`)."""
    referred_by = actor if getattr(actor, "is_authenticated", False) else None
    enrolments = [
        Enrolment(
            participant=row.target,
            programme=row.values["programme"],
            status=Status.APPLIED,
            status_since=now,
            referred_by=referred_by,
            created_at=now,
        )
        for row in plan.rows
        if any(extra.startswith("enrol:") for extra in row.extras)
    ]
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    EnrolmentStatus.objects.bulk_create(
        [
            EnrolmentStatus(enrolment=e, status=Status.APPLIED, valid_from=now, changed_by=referred_by)
            for e in enrolments
        ],
        batch_size=BATCH,
    )


def _possible_matches(organisation: Organisation, plan: Plan, people: People) -> None:
    """A possible match in the intake queue for each new record that looks like one registered before
    the import (`people`: the records as they were)."""
    matches = [
        IntakeMatch(organisation=organisation, new=row.target, existing=other, reasons=["name"])
        for row in plan.rows
        if "look-alike" in row.extras
        for other in people.by_name.get(
            _name_key(row.target.first_name, row.target.last_name, row.target.birth_year), []
        )
    ]
    IntakeMatch.objects.bulk_create(matches, batch_size=BATCH)
