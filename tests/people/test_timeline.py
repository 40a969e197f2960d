"""The shared timeline: who sees which entry, and sensitive entries whose every read is logged."""

from django.urls import reverse

from kobling.core.models import AuditLog
from kobling.people.models import TimelineEntry
from tests.conftest import add_entry, login

V = TimelineEntry.Visibility


def test_visibility_decides_who_reads_each_entry(
    client, participant, participant_user, coordinator, staff, advisor
):
    add_entry(participant, coordinator, visibility=V.PROVIDER, title="Internt-notat")
    add_entry(participant, coordinator, visibility=V.NAV, title="Deles-med-NAV")
    add_entry(participant, coordinator, visibility=V.PARTICIPANT, title="Til-deltakeren")
    detail = reverse("participant_detail", args=[participant.pk])
    seen = {}
    for who in (coordinator, staff, advisor):
        body = login(client, who).get(detail).content.decode()
        seen[who.email] = {t for t in ("Internt-notat", "Deles-med-NAV", "Til-deltakeren") if t in body}
    body = login(client, participant_user).get(reverse("my_profile")).content.decode()
    seen["participant"] = {t for t in ("Internt-notat", "Deles-med-NAV", "Til-deltakeren") if t in body}
    assert seen == {
        coordinator.email: {"Internt-notat", "Deles-med-NAV", "Til-deltakeren"},
        staff.email: {"Internt-notat", "Deles-med-NAV", "Til-deltakeren"},
        advisor.email: {"Deles-med-NAV", "Til-deltakeren"},
        "participant": {"Til-deltakeren"},
    }


def test_a_sensitive_entry_is_for_coordinators_and_the_advisor_and_every_read_is_logged(
    client, participant, participant_user, coordinator, staff, advisor
):
    entry = add_entry(
        participant, coordinator, sensitive=True, visibility=V.PARTICIPANT, title="Helseopplysning"
    )
    detail = reverse("participant_detail", args=[participant.pk])
    assert "Helseopplysning" not in login(client, staff).get(detail).content.decode()
    assert (
        "Helseopplysning" not in login(client, participant_user).get(reverse("my_profile")).content.decode()
    )
    reads = AuditLog.objects.filter(
        action="read", object_type="people.timelineentry", object_id=str(entry.pk)
    )
    assert reads.count() == 0
    assert "Helseopplysning" in login(client, coordinator).get(detail).content.decode()
    assert "Helseopplysning" in login(client, advisor).get(detail).content.decode()
    assert list(reads.order_by("at").values_list("actor__email", flat=True)) == [
        coordinator.email,
        advisor.email,
    ]


def test_the_advisor_adds_an_entry_that_the_provider_sees(client, participant, advisor, coordinator):
    login(client, advisor)
    response = client.post(
        reverse("timeline_add", args=[participant.pk]),
        {
            "entry-kind": "dialogue",
            "entry-title": "Dialogmøte",
            "entry-body": "Avtalt praksis.",
            "entry-occurred_at": "2099-11-30T10:00",
            "entry-visibility": "nav",
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.next_meeting_at is not None
    body = (
        login(client, coordinator).get(reverse("participant_detail", args=[participant.pk])).content.decode()
    )
    assert "Dialogmøte" in body


def test_an_advisor_cannot_hide_an_entry_from_the_provider(client, participant, advisor):
    login(client, advisor)
    response = client.post(
        reverse("timeline_add", args=[participant.pk]),
        {
            "entry-kind": "note",
            "entry-title": "Hemmelig",
            "entry-occurred_at": "2026-11-20T10:00",
            "entry-visibility": "provider",
        },
    )
    assert response.status_code == 400
    assert not participant.timeline.exists()


def test_a_bad_entry_is_refused_and_nothing_is_saved(client, participant, coordinator):
    login(client, coordinator)
    response = client.post(
        reverse("timeline_add", args=[participant.pk]),
        {
            "entry-kind": "call",
            "entry-title": "",
            "entry-occurred_at": "not a date",
            "entry-visibility": "nav",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_entry-title_error"' in body and 'id="id_entry-occurred_at_error"' in body
    assert not participant.timeline.exists()
    assert not AuditLog.objects.filter(object_type="people.timelineentry").exists()
