"""Exports have the import's columns, so a file round-trips: export → import → nothing changes."""

import pytest
from django.utils import translation

from kobling.core.models import AuditLog
from kobling.exchange import services
from kobling.exchange.plan import NEW, SAME, UPDATE
from kobling.exchange.reading import read_table
from kobling.mentoring.models import MentorProfile
from kobling.people.models import Participant
from kobling.programmes.models import Programme
from tests.exchange.conftest import CONTACT_HEADINGS, nid, table

pytestmark = pytest.mark.django_db


def as_bytes(download) -> bytes:
    return download.content if isinstance(download.content, bytes) else download.content.encode("utf-8")


def unchanged(plan) -> bool:
    counts = plan.counts()
    return counts[NEW] == counts[UPDATE] == counts.get("enrolments", 0) == 0 and counts[SAME] == len(
        plan.rows
    )


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("file_format", ["csv", "excel", "xlsx"])
def test_participants_round_trip(coordinator, provider, programme, people_rows, file_format, language):
    people_rows[1][7] = programme.slug
    services.participants_import(actor=coordinator, organisation=provider, table=table(people_rows))
    with translation.override(language):
        download = services.participants_export(
            actor=coordinator, organisation=provider, format=file_format, with_national_id=True
        )
    exported = read_table(as_bytes(download))
    assert exported.headers[0] == ("Fornavn" if language == "nb" else "first_name")
    assert len(exported.rows) == 3
    before = list(Participant.objects.order_by("pk").values())
    again = services.participants_import(actor=coordinator, organisation=provider, table=exported)
    assert unchanged(again)
    assert list(Participant.objects.order_by("pk").values()) == before


def test_the_excel_dialect_is_semicolons_with_a_bom_and_formulas_neutralised(coordinator, provider):
    rows = [["Fornavn", "Etternavn", "E-post"], ["=1+1", "Lie", "a@example.no"]]
    services.participants_import(actor=coordinator, organisation=provider, table=table(rows))
    with translation.override("nb"):
        text = services.participants_export(actor=coordinator, organisation=provider, format="excel").content
    assert text.startswith("\ufeffFornavn;Etternavn;E-post;")
    assert "'=1+1;Lie;a@example.no" in text
    assert "Fødselsnummer" not in text


def test_an_export_is_audited_and_each_national_id_it_holds_is_a_read(coordinator, provider, people_rows):
    services.participants_import(actor=coordinator, organisation=provider, table=table(people_rows))
    services.participants_export(
        actor=coordinator, organisation=provider, format="csv", with_national_id=True
    )
    entry = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (entry.organisation, entry.note) == (provider, "3 rows as csv")
    assert "national_id" in entry.fields
    reads = AuditLog.objects.filter(action=AuditLog.Action.READ, fields=["national_id"])
    assert reads.count() == 2  # Amina and Sara have one; Jonas has none
    services.participants_export(actor=coordinator, organisation=provider, format="csv")
    assert reads.count() == 2


def test_mentors_round_trip(coordinator, provider, mentor_rows):
    programme = Programme.objects.create(
        organisation=provider, name="M", slug="m", kind=Programme.Kind.MENTOR
    )
    services.mentors_import(actor=coordinator, programme=programme, table=table(mentor_rows))
    for file_format in ("csv", "xlsx"):
        download = services.mentors_export(actor=coordinator, programme=programme, format=file_format)
        before = list(MentorProfile.objects.order_by("pk").values())
        assert unchanged(
            services.mentors_import(
                actor=coordinator, programme=programme, table=read_table(as_bytes(download))
            )
        )
        assert list(MentorProfile.objects.order_by("pk").values()) == before


def test_employer_contacts_round_trip(market_coordinator, nav_office, employer_org, employer):
    rows = [CONTACT_HEADINGS, [employer_org.slug, "Per Post", "per@bolgedata.example.no", "en"]]
    services.contacts_import(
        actor=market_coordinator, organisation=nav_office, table=table(rows), invite=True
    )
    download = services.contacts_export(actor=market_coordinator, organisation=nav_office, format="csv")
    exported = read_table(as_bytes(download))
    assert [cells[1] for _n, cells in exported.rows] == ["Per Post", "Siri Sjef"]
    plan = services.contacts_import(actor=market_coordinator, organisation=nav_office, table=exported)
    assert unchanged(plan)


def test_export_of_national_ids_keeps_leading_zeros(coordinator, provider):
    number = nid("010190")
    services.participants_import(
        actor=coordinator,
        organisation=provider,
        table=table([["Fornavn", "Etternavn", "Fødselsnummer"], ["A", "B", number[1:]]]),
    )
    assert Participant.objects.get().national_id == number
    download = services.participants_export(
        actor=coordinator, organisation=provider, format="xlsx", with_national_id=True
    )
    assert read_table(download.content).rows[0][1][5] == number
