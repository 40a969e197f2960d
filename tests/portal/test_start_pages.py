"""Issue 8: a start page for each role (defect 4: the mentor, the market coordinator and the employer saw
only "Hello, X"), and the advisor's count of people (defect 8). Each block says what will appear there
when it is empty, each role's page costs a fixed number of queries, and nobody sees another's things."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from kobling.core.roles import Role
from kobling.events.models import EventStatus
from kobling.events.schedule.services import schedule_generate
from kobling.mentoring import services as mentoring
from kobling.programmes.models import (
    ActivityItem,
    AttendanceRecord,
    Cohort,
    Enrolment,
    Meeting,
    Programme,
    Status,
)
from kobling.programmes.services import enrolment_create
from tests.conftest import login, make_org, make_participant, make_user
from tests.fixtures.mentoring import give_mentor_consent, make_mentee, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def home(client, user):
    login(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


# ------------------------------------------------------------------ mentor
@pytest.fixture
def mentor_programme(provider):
    return Programme.objects.create(
        organisation=provider,
        name="Fagmentor",
        slug="fagmentor",
        kind=Programme.Kind.MENTOR,
        state=Programme.State.ACTIVE,
    )


def propose(coordinator, mentee, mentor):
    return mentoring.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)


def mentor_pairs(programme, coordinator, own, start, count):
    """`count` more proposals waiting for the mentor (each with a mentee of its own)."""
    for i in range(start, start + count):
        mentee = make_mentee(programme, coordinator, first=f"Mentee{i}", last="Test")
        propose(coordinator, mentee, own)


def test_the_mentor_sees_proposals_waiting_the_next_meeting_and_a_pair_gone_quiet(
    client, mentor, coordinator, mentor_programme, django_assert_max_num_queries
):
    from tests.fixtures.mentorspace import activate

    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor, capacity=10)
    waiting = propose(coordinator, make_mentee(mentor_programme, coordinator, first="Amal", last="Nur"), own)
    planned = propose(coordinator, make_mentee(mentor_programme, coordinator, first="Bilal", last="Haj"), own)
    when = timezone.now() + datetime.timedelta(days=2)
    mentoring.mentorship_plan_intro(
        actor=mentor, mentorship=planned, starts_at=when, minutes=45, place="Kafé Sentrum", video_url=""
    )
    quiet = propose(coordinator, make_mentee(mentor_programme, coordinator, first="Chen", last="Li"), own)
    activate(quiet, coordinator, started_days_ago=60)
    login(client, mentor)
    with django_assert_max_num_queries(MENTOR_QUERIES):
        page = client.get(reverse("home")).content.decode()
    detail = reverse("mentorship_detail", args=[waiting.pk])
    assert f'href="{detail}"' in page and "Amal: plan the intro meeting, or say no" in page
    assert "Intro meeting with Bilal" in page and timezone.localtime(when).strftime("%d.%m.%Y %H:%M") in page
    assert "Kafé Sentrum" in page
    assert reverse("mentorspace_space", args=[quiet.pk]) in page and "Chen" in page
    assert "No proposal is waiting" not in page and "No pair has gone quiet" not in page


def test_the_mentors_start_page_costs_the_same_queries_for_2_or_12_proposals(
    client, mentor, coordinator, mentor_programme
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor, capacity=20)
    login(client, mentor)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    mentor_pairs(mentor_programme, coordinator, own, 0, 2)
    few = count()
    mentor_pairs(mentor_programme, coordinator, own, 2, 10)
    assert count() == few


def test_the_mentors_empty_start_page_says_what_will_appear(client, mentor):
    page = home(client, mentor)
    for text in (
        "No proposal is waiting for you. When the coordinator proposes a mentee to you",
        "No intro meeting is planned",
        "No pair has gone quiet",
        reverse("mentoring_mentor_new"),
    ):
        assert text in page, text


def test_a_proposal_on_hold_shows_no_name_and_another_mentors_pairs_never_show(
    client, mentor, coordinator, mentor_programme
):
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor, capacity=2)
    held = make_mentee(mentor_programme, coordinator, first="Amal", last="Nur")
    propose(coordinator, held, own)
    give_mentor_consent(held.enrolment.participant, given=False)
    someone_else = make_mentor(mentor_programme, name="Per Person")
    propose(coordinator, make_mentee(mentor_programme, coordinator, first="Dina", last="Ali"), someone_else)
    page = home(client, mentor)
    assert "A proposal on hold" in page and "Amal" not in page and "Dina" not in page


# ------------------------------------------------------------------ market coordinator
def test_the_market_coordinator_sees_coming_events_and_what_each_lacks(
    client,
    market_coordinator,
    nav_office,
    advisor,
    coordinator,
    provider,
    employer_org,
    employer,
    django_assert_max_num_queries,
):
    from tests.fixtures.events import make_event, register_candidate, register_employer

    draft = make_event(nav_office, nav_office, market_coordinator, status=EventStatus.DRAFT, title="Kladd")
    scheduled = make_event(nav_office, nav_office, market_coordinator, title="Ta sjansen")
    from kobling.events import services as events

    employer_reg = register_employer(scheduled, employer_org, market_coordinator, tables=2)
    for first in ("Ali", "Bente", "Carlos"):
        person = make_participant(provider, first=first, last="Testesen", advisor=advisor, actor=coordinator)
        candidate = register_candidate(scheduled, person, advisor)
        events.wishes_set(actor=advisor, candidate=candidate, ranks={employer_reg.pk: 1}, vetoes={})

    events.event_change_status(actor=market_coordinator, event=scheduled, status=EventStatus.SCHEDULING)
    schedule_generate(actor=market_coordinator, event=scheduled)
    past = make_event(nav_office, nav_office, market_coordinator, title="Gammelt")
    type(past).objects.filter(pk=past.pk).update(date=timezone.localdate() - datetime.timedelta(days=3))
    other_office = make_org("NAV Andrevik", "nav_office")
    other_market = make_user("m2@andrevik.example.no", Role.NAV_MARKET, other_office)
    make_event(other_office, other_office, other_market, title="Fremmed")
    login(client, market_coordinator)
    with django_assert_max_num_queries(MARKET_QUERIES):
        page = client.get(reverse("home")).content.decode()
    assert "Kladd" in page and "Not open for registration yet" in page
    assert reverse("event_employer_invite", args=[draft.pk]) in page
    assert "No candidates registered" in page
    assert "Ta sjansen" in page and "The schedule is not published" in page
    assert reverse("event_schedule_publish", args=[scheduled.pk]) in page
    assert "1 employer" in page and "3 candidates" in page
    assert "Gammelt" not in page and "Fremmed" not in page


def test_the_market_coordinators_empty_start_page_says_what_will_appear(client, market_coordinator):
    page = home(client, market_coordinator)
    assert "No coming events. Each event you set up shows here" in page
    assert reverse("event_new") in page


def test_the_published_event_of_the_day_opens_its_day_page(client, market_coordinator, nav_office):
    from tests.fixtures.events import make_event

    event = make_event(nav_office, nav_office, market_coordinator, status=EventStatus.SCHEDULING)
    type(event).objects.filter(pk=event.pk).update(status=EventStatus.PUBLISHED)
    with time_machine.travel(
        datetime.datetime.combine(event.date, datetime.time(12), tzinfo=timezone.get_current_timezone())
    ):
        page = home(client, market_coordinator)
    assert "Ready: the schedule is published" in page and reverse("event_day", args=[event.pk]) in page


# ------------------------------------------------------------------ employer
@pytest.fixture
def employer_world(world, nav_office, employer_org):  # noqa: F811
    from tests.fixtures.recruitment import make_held_event, register

    coming = make_held_event(
        nav_office, nav_office, title="Vårens dag", days_ago=-10, status=EventStatus.PUBLISHED
    )
    register(coming, employer_org)
    return world, coming


def test_the_employer_sees_the_next_event_and_the_feedback_due(
    client, employer, employer_world, django_assert_max_num_queries
):
    from tests.fixtures.recruitment import give

    (event, interviews), coming = employer_world
    login(client, employer)
    with django_assert_max_num_queries(EMPLOYER_QUERIES):
        page = client.get(reverse("home")).content.decode()
    assert "Vårens dag" in page and reverse("event_my_schedule", args=[coming.pk]) in page
    for name in ("amina_bolge", "bilal_bolge"):
        assert reverse("recruitment_feedback", args=[interviews[name].pk]) in page, name
    # A no-show has no feedback, and another employer's interviews are not ours.
    for name in ("jonas_bolge", "amina_granitt", "jonas_granitt"):
        assert reverse("recruitment_feedback", args=[interviews[name].pk]) not in page, name
    give(employer, interviews["amina_bolge"])
    page = home(client, employer)
    assert reverse("recruitment_feedback", args=[interviews["amina_bolge"].pk]) not in page
    assert reverse("recruitment_feedback", args=[interviews["bilal_bolge"].pk]) in page


def test_the_employers_empty_start_page_says_what_will_appear(client, employer):
    page = home(client, employer)
    assert "No coming event. When a NAV office registers you" in page
    assert "No feedback is due. After each interview" in page


# ------------------------------------------------------------------ participant
# A Wednesday with no public holiday, so the test holds whatever day it runs.
WEDNESDAY = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def participant_day(participant_user, participant, programme, coordinator, advisor):
    enrolment = participant.enrolments.get()
    day = WEDNESDAY.date()
    cohort = Cohort.objects.create(
        programme=programme,
        name="Vår 2027",
        start_date=day - datetime.timedelta(days=30),
        end_date=day + datetime.timedelta(days=60),
        seats=10,
        weekdays=[0, 2, 4],
        location="Rom 3",
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(cohort=cohort, status=Status.PARTICIPATING)
    Meeting.objects.create(
        enrolment=enrolment,
        kind=Meeting.Kind.STATUS,
        starts_at=WEDNESDAY + datetime.timedelta(days=2),
        place="NAV Lillestrand",
        organiser=coordinator,
    )
    Meeting.objects.create(
        enrolment=enrolment,
        kind=Meeting.Kind.DIALOGUE,
        starts_at=WEDNESDAY - datetime.timedelta(days=2),
        place="Gammelt",
    )
    for n, state in enumerate(["proposal", "planned", "completed", "cancelled", "in_progress"]):
        ActivityItem.objects.create(participant=participant, title=f"Aktivitet {n} {state}", state=state)
    return enrolment, cohort


def test_the_participant_sees_the_next_meeting_todays_attendance_and_plan_items_waiting(
    client, participant_user, participant_day, django_assert_max_num_queries
):
    enrolment, cohort = participant_day
    with time_machine.travel(WEDNESDAY, tick=False):
        login(client, participant_user)
        with django_assert_max_num_queries(PARTICIPANT_QUERIES):
            page = client.get(reverse("home")).content.decode()
        assert "Status meeting" in page and "12.03.2027" in page and "NAV Lillestrand" in page
        assert "Gammelt" not in page
        assert "Today is a teaching day in Vår 2027." in page and "Not marked yet" in page
        for title in ("Aktivitet 0 proposal", "Aktivitet 1 planned", "Aktivitet 4 in_progress"):
            assert title in page, title
        assert "Aktivitet 2 completed" not in page and "Aktivitet 3 cancelled" not in page
        AttendanceRecord.objects.create(enrolment=enrolment, day=WEDNESDAY.date(), mark="present")
        page = client.get(reverse("home")).content.decode()
        assert "Present" in page and "Not marked yet" not in page
    with time_machine.travel(WEDNESDAY + datetime.timedelta(days=1), tick=False):
        page = home(client, participant_user)
        assert "No teaching in Vår 2027 today." in page and "Next teaching day: 12.03.2027." in page


def test_the_participants_empty_start_page_says_what_will_appear(client, participant_user):
    page = home(client, participant_user)
    for text in (
        "No meeting is planned. When your coordinator or NAV advisor books a meeting",
        "You are not in a class yet.",
        "Nothing in your plan is waiting.",
        reverse("my_plan"),
    ):
        assert text in page, text


def test_the_participant_sees_only_their_own_meetings_and_plan(
    client, participant_user, participant_day, foreign_participant
):
    ActivityItem.objects.create(participant=foreign_participant, title="Fremmed aktivitet", state="planned")
    Meeting.objects.create(
        enrolment=foreign_participant.enrolments.get(),
        kind=Meeting.Kind.STATUS,
        starts_at=WEDNESDAY + datetime.timedelta(days=1),
        place="Fremmed sted",
    )
    with time_machine.travel(WEDNESDAY, tick=False):
        page = home(client, participant_user)
    assert "Fremmed" not in page and "NAV Lillestrand" in page


def test_the_mentees_next_meeting_can_be_the_intro_meeting_with_their_mentor(
    client, participant_user, coordinator, mentor, mentor_programme
):
    from tests.fixtures.mentoring import mentee_login

    enrolment = mentee_login(participant_user, mentor_programme, coordinator)
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    pair = propose(coordinator, mentoring.mentee_profile_for(enrolment), own)
    when = timezone.now() + datetime.timedelta(days=4)
    mentoring.mentorship_plan_intro(
        actor=mentor,
        mentorship=pair,
        starts_at=when,
        minutes=45,
        place="",
        video_url="https://m.example/a",
    )
    page = home(client, participant_user)
    assert "Intro meeting with your mentor Magnus Mentor" in page and "video meeting" in page
    assert reverse("mentorship_detail", args=[pair.pk]) in page


# ------------------------------------------------------------------ advisor (defect 8)
def test_the_advisor_counts_each_person_once_as_the_portfolio_does(
    client, advisor, participant, provider, coordinator, programme, django_assert_max_num_queries
):
    """Issue 8, defect 8: a person with two enrolments was counted twice (60 against 57)."""
    second = Programme.objects.create(
        organisation=provider, name="Nettverk", slug="nettverk", kind=Programme.Kind.COURSE
    )
    enrolment_create(actor=coordinator, participant=participant, programme=second)
    make_participant(
        provider, first="Bo", last="Berg", advisor=advisor, programme=programme, actor=coordinator
    )
    make_participant(provider, first="Cato", last="Dal", advisor=advisor, actor=coordinator)
    assert participant.enrolments.count() == 2
    login(client, advisor)
    with django_assert_max_num_queries(ADVISOR_QUERIES):
        response = client.get(reverse("home"))
    assert response.context["portfolio_counts"] == {"total": 3, "new": 2}
    tabs = {key: n for key, _label, n in client.get(reverse("portfolio")).context["tabs"]}
    assert (tabs["all"], tabs["new"]) == (3, 2)
    assert '<span class="count">3</span>' in response.content.decode()


# ------------------------------------------------------------------ the ones who had a page already
@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_provider_staff_keep_their_next_things(
    client, request, role, participant, django_assert_max_num_queries
):
    user = request.getfixturevalue(role)
    login(client, user)
    with django_assert_max_num_queries(PROVIDER_QUERIES):
        page = client.get(reverse("home")).content.decode()
    assert "My next things" in page and "open tasks for me" in page
    assert "My mentoring" not in page and "Coming events" not in page


def test_someone_without_a_role_gets_the_welcome(client, outsider):
    page = home(client, outsider)
    assert "Welcome to Kobling" in page


# Each role's start page, measured with the session, the user, their memberships, the two-factor check
# and the menu: mentor 7, market coordinator 5, employer 6, participant 12, advisor 7, coordinator 9,
# instructor 6. Two to spare for the shared layout; the growth test below holds each role's own reads
# constant however many rows they find.
MENTOR_QUERIES = 7 + 2
MARKET_QUERIES = 5 + 2
EMPLOYER_QUERIES = 6 + 2
PARTICIPANT_QUERIES = 12 + 2
ADVISOR_QUERIES = 7 + 2
PROVIDER_QUERIES = 9 + 2


def grow_market(rows, n):
    from tests.fixtures.events import make_event

    for i in range(n):
        make_event(rows["nav_office"], rows["nav_office"], rows["user"], title=f"Dag {rows['made'] + i}")
    rows["made"] += n


def grow_employer(rows, n):
    from kobling.events.models import CandidateRegistration, Interview
    from tests.fixtures.recruitment import make_held_event, register

    event = make_held_event(rows["nav_office"], rows["nav_office"], title=f"Dag {rows['made']}")
    reg = register(event, rows["employer_org"])
    register(
        make_held_event(rows["nav_office"], rows["nav_office"], days_ago=-5, status="published"),
        rows["employer_org"],
    )
    for i in range(n):
        person = make_participant(rows["provider"], first=f"K{rows['made'] + i}", last="Test")
        candidate = CandidateRegistration.objects.create(
            event=event, participant=person, looking_for="IT", consent_at=timezone.now()
        )
        Interview.objects.create(
            event=event, candidate=candidate, employer=reg, slot=i % 4, table=i + 1, published=True
        )
    rows["made"] += n


def grow_participant(rows, n):
    participant = rows["user"].participant
    enrolment = participant.enrolments.first()
    for i in range(n):
        ActivityItem.objects.create(
            participant=participant, title=f"Aktivitet {rows['made'] + i}", state="planned"
        )
        Meeting.objects.create(
            enrolment=enrolment,
            kind=Meeting.Kind.STATUS,
            starts_at=timezone.now() + datetime.timedelta(days=i + 1),
            place="NAV",
        )
    rows["made"] += n


def grow_advisor(rows, n):
    for i in range(n):
        make_participant(
            rows["provider"],
            first=f"P{rows['made'] + i}",
            last="Test",
            advisor=rows["user"],
            programme=rows["programme"],
            actor=rows["coordinator"],
        )
    rows["made"] += n


@pytest.mark.parametrize(
    "role, grow",
    [
        ("market_coordinator", grow_market),
        ("employer", grow_employer),
        ("participant_user", grow_participant),
        ("advisor", grow_advisor),
    ],
)
def test_each_roles_start_page_costs_the_same_queries_for_few_or_many_rows(
    client, request, role, grow, nav_office, employer_org, provider, programme, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(role)
    rows = {
        "user": user,
        "nav_office": nav_office,
        "employer_org": employer_org,
        "provider": provider,
        "programme": programme,
        "coordinator": coordinator,
        "made": 0,
    }
    login(client, user)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    grow(rows, 2)
    few = count()
    grow(rows, 8)
    assert count() == few
