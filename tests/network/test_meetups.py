"""Networking meetups: the coordinator sets them up, members sign up within the seats (the waiting
list takes the rest), cancel, and the coordinator marks who came. Calendar files for all."""

import threading
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog, Occupation
from kobling.core.occupations import load_occupations
from kobling.network import services
from kobling.network.models import Meetup, MeetupSignup
from kobling.network.selectors import seat_for, upcoming_meetups
from kobling.notifications.models import OutboxEmail
from tests.conftest import login, make_user
from tests.fixtures.mentoring import make_mentor
from tests.network.conftest import make_meetup


def sign_up(user, meetup):
    return services.meetup_signup(actor=user, seat=seat_for(user, meetup.programme.slug), meetup=meetup)


def cancel(user, meetup):
    return services.meetup_cancel_signup(
        actor=user, seat=seat_for(user, meetup.programme.slug), meetup=meetup
    )


@pytest.fixture
def extra_mentor(network, provider):
    user = make_user("tor@mentor.example", "mentor", provider, "Tor Tredje")
    make_mentor(network, name="Tor Tredje", email=user.email, user=user)
    return user


def test_the_coordinator_publishes_a_meetup(client, network, coordinator):
    login(client, coordinator)
    response = client.post(
        reverse("network_meetup_new", args=[network.slug]),
        {
            "title": "Nettverkstreff hos Bølgedata",
            "description": "Pizza og prat",
            "starts_at": (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
            "minutes": "120",
            "place": "Kaigaten 4, Bergen",
            "video_url": "",
            "region": "46",
            "capacity": "25",
            "waiting_list": "on",
        },
    )
    meetup = Meetup.objects.get()
    assert response["Location"] == reverse("network_meetup", args=[network.slug, meetup.pk])
    assert (meetup.capacity, meetup.region, meetup.created_by) == (25, "46", coordinator)
    assert AuditLog.objects.filter(object_type="network.meetup", action=AuditLog.Action.CREATE).exists()


def test_a_meetup_without_a_place_or_link_is_refused(client, network, coordinator):
    login(client, coordinator)
    response = client.post(
        reverse("network_meetup_new", args=[network.slug]),
        {"title": "Treff", "starts_at": "2030-01-10T18:00", "minutes": "60", "capacity": "0"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('aria-invalid="true"') >= 2
    assert not Meetup.objects.exists()


def test_a_member_signs_up_and_gets_a_calendar_invitation(client, network, participant_user):
    meetup = make_meetup(network)
    login(client, participant_user)
    client.post(reverse("network_meetup_signup", args=[network.slug, meetup.pk]))
    signup = MeetupSignup.objects.get()
    assert (signup.state, signup.kind, signup.name) == ("confirmed", "mentee", "Amina Hassan")
    mail = OutboxEmail.objects.get(template="network_meetup_seat")
    assert mail.to == participant_user.email
    assert "BEGIN:VEVENT" in mail.attachments[0]["content"]
    page = client.get(reverse("network_meetup", args=[network.slug, meetup.pk])).content.decode()
    assert "/cancel/" in page


def test_the_last_seat_goes_once_and_the_rest_wait_in_order(network, mentor, participant_user, extra_mentor):
    meetup = make_meetup(network, capacity=1)
    assert sign_up(mentor, meetup).state == "confirmed"
    assert sign_up(participant_user, meetup).state == "waiting"
    assert sign_up(extra_mentor, meetup).state == "waiting"
    assert sign_up(mentor, meetup).state == "confirmed"  # signing up twice changes nothing

    cancel(mentor, meetup)
    states = dict(MeetupSignup.objects.values_list("user__email", "state"))
    assert states == {
        mentor.email: "cancelled",
        participant_user.email: "confirmed",
        extra_mentor.email: "waiting",
    }
    promoted = OutboxEmail.objects.filter(template="network_meetup_seat", to=participant_user.email).get()
    assert "ledig" in promoted.body or "free" in promoted.body


def test_without_a_waiting_list_a_full_meetup_refuses(network, mentor, participant_user):
    meetup = make_meetup(network, capacity=1, waiting_list=False)
    sign_up(mentor, meetup)
    with pytest.raises(ValidationError, match="full|fullt"):
        sign_up(participant_user, meetup)
    assert MeetupSignup.objects.count() == 1


def test_a_started_meetup_takes_no_sign_ups(network, mentor):
    meetup = make_meetup(network, days=-1)
    with pytest.raises(ValidationError):
        sign_up(mentor, meetup)


def test_a_cancelled_person_can_sign_up_again(network, mentor):
    meetup = make_meetup(network)
    sign_up(mentor, meetup)
    cancel(mentor, meetup)
    assert sign_up(mentor, meetup).state == "confirmed"
    assert MeetupSignup.objects.count() == 1


def test_seats_cannot_drop_below_those_taken_but_more_seats_admit_the_waiting(
    network, coordinator, mentor, participant_user
):
    meetup = make_meetup(network, capacity=1)
    sign_up(mentor, meetup)
    sign_up(participant_user, meetup)
    data = {name: getattr(meetup, name) for name in services.MEETUP_FIELDS}
    with pytest.raises(ValidationError):
        services.meetup_update(actor=coordinator, meetup=meetup, data={**data, "capacity": 0})
    services.meetup_update(actor=coordinator, meetup=meetup, data={**data, "capacity": 2})
    assert MeetupSignup.objects.get(user=participant_user).state == "confirmed"
    meetup.refresh_from_db()
    assert meetup.sequence == 1


@pytest.fixture
def postgresql_with_occupations(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite takes one writer at a time anyway")
    # Transactional tests flush the database after each test, data migrations included.
    if not Occupation.objects.exists():
        load_occupations(Occupation)


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_at_once_do_not_overbook(
    postgresql_with_occupations, network, mentor, participant_user
):
    """The first sign-up holds the last seat, uncommitted, while the second tries: the second waits
    for the lock and then lands on the waiting list."""
    meetup = make_meetup(network, capacity=1)
    holding, release, outcome = threading.Event(), threading.Event(), []
    tell_seat = services._tell_seat

    def tell_and_hold(*args, **kwargs):
        # The seat's e-mail is the last step inside the first sign-up's transaction: hold it open there.
        tell_seat(*args, **kwargs)
        holding.set()
        release.wait(10)

    def take_and_hold():
        try:
            sign_up(mentor, meetup)
        finally:
            connections.close_all()

    def take():
        holding.wait(10)
        try:
            outcome.append(sign_up(participant_user, meetup).state)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_and_hold), threading.Thread(target=take)]
    with mock.patch.object(services, "_tell_seat", tell_and_hold):
        for thread in threads:
            thread.start()
        holding.wait(10)
        time.sleep(0.5)  # long enough for the second call to count the seats, if it were not made to wait
        release.set()
        for thread in threads:
            thread.join()
    assert outcome == ["waiting"]
    assert MeetupSignup.objects.filter(meetup=meetup, state="confirmed").count() == 1


def test_the_coordinator_marks_who_came(client, network, coordinator, mentor, participant_user):
    meetup = make_meetup(network)
    came, missed = sign_up(mentor, meetup), sign_up(participant_user, meetup)
    login(client, coordinator)
    page = client.get(reverse("network_meetup", args=[network.slug, meetup.pk])).content.decode()
    assert "Magnus Mentor" in page and "Amina Hassan" in page
    client.post(
        reverse("network_meetup_attendance", args=[network.slug, meetup.pk]),
        {f"attended-{came.pk}": "yes", f"attended-{missed.pk}": "no"},
    )
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)
    assert AuditLog.objects.filter(object_type="network.meetupsignup", fields=["attended"]).count() == 2


@pytest.mark.parametrize("who", ["mentor", "participant_user", "employer", "other_coordinator"])
def test_only_the_coordinator_marks_attendance(client, network, mentor, who, request):
    meetup = make_meetup(network)
    signup = sign_up(mentor, meetup)
    login(client, request.getfixturevalue(who))
    response = client.post(
        reverse("network_meetup_attendance", args=[network.slug, meetup.pk]), {f"attended-{signup.pk}": "yes"}
    )
    assert response.status_code == 404
    signup.refresh_from_db()
    assert signup.attended is None


def test_members_see_no_list_of_who_signed_up(client, network, mentor, participant_user):
    meetup = make_meetup(network)
    sign_up(mentor, meetup)
    login(client, participant_user)
    page = client.get(reverse("network_meetup", args=[network.slug, meetup.pk])).content.decode()
    assert "Magnus Mentor" not in page


def test_the_calendar_file(client, network, participant_user):
    meetup = make_meetup(network, title="Treff på Bryggen")
    login(client, participant_user)
    response = client.get(reverse("network_meetup_ics", args=[network.slug, meetup.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:" in body and "Treff på Bryggen" in body
    assert f"UID:network-meetup-{meetup.pk}@kobling" in body
    assert "LOCATION:Bryggen 1\\, Bergen" in body


def test_meetups_in_the_readers_county_come_first_then_digital_ones(network, mentor, employer):
    oslo = make_meetup(network, title="Oslo", region="03", days=1)
    digital = make_meetup(
        network, title="Digitalt", region="", days=2, place="", video_url="https://meet.example/x"
    )
    bergen = make_meetup(network, title="Bergen", region="46", days=9)
    make_meetup(network, title="Ferdig", days=-3)
    assert list(upcoming_meetups(seat_for(mentor, network.slug))) == [bergen, digital, oslo]
    # The partner contact's organisation is in Oslo.
    assert list(upcoming_meetups(seat_for(employer, network.slug)))[0] == oslo
