"""The "what works" pages: who may see them, what they show, the small-number rule in the page and
the downloads, and the index's cost in queries."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kobling.people.models import Participant
from kobling.programmes.models import Enrolment, Programme
from tests.conftest import login
from tests.personas import PERSONAS

PROVIDER_STAFF = {"coordinator", "staff"}
PAGES = ["insights_programme", "insights_programme_csv", "insights_programme_xlsx"]
PROVIDER_PAGES = ["insights_provider", "insights_provider_csv", "insights_provider_xlsx"]


@pytest.fixture
def english(coordinator):
    """The coordinator, reading the pages in English (the source language)."""
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    return coordinator


@pytest.fixture
def planted(seed):
    """The seed with a planted effect (15 of the 19 with a job had their CV done, 2 of the 11 who
    dropped out), varied ages, and a small group: three people whose housing is not sorted out."""
    people = [enrolment.participant_id for enrolment in seed.dropouts[:3]]
    Participant.objects.filter(pk__in=people).update(barrier_housing=True)
    with_cv = [enrolment.pk for enrolment in seed.jobs[:15] + seed.dropouts[:2]]
    Enrolment.objects.filter(pk__in=with_cv).update(cv_done_on=datetime.date(2024, 3, 1))
    for index, enrolment in enumerate(seed.jobs + seed.dropouts):
        Participant.objects.filter(pk=enrolment.participant_id).update(birth_year=1970 + index)
    return seed


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", PERSONAS)
def test_only_the_providers_own_staff_see_a_programmes_page(client, request, participant, page, role):
    response = login(client, request.getfixturevalue(role)).get(reverse(page, args=["salesforce"]))
    assert response.status_code == (200 if role in PROVIDER_STAFF else 404), role


@pytest.mark.parametrize("page", PROVIDER_PAGES)
def test_another_providers_coordinator_gets_a_404(client, provider, other_coordinator, page):
    assert login(client, other_coordinator).get(reverse(page, args=[provider.pk])).status_code == 404


def test_too_few_finished_people_says_so_without_figures(client, english, participant):
    response = login(client, english).get(reverse("insights_programme", args=["salesforce"]))
    assert response.context["insight"].too_few
    assert b"Download as CSV" not in response.content


def test_the_page_shows_the_table_the_plot_the_summary_and_names_small_groups_only(client, english, planted):
    response = login(client, english).get(reverse("insights_programme", args=["salesforce"]))
    assert response.status_code == 200
    insight = response.context["insight"]
    assert insight.finished == 30 and "housing not sorted out: yes" in insight.suppressed
    page = response.content.decode()
    assert "Groups too small to show" in page and "housing not sorted out: yes" in page
    assert "These are associations" in page and "seconds" in page
    shown = [
        row["label"]
        for section in response.context["sections"]
        if section["plot"]
        for row in section["plot"]["rows"]
    ]
    assert "CV done: yes" in shown and "housing not sorted out: yes" not in shown
    assert any(line.startswith("People with CV done: yes got jobs more often") for line in insight.summary)
    assert "<svg" in page and "<desc" in page


def test_the_provider_page_covers_all_its_programmes(client, coordinator, provider, planted):
    Programme.objects.create(organisation=provider, name="Tomt", slug="tomt", kind=Programme.Kind.COURSE)
    response = login(client, coordinator).get(reverse("insights_provider", args=[provider.pk]))
    assert response.status_code == 200 and response.context["insight"].finished == 30


def test_the_csv_holds_the_small_number_rule(client, english, planted):
    response = login(client, english).get(reverse("insights_programme_csv", args=["salesforce"]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    small = [row for row in rows[1:] if row[10] == "true"]
    assert small and all(row[3:10] == [""] * 7 for row in small)
    assert all(int(row[3]) >= 5 for row in rows[1:] if row[10] == "false")
    assert any(row[1] == "housing not sorted out" and row[2] == "yes" for row in small)


def test_the_xlsx_holds_the_small_number_rule(client, english, planted):
    response = login(client, english).get(reverse("insights_programme_xlsx", args=["salesforce"]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Got a job", "Dropped out"]
    for sheet in workbook:
        for row in list(sheet.values)[1:]:
            if row[10]:
                assert row[3:10] == (None,) * 7
            else:
                assert row[3] >= 5


def test_the_index_lists_own_programmes_in_a_fixed_number_of_queries(
    client, coordinator, programme, other_programme, provider
):
    for n in range(5):
        Programme.objects.create(organisation=provider, name=f"Kurs {n}", slug=f"kurs-{n}", kind="course")
    login(client, coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("insights_index"))
    assert "annet" not in {p.slug for p in response.context["programmes"]}
    assert len(response.context["programmes"]) == 6
    assert len(queries) <= 12
