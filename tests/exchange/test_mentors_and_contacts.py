"""Importing mentors into a mentor programme and employer contacts: the same pattern, and nobody
e-mailed unless the import is told to invite."""

import pytest

from kobling.core.models import AuditLog, Invitation, Membership, Organisation
from kobling.core.roles import Role
from kobling.exchange import services
from kobling.exchange.plan import NEW, SAME, UPDATE
from kobling.mentoring.models import MentorProfile
from kobling.notifications.models import OutboxEmail
from kobling.programmes.models import Programme
from tests.conftest import make_user
from tests.exchange.conftest import CONTACT_HEADINGS, MENTOR_HEADINGS, table

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor_programme(provider):
    return Programme.objects.create(
        organisation=provider, name="Mentorprogram", slug="mentor", kind=Programme.Kind.MENTOR
    )


def test_mentors_wait_for_review_and_nobody_is_emailed(coordinator, mentor_programme, mentor_rows):
    plan = services.mentors_import(actor=coordinator, programme=mentor_programme, table=table(mentor_rows))
    assert plan.counts()[NEW] == 2 and plan.emails == []
    magnus = MentorProfile.objects.get(email="magnus@example.no")
    assert (magnus.state, magnus.source, magnus.occupation_id, magnus.region, magnus.capacity) == (
        MentorProfile.State.SUBMITTED,
        MentorProfile.Source.REGISTERED,
        "2512",
        "46",
        2,
    )
    assert MentorProfile.objects.get(email="eva@example.no").language == "en"
    assert not OutboxEmail.objects.exists() and not Invitation.objects.exists()
    again = services.mentors_import(actor=coordinator, programme=mentor_programme, table=table(mentor_rows))
    assert (again.counts()[NEW], again.counts()[SAME]) == (0, 2)


def test_invited_mentors_are_approved_and_get_one_invitation_each_unless_they_have_a_login(
    coordinator, provider, mentor_programme, mentor_rows
):
    magnus = make_user("magnus@example.no", Role.MENTOR, provider)
    preview = services.mentors_check(programme=mentor_programme, table=table(mentor_rows))
    assert preview.state["invitations"] == [("Eva Eng", "eva@example.no")]
    plan = services.mentors_import(
        actor=coordinator,
        programme=mentor_programme,
        table=table(mentor_rows),
        invite=True,
        expected=preview.fingerprint(),
    )
    assert plan.emails == [("Eva Eng", "eva@example.no")]
    assert set(MentorProfile.objects.values_list("state", flat=True)) == {MentorProfile.State.APPROVED}
    assert MentorProfile.objects.get(email="magnus@example.no").user == magnus
    assert list(Invitation.objects.values_list("email", "role")) == [("eva@example.no", Role.MENTOR)]
    assert list(OutboxEmail.objects.values_list("to", flat=True)) == ["eva@example.no"]


def test_mentor_rows_are_checked_at_their_cells(coordinator, mentor_programme):
    rows = [MENTOR_HEADINGS, ["Ny", "ny@example.no", "", "9999", "", "Atlantis", "", "9", "klingon"]]
    with pytest.raises(services.ImportRefused) as refused:
        services.mentors_import(actor=coordinator, programme=mentor_programme, table=table(rows))
    assert {(p.row, p.column) for p in refused.value.plan.problems()} == {
        (2, "Yrke"),
        (2, "Fylke"),
        (2, "Kommune"),
        (2, "Kapasitet"),
        (2, "Språk"),
    }
    assert not MentorProfile.objects.exists()


def test_a_mentor_update_changes_only_what_differs(coordinator, mentor_programme, mentor_rows):
    services.mentors_import(actor=coordinator, programme=mentor_programme, table=table(mentor_rows))
    rows = [mentor_rows[0], ["Magnus Mentor", "magnus@example.no", "", "", "Fjelltopp AS", "", "", "3", ""]]
    plan = services.mentors_import(actor=coordinator, programme=mentor_programme, table=table(rows))
    assert plan.rows[0].action == UPDATE and plan.rows[0].changed == ["employer", "capacity"]
    magnus = MentorProfile.objects.get(email="magnus@example.no")
    assert (magnus.employer, magnus.capacity, magnus.phone) == ("Fjelltopp AS", 3, "+4791234567")


# --------------------------------------------------------------------------- employer contacts


def test_new_contacts_need_the_choice_to_invite(market_coordinator, nav_office, employer_org):
    rows = [CONTACT_HEADINGS, ["Bølgedata AS", "Siri Sjef", "siri@bolgedata.example.no", ""]]
    with pytest.raises(services.ImportRefused) as refused:
        services.contacts_import(actor=market_coordinator, organisation=nav_office, table=table(rows))
    assert "can only be added by inviting them" in refused.value.plan.problems()[0].line()
    assert not Invitation.objects.exists()
    plan = services.contacts_import(
        actor=market_coordinator, organisation=nav_office, table=table(rows), invite=True
    )
    invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role, invitation.invited_by) == (
        employer_org,
        Role.EMPLOYER,
        market_coordinator,
    )
    assert plan.emails == [("Siri Sjef", "siri@bolgedata.example.no")]
    assert OutboxEmail.objects.count() == 1
    entry = AuditLog.objects.get(action=AuditLog.Action.IMPORT)
    assert (entry.organisation, entry.note) == (
        nav_office,
        "employer-contacts: 1 new, 0 updated, 0 unchanged, 1 e-mailed",
    )


def test_contacts_with_a_login_are_left_alone_and_open_invitations_updated(
    market_coordinator, nav_office, employer_org, employer
):
    first = [CONTACT_HEADINGS, [employer_org.slug, "Per Post", "per@bolgedata.example.no", "nb"]]
    services.contacts_import(
        actor=market_coordinator, organisation=nav_office, table=table(first), invite=True
    )
    rows = [
        CONTACT_HEADINGS,
        [employer_org.slug, "Per Postmann", "per@bolgedata.example.no", "en"],
        ["bølgedata as", "Someone Else", employer.email, ""],
    ]
    plan = services.contacts_import(actor=market_coordinator, organisation=nav_office, table=table(rows))
    assert [(r.action, r.changed) for r in plan.rows] == [(UPDATE, ["full_name", "language"]), (SAME, [])]
    invitation = Invitation.objects.get(email="per@bolgedata.example.no")
    assert (invitation.full_name, invitation.language) == ("Per Postmann", "en")
    employer.refresh_from_db()
    assert employer.full_name == "Siri Sjef"
    assert OutboxEmail.objects.count() == 1  # only the first import's invitation


def test_an_unknown_or_ambiguous_employer_is_a_problem_at_its_cell(
    market_coordinator, nav_office, employer_org
):
    twin = Organisation.objects.create(
        name="Bølgedata AS", slug="bolgedata-bergen", kind="employer", region="46", municipality="Bergen"
    )
    rows = [
        CONTACT_HEADINGS,
        ["Finnes Ikke AS", "A", "a@example.no", ""],
        ["BØLGEDATA AS", "C", "c@example.no", ""],
        [employer_org.slug, "B", "b@example.no", ""],
        [employer_org.slug, "B", "B@example.no", ""],
        [twin.slug, "B", "b@example.no", ""],
    ]
    with pytest.raises(services.ImportRefused) as refused:
        services.contacts_import(
            actor=market_coordinator, organisation=nav_office, table=table(rows), invite=True
        )
    assert [(p.row, p.column) for p in refused.value.plan.problems()] == [
        (2, "Arbeidsgiver"),
        (3, "Arbeidsgiver"),
        (4, "E-post"),
        (5, "E-post"),
    ]
    assert not Membership.objects.filter(role=Role.EMPLOYER).exists()
