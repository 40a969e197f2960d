"""Who has looked at my data: each read of the national id and of sensitive entries, copies made by
others and coordinators opening the pair's messages; when, which organisation, which role, never who."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kobling.core.audit import log_action
from kobling.core.models import AuditLog
from kobling.mentorspace.models import Message, SpaceSettings
from kobling.people import services as people
from kobling.privacy import selectors, services
from tests.conftest import add_entry, login

pytestmark = pytest.mark.django_db


def reads(participant, actor, n):
    for _ in range(n):
        people.national_id_reveal(actor=actor, participant=participant)


def test_she_sees_when_which_organisation_and_role_but_not_who(
    client, participant, participant_user, coordinator, advisor
):
    entry = add_entry(participant, advisor, sensitive=True, title="Helse", body="Privat")
    with time_machine.travel(
        datetime.datetime(2026, 2, 3, 14, 5, tzinfo=ZoneInfo("Europe/Oslo")), tick=False
    ):
        reads(participant, coordinator, 1)
    people.sensitive_entries_read(actor=advisor, participant=participant, entries=[entry])
    services.participant_export(actor=coordinator, participant=participant, channel=services.ON_REQUEST)
    login(client, participant_user)
    page = client.get(reverse("privacy_me")).content.decode()
    assert "03.02.2026 14:05" in page
    assert "Fjordkompetanse" in page and "NAV Lillestrand" in page
    assert "Kari" not in page and "Vera" not in page and "koordinator@example.no" not in page
    lines = selectors.log_lines(selectors.access_log(participant), participant)
    assert [line.what for line in lines] == [
        str(selectors.WHAT["export"]),
        str(selectors.WHAT["sensitive_entry"]),
        str(selectors.WHAT["national_id"]),
    ]


def test_other_peoples_reads_and_her_own_copies_are_not_in_her_log(
    participant, participant_user, coordinator, foreign_participant, other_coordinator
):
    reads(foreign_participant, other_coordinator, 2)
    services.participant_export(actor=participant_user, participant=participant, channel=services.SELF)
    with transaction.atomic():  # an ordinary change is not a read
        log_action(actor=coordinator, action=AuditLog.Action.UPDATE, obj=participant, fields=["phone"])
    assert list(selectors.access_log(participant)) == []


def test_a_coordinator_reading_the_pairs_messages_is_in_her_log(client, pair, participant_user, coordinator):  # noqa: F811
    SpaceSettings.objects.update_or_create(
        programme=pair.programme, defaults={"coordinator_view": "messages"}
    )
    Message.objects.create(mentorship=pair, sender=participant_user, side="mentee", body="Hei")
    login(client, coordinator)
    assert client.get(reverse("mentorspace_messages", args=[pair.pk])).status_code == 200
    lines = selectors.log_lines(
        selectors.access_log(participant_user.participant), participant_user.participant
    )
    assert [line.what for line in lines] == [str(selectors.WHAT["messages"])]


def test_the_log_pages_with_a_constant_number_of_queries(
    client, participant, participant_user, coordinator, advisor
):
    url = reverse("privacy_me")
    login(client, participant_user)
    counts = []
    for n in (2, 30):
        reads(participant, coordinator if n == 2 else advisor, n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert "?page=2" in response.content.decode()  # 32 reads: two pages
    assert client.get(url, {"page": 2}).status_code == 200
