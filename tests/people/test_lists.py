"""The participant list and the advisor's portfolio: search, filters, sorting, paging, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kobling.people import services
from kobling.people.models import Task
from kobling.programmes.models import Programme, Status
from kobling.programmes.services import enrolment_change_status
from tests.conftest import add_entry, login, make_participant


def names(response):
    return [p.last_name for p in response.context["page"].object_list]


@pytest.fixture
def crowd(provider, programme, advisor, coordinator):
    people = [
        make_participant(
            provider,
            first="Ola",
            last="Nordmann",
            advisor=advisor,
            programme=programme,
            actor=coordinator,
            region="03",
            phone="+4791234567",
        ),
        make_participant(
            provider, first="Kari", last="Berg", programme=programme, actor=coordinator, region="46"
        ),
        make_participant(
            provider, first="Amir", last="Haddad", advisor=advisor, actor=coordinator, region="46"
        ),
    ]
    second = Programme.objects.create(organisation=provider, name="Mentor", slug="mentor", kind="mentor")
    from kobling.programmes.services import enrolment_create

    enrolment_create(actor=coordinator, participant=people[2], programme=second)
    enrolment_change_status(enrolment=people[0].enrolments.get(), status=Status.ASSESSING, actor=coordinator)
    return people, second


def test_search_finds_name_email_and_phone(client, coordinator, crowd):
    login(client, coordinator)
    url = reverse("participant_list")
    assert names(client.get(url, {"q": "nordm"})) == ["Nordmann"]
    assert names(client.get(url, {"q": "kari.berg@"})) == ["Berg"]
    assert names(client.get(url, {"q": "91234567"})) == ["Nordmann"]
    assert names(client.get(url, {"q": "Ola Nordmann"})) == ["Nordmann"]
    assert names(client.get(url, {"q": "nobody"})) == []


def test_filters_on_status_programme_region_advisor_and_language(client, coordinator, advisor, crowd):
    people, second = crowd
    login(client, coordinator)
    url = reverse("participant_list")
    assert names(client.get(url, {"status": "assessing"})) == ["Nordmann"]
    assert names(client.get(url, {"programme": second.pk})) == ["Haddad"]
    assert sorted(names(client.get(url, {"region": "46"}))) == ["Berg", "Haddad"]
    assert sorted(names(client.get(url, {"advisor": advisor.pk}))) == ["Haddad", "Nordmann"]
    assert len(names(client.get(url, {"language": "ar"}))) == 3
    assert names(client.get(url, {"language": "so"})) == []


def test_sorting_and_paging(client, coordinator, crowd, provider):
    login(client, coordinator)
    url = reverse("participant_list")
    assert names(client.get(url, {"sort": "name"})) == ["Berg", "Haddad", "Nordmann"]
    assert names(client.get(url, {"sort": "-created"})) == ["Haddad", "Berg", "Nordmann"]
    for n in range(30):
        make_participant(provider, first="P", last=f"Zz{n:02d}")
    first, second = client.get(url, {"sort": "name"}), client.get(url, {"sort": "name", "page": 2})
    assert len(names(first)) == 25 and len(names(second)) == 8
    assert "sort=name" in second.content.decode()


def test_a_filter_value_that_makes_no_sense_shows_a_message_not_an_error(client, coordinator, crowd):
    login(client, coordinator)
    response = client.get(reverse("participant_list"), {"status": "bogus", "page": "x"})
    assert response.status_code == 200
    assert 'id="id_status_error"' in response.content.decode()


def test_htmx_gets_only_the_rows(client, coordinator, crowd):
    login(client, coordinator)
    body = client.get(reverse("participant_list"), {"q": "berg"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<table" in body and "<html" not in body and "Berg" in body


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_participant_list_issues_the_same_number_of_queries_for_3_or_60_people(
    client, coordinator, crowd, provider, programme, advisor
):
    login(client, coordinator)
    url = reverse("participant_list")
    few = count_queries(client, url)
    for n in range(57):
        make_participant(
            provider, first="P", last=f"Q{n:02d}", programme=programme, advisor=advisor, actor=coordinator
        )
    assert count_queries(client, url) == few
    assert count_queries(client, url, {"page": 2}) == few


def test_the_portfolio_issues_the_same_number_of_queries_for_2_or_40_people(client, advisor, crowd, provider):
    login(client, advisor)
    url = reverse("portfolio")
    few = count_queries(client, url)
    for n in range(38):
        make_participant(provider, first="P", last=f"R{n:02d}", advisor=advisor)
    assert count_queries(client, url) == few


def test_the_portfolio_filters_like_navs_own(client, advisor, coordinator, crowd, provider):
    people, _second = crowd
    nordmann, _berg, haddad = people
    services.task_create(
        actor=coordinator,
        organisation=provider,
        participant=nordmann,
        title="Svar om praksis",
        assignee=advisor,
    )
    services.task_create(
        actor=coordinator,
        organisation=provider,
        participant=haddad,
        title="Send CV",
        assignee=coordinator,
        waiting_on=Task.WaitingOn.PARTICIPANT,
    )
    add_entry(
        haddad,
        coordinator,
        kind="status",
        title="Statusmøte",
        occurred_at=timezone.localtime().replace(hour=0, minute=1),
    )
    login(client, advisor)
    url = reverse("portfolio")
    assert sorted(names(client.get(url))) == ["Haddad", "Nordmann"]
    assert names(client.get(url, {"show": "waiting_nav"})) == ["Nordmann"]
    assert names(client.get(url, {"show": "waiting_person"})) == ["Haddad"]
    assert names(client.get(url, {"show": "meetings_today"})) == ["Haddad"]
    assert sorted(names(client.get(url, {"show": "new"}))) == ["Haddad", "Nordmann"]


def test_the_portfolio_searches_the_advisors_own_people_only(client, advisor, coordinator, crowd, provider):
    stranger = make_participant(provider, first="Nora", last="Nordmannsen", actor=coordinator)
    login(client, advisor)
    url = reverse("portfolio")
    response = client.get(url, {"q": "nordm"})
    assert names(response) == ["Nordmann"]
    assert stranger.last_name not in response.content.decode()
    tabs = {key: count for key, _label, count in response.context["tabs"]}
    assert tabs["all"] == 1
    assert names(client.get(url, {"q": "91234567"})) == ["Nordmann"]
    assert names(client.get(url, {"q": "amir haddad"})) == ["Haddad"]
    assert names(client.get(url, {"q": "ingen-slik-person"})) == []
    assert names(client.get(url, {"q": "'; DROP TABLE x; --" * 20})) == []
    body = client.get(url, {"q": "nordm", "show": "waiting_nav"}).content.decode()
    assert 'href="?show=all&amp;q=nordm"' in body
