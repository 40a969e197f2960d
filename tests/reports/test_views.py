"""The results pages: who may see them, what they show, the downloads, and their cost in queries."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kobling.programmes.models import Cohort, Outcome, Programme, Status
from kobling.programmes.services import enrolment_change_status
from tests.conftest import login, make_participant
from tests.personas import PERSONAS

PROVIDER_STAFF = {"coordinator", "staff"}
PAGES = ["results_programme", "results_csv", "results_xlsx"]


def nb(text: str, **values) -> str:
    """The text as the bokmål page shows it (the catalogue may or may not hold it yet)."""
    with translation.override("nb"):
        return translation.gettext(text) % values if values else translation.gettext(text)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", PERSONAS)
def test_only_the_providers_own_staff_see_a_programmes_results(client, request, participant, page, role):
    response = login(client, request.getfixturevalue(role)).get(reverse(page, args=["salesforce"]))
    assert response.status_code == (200 if role in PROVIDER_STAFF else 404), role


@pytest.mark.parametrize("role", PERSONAS)
def test_the_index_is_for_provider_staff_and_lists_only_their_own_programmes(
    client, request, participant, other_programme, role
):
    response = login(client, request.getfixturevalue(role)).get(reverse("results_index"))
    if role not in PROVIDER_STAFF | {"other_coordinator"}:
        assert response.status_code == 404, role
        return
    assert response.status_code == 200
    slugs = [p.slug for p in response.context["programmes"]]
    assert slugs == (["annet"] if role == "other_coordinator" else ["salesforce"])


def test_another_providers_coordinator_gets_a_404_for_every_page_of_our_programme(
    client, other_coordinator, programme
):
    login(client, other_coordinator)
    for page in PAGES:
        assert client.get(reverse(page, args=[programme.slug])).status_code == 404, page
    assert client.get(reverse("results_programme", args=["no-such-programme"])).status_code == 404


@pytest.mark.parametrize("page", ["results_index", *PAGES])
def test_anonymous_visitors_are_sent_to_the_login_page(client, programme, page):
    args = [] if page == "results_index" else [programme.slug]
    response = client.get(reverse(page, args=args))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_page_shows_the_table_with_norwegian_numbers_and_an_accessible_chart(client, staff, seed):
    body = login(client, staff).get(reverse("results_programme", args=["salesforce"])).content.decode()
    assert "36,7 %" in body and "26,7 %" in body
    assert 'role="img"' in body and '<title id="chart-title">' in body and '<desc id="chart-desc">' in body
    assert '<th scope="row">' in body and '<th scope="col"' in body
    # The chart's text alternative carries the figures too.
    assert "11 (36,7 %)" in body.split('<desc id="chart-desc">')[1].split("</desc>")[0]
    # Export links keep the page's filters.
    assert reverse("results_csv", args=["salesforce"]) in body
    assert reverse("results_xlsx", args=["salesforce"]) in body


def test_the_page_names_no_person(client, coordinator, seed):
    body = login(client, coordinator).get(reverse("results_programme", args=["salesforce"])).content.decode()
    assert "Seed000" not in body and "Seed010" not in body


def test_english_readers_get_english_number_formats(client, coordinator, seed):
    login(client, coordinator)
    client.cookies["django_language"] = "en"
    body = client.get(reverse("results_programme", args=["salesforce"])).content.decode()
    assert "36.7%" in body and "IT job" in body


def test_shares_over_fewer_than_five_people_are_marked_not_hidden(client, coordinator, seed):
    login(client, coordinator)
    body = client.get(reverse("results_programme", args=["salesforce"])).content.decode()
    # Employment held at 12 months: 3 of the 4 answered.
    assert nb("(%(count)s of %(total)s — few people)", count=3, total=4) in body
    assert "75,0 %" in body
    # A cohort where one person started: every share is over one person, so every share is marked.
    empty_cohort = Cohort.objects.create(
        programme=seed.programme,
        name="Liten",
        start_date=datetime.date(2024, 9, 2),
        end_date=datetime.date(2024, 12, 20),
        seats=4,
    )
    person = make_participant(
        seed.programme.organisation, first="Liten", last="Gruppe", programme=seed.programme
    ).enrolments.get()
    type(person).objects.filter(pk=person.pk).update(cohort=empty_cohort)
    for status in (Status.WAITING_START, Status.PARTICIPATING):
        enrolment_change_status(enrolment=person, status=status, actor=coordinator)
    small = client.get(reverse("results_programme", args=["salesforce"]), {"cohort": empty_cohort.pk})
    body = small.content.decode()
    assert small.context["results"].total == 1
    assert nb("(%(count)s of %(total)s — few people)", count=1, total=1) in body
    assert nb("(%(count)s of %(total)s — few people)", count=0, total=1) in body


def test_a_cohort_of_another_programme_is_refused_beside_the_field(
    client, coordinator, seed, other_programme
):
    foreign = Cohort.objects.create(
        programme=other_programme,
        name="Fremmed",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2024, 2, 1),
        seats=5,
    )
    login(client, coordinator)
    for page in PAGES:
        response = client.get(reverse(page, args=["salesforce"]), {"cohort": foreign.pk})
        assert response.status_code == 400, page
        assert response.context["form"].errors["cohort"] == [nb("Choose one of this programme's cohorts.")]
        assert 'id="id_cohort_error"' in response.content.decode()
        assert response.context["results"] is None


def test_a_reversed_or_unreadable_period_is_refused_beside_the_field(client, coordinator, seed):
    login(client, coordinator)
    url = reverse("results_programme", args=["salesforce"])
    reversed_period = client.get(url, {"from": "2024-03-01", "to": "2024-02-01"})
    assert reversed_period.status_code == 400
    assert reversed_period.context["form"].errors["to"] == [
        nb("The last day must be on or after the first day.")
    ]
    unreadable = client.get(url, {"from": "31.02.2024"})
    assert unreadable.status_code == 400 and "from" in unreadable.context["form"].errors


def test_filters_narrow_the_page_and_the_norwegian_date_form_is_understood(client, coordinator, seed):
    login(client, coordinator)
    url = reverse("results_programme", args=["salesforce"])
    assert client.get(url, {"cohort": seed.cohort_b.pk}).context["results"].total == 14
    assert client.get(url, {"from": "01.02.2024"}).context["results"].total == 14
    assert client.get(url, {"cohort": "", "from": "", "to": ""}).context["results"].total == 30


def test_the_csv_download_parses_back_into_the_table(client, coordinator, seed):
    response = login(client, coordinator).get(reverse("results_csv", args=["salesforce"]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="results-salesforce.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    table = {
        r["key"]: (int(r["count"]), int(r["of"]), float(r["share"])) for r in rows if r["section"] == "table"
    }
    assert table["it_job"] == (11, 30, 0.367)
    assert table["other_job"] == (8, 30, 0.267)
    assert table["dropped_out"] == (11, 30, 0.367)
    assert table["total"] == (30, 30, 1.0)
    funnel = [int(r["count"]) for r in rows if r["section"] == "funnel"]
    assert funnel == [41, 39, 32, 30, 15, 19]
    retention = {r["key"]: r["small"] for r in rows if r["section"] == "retention"}
    assert retention == {"6_months": "false", "12_months": "true"}
    median = next(r for r in rows if r["section"] == "time_to_job")
    assert (float(median["count"]), int(median["of"])) == (120.0, 19)


def test_the_csv_download_follows_the_filters(client, coordinator, seed):
    response = login(client, coordinator).get(
        reverse("results_csv", args=["salesforce"]), {"cohort": seed.cohort_a.pk}
    )
    assert f'filename="results-salesforce-cohort-{seed.cohort_a.pk}.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert next(r for r in rows if r["key"] == "total")["count"] == "16"


def test_the_xlsx_download_has_a_header_row_numbers_and_percentages(client, coordinator, seed):
    response = login(client, coordinator).get(reverse("results_xlsx", args=["salesforce"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:3] == [nb("Outcome"), nb("People"), nb("Share")]
    it_job = [c for c in sheet[2]]
    assert it_job[1].value == 11 and isinstance(it_job[1].value, int)
    assert it_job[2].value == pytest.approx(0.367) and it_job[2].number_format == "0.0%"
    assert [sheet.cell(row=r, column=2).value for r in range(2, 9)] == [11, 8, 0, 0, 11, 0, 30]
    funnel = workbook.worksheets[2]
    assert [funnel.cell(row=r, column=2).value for r in range(2, 8)] == [41, 39, 32, 30, 15, 19]
    held = workbook.worksheets[3]
    assert [c.value for c in held[3]][:4] == [12, 3, 4, 0.75]
    assert nb("(%(count)s of %(total)s — few people)", count=3, total=4) in held.cell(row=3, column=6).value


def test_people_without_a_recorded_outcome_are_named_on_the_page(client, coordinator, seed):
    person = make_participant(
        seed.programme.organisation, first="Uten", last="Utfall", programme=seed.programme
    ).enrolments.get()
    for status in (Status.WAITING_START, Status.PARTICIPATING, Status.COMPLETED):
        enrolment_change_status(enrolment=person, status=status, actor=coordinator)
    response = login(client, coordinator).get(reverse("results_programme", args=["salesforce"]))
    assert response.context["results"].no_outcome_recorded == 1
    assert response.context["results"].row("other").count == 1


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def grow(programme, coordinator, count: int) -> None:
    for n in range(count):
        enrolment = make_participant(
            programme.organisation, first="Vekst", last=f"V{n:03d}", programme=programme
        ).enrolments.get()
        for status in (Status.WAITING_START, Status.PARTICIPATING):
            enrolment_change_status(enrolment=enrolment, status=status, actor=coordinator)
        Outcome.objects.create(
            enrolment=enrolment,
            kind=Outcome.Kind.IT_JOB,
            occupation_id="2512",
            start_date=datetime.date.today(),
        )


@pytest.mark.parametrize("page", ["results_index", *PAGES])
def test_each_page_costs_the_same_queries_for_2_or_25_people(client, coordinator, programme, provider, page):
    Programme.objects.create(organisation=provider, name="Mentor", slug="mentor", kind="mentor")
    login(client, coordinator)
    url = reverse(page) if page == "results_index" else reverse(page, args=["salesforce"])
    grow(programme, coordinator, 2)
    few = queries(client, url)
    grow(programme, coordinator, 23)
    assert queries(client, url) == few


def test_the_csv_for_norwegian_excel_has_a_bom_semicolons_and_decimal_commas(client, coordinator, seed):
    """Issue 8: a double-click in Norwegian Excel must open the file in columns, with 0,367 a number."""
    response = login(client, coordinator).get(
        reverse("results_csv", args=["salesforce"]), {"dialect": "excel"}
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    it_job = next(r for r in rows if r["section"] == "table" and r["key"] == "it_job")
    assert (it_job["count"], it_job["share"]) == ("11", "0,367")
    page = client.get(reverse("results_programme", args=["salesforce"])).content.decode()
    assert "dialect=excel" in page


def test_a_programme_name_that_looks_like_a_formula_is_text_in_the_xlsx(client, coordinator, seed):
    """The audit's M3: a title such as =HYPERLINK(...) became a live formula in the workbook."""
    Programme.objects.filter(slug="salesforce").update(name='=HYPERLINK("https://evil.example","Klikk")')
    response = login(client, coordinator).get(reverse("results_xlsx", args=["salesforce"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[-1]  # "About" names it
    cells = [
        c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value
    ]
    assert cells and all(c.data_type == "s" for c in cells)
