"""The rows an export writes: the import's own columns, so that an exported file imported again
changes nothing. The file itself is written by `core.tables` (CSV, CSV for Excel, XLSX), with the
headings in the language of the page (Norwegian in bokmål, English otherwise; the import reads both).

Participants: the organisation's people, with the programme of each one's newest enrolment; the
national identity number only when asked for by someone who may read it. Mentors: the programme's
profiles that were not rejected. Employer contacts: the contacts (logins and open invitations) of the
employers the organisation works with: those at its events and those its people invited.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone, translation

from kobling.core import tables
from kobling.core.models import Invitation, Membership, Organisation
from kobling.core.roles import Role
from kobling.events.models import EmployerRegistration
from kobling.exchange.columns import MENTOR_COLUMNS, PARTICIPANT_COLUMNS, Column
from kobling.exchange.contacts import open_invitations
from kobling.mentoring.models import MentorProfile
from kobling.people.models import Participant
from kobling.programmes.models import Enrolment, Programme

FORMATS = ("csv", "excel", "xlsx")


@dataclass
class Download:
    content: bytes | str
    content_type: str
    filename: str
    rows: int


def render(columns: tuple[Column, ...], rows: list[list], *, format: str, name: str) -> Download:
    """The file in one of FORMATS: plain CSV, CSV for Norwegian Excel, or XLSX."""
    language = translation.get_language() or "nb"
    header = [column.heading(language) for column in columns]
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    if format == "xlsx":
        workbook = tables.new_workbook()
        tables.xlsx_sheet(workbook, name, header, rows)
        return Download(tables.xlsx_bytes(workbook), tables.XLSX_TYPE, f"{name}-{stamp}.xlsx", len(rows))
    dialect = tables.EXCEL if format == "excel" else tables.PLAIN
    return Download(
        tables.csv_text([header, *rows], dialect), tables.CSV_TYPE, f"{name}-{stamp}.csv", len(rows)
    )


def participant_columns(with_national_id: bool) -> tuple[Column, ...]:
    return tuple(c for c in PARTICIPANT_COLUMNS if with_national_id or c.key != "national_id")


def participant_rows(organisation: Organisation, columns: tuple[Column, ...]) -> tuple[list[list], list]:
    """The rows, and the people whose national id they hold (for the audit)."""
    newest = Enrolment.objects.filter(participant=OuterRef("pk")).order_by("-created_at", "-id")
    people = (
        Participant.objects.filter(organisation=organisation)
        .annotate(programme=Subquery(newest.values("programme__slug")[:1]))
        .order_by("last_name", "first_name", "id")
    )
    rows, shown = [], []
    for person in people:
        rows.append([_cell(getattr(person, c.key)) for c in columns])
        if person.national_id and any(c.key == "national_id" for c in columns):
            shown.append(person)
    return rows, shown


def mentor_rows(programme: Programme) -> list[list]:
    profiles = (
        MentorProfile.objects.filter(programme=programme)
        .exclude(state=MentorProfile.State.REJECTED)
        .order_by("full_name", "id")
    )
    return [[_cell(_mentor_value(profile, c.key)) for c in MENTOR_COLUMNS] for profile in profiles]


def _mentor_value(profile: MentorProfile, key: str):
    if key == "occupation":
        return profile.occupation_id
    if key == "region":
        return profile.get_region_display()
    return getattr(profile, key)


def employers_of(organisation: Organisation):
    """The employers an organisation works with: at its events, or invited by its people."""
    at_events = EmployerRegistration.objects.filter(event__organisers=organisation).values("organisation_id")
    invited = Invitation.objects.filter(
        role=Role.EMPLOYER, invited_by__memberships__organisation=organisation
    ).values("organisation_id")
    return Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER).filter(
        Q(pk__in=at_events) | Q(pk__in=invited)
    )


def contact_rows(organisation: Organisation) -> list[list]:
    employers = employers_of(organisation)
    rows = [
        [m.organisation.slug, m.user.full_name, m.user.email, m.user.language]
        for m in Membership.objects.filter(role=Role.EMPLOYER, organisation__in=employers).select_related(
            "organisation", "user"
        )
    ]
    with_login = {(row[0], row[2]) for row in rows}
    rows += [
        [i.organisation.slug, i.full_name, i.email, i.language]
        for i in open_invitations(Invitation.objects.filter(organisation__in=employers))
        .select_related("organisation")
        .order_by("created_at")
        if (i.organisation.slug, i.email) not in with_login
    ]
    unique = {(row[0], row[2]): row for row in rows}  # the newest open invitation of a contact
    return sorted(unique.values(), key=lambda row: (row[0], row[1].casefold(), row[2]))


def _cell(value):
    return "" if value is None else value
