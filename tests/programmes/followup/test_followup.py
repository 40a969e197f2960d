"""Follow-up: meetings with calendar invitations and minutes, the shared activity plan, placements,
and what the person and their NAV advisor see of it."""

from datetime import UTC, date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog
from kobling.notifications.models import OutboxEmail
from kobling.people.models import TimelineEntry
from kobling.programmes.followup import meetings as followup_meetings
from kobling.programmes.followup import services as followup
from kobling.programmes.models import ActivityItem, Meeting, Placement
from tests.conftest import login, make_org
from tests.notifications.test_ics import parse, unescape, value
from tests.personas import PERSONAS


def soon(days=3, hour=10):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def meeting_data(enrolment=None, starts_at=None, **overrides):
    data = {
        "kind": "status",
        "starts_at": (starts_at or soon()).strftime("%Y-%m-%dT%H:%M"),
        "minutes_long": "45",
        "place": "Møterom 2, Storgata 1",
        "agenda": "Hvordan går det?\nNeste steg: praksis",
    }
    if enrolment is not None:
        data["enrolment"] = enrolment.pk
    return {**data, **overrides}


@pytest.fixture
def enrolment(participant):
    return participant.enrolments.get()


@pytest.fixture
def meeting(enrolment, coordinator, participant_user):
    return followup_meetings.meeting_plan(
        actor=coordinator,
        enrolment=enrolment,
        kind="status",
        starts_at=soon(),
        minutes_long=45,
        place="Møterom 2",
        agenda="Status",
    )


def invitations(template="meeting_invitation"):
    return {e.to: e for e in OutboxEmail.objects.filter(template=template).order_by("id")}


def calendar_of(email):
    (attachment,) = email.attachments
    return attachment, parse(attachment["content"])


# Meetings ------------------------------------------------------------------------------------------


def test_planning_a_meeting_emails_the_person_the_advisor_and_the_organiser_a_calendar_invitation(
    client, coordinator, participant, enrolment
):
    login(client, coordinator)
    starts_at = soon()
    response = client.post(reverse("meeting_new", args=[participant.pk]), meeting_data(enrolment, starts_at))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "meeting_detail", args=[meeting.pk]
    )
    sent = invitations()
    assert set(sent) == {"amina.hassan@example.no", "veileder@nav.example.no", "koordinator@example.no"}
    attachment, props = calendar_of(sent["amina.hassan@example.no"])
    assert attachment["filename"] == "invitation.ics"
    assert attachment["mimetype"] == "text/calendar; method=REQUEST"
    assert value(props, "METHOD") == "REQUEST" and value(props, "UID") == f"meeting-{meeting.pk}@kobling"
    assert value(props, "SEQUENCE") == "0"
    assert value(props, "DTSTART") == starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert value(props, "DTEND") == (starts_at + timedelta(minutes=45)).astimezone(UTC).strftime(
        "%Y%m%dT%H%M%SZ"
    )
    assert unescape(value(props, "LOCATION")) == "Møterom 2, Storgata 1"
    assert unescape(value(props, "SUMMARY")) == "Statusmøte: Salesforce-kurs"
    assert props["ORGANIZER"][0][1] == "mailto:koordinator@example.no"
    assert [v for _p, v in props["ATTENDEE"]] == [
        "mailto:amina.hassan@example.no",
        "mailto:veileder@nav.example.no",
    ]
    assert sent["amina.hassan@example.no"].subject.startswith("Statusmøte ")
    assert "Møterom 2, Storgata 1" in sent["amina.hassan@example.no"].body


def test_a_planned_meeting_is_the_persons_next_meeting_and_on_the_timeline_for_provider_and_nav(
    meeting, participant
):
    participant.refresh_from_db()
    assert participant.next_meeting_at == meeting.starts_at
    entry = participant.timeline.get()
    assert (entry.kind, entry.visibility, entry.occurred_at) == ("status", "nav", meeting.starts_at)


def test_a_person_without_an_email_address_is_simply_not_mailed(coordinator, enrolment, participant):
    participant.email = ""
    participant.save(update_fields=["email"])
    followup_meetings.meeting_plan(
        actor=coordinator,
        enrolment=enrolment,
        kind="dialogue",
        starts_at=soon(),
        minutes_long=30,
        place="Teams",
    )
    assert set(invitations()) == {"veileder@nav.example.no", "koordinator@example.no"}


def test_moving_a_meeting_sends_the_invitation_again_with_a_higher_sequence(
    client, staff, meeting, participant
):
    OutboxEmail.objects.all().delete()
    login(client, staff)
    later = soon(days=5, hour=13)
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), meeting_data(starts_at=later))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.starts_at == later
    email = invitations()["amina.hassan@example.no"]
    _attachment, props = calendar_of(email)
    assert value(props, "SEQUENCE") == "1" and value(props, "UID") == f"meeting-{meeting.pk}@kobling"
    assert value(props, "DTSTART") == later.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert email.subject.startswith("Endret: ")
    participant.refresh_from_db()
    assert participant.next_meeting_at == later
    assert participant.timeline.get().occurred_at == later


def test_saving_a_meeting_unchanged_sends_nothing(client, coordinator, meeting):
    OutboxEmail.objects.all().delete()
    login(client, coordinator)
    data = meeting_data(starts_at=timezone.localtime(meeting.starts_at), place="Møterom 2", agenda="Status")
    client.post(reverse("meeting_edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.sequence == 0 and not OutboxEmail.objects.exists()


def test_cancelling_sends_method_cancel_and_the_person_has_no_next_meeting(
    client, coordinator, meeting, participant
):
    login(client, coordinator)
    response = client.post(reverse("meeting_cancel", args=[meeting.pk]))
    assert response.status_code == 302 and not Meeting.objects.exists()
    attachment, props = calendar_of(invitations("meeting_cancelled")["veileder@nav.example.no"])
    assert attachment["mimetype"] == "text/calendar; method=CANCEL"
    assert value(props, "METHOD") == "CANCEL" and value(props, "STATUS") == "CANCELLED"
    assert value(props, "SEQUENCE") == "1" and value(props, "UID") == f"meeting-{meeting.pk}@kobling"
    participant.refresh_from_db()
    assert participant.next_meeting_at is None
    assert participant.timeline.get().kind == TimelineEntry.Kind.NOTE
    assert AuditLog.objects.filter(action="delete", object_type="programmes.meeting").exists()


def test_a_meeting_in_the_past_is_refused_beside_the_time_and_nothing_is_sent(
    client, coordinator, participant, enrolment
):
    login(client, coordinator)
    past = timezone.localtime() - timedelta(days=1)
    response = client.post(reverse("meeting_new", args=[participant.pk]), meeting_data(enrolment, past))
    assert response.status_code == 400
    assert 'id="id_starts_at_error"' in response.content.decode()
    assert not Meeting.objects.exists() and not OutboxEmail.objects.exists()


def test_a_meeting_needs_a_place_and_a_sensible_length(client, coordinator, participant, enrolment):
    login(client, coordinator)
    response = client.post(
        reverse("meeting_new", args=[participant.pk]), meeting_data(enrolment, place=" ", minutes_long="5")
    )
    body = response.content.decode()
    assert (
        response.status_code == 400 and 'id="id_place_error"' in body and 'id="id_minutes_long_error"' in body
    )
    assert not Meeting.objects.exists()


def test_the_calendar_file_downloads_for_the_person_and_no_one_outside(
    client, meeting, participant_user, other_coordinator
):
    login(client, participant_user)
    response = client.get(reverse("meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert f"UID:meeting-{meeting.pk}@kobling\r\n" in response.content.decode()
    login(client, other_coordinator)
    assert client.get(reverse("meeting_ics", args=[meeting.pk])).status_code == 404


def test_draft_minutes_are_seen_by_provider_and_advisor_and_reach_the_person_only_when_published(
    client, staff, advisor, participant_user, meeting, participant
):
    login(client, staff)
    url = reverse("meeting_minutes", args=[meeting.pk])
    client.post(url, {"minutes": "Amina trives. Søker praksis i mars.", "save": ""})
    meeting.refresh_from_db()
    assert meeting.minutes.startswith("Amina trives") and meeting.minutes_published_at is None
    detail = reverse("meeting_detail", args=[meeting.pk])
    assert "Amina trives" in login(client, advisor).get(detail).content.decode()
    assert "Amina trives" not in login(client, participant_user).get(detail).content.decode()
    assert "Amina trives" not in client.get(reverse("my_profile")).content.decode()

    # Not before the meeting has started.
    response = login(client, staff).post(url, {"minutes": meeting.minutes, "publish": ""})
    assert response.status_code == 400 and Meeting.objects.get().minutes_published_at is None

    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    assert client.post(url, {"minutes": meeting.minutes, "publish": ""}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is not None
    entry = participant.timeline.get(visibility=TimelineEntry.Visibility.PARTICIPANT)
    assert entry.body == meeting.minutes and entry.kind == "status"
    assert "Amina trives" in login(client, participant_user).get(reverse("my_profile")).content.decode()
    assert "Amina trives" in client.get(detail).content.decode()


def test_published_minutes_are_final_and_the_meeting_can_no_longer_move(client, coordinator, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    meeting.refresh_from_db()
    followup_meetings.meeting_write_minutes(
        actor=coordinator, meeting=meeting, minutes="Referat", publish=True
    )
    login(client, coordinator)
    client.post(reverse("meeting_minutes", args=[meeting.pk]), {"minutes": "Endret", "save": ""})
    assert client.get(reverse("meeting_edit", args=[meeting.pk])).status_code == 302
    client.post(reverse("meeting_cancel", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.minutes == "Referat" and Meeting.objects.filter(pk=meeting.pk).exists()


def test_publishing_empty_minutes_is_refused_beside_the_field(client, coordinator, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    login(client, coordinator)
    response = client.post(reverse("meeting_minutes", args=[meeting.pk]), {"minutes": "  ", "publish": ""})
    assert response.status_code == 400 and 'id="id_minutes_error"' in response.content.decode()
    assert Meeting.objects.get().minutes_published_at is None


MEETING_PAGES = {
    "meeting_detail": {"coordinator", "staff", "advisor", "participant_user"},
    "meeting_ics": {"coordinator", "staff", "advisor", "participant_user"},
    "meeting_edit": {"coordinator", "staff"},
}


@pytest.mark.parametrize("page", sorted(MEETING_PAGES))
@pytest.mark.parametrize("role", PERSONAS)
def test_each_role_reaches_only_the_meeting_pages_it_may(client, request, meeting, page, role):
    response = login(client, request.getfixturevalue(role)).get(reverse(page, args=[meeting.pk]))
    assert response.status_code == (200 if role in MEETING_PAGES[page] else 404), f"{role} on {page}"


@pytest.mark.parametrize("role", PERSONAS)
def test_only_provider_staff_plan_meetings(client, request, participant, participant_user, role):
    response = login(client, request.getfixturevalue(role)).get(reverse("meeting_new", args=[participant.pk]))
    assert response.status_code == (200 if role in {"coordinator", "staff"} else 404), role


def test_another_provider_cannot_touch_our_meeting(client, other_coordinator, meeting):
    login(client, other_coordinator)
    for name in ["meeting_cancel", "meeting_minutes", "meeting_edit"]:
        assert client.post(reverse(name, args=[meeting.pk]), {"minutes": "x"}).status_code == 404, name
    assert Meeting.objects.filter(pk=meeting.pk).exists()


# The activity plan ---------------------------------------------------------------------------------


def item_for(participant, actor, state="planned", **fields):
    return followup.activity_create(
        actor=actor,
        participant=participant,
        kind="activity",
        title=fields.pop("title", "Søke praksis"),
        state=state,
        **fields,
    )


def test_the_person_proposes_an_activity_and_cannot_plan_or_agree_it_themselves(
    client, participant_user, participant
):
    login(client, participant_user)
    response = client.post(
        reverse("my_plan"),
        {"kind": "activity", "title": "Ta AZ-900", "due": "", "state": "planned", "agreed_with_nav": "on"},
    )
    assert response.status_code == 302
    item = ActivityItem.objects.get()
    assert (item.state, item.agreed_with_nav, item.created_by) == ("proposal", False, participant_user)
    client.post(reverse("activity_state", args=[item.pk]), {f"item{item.pk}-state": "planned"})
    client.post(reverse("activity_agreed", args=[item.pk]), {"agreed": "1"})
    item.refresh_from_db()
    assert (item.state, item.agreed_with_nav) == ("proposal", False)


def test_the_advisor_approves_a_proposal_and_marks_it_agreed_with_nav(
    client, advisor, participant, participant_user
):
    item = item_for(participant, participant_user, state="proposal")
    login(client, advisor)
    client.post(reverse("activity_state", args=[item.pk]), {f"item{item.pk}-state": "planned"})
    client.post(reverse("activity_agreed", args=[item.pk]), {"agreed": "1"})
    item.refresh_from_db()
    assert (item.state, item.agreed_with_nav) == ("planned", True)
    assert AuditLog.objects.filter(object_type="programmes.activityitem", object_id=str(item.pk)).count() == 3


def test_only_the_advisor_or_a_coordinator_may_mark_an_item_agreed_with_nav(
    client, staff, coordinator, participant
):
    item = item_for(participant, staff)
    login(client, staff)
    page = client.get(reverse("participant_plan", args=[participant.pk])).content.decode()
    assert reverse("activity_agreed", args=[item.pk]) not in page and 'name="agreed_with_nav"' not in page
    client.post(reverse("activity_agreed", args=[item.pk]), {"agreed": "1"})
    item.refresh_from_db()
    assert not item.agreed_with_nav
    login(client, coordinator)
    client.post(reverse("activity_agreed", args=[item.pk]), {"agreed": "1"})
    item.refresh_from_db()
    assert item.agreed_with_nav


def test_a_completed_item_is_locked_with_a_message(client, staff, participant):
    item = item_for(participant, staff)
    followup.activity_set_state(actor=staff, item=item, state="completed")
    login(client, staff)
    response = client.post(
        reverse("activity_state", args=[item.pk]), {f"item{item.pk}-state": "in_progress"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    response = client.post(
        reverse("activity_edit", args=[item.pk]), {"kind": "activity", "title": "Noe annet"}, follow=True
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    item.refresh_from_db()
    assert (item.state, item.title) == ("completed", "Søke praksis")
    with pytest.raises(ValidationError):
        followup.activity_set_agreed(actor=staff, item=item, agreed=True)


def test_a_status_that_makes_no_sense_is_refused(staff, participant):
    item = item_for(participant, staff)
    with pytest.raises(ValidationError):
        followup.activity_set_state(actor=staff, item=item, state="proposal")
    item.refresh_from_db()
    assert item.state == "planned"


def test_the_person_may_change_their_own_proposal_but_not_the_providers_items(
    client, staff, participant, participant_user
):
    own = item_for(participant, participant_user, state="proposal", title="Mitt forslag")
    theirs = item_for(participant, staff, title="Leverandørens")
    login(client, participant_user)
    client.post(reverse("activity_edit", args=[own.pk]), {"kind": "goal", "title": "Mitt mål"})
    client.post(reverse("activity_edit", args=[theirs.pk]), {"kind": "goal", "title": "Kapret"})
    own.refresh_from_db()
    theirs.refresh_from_db()
    assert own.title == "Mitt mål" and theirs.title == "Leverandørens"


def test_a_plan_item_needs_a_title(client, advisor, participant):
    login(client, advisor)
    response = client.post(
        reverse("participant_plan", args=[participant.pk]), {"kind": "activity", "title": ""}
    )
    assert response.status_code == 400 and 'id="id_title_error"' in response.content.decode()
    assert not ActivityItem.objects.exists()


@pytest.mark.parametrize("role", PERSONAS)
def test_each_role_reaches_only_the_plan_pages_it_may(client, request, participant, participant_user, role):
    login(client, request.getfixturevalue(role))
    staff_page = client.get(reverse("participant_plan", args=[participant.pk])).status_code
    own_page = client.get(reverse("my_plan")).status_code
    assert staff_page == (200 if role in {"coordinator", "staff", "advisor"} else 404), role
    assert own_page == (200 if role == "participant_user" else 404), role


def test_another_providers_plan_items_are_out_of_reach(
    client, coordinator, foreign_participant, other_coordinator
):
    item = item_for(foreign_participant, other_coordinator)
    login(client, coordinator)
    assert client.get(reverse("participant_plan", args=[foreign_participant.pk])).status_code == 404
    assert client.get(reverse("activity_edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("activity_state", args=[item.pk]), {}).status_code == 404
    assert client.post(reverse("activity_agreed", args=[item.pk]), {"agreed": "1"}).status_code == 404


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plan_page_issues_the_same_number_of_queries_for_2_or_30_items(
    client, advisor, staff, participant
):
    for n in range(2):
        item_for(participant, staff, title=f"Aktivitet {n}")
    login(client, advisor)
    url = reverse("participant_plan", args=[participant.pk])
    few = count_queries(client, url)
    for n in range(28):
        item = item_for(participant, advisor, title=f"Mer {n}", agreed_with_nav=n % 2 == 0)
        if n % 3 == 0:
            followup.activity_set_state(actor=staff, item=item, state="completed")
    assert count_queries(client, url) == few


# Placements ----------------------------------------------------------------------------------------


@pytest.fixture
def host(db):
    from kobling.core.models import Organisation

    return make_org("Vertsbedrift AS", Organisation.Kind.EMPLOYER)


def placement_data(enrolment, host, **overrides):
    return {
        "enrolment": enrolment.pk,
        "kind": "practice",
        "host": host.pk,
        "start_date": "2026-03-02",
        "end_date": "2026-05-29",
        "supervisor": "Per Veileder",
        **overrides,
    }


def test_the_coordinator_records_work_practice_and_the_person_and_advisor_see_it(
    client, coordinator, advisor, participant_user, participant, enrolment, host
):
    login(client, coordinator)
    response = client.post(reverse("placement_new", args=[participant.pk]), placement_data(enrolment, host))
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.host, placement.start_date, placement.end_date) == (
        host,
        date(2026, 3, 2),
        date(2026, 5, 29),
    )
    assert AuditLog.objects.filter(action="create", object_type="programmes.placement").exists()
    assert (
        "Vertsbedrift AS"
        in login(client, advisor).get(reverse("participant_detail", args=[participant.pk])).content.decode()
    )
    assert "Vertsbedrift AS" in login(client, participant_user).get(reverse("my_profile")).content.decode()


def test_a_placement_that_ends_before_it_starts_is_refused_beside_the_end_date(
    client, coordinator, participant, enrolment, host
):
    login(client, coordinator)
    response = client.post(
        reverse("placement_new", args=[participant.pk]),
        placement_data(enrolment, host, end_date="2026-02-01"),
    )
    assert response.status_code == 400 and 'id="id_end_date_error"' in response.content.decode()
    assert not Placement.objects.exists()


def test_the_host_must_be_an_employer(client, coordinator, participant, enrolment, provider):
    login(client, coordinator)
    response = client.post(
        reverse("placement_new", args=[participant.pk]), placement_data(enrolment, provider)
    )
    assert response.status_code == 400 and 'id="id_host_error"' in response.content.decode()


def test_the_coordinator_changes_and_removes_a_placement(client, coordinator, participant, enrolment, host):
    placement = followup.placement_create(
        actor=coordinator, enrolment=enrolment, kind="practice", host=host, start_date=date(2026, 3, 2)
    )
    login(client, coordinator)
    data = placement_data(enrolment, host, kind="hire_out", end_date="")
    assert client.post(reverse("placement_edit", args=[placement.pk]), data).status_code == 302
    placement.refresh_from_db()
    assert placement.kind == "hire_out" and placement.end_date is None
    assert client.post(reverse("placement_delete", args=[placement.pk])).status_code == 302
    assert not Placement.objects.exists()


@pytest.mark.parametrize("role", PERSONAS)
def test_only_the_coordinator_records_placements(
    client, request, participant, participant_user, enrolment, host, role
):
    placement = Placement.objects.create(
        enrolment=enrolment, kind="job", host=host, start_date=date(2026, 1, 5)
    )
    login(client, request.getfixturevalue(role))
    allowed = 200 if role == "coordinator" else 404
    assert client.get(reverse("placement_new", args=[participant.pk])).status_code == allowed, role
    assert client.get(reverse("placement_edit", args=[placement.pk])).status_code == allowed, role


# What the person and the advisor see ---------------------------------------------------------------


def test_the_person_sees_their_meetings_plan_and_a_calendar_link_on_their_own_page(
    client, participant_user, meeting, staff, participant
):
    item_for(participant, staff, title="Oppdatere CV")
    body = login(client, participant_user).get(reverse("my_profile")).content.decode()
    assert reverse("meeting_ics", args=[meeting.pk]) in body
    assert reverse("my_plan") in body and "Oppdatere CV" in body
    assert reverse("meeting_new", args=[participant.pk]) not in body


def test_the_advisor_sees_the_same_on_the_participant_page_but_cannot_plan_meetings(
    client, advisor, meeting, staff, participant
):
    item_for(participant, staff, title="Oppdatere CV")
    body = login(client, advisor).get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert reverse("meeting_detail", args=[meeting.pk]) in body and "Oppdatere CV" in body
    assert reverse("participant_plan", args=[participant.pk]) in body
    assert reverse("meeting_new", args=[participant.pk]) not in body
    assert reverse("placement_new", args=[participant.pk]) not in body


def test_attendance_and_certifications_are_shown_to_the_person(
    client, participant_user, participant, enrolment
):
    from kobling.programmes.models import Certification, Status
    from kobling.programmes.services import enrolment_change_status

    Certification.objects.create(
        programme=enrolment.programme, name="Salesforce Administrator", vendor="Salesforce"
    )
    for status in (Status.WAITING_START, Status.PARTICIPATING):
        enrolment_change_status(enrolment=enrolment, status=status, actor=None)
    body = login(client, participant_user).get(reverse("my_profile")).content.decode()
    assert "Salesforce Administrator" in body


def test_the_participant_page_issues_the_same_number_of_queries_for_1_or_many_follow_up_rows(
    client, coordinator, participant, enrolment, meeting, host
):
    login(client, coordinator)
    url = reverse("participant_detail", args=[participant.pk])
    few = count_queries(client, url)
    for n in range(8):
        followup_meetings.meeting_plan(
            actor=coordinator,
            enrolment=enrolment,
            kind="dialogue",
            starts_at=soon(days=4 + n),
            minutes_long=30,
            place=f"Rom {n}",
        )
        item_for(participant, coordinator, title=f"Aktivitet {n}")
        followup.placement_create(
            actor=coordinator,
            enrolment=enrolment,
            kind="practice",
            host=host,
            start_date=date(2026, 1, n + 1),
        )
    Meeting.objects.filter(place="Rom 0").update(starts_at=timezone.now() - timedelta(days=2))
    assert count_queries(client, url) == few


def test_each_invitee_gets_the_invitation_in_their_own_language(coordinator, advisor, enrolment):
    advisor.language = "en"
    advisor.save(update_fields=["language"])
    followup_meetings.meeting_plan(
        actor=coordinator,
        enrolment=enrolment,
        kind="dialogue",
        starts_at=soon(),
        minutes_long=60,
        place="Teams",
    )
    english = invitations()["veileder@nav.example.no"]
    assert english.language == "en" and english.subject.startswith("Dialogue meeting ")
    assert "You are invited to a dialogue meeting in Salesforce-kurs." in english.body
    _attachment, props = calendar_of(english)
    assert unescape(value(props, "SUMMARY")) == "Dialogue meeting: Salesforce-kurs"
    norwegian = invitations()["amina.hassan@example.no"]
    assert "Du er invitert til et dialogmøte i Salesforce-kurs." in norwegian.body
