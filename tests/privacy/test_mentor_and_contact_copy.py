"""A mentor's and an employer contact person's right of access (GDPR articles 15 and 20): "My data" shows
each of them what Kobling holds about them in that role, with a printable and a JSON copy, audited. Their
own records only, the mentee and the candidates by first name only, and nobody else gets in."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from kobling.core.models import AuditLog, Membership, Occupation
from kobling.core.roles import Role
from kobling.events import services as events
from kobling.mentoring import services as mentoring
from kobling.mentorspace import services as space_services
from kobling.mentorspace.models import MeetingLog, Message, PrivateNote
from kobling.mentorspace.selectors import space_for_user
from kobling.network.models import Question
from kobling.notifications.models import OutboxEmail
from kobling.people.models import Participant
from kobling.portal.menu import menu_for
from kobling.privacy import export_people, printable_people, services
from tests.conftest import login, make_user
from tests.fixtures.events import register_candidate, register_employer
from tests.fixtures.mentoring import make_mentee, make_mentor
from tests.privacy.conftest import NATIONAL_ID, PHONE

pytestmark = pytest.mark.django_db

# What the mentee, Amina, keeps to herself: none of it may reach her mentor's page or copy.
MENTEE_PRIVATE = (
    "Hassan",
    "amina.hassan@example.no",
    NATIONAL_ID,
    PHONE,
    "Takk, det hjalp",  # her message
    "Aminas egen notat",  # her private note
)


@pytest.fixture
def mentor_world(pair, mentor, participant_user):
    """Magnus (the mentor persona) in an active pair with Amina, with words of his and hers in the space,
    a question in the network and e-mails to him; Amina's record holds a national id and a phone."""
    Participant.objects.filter(pk=participant_user.participant.pk).update(
        national_id=NATIONAL_ID, phone=PHONE
    )
    Message.objects.create(mentorship=pair, sender=mentor, side="mentor", body="Magnus her: lykke til!")
    Message.objects.create(mentorship=pair, sender=participant_user, side="mentee", body="Takk, det hjalp")
    meeting = MeetingLog.objects.create(
        mentorship=pair,
        held_on=datetime.date(2026, 2, 2),
        shared_notes="Vi øvde på intervju",
        created_by=mentor,
    )
    PrivateNote.objects.create(meeting=meeting, author=mentor, text="Magnus' egen notat")
    PrivateNote.objects.create(meeting=meeting, author=participant_user, text="Aminas egen notat")
    Question.objects.create(
        programme=pair.programme, author=mentor, author_name="Magnus Mentor", title="Azure?"
    )
    OutboxEmail.objects.create(to=mentor.email, template="x", subject="Til Magnus", body="Hei", state="sent")
    OutboxEmail.objects.create(
        to="noen.andre@example.no", template="x", subject="Til en annen", body="Hei", state="sent"
    )
    return pair


def page_of(client, user, language="nb") -> str:
    login(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("privacy_me"))
    assert response.status_code == 200
    return response.content.decode()


def copy_of(client, user, name: str) -> dict:
    login(client, user)
    response = client.post(reverse(name), {"format": "json"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


# ---------------------------------------------------------------------------------------- mentors


def test_the_mentor_sees_their_profile_pairs_and_words_and_nothing_private_of_the_mentee(
    client, mentor_world, mentor
):
    page = page_of(client, mentor, "en")
    assert "Your data as a mentor" in page and "Your data as a participant" not in page
    for shown in (
        "Fagmentor",  # the programme
        "Magnus Mentor",
        "Approved",  # the profile's state, in words
        "Amina",  # the mentee, by first name
        "Magnus her: lykke til!",
        "Vi øvde på intervju",
        "Magnus&#x27; egen notat",
        "Azure?",
        "Til Magnus",
        "mentor@example.no",
    ):
        assert shown in page, shown
    for hidden in (*MENTEE_PRIVATE, "Til en annen"):
        assert hidden not in page, hidden
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()  # a look is no copy


def test_the_json_copy_holds_the_mentors_data_and_not_the_mentees(client, mentor_world, mentor):
    data = copy_of(client, mentor, "privacy_me_mentor_copy")
    assert data["format"] == "kobling-personal-data-mentor"
    (profile,) = data["mentor_profiles"]
    assert (profile["programme"], profile["provider"], profile["state"]) == (
        "Fagmentor",
        "Fjordkompetanse",
        "approved",
    )
    assert profile["full_name"] == "Magnus Mentor" and profile["email"] == "mentor@example.no"
    assert {lang["language"] for lang in profile["languages"]} == {"no", "en"}
    assert profile["registered_at"].endswith(("+01:00", "+02:00"))
    (pair,) = data["mentor_pairs"]
    assert (pair["mentee"], pair["state"], pair["your_answer"]) == ("Amina", "active", "yes")
    assert [m["message"] for m in pair["your_messages"]] == ["Magnus her: lykke til!"]
    assert pair["meetings"][0]["your_private_note"] == "Magnus' egen notat"
    assert [q["question"] for q in data["network"]["questions"]] == ["Azure?"]
    subjects = {m["subject"] for m in data["emails"]}
    assert "Til Magnus" in subjects and "Til en annen" not in subjects
    assert data["login"]["email"] == "mentor@example.no"
    assert data["login"]["roles"] == [{"role": "mentor", "organisation": "Fjordkompetanse"}]
    text = json.dumps(data, ensure_ascii=False)
    for hidden in (*MENTEE_PRIVATE, "Kari Koordinator", "koordinator@example.no"):
        assert hidden not in text, hidden


def test_the_copy_is_audited_on_each_profile_in_its_organisation(client, mentor_world, mentor, provider):
    copy_of(client, mentor, "privacy_me_mentor_copy")
    row = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (row.actor, row.object_type, row.object_id) == (
        mentor,
        "mentoring.mentorprofile",
        str(mentor_world.mentor.pk),
    )
    assert row.organisation == provider and row.note == services.SELF
    assert "mentor_pairs" in row.fields and "emails" in row.fields


def test_another_mentors_profile_pairs_and_words_are_not_theirs(
    client, mentor_world, mentor, mentor_programme, coordinator, other_pair
):
    """Mona mentors in the same programme, Ola in another organisation: neither is in Magnus's data,
    nor Magnus in theirs."""
    mona = make_user("mona@example.no", Role.MENTOR, mentor_programme.organisation, "Mona Mentorsen")
    profile = make_mentor(mentor_programme, name="Mona Mentorsen", email=mona.email, user=mona)
    mentee = make_mentee(mentor_programme, coordinator, first="Bashir", last="Bakke")
    with transaction.atomic():
        her_pair = mentoring.mentorship_propose(actor=coordinator, mentee=mentee, mentor=profile)
    Message.objects.create(mentorship=her_pair, sender=mona, side="mentor", body="Mona skriver")
    text = json.dumps(copy_of(client, mentor, "privacy_me_mentor_copy"), ensure_ascii=False)
    page = page_of(client, mentor)
    for other in ("Mona", "mona@example.no", "Bashir", "Ola Annen", "Sara"):
        assert other not in text and other not in page, other
    theirs = json.dumps(copy_of(client, mona, "privacy_me_mentor_copy"), ensure_ascii=False)
    assert "Mona skriver" in theirs and "Bashir" in theirs
    assert "Magnus" not in theirs and "Amina" not in theirs


def test_a_profile_with_their_address_is_theirs_unless_another_login_holds_it(
    client, mentor_world, mentor, other_mentor_programme, other_provider
):
    """A profile a coordinator registered with the mentor's address, before the login tied it, is theirs
    (their next login ties it: `mentor_claim_profiles`); one tied to someone else's login is not."""
    unclaimed = make_mentor(other_mentor_programme, name="Magnus Mentor", email="MENTOR@example.no")
    someone = make_user("someone@example.no", Role.MENTOR, other_provider, "Sigrid Someone")
    held = make_mentor(other_mentor_programme, name="Sigrid Someone", email="x@example.no", user=someone)
    held.email = mentor.email
    held.save(update_fields=["email"])
    data = copy_of(client, mentor, "privacy_me_mentor_copy")
    assert {p["programme"] for p in data["mentor_profiles"]} == {"Fagmentor", "Annen mentor"}
    assert "Sigrid" not in json.dumps(data)
    exported = AuditLog.objects.filter(action=AuditLog.Action.EXPORT)
    assert {(r.object_id, r.organisation_id) for r in exported} == {
        (str(mentor_world.mentor.pk), mentor_world.programme.organisation_id),
        (str(unclaimed.pk), other_provider.pk),
    }


def test_the_log_shows_who_changed_the_profile_or_read_the_pairs_messages_but_no_names(
    client, mentor_world, mentor, coordinator
):
    with time_machine.travel(
        datetime.datetime(2026, 2, 3, 14, 5, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
    ):
        mentoring.mentor_update(
            actor=coordinator,
            mentor=mentor_world.mentor,
            data={"bio": "Driftsleder"},
            languages={"no": "C2", "en": "B2"},
        )
    space_services.messages_read(
        actor=coordinator, space=space_for_user(coordinator, mentor_world.pk), shown=True
    )
    mentoring.mentor_update(
        actor=mentor, mentor=mentor_world.mentor, data={"phone": "99887766"}, languages=None
    )
    with translation.override("en"):
        lines = export_people.mentor_log_lines(mentor, export_people.mentor_profiles(mentor), [mentor_world])
    # Newest first: the read, the sign-up that made the profile (no login behind it), the change made
    # on 03.02.2026; his own change is not listed.
    assert [(line.organisation, line.role, line.what) for line in lines] == [
        (
            "Fjordkompetanse",
            "Provider coordinator",
            "The messages of your mentor pair in Fagmentor were read",
        ),
        ("", "No login: a public form or link", "Your mentor profile in Fagmentor was made"),
        (
            "Fjordkompetanse",
            "Provider coordinator",
            "Your mentor profile in Fagmentor was changed: about you, languages",
        ),
    ]
    page = page_of(client, mentor)
    assert "03.02.2026 14:05" in page and "Kari" not in page
    data = copy_of(client, mentor, "privacy_me_mentor_copy")
    assert len(data["mentor_log"]) == 3 and "Kari" not in json.dumps(data["mentor_log"])


def test_an_export_of_the_mentor_list_with_them_on_it_is_in_their_log(
    client, mentor_world, mentor, coordinator
):
    from kobling.exchange import services as exchange

    exchange.mentors_export(actor=coordinator, programme=mentor_world.programme, format="csv")
    with translation.override("en"):
        lines = export_people.mentor_log_lines(mentor, export_people.mentor_profiles(mentor), [mentor_world])
    assert lines[0].what == "The list of mentors in Fagmentor, with you on it, was exported"


def test_the_printable_copy_is_in_words_with_norwegian_dates(client, mentor_world, mentor):
    login(client, mentor)
    with time_machine.travel(
        datetime.datetime(2026, 3, 10, 12, 0, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
    ):
        nb = client.post(reverse("privacy_me_mentor_copy"), {"format": "html"}).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        en = client.post(reverse("privacy_me_mentor_copy"), {"format": "html"}).content.decode()
    assert "Alt Kobling har om deg som mentor" in nb and "Godkjent" in nb and "02.02.2026" in nb
    assert "Everything Kobling holds about you as a mentor" in en and "Approved" in en and "02.02.2026" in en
    assert "made 10.03.2026 12:00" in en
    for hidden in MENTEE_PRIVATE:
        assert hidden not in nb and hidden not in en, hidden
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT).count() == 2


def test_every_key_of_both_copies_has_a_label_and_both_languages_have_their_words(
    client, mentor_world, mentor, employer, event, employer_org, market_coordinator
):
    register_employer(event, employer_org, market_coordinator, email=employer.email)
    copies = [
        (export_people.mentor_build(mentor), printable_people.MENTOR),
        (export_people.contact_build(employer), printable_people.CONTACT),
    ]
    missing = set()

    def walk(value):
        if isinstance(value, dict):
            missing.update(key for key in value if key not in printable_people.LABELS_PEOPLE)
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for data, layout in copies:
        for section in layout.sections:
            walk(data[section])
    assert missing == set()
    own = set(printable_people.LABELS_PEOPLE) - set(printable_people.LABELS)
    with translation.override("nb"):
        nb = {key: str(printable_people.LABELS_PEOPLE[key]) for key in own}
    with translation.override("en"):
        en = {key: str(printable_people.LABELS_PEOPLE[key]) for key in own}
    assert [key for key in own if nb[key] == en[key]] == []


def test_a_copy_in_an_unknown_format_is_refused_and_not_logged(client, mentor, employer, pair):
    for user, name in ((mentor, "privacy_me_mentor_copy"), (employer, "privacy_me_contact_copy")):
        login(client, user)
        response = client.post(reverse(name), {"format": "xml"})
        assert response.status_code == 400 and "Velg en av de to kopiene" in response.content.decode()
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


# ------------------------------------------------------------------------------ employer contacts


@pytest.fixture
def contact_world(event, employer_org, employer, market_coordinator, participant, advisor):
    """Siri (the employer persona) is the contact for Bølgedata at the event, with an opening, a candidate
    she wants to meet, one she does not, and an e-mail; another company's registration names someone else."""
    reg = register_employer(event, employer_org, market_coordinator, email=employer.email)
    with transaction.atomic():
        events.opening_add(
            actor=employer,
            registration=reg,
            data={
                "kind": "job",
                "occupation": Occupation.objects.get(code="2512"),
                "places": 2,
                "description": "Utvikler i Bergen",
                "inclusion_tags": ["young"],
            },
        )
    amina = register_candidate(event, participant, advisor)
    from tests.conftest import make_participant

    jonas = make_participant(participant.organisation, first="Jonas", last="Jensen", advisor=advisor)
    other = register_candidate(event, jonas, advisor)
    with transaction.atomic():
        events.interest_set(
            actor=employer, employer=reg, candidate_ids={amina.pk}, vetoes={other.pk: "met_before"}
        )
    Participant.objects.filter(pk=participant.pk).update(national_id=NATIONAL_ID, phone=PHONE)
    from tests.conftest import make_org

    elsewhere = register_employer(
        event, make_org("Fjellet AS", "employer"), market_coordinator, email="per@fjellet.no"
    )
    OutboxEmail.objects.create(to=employer.email, template="x", subject="Til Siri", body="Hei", state="sent")
    OutboxEmail.objects.create(to="per@fjellet.no", template="x", subject="Til Per", body="Hei", state="sent")
    return reg, elsewhere


def test_the_employer_contact_sees_and_copies_the_registrations_naming_them(
    client, contact_world, employer, event
):
    reg, elsewhere = contact_world
    page = page_of(client, employer, "en")
    assert "Your data as an employer's contact person" in page
    for shown in (
        event.title,
        "Bølgedata AS",
        "Utvikler i Bergen",
        "Young, under 30",
        "Til Siri",
        "Amina",
        "Jonas",
    ):
        assert shown in page, shown
    for hidden in ("Fjellet AS", "per@fjellet.no", "Til Per", *MENTEE_PRIVATE[:4], "Jensen"):
        assert hidden not in page, hidden
    assert "NAV Lillestrand" in page and "Your registration for Ta sjansen was made" in page  # the log
    data = copy_of(client, employer, "privacy_me_contact_copy")
    assert data["format"] == "kobling-personal-data-employer-contact"
    (registration,) = data["registrations"]
    assert (registration["event"], registration["company"], registration["contact_email"]) == (
        event.title,
        "Bølgedata AS",
        employer.email,
    )
    assert registration["date"] == event.date.isoformat() and registration["organisers"] == [
        "NAV Lillestrand"
    ]
    assert registration["openings"][0]["description"] == "Utvikler i Bergen"
    assert registration["interested_in"] == ["Amina"]
    assert registration["not_to_meet"] == [{"candidate": "Jonas", "reason": "met_before"}]
    assert [m["subject"] for m in data["emails"]] == ["Til Siri"]  # not the e-mail to Fjellet's contact
    text = json.dumps(data, ensure_ascii=False)
    for hidden in ("Fjellet", "per@fjellet.no", "Hassan", "Jensen", NATIONAL_ID, PHONE, "Mona Marked"):
        assert hidden not in text, hidden
    row = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (row.actor, row.object_type, row.object_id) == (
        employer,
        "events.employerregistration",
        str(reg.pk),
    )
    assert row.organisation == reg.organisation and row.note == services.SELF


def test_a_contact_with_no_registration_still_gets_their_login_and_the_copy_is_audited_on_it(
    client, employer
):
    data = copy_of(client, employer, "privacy_me_contact_copy")
    assert data["registrations"] == [] and data["login"]["email"] == employer.email
    row = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert (row.object_type, row.object_id, row.actor) == ("core.user", str(employer.pk), employer)


# ---------------------------------------------------------------------------- two roles, and others


def test_a_participant_who_is_also_a_mentor_sees_both_parts_and_each_copy_holds_its_own(
    client, participant_user, mentor_programme, participant
):
    Membership.objects.create(
        user=participant_user, organisation=mentor_programme.organisation, role=Role.MENTOR
    )
    make_mentor(mentor_programme, name="Amina Hassan", email=participant_user.email, user=participant_user)
    Participant.objects.filter(pk=participant.pk).update(national_id=NATIONAL_ID)
    page = page_of(client, participant_user, "en")
    assert "Your data as a participant" in page and "Your data as a mentor" in page
    assert reverse("privacy_me_copy") in page and reverse("privacy_me_mentor_copy") in page
    as_mentor = copy_of(client, participant_user, "privacy_me_mentor_copy")
    assert [p["programme"] for p in as_mentor["mentor_profiles"]] == ["Fagmentor"]
    assert NATIONAL_ID not in json.dumps(as_mentor) and "timeline" not in as_mentor
    as_participant = copy_of(client, participant_user, "privacy_me_copy")
    assert as_participant["profile"]["national_id"] == NATIONAL_ID
    exported = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).values_list("object_type", flat=True)
    assert sorted(exported) == ["mentoring.mentorprofile", "people.participant"]


@pytest.mark.parametrize(
    "persona", ["other_coordinator", "coordinator", "participant_user", "advisor", "outsider"]
)
def test_nobody_else_reaches_a_mentors_or_a_contacts_data(
    client, request, persona, mentor_world, contact_world
):
    login(client, request.getfixturevalue(persona))
    for name in ("privacy_me_mentor_copy", "privacy_me_contact_copy"):
        assert client.post(reverse(name), {"format": "json"}).status_code == 404, name
    if persona != "participant_user":
        assert client.get(reverse("privacy_me")).status_code == 404
    else:
        page = client.get(reverse("privacy_me")).content.decode()
        assert "Magnus her" not in page and "Utvikler i Bergen" not in page
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


def test_mentors_and_employer_contacts_find_my_data_in_the_menu(mentor, employer, participant_user):
    href = reverse("privacy_me")
    for user in (mentor, employer):
        assert href in [entry.href for entry in menu_for(user)]
    # A participant has "My data" on their profile page, which is in the menu.
    assert href not in [entry.href for entry in menu_for(participant_user)]


def test_the_contacts_log_words_what_an_organiser_changed(contact_world, employer, market_coordinator):
    reg, _elsewhere = contact_world
    with transaction.atomic():
        events.interest_set(actor=market_coordinator, employer=reg, candidate_ids=set(), vetoes={})
    with translation.override("en"):
        lines = export_people.contact_log_lines(employer, export_people.contact_registrations(employer))
    assert [(line.organisation, line.role, line.what) for line in lines] == [
        (
            "NAV Lillestrand",
            "NAV market coordinator",
            "Your registration for Ta sjansen was changed: candidates to meet, candidates not to meet",
        ),
        ("NAV Lillestrand", "NAV market coordinator", "Your registration for Ta sjansen was made"),
    ]  # her own changes (the opening, her wishes) are not listed


def test_the_page_costs_the_same_queries_with_one_pair_or_many(
    client, mentor_world, mentor, mentor_programme, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mentoring.mentor_update(
        actor=coordinator, mentor=mentor_world.mentor, data={"capacity": 4}, languages=None
    )
    login(client, mentor)
    counts = []
    for round_ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("privacy_me"))
        assert response.status_code == 200
        counts.append(len(queries))
        if round_ == 0:  # three more pairs, each with words, and more changes in the log
            for n in range(3):
                mentee = make_mentee(mentor_programme, coordinator, first=f"Mentee{n}", last="Testesen")
                with transaction.atomic():
                    extra = mentoring.mentorship_propose(
                        actor=coordinator, mentee=mentee, mentor=mentor_world.mentor
                    )
                Message.objects.create(mentorship=extra, sender=mentor, side="mentor", body=f"Hei {n}")
                mentoring.mentor_update(
                    actor=coordinator, mentor=mentor_world.mentor, data={"bio": f"Bio {n}"}, languages=None
                )
    assert counts[0] == counts[1], counts
    assert "Mentee2" in response.content.decode() and "Hei 2" in response.content.decode()
