"""Every list page issues the same number of queries whatever it shows (no N+1)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kobling.accounts.services import invitation_create
from kobling.core.roles import Role
from kobling.people import services as people
from kobling.programmes.services import enrolment_create
from tests.conftest import login, make_participant


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(provider, programme, coordinator, advisor, start, count):
    for n in range(start, start + count):
        participant = make_participant(
            provider, first="P", last=f"N{n:03d}", advisor=advisor, actor=coordinator
        )
        enrolment_create(actor=coordinator, participant=participant, programme=programme)
        people.task_create(
            actor=coordinator,
            organisation=provider,
            participant=participant,
            title=f"Ring {n}",
            assignee=coordinator,
        )
        with transaction.atomic():
            invitation_create(
                actor=coordinator,
                organisation=provider,
                email=f"m{n}@example.no",
                full_name=f"M {n}",
                role=Role.MENTOR,
            )


@pytest.mark.parametrize(
    "page", ["intake_queue", "audit_log", "outbox", "invitation_list", "task_list", "programme_list", "home"]
)
def test_a_list_page_costs_the_same_queries_for_2_or_25_rows(
    client, page, provider, programme, coordinator, advisor
):
    grow(provider, programme, coordinator, advisor, 0, 2)
    login(client, coordinator)
    url = reverse(page) + ("?mine=0" if page == "task_list" else "")
    few = queries(client, url)
    grow(provider, programme, coordinator, advisor, 2, 23)
    assert queries(client, url) == few
