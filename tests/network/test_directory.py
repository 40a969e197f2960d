"""The directory: only people who said yes, with profession, employer, place and languages, the
reader's own area first, searchable, and a constant number of queries per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kobling.core.models import AuditLog, Occupation
from kobling.network.models import MentorDirectoryConsent
from kobling.network.selectors import directory_rows, seat_for
from kobling.people.models import Consent
from tests.conftest import login
from tests.fixtures.mentoring import make_mentee, make_mentor
from tests.network.conftest import show_mentor, show_participant


def names(user, programme, **filters):
    return [row["d_name"] for row in directory_rows(seat_for(user, programme.slug), **filters)]


def test_only_people_who_said_yes_are_listed(
    network, mentor_profile, partner_mentor, coordinator, mentee_enrolment
):
    quiet = make_mentor(network, name="Stille Mentor")
    pending = make_mentor(network, name="Ventende Mentor", approved=False)
    withdrawn = make_mentor(network, name="Angret Mentor")
    for m in (partner_mentor, pending, withdrawn):
        show_mentor(m)
    show_mentor(withdrawn, given=False)
    mentee = make_mentee(network, coordinator, first="Sara", last="Ali")
    show_participant(mentee.enrolment.participant)
    make_mentee(network, coordinator, first="Usynlig", last="Person")

    listed = names(coordinator, network)
    assert sorted(listed) == ["Petter Partner", "Sara Ali"]
    assert quiet.full_name not in listed


def test_each_person_shows_profession_employer_place_and_languages(
    client, network, partner_mentor, coordinator, mentor
):
    show_mentor(partner_mentor)
    mentee = make_mentee(
        network, coordinator, first="Sara", last="Ali", occupation="2142", languages={"ar": "C2", "en": "B2"}
    )
    show_participant(mentee.enrolment.participant)
    login(client, mentor)
    page = client.get(reverse("network_directory", args=[network.slug])).content.decode()
    developer = Occupation.objects.get(code="2512")
    civil = Occupation.objects.get(code="2142")
    assert developer.title_nb in page and civil.title_nb in page
    assert "Bølgedata AS" in page  # the partner mentor's employer
    assert "Oslo" in page and "Vestland" in page
    assert "Arabisk" in page and "(C2)" in page


def test_people_near_the_reader_come_first(network, mentor, coordinator, mentor_profile):
    for name, region, municipality in (
        ("Anders Oslo", "03", "Oslo"),
        ("Berit Voss", "46", "Voss"),
        ("Carl Bergen", "46", "Bergen"),
    ):
        show_mentor(make_mentor(network, name=name, region=region, municipality=municipality))
    mentee = make_mentee(
        network, coordinator, first="Aase", last="Tromsø", region="55", municipality="Tromsø"
    )
    show_participant(mentee.enrolment.participant)
    # The mentor persona lives in Bergen (Vestland): Bergen, then the rest of Vestland, then elsewhere.
    assert names(mentor, network) == ["Carl Bergen", "Berit Voss", "Aase Tromsø", "Anders Oslo"]


def test_search_and_filters(network, coordinator, mentor_profile):
    show_mentor(
        make_mentor(network, name="Ola Ingeniør", occupation="2142", languages={"no": "C2", "pl": "C2"})
    )
    show_mentor(make_mentor(network, name="Kari Utvikler", occupation="2512"))
    mentee = make_mentee(
        network, coordinator, first="Sara", last="Ali", occupation="2142", languages={"ar": "C2", "en": "B2"}
    )
    show_participant(mentee.enrolment.participant)
    civil = Occupation.objects.get(code="2142").title_nb.split()[0]
    assert sorted(names(coordinator, network, q=civil)) == ["Ola Ingeniør", "Sara Ali"]
    assert names(coordinator, network, q="Fjellet utvikler") == ["Kari Utvikler"]  # employer and name
    assert names(coordinator, network, kind="mentee") == ["Sara Ali"]
    assert names(coordinator, network, language="pl") == ["Ola Ingeniør"]
    assert names(coordinator, network, language="ar") == ["Sara Ali"]
    assert sorted(names(coordinator, network, field="21")) == ["Ola Ingeniør", "Sara Ali"]
    assert names(coordinator, network, region="03") == []


def test_the_page_filters_through_the_form(client, network, coordinator):
    show_mentor(make_mentor(network, name="Ola Ingeniør", occupation="2142"))
    show_mentor(make_mentor(network, name="Kari Utvikler", occupation="2512"))
    login(client, coordinator)
    url = reverse("network_directory", args=[network.slug])
    page = client.get(url, {"field": "21"}).content.decode()
    assert "Ola Ingeniør" in page and "Kari Utvikler" not in page
    fragment = client.get(url, {"q": "Kari"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Kari Utvikler" in fragment and "<html" not in fragment


def _fill(programme, coordinator, n, start):
    for i in range(n):
        # Names interleave mentors and mentees on every page, so each page needs both kinds' details.
        show_mentor(
            make_mentor(programme, name=f"Navn {start + i:03d} Mentor", email=f"m{start + i}@mentor.example")
        )
        mentee = make_mentee(programme, coordinator, first="Navn", last=f"{start + i:03d} Mentee")
        show_participant(mentee.enrolment.participant)


def test_the_directory_page_takes_the_same_number_of_queries_for_3_or_50_people(
    client, network, coordinator, mentor
):
    login(client, mentor)
    url = reverse("network_directory", args=[network.slug])
    _fill(network, coordinator, 2, 0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(network, coordinator, 25, 100)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count('class="ds-card stack-sm"') == 25
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as second_page:
        client.get(url, {"page": 2})
    assert len(second_page) == len(few)


def test_a_mentee_chooses_to_be_shown_and_it_is_recorded(
    client, network, participant_user, participant, mentee_enrolment
):
    login(client, participant_user)
    url = reverse("network_visibility", args=[network.slug])
    client.post(url, {"given": "1"})
    assert participant.consents.filter(purpose=Consent.Purpose.DIRECTORY).first().given is True
    assert "Amina Hassan" in names(participant_user, network)
    client.post(url, {"given": "0"})
    assert participant.consents.filter(purpose=Consent.Purpose.DIRECTORY).first().given is False
    assert "Amina Hassan" not in names(participant_user, network)
    rows = AuditLog.objects.filter(object_type="people.participant", object_id=str(participant.pk))
    assert [r.note for r in rows if r.fields == ["consent:directory"]] == ["given", "withdrawn"] or [
        r.note for r in rows if r.fields == ["consent:directory"]
    ] == ["withdrawn", "given"]


def test_a_mentor_chooses_to_be_shown_and_it_is_recorded(client, network, mentor, mentor_profile):
    login(client, mentor)
    home = client.get(reverse("network_home", args=[network.slug])).content.decode()
    assert "Vis meg i katalogen" in home or "Show me in the directory" in home
    client.post(reverse("network_visibility", args=[network.slug]), {"given": "1"})
    assert MentorDirectoryConsent.objects.get(mentor=mentor_profile).given is True
    assert (
        AuditLog.objects.filter(object_type="mentoring.mentorprofile", object_id=str(mentor_profile.pk))
        .filter(note="given")
        .exists()
    )
    assert "Magnus Mentor" in names(mentor, network)


@pytest.mark.parametrize("who", ["employer", "coordinator"])
def test_people_outside_the_directory_cannot_put_themselves_in_it(client, network, who, request):
    user = request.getfixturevalue(who)
    login(client, user)
    response = client.post(reverse("network_visibility", args=[network.slug]), {"given": "1"})
    assert response.status_code == 404
    assert not MentorDirectoryConsent.objects.exists()


def test_a_mentee_on_the_waiting_list_is_told_the_network_is_theirs_already(
    client, network, participant_user
):
    login(client, participant_user)
    page = client.get(reverse("network_home", args=[network.slug])).content.decode()
    assert "vente" in page.lower() or "wait" in page.lower()
    assert reverse("network_meetups", args=[network.slug]) in page


def test_another_programmes_people_never_appear(network, coordinator, other_mentor_programme, foreign_member):
    assert "Jonas Berg" not in names(coordinator, network)


def test_a_waiting_mentee_already_gets_the_programmes_web_resources_own_county_first(
    client, network, participant_user, provider
):
    from kobling.mentorspace.models import Resource

    for title, region in (("Jobbsøking i Oslo", "03"), ("CV-mal fra Bergen", "46"), ("Norsk arbeidsliv", "")):
        Resource.objects.create(organisation=provider, title=title, url="https://example.no/r", region=region)
    Resource.objects.create(
        organisation=provider, title="Upublisert", url="https://example.no/u", published=False
    )
    login(client, participant_user)
    page = client.get(reverse("network_home", args=[network.slug])).content.decode()
    assert page.index("CV-mal fra Bergen") < page.index("Norsk arbeidsliv") < page.index("Jobbsøking i Oslo")
    assert "Upublisert" not in page
