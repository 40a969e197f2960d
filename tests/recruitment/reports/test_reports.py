"""The event report, the series report (chart, CSV, XLSX) and the employers' history: right figures,
constant query counts, and only for the organisers."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kobling.core.models import Occupation
from kobling.events.models import Interview
from kobling.recruitment import services
from kobling.recruitment.models import FeedbackOutcome, Offer, OfferCheck
from kobling.recruitment.reports import figures as reports
from tests.conftest import login, make_org, make_participant
from tests.fixtures.recruitment import candidate, give, interview, make_held_event, register

pytestmark = pytest.mark.django_db


def _accept_and_confirm(actor, offer, started=True):
    services.offer_accept(
        actor=actor, offer=offer, start_date=timezone.localdate() - datetime.timedelta(days=31)
    )
    check = offer.checks.get(days=OfferCheck.STARTED)
    services.check_answer(actor=actor, check=check, answer=started)


def test_the_event_report_counts_what_happened(
    world, employer, market_coordinator, coordinator, other_coordinator
):
    event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.JOB_OFFER)
    give(market_coordinator, interviews["amina_granitt"], FeedbackOutcome.PRACTICE_OFFER)
    give(employer, interviews["bilal_bolge"], FeedbackOutcome.SECOND_INTERVIEW)
    job, practice = Offer.objects.get(kind="job"), Offer.objects.get(kind="practice")
    services.offer_accept(
        actor=coordinator,
        offer=job,
        start_date=timezone.localdate() - datetime.timedelta(days=31),
        occupation=Occupation.objects.get(code="2512"),
    )
    services.check_answer(actor=coordinator, check=job.checks.get(days=30), answer=True)
    services.offer_accept(actor=coordinator, offer=practice, start_date=timezone.localdate())
    f = reports.event_report(event)
    assert (f.candidates, f.interviews, f.held, f.no_shows, f.feedback) == (3, 5, 4, 1, 3)
    assert f.offers == {"job": 1, "practice": 1} and f.accepted == {"job": 1, "practice": 1}
    assert (f.jobs_started, f.practice_started, f.unconfirmed) == (1, 0, 1)
    assert f.outcomes["second_interview"] == 1


def test_the_series_counts_each_person_once_and_exports(
    client, world, market_coordinator, employer, nav_office, coordinator
):
    event, interviews = world
    give(employer, interviews["amina_bolge"], FeedbackOutcome.PRACTICE_OFFER)
    _accept_and_confirm(coordinator, Offer.objects.get())
    second = make_held_event(nav_office, nav_office, title="Ta sjansen 2", days_ago=60)
    amina = interviews["amina_bolge"].candidate.participant
    reg = register(second, interviews["amina_bolge"].employer.organisation)
    interview(second, candidate(second, amina), reg, 0)
    series = reports.series_report(nav_office)
    assert [e.pk for e, _f in series.events] == [second.pk, event.pk]
    assert series.total.candidates == 4 and series.people.candidates == 3
    assert (series.people.interviewed, series.people.practice, series.people.job) == (3, 1, 0)

    login(client, market_coordinator)
    page = client.get(reverse("recruitment_series")).content.decode()
    assert (
        "<svg" in page and 'role="img"' in page and "Ta sjansen 2" not in page
    )  # rows show dates and venues
    response = client.get(reverse("recruitment_series_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][3] and rows[1][3] == "1" and rows[3][1] in ("Total", "Totalt", "Sum")
    response = client.get(reverse("recruitment_series_xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] in ("Events", "Arrangementer") and len(workbook.sheetnames) == 3
    bad = client.get(reverse("recruitment_series"), {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert bad.status_code == 400


def _grow(nav_office, provider, coordinator, n):
    """n more held events with two candidates and one employer each, feedback and an offer."""
    org = make_org(f"Vekst {n} AS", "employer")
    for k in range(n):
        event = make_held_event(nav_office, nav_office, title=f"Vekst {n}.{k}", days_ago=100 + k)
        reg = register(event, org)
        for j in range(2):
            person = make_participant(provider, first=f"P{n}x{k}x{j}", last="Test", actor=coordinator)
            row = interview(event, candidate(event, person), reg, j)
            if j == 0:
                Interview.objects.filter(pk=row.pk).update(state=Interview.State.HELD)


def test_the_series_page_and_exports_use_a_constant_number_of_queries(
    client, world, market_coordinator, nav_office, provider, coordinator
):
    login(client, market_coordinator)
    counts = []
    for grow in (1, 6):
        _grow(nav_office, provider, coordinator, grow)
        for name in ("recruitment_series", "recruitment_series_csv", "recruitment_employers"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name)).status_code == 200
            counts.append((name, len(queries)))
    assert counts[:3] == counts[3:], counts


def test_the_employers_history_shows_who_comes_back(
    client, world, market_coordinator, nav_office, employer_org
):
    event, interviews = world
    second = make_held_event(nav_office, nav_office, title="Neste", days_ago=40)
    register(second, employer_org)
    rows = {r.name: r for r in reports.employers_report(nav_office)}
    assert rows["Bølgedata AS"].events == 2 and rows["Bølgedata AS"].comes_back
    assert rows["Granittregnskap AS"].events == 1 and not rows["Granittregnskap AS"].comes_back
    assert rows["Bølgedata AS"].held == 2  # the no-show is not counted
    login(client, market_coordinator)
    page = client.get(reverse("recruitment_employers")).content.decode()
    assert "Bølgedata AS" in page
    history = client.get(reverse("recruitment_employer", args=[employer_org.pk]))
    assert history.status_code == 200 and "NAV Lillestrand" in history.content.decode()


@pytest.mark.parametrize("who", ["outsider", "advisor", "employer", "participant_user", "staff"])
def test_only_organisers_see_the_reports(client, request, world, who):
    event, _interviews = world
    login(client, request.getfixturevalue(who))
    for url in (
        reverse("recruitment_event", args=[event.pk]),
        reverse("recruitment_series"),
        reverse("recruitment_series_csv"),
        reverse("recruitment_employers"),
    ):
        assert client.get(url).status_code == 404, (who, url)


def test_another_organiser_sees_none_of_it(client, world, other_market, nav_office, employer_org):
    event, _interviews = world
    login(client, other_market)
    assert client.get(reverse("recruitment_event", args=[event.pk])).status_code == 404
    assert client.get(reverse("recruitment_series"), {"organiser": nav_office.pk}).status_code == 404
    assert client.get(reverse("recruitment_employer", args=[employer_org.pk])).status_code == 404
    page = client.get(reverse("recruitment_series")).content.decode()
    assert "NAV Lillestrand" not in page
    assert (
        client.post(
            reverse("recruitment_event", args=[event.pk]), {"release_automatically": "on"}
        ).status_code
        == 404
    )


def test_a_provider_coordinator_reports_on_the_events_their_provider_organises(
    client, world, coordinator, provider
):
    event, _interviews = world
    login(client, coordinator)
    assert client.get(reverse("recruitment_event", args=[event.pk])).status_code == 404
    assert "NAV Lillestrand" not in client.get(reverse("recruitment_series")).content.decode()
    event.organisers.add(provider)
    assert client.get(reverse("recruitment_event", args=[event.pk])).status_code == 200
    page = client.get(reverse("recruitment_series"), {"organiser": provider.pk}).content.decode()
    assert reverse("recruitment_event", args=[event.pk]) in page
