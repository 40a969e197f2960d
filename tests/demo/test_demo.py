"""`kobling demo`: the promised data, one working login per role, and a consistent history.

The `demo` fixture (conftest.py) builds it once for the package.
"""

import io
import time
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog, Membership, Organisation, User
from kobling.core.validators import is_valid_national_id
from kobling.demo import data
from kobling.people.models import Participant, ParticipantLanguage, Task, TimelineEntry
from kobling.programmes.models import Enrolment, EnrolmentStatus, IntakeInterview, IntakeMatch, Status
from kobling.programmes.services import NEEDS_REASON, TRANSITIONS


def counts() -> dict[str, int]:
    models = [
        Organisation,
        User,
        Membership,
        Participant,
        ParticipantLanguage,
        Enrolment,
        EnrolmentStatus,
        IntakeInterview,
        TimelineEntry,
        Task,
        AuditLog,
    ]
    return {m.__name__: m.objects.count() for m in models}


def history_problems(enrolments) -> list[str]:
    rows = defaultdict(list)
    for row in EnrolmentStatus.objects.filter(enrolment__in=enrolments).order_by("valid_from", "id"):
        rows[row.enrolment_id].append(row)
    problems = []
    for enrolment in enrolments:
        history = rows[enrolment.pk]
        open_rows = [r for r in history if r.valid_to is None]
        if len(open_rows) != 1 or open_rows[0] is not history[-1]:
            problems.append(f"{enrolment.pk}: {len(open_rows)} open rows, or the open row is not the newest")
            continue
        if history[-1].status != enrolment.status or history[-1].valid_from != enrolment.status_since:
            problems.append(f"{enrolment.pk}: status {enrolment.status} but newest row {history[-1].status}")
        for earlier, later in zip(history, history[1:], strict=False):
            if earlier.valid_to != later.valid_from or not earlier.valid_from < later.valid_from:
                problems.append(f"{enrolment.pk}: rows do not follow each other in time")
            if later.status not in TRANSITIONS[earlier.status]:
                problems.append(f"{enrolment.pk}: {earlier.status} -> {later.status} is not allowed")
        for row in history:
            if row.status in NEEDS_REASON and not row.reason:
                problems.append(f"{enrolment.pk}: {row.status} without a reason")
    return problems


def test_the_demo_has_the_promised_organisations_and_people(demo, db):
    # The foundation's 2 providers, 3 NAV offices and 10 employers, plus those the recruitment
    # events bring (a provider, seven NAV offices in Innlandet and their employers).
    for slug, _name, kind, _region, _municipality in data.PROVIDERS + data.NAV_OFFICES + data.EMPLOYERS:
        assert Organisation.objects.filter(slug=slug, kind=kind).exists(), slug
    assert Organisation.objects.filter(kind="provider").count() == 3
    assert Organisation.objects.filter(kind="nav_office").count() == 3 + 7
    assert Organisation.objects.filter(kind="employer").count() >= 30
    assert Participant.objects.count() >= 150
    kinds = set(Enrolment.objects.values_list("programme__kind", flat=True))
    assert kinds == {"course", "mentor", "practice", "event"}
    assert Enrolment.objects.filter(programme__slug="salesforce-pilot").exists()
    assert Enrolment.objects.filter(programme__slug="security-pilot").exists()


def test_every_intake_status_is_there_with_reasons_and_interviews(demo, db):
    statuses = Counter(Enrolment.objects.values_list("status", flat=True))
    assert set(statuses) == set(Status.values) - {Status.DRAFT}
    assert IntakeInterview.objects.filter(enrolment__status=Status.ASSESSING).count() == statuses["assessing"]
    reasons = set(EnrolmentStatus.objects.exclude(reason="").values_list("reason", flat=True))
    assert {"got_job", "ill", "no_show", "requirements"} <= reasons
    assert set(Participant.objects.values_list("source", flat=True)) == {
        "referral",
        "application",
        "registered",
    }


def test_the_history_rule_holds_and_the_audit_log_recorded_it(demo, db):
    enrolments = list(Enrolment.objects.all())
    assert history_problems(enrolments) == []
    assert (
        AuditLog.objects.filter(object_type="programmes.enrolment").count() >= EnrolmentStatus.objects.count()
    )


def assert_people_look_real_and_consistent() -> None:
    # One referral waits as a possible match of someone who applied earlier: the same person twice,
    # on purpose, until a coordinator links the records.
    waiting = IntakeMatch.objects.filter(state=IntakeMatch.State.PENDING)
    assert waiting.count() == 1
    match = waiting.get()
    assert (match.new.first_name, match.new.last_name) == (
        match.existing.first_name,
        match.existing.last_name,
    )
    people = list(Participant.objects.exclude(pk=match.new_id))
    full_names = Counter((p.first_name, p.last_name) for p in people)
    assert full_names.most_common(1)[0][1] == 1, "the same person's name twice in a small set looks fake"
    assert max(Counter(p.last_name for p in people).values()) <= len(people) * 0.03
    assert len({p.email for p in people}) == len(people)
    this_year = timezone.localdate().year
    assert all(18 <= this_year - p.birth_year <= 58 for p in people)
    for p in people:
        assert p.municipality in data.MUNICIPALITIES[p.region], (p.municipality, p.region)
        if p.referring_office:
            assert p.region == p.referring_office.region and p.advisor_id
    ids = [p.national_id for p in people if p.national_id]
    assert 5 <= len(ids) < len(people) / 2
    assert all(is_valid_national_id(i) for i in ids)
    immigrants = [p for p in people if p.immigrant]
    norwegian = dict(ParticipantLanguage.objects.filter(language="no").values_list("participant_id", "level"))
    assert {norwegian[p.pk] for p in immigrants} <= {"A2", "B1", "B2", "C1"}
    assert ParticipantLanguage.objects.filter(
        language__in=["ar", "ti", "so", "uk", "fa"], level="native"
    ).exists()
    codes = Counter(c for p in people for c in p.target_occupations.values_list("code", flat=True))
    it_codes = sum(n for c, n in codes.items() if "2511" <= c <= "2529" or "3511" <= c <= "3514")
    assert it_codes > sum(codes.values()) / 2


def test_people_look_real_and_consistent(demo, db):
    assert_people_look_real_and_consistent()


def test_the_demo_advisor_has_a_realistic_portfolio(demo, db):
    advisor = User.objects.get(email=f"veileder@{data.DOMAIN}")
    mine = Participant.objects.filter(advisor=advisor)
    assert 25 <= mine.count() <= 70  # a NAV advisor follows dozens of people
    assert mine.values("organisation").distinct().count() >= 2
    assert mine.filter(enrolments__status__in=["applied", "assessing"]).exists()
    open_tasks = Task.objects.filter(participant__advisor=advisor, done_at__isnull=True)
    assert open_tasks.filter(waiting_on="nav").exists()
    assert open_tasks.filter(waiting_on="participant").exists()
    assert mine.filter(next_meeting_at__date=timezone.localdate()).exists()


def test_the_coordinator_has_work_waiting(demo, db):
    coordinator = User.objects.get(email=f"koordinator@{data.DOMAIN}")
    provider = Organisation.objects.get(slug=data.TRAINING_COMPANY)
    tasks = Task.objects.filter(assignee=coordinator, done_at__isnull=True)
    assert tasks.filter(due__lt=timezone.localdate()).exists()
    assert tasks.filter(due__gte=timezone.localdate()).exists()
    assert Enrolment.objects.filter(
        participant__organisation=provider, status__in=["applied", "assessing"]
    ).exists()


def test_the_activity_columns_match_the_timeline(demo, db):
    now = timezone.now()
    for p in Participant.objects.prefetch_related("timeline"):
        past = [e.occurred_at for e in p.timeline.all() if e.occurred_at <= now]
        assert p.last_activity_at == (max(past) if past else None)
    assert Participant.objects.filter(next_meeting_at__gt=now).exists()
    assert TimelineEntry.objects.filter(sensitive=True).exists()
    assert TimelineEntry.objects.filter(visibility="participant").exists()


def test_the_demo_participant_is_linked_and_sees_shared_entries(demo, db):
    user = User.objects.get(email=data.PARTICIPANT_EMAIL)
    participant = Participant.objects.get(user=user)
    assert participant.enrolments.get().status == Status.PARTICIPATING
    assert participant.timeline.filter(visibility="participant", sensitive=False).count() >= 2


@pytest.mark.parametrize("email", [email for _role, email in data.LOGINS])
def test_every_printed_login_works(demo, db, client, settings, email):
    settings.MFA_ENFORCED = False  # as under `make run` (DEBUG on): the password alone, as printed
    response = client.post(reverse("login"), {"username": email, "password": data.PASSWORD})
    assert response.status_code == 302, email
    assert client.get(response["Location"]).status_code == 200


def test_the_logins_are_printed(demo):
    from django.conf import settings

    assert f"Kobling demo: {settings.SITE_URL}" in demo
    for _role, email in data.LOGINS:
        assert email in demo
    assert data.PASSWORD in demo


def test_a_second_run_changes_nothing(demo, db):
    before = counts()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert counts() == before
    assert "already" in out.getvalue() and f"veileder@{data.DOMAIN}" in out.getvalue()


def test_bulk_participants_are_added_fast_and_consistently(demo, db):
    before = Participant.objects.count()
    top = Participant.objects.order_by("-pk").values_list("pk", flat=True).first()
    started = time.perf_counter()
    call_command("demo", participants=500, stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    added = Participant.objects.filter(pk__gt=top)
    assert Participant.objects.count() == before + 500
    assert set(added.values_list("organisation__slug", flat=True)) == {data.TRAINING_COMPANY, data.MENTOR_NGO}
    enrolments = list(Enrolment.objects.filter(participant__in=added))
    assert len(enrolments) >= 500
    assert history_problems(enrolments) == []
    assert ParticipantLanguage.objects.filter(participant__in=added).count() >= 1000
    advisor = User.objects.get(email=f"veileder@{data.DOMAIN}")
    assert 280 <= Participant.objects.filter(advisor=advisor).count() <= 300
    assert elapsed < 30
