"""Importing participants: both heading languages, all or nothing with every problem at its row and
column, matching on national id then e-mail within the organisation, idempotency, updates, duplicates
in the file, programmes, look-alikes, and the audit entry with its counts."""

import pytest

from kobling.core.models import AuditLog
from kobling.exchange import services
from kobling.exchange.plan import NEW, SAME, UPDATE
from kobling.people.models import Participant, Source
from kobling.programmes.models import Enrolment, IntakeMatch, Programme, Status
from tests.conftest import make_participant
from tests.exchange.conftest import EN_HEADINGS, NB_HEADINGS, nid, table

pytestmark = pytest.mark.django_db


def run(coordinator, provider, rows, **kwargs):
    return services.participants_import(actor=coordinator, organisation=provider, table=table(rows, **kwargs))


def test_norwegian_headings_from_norwegian_excel_semicolons_and_bom(coordinator, provider, people_rows):
    plan = run(coordinator, provider, people_rows, delimiter=";", bom=True)
    assert plan.counts()[NEW] == 3
    amina = Participant.objects.get(organisation=provider, email="amina@example.no")
    assert (amina.first_name, amina.phone, amina.birth_year, amina.municipality) == (
        "Amina",
        "+4791234567",
        1990,
        "Bergen",
    )
    assert amina.national_id == nid("010190") and amina.source == Source.REGISTERED
    sara = Participant.objects.get(organisation=provider, last_name="Lie")
    assert (sara.email, sara.phone) == ("", "+46701234567")


def test_english_headings_in_any_case_and_spacing_read_the_same(coordinator, provider, people_rows):
    headings = [h.upper().replace("_", " ") for h in EN_HEADINGS]
    plan = run(coordinator, provider, [headings, *people_rows[1:]])
    assert plan.counts()[NEW] == 3
    assert Participant.objects.filter(organisation=provider).count() == 3


def test_unknown_repeated_and_missing_headings_refuse_the_whole_file(coordinator, provider):
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, [["Fornavn", "Skostørrelse", "Fornavn"], ["Amina", "38", "Amina"]])
    lines = [p.line() for p in refused.value.plan.problems()]
    assert any("Unknown columns: “Skostørrelse”" in line for line in lines)
    assert any("“Fornavn” appears twice" in line for line in lines)
    assert any("missing: Etternavn / last_name" in line for line in lines)
    assert any(
        "at least one of these columns: E-post / email, Fødselsnummer / national_id" in line for line in lines
    )
    assert not Participant.objects.exists()


def test_all_or_nothing_every_wrong_row_named_with_its_column(coordinator, provider, people_rows):
    rows = [
        *people_rows,
        ["Per", "Feil", "ikke-en-adresse", "123", "1790", "12345678901", "", "finnes-ikke"],
        ["", "Navnløs", "navnlos@example.no", "", "19x0", "", "", ""],
        ["Ola", "Uten", "", "", "", "", "", ""],
    ]
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, rows)
    found = {(p.row, p.column) for p in refused.value.plan.problems()}
    assert found == {
        (5, "E-post"),
        (5, "Telefon"),
        (5, "Fødselsår"),
        (5, "Fødselsnummer"),
        (5, "Program"),
        (6, "Fornavn"),
        (6, "Fødselsår"),
        (7, ""),
    }
    lines = [p.line() for p in refused.value.plan.problems()]
    assert "Row 5, column “E-post”: Enter a valid e-mail address." in lines
    assert "Row 6, column “Fornavn”: Fill this in: a new record needs it." in lines
    assert not Participant.objects.exists()
    assert not AuditLog.objects.filter(action=AuditLog.Action.IMPORT).exists()


def test_check_is_a_dry_run_that_writes_nothing(coordinator, provider, people_rows):
    plan = services.participants_check(organisation=provider, table=table(people_rows))
    assert plan.ok and plan.counts()[NEW] == 3
    assert not Participant.objects.exists() and not AuditLog.objects.exists()


def test_importing_the_same_file_again_adds_nobody(coordinator, provider, people_rows):
    run(coordinator, provider, people_rows)
    again = run(coordinator, provider, people_rows)
    assert (again.counts()[NEW], again.counts()[UPDATE], again.counts()[SAME]) == (0, 0, 3)
    assert Participant.objects.filter(organisation=provider).count() == 3


def test_changed_cells_update_and_empty_cells_keep_what_the_record_has(coordinator, provider, people_rows):
    run(coordinator, provider, people_rows)
    changed = [NB_HEADINGS, ["Amina", "Hassan-Berg", "amina@example.no", "", "1990", "", "Voss", ""]]
    plan = run(coordinator, provider, changed)
    assert [r.changed for r in plan.rows] == [["last_name", "municipality"]]
    amina = Participant.objects.get(email="amina@example.no")
    assert (amina.last_name, amina.municipality, amina.phone) == ("Hassan-Berg", "Voss", "+4791234567")
    assert amina.national_id == nid("010190")
    entry = AuditLog.objects.get(action=AuditLog.Action.UPDATE, object_id=str(amina.pk))
    assert entry.fields == ["last_name", "municipality"]
    assert "Voss" not in str(entry.fields) + entry.note


def test_matched_on_national_id_first_then_on_email_only_within_the_organisation(
    coordinator, provider, other_provider
):
    known = make_participant(provider, first="Amina", last="Hassan", national_id=nid("010190"))
    by_email = make_participant(provider, first="Jonas", last="Berg")
    stranger = make_participant(other_provider, first="Sara", last="Lie")
    rows = [
        NB_HEADINGS,
        ["Amina", "Hassan", "ny.adresse@example.no", "", "", nid("010190"), "", ""],
        ["Jonas", "Berg", "JONAS.BERG@example.no", "", "1985", "", "", ""],
        ["Sara", "Lie", stranger.email, "", "", "", "", ""],
    ]
    plan = run(coordinator, provider, rows)
    assert [(r.action, getattr(r.target, "pk", None)) for r in plan.rows[:2]] == [
        (UPDATE, known.pk),
        (UPDATE, by_email.pk),
    ]
    assert plan.rows[0].changed == ["email"] and plan.rows[1].changed == ["birth_year"]
    assert plan.rows[2].action == NEW and plan.rows[2].target.organisation_id == provider.pk
    stranger.refresh_from_db()
    assert stranger.organisation_id == other_provider.pk


def test_an_email_of_a_person_with_another_national_id_is_refused(coordinator, provider):
    make_participant(provider, first="Amina", last="Hassan", national_id=nid("010190"))
    rows = [NB_HEADINGS, ["Amina", "Hassan", "amina.hassan@example.no", "", "", nid("030393"), "", ""]]
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, rows)
    assert [(p.row, p.column) for p in refused.value.plan.problems()] == [(2, "Fødselsnummer")]


def test_duplicates_within_the_file_are_a_problem_at_both_rows(coordinator, provider):
    rows = [
        NB_HEADINGS,
        ["Amina", "Hassan", "a@example.no", "", "", nid("010190"), "", ""],
        ["Amina", "H.", "b@example.no", "", "", nid("010190"), "", ""],
        ["Jonas", "Berg", "J@example.no", "", "", "", "", ""],
        ["Jonas", "B.", "j@example.no", "", "", "", "", ""],
    ]
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, rows)
    lines = [p.line() for p in refused.value.plan.problems()]
    assert lines == [
        "Row 2, column “Fødselsnummer”: The same national identity number is also in row 3.",
        "Row 3, column “Fødselsnummer”: The same national identity number is also in row 2.",
        "Row 4, column “E-post”: The same e-mail address is also in row 5.",
        "Row 5, column “E-post”: The same e-mail address is also in row 4.",
    ]


def test_two_rows_that_find_the_same_person_are_a_problem_at_both(coordinator, provider):
    make_participant(provider, first="Amina", last="Hassan", national_id=nid("010190"))
    rows = [
        NB_HEADINGS,
        ["Amina", "Hassan", "", "", "", nid("010190"), "", ""],
        ["Amina", "Hassan", "amina.hassan@example.no", "", "", "", "", ""],
    ]
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, rows)
    assert [p.line() for p in refused.value.plan.problems()] == [
        "Row 2: This is the same person as in row 3.",
        "Row 3: This is the same person as in row 2.",
    ]


def test_programme_column_applies_once_and_never_to_another_organisations(
    coordinator, provider, programme, other_programme
):
    rows = [
        NB_HEADINGS,
        ["Amina", "Hassan", "amina@example.no", "", "", "", "", "SALESFORCE"],
        ["Jonas", "Berg", "jonas@example.no", "", "", "", "", ""],
    ]
    plan = run(coordinator, provider, rows)
    assert plan.counts()["enrolments"] == 1
    enrolment = Enrolment.objects.get(programme=programme)
    assert (enrolment.status, enrolment.referred_by, enrolment.history.get().status) == (
        Status.APPLIED,
        coordinator,
        Status.APPLIED,
    )
    assert run(coordinator, provider, rows).counts()["enrolments"] == 0
    rows[2][7] = other_programme.slug
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, rows)
    assert [p.line() for p in refused.value.plan.problems()] == [
        f"Row 3, column “Program”: {provider.name} has no programme with the short name “annet”."
    ]


def test_a_closed_programme_takes_nobody(coordinator, provider, programme):
    programme.state = Programme.State.COMPLETED
    programme.save()
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, [NB_HEADINGS, ["A", "B", "a@example.no", "", "", "", "", "salesforce"]])
    assert "closed" in refused.value.plan.problems()[0].message


def test_a_look_alike_is_imported_and_waits_in_the_intake_queue(coordinator, provider):
    existing = make_participant(provider, first="Amina", last="Hassan", birth_year=1990)
    plan = run(
        coordinator, provider, [NB_HEADINGS, ["amina", "HASSAN", "annen@example.no", "", "1990", "", "", ""]]
    )
    assert plan.rows[0].action == NEW and plan.rows[0].notes["last_name"]
    match = IntakeMatch.objects.get()
    assert (match.existing, match.new, match.reasons) == (existing, plan.rows[0].target, ["name"])


def test_formula_looking_cells_are_kept_as_text_and_export_apostrophes_come_off(coordinator, provider):
    rows = [NB_HEADINGS, ["=CMD|' /C calc'!A0", "@SUM(1)", "x@example.no", "'+4791234567", "", "", "", ""]]
    run(coordinator, provider, rows)
    person = Participant.objects.get()
    assert (person.first_name, person.last_name, person.phone) == (
        "=CMD|' /C calc'!A0",
        "@SUM(1)",
        "+4791234567",
    )


def test_huge_cells_are_a_problem_at_the_cell(coordinator, provider):
    with pytest.raises(services.ImportRefused) as refused:
        run(coordinator, provider, [NB_HEADINGS, ["A" * 5000, "B", "a@example.no", "", "", "", "", ""]])
    assert refused.value.plan.problems()[0].line() == (
        "Row 2, column “Fornavn”: At most 100 characters (this cell has 5000)."
    )


def test_one_audit_entry_with_the_counts_and_one_per_record_naming_it(
    coordinator, provider, programme, people_rows
):
    people_rows[1][7] = "salesforce"
    run(coordinator, provider, people_rows)
    entry = AuditLog.objects.get(action=AuditLog.Action.IMPORT)
    assert (entry.actor, entry.organisation, entry.object_type, entry.object_id) == (
        coordinator,
        provider,
        "core.organisation",
        str(provider.pk),
    )
    assert entry.note == "participants: 3 new, 0 updated, 0 unchanged, 1 applied to a programme, 0 e-mailed"
    assert entry.fields == sorted(
        [
            "first_name",
            "last_name",
            "email",
            "phone",
            "birth_year",
            "national_id",
            "municipality",
            "programme",
        ]
    )
    created = AuditLog.objects.filter(action=AuditLog.Action.CREATE, object_type="people.participant")
    assert created.count() == 3 and {e.note for e in created} == {f"import {entry.pk}"}
    assert not any(nid("010190") in (e.note + str(e.fields)) for e in AuditLog.objects.all())


def test_an_import_that_no_longer_matches_its_preview_writes_nothing(coordinator, provider, people_rows):
    preview = services.participants_check(organisation=provider, table=table(people_rows))
    make_participant(provider, first="Jonas", last="Berg", email="jonas@example.no")
    with pytest.raises(services.ImportRefused) as refused:
        services.participants_import(
            actor=coordinator, organisation=provider, table=table(people_rows), expected=preview.fingerprint()
        )
    assert "changed after the preview" in refused.value.message
    assert Participant.objects.count() == 1
