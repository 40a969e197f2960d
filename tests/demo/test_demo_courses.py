"""The demo's courses are real records: seed 001's results table from the results command, the
running security pilot, the phased in-house programme (seed 000), and what the demo participant and
the demo advisor see of them."""

import io
import json
from collections import Counter

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import Organisation, User, is_it_occupation
from kobling.demo import data
from kobling.people.models import Participant
from kobling.programmes.attendance.days import is_teaching_day
from kobling.programmes.models import (
    ActivityItem,
    AttendanceRecord,
    CertificationAttempt,
    Cohort,
    Enrolment,
    IntakeInterview,
    Meeting,
    Outcome,
    OutcomeFollowUp,
    PhaseRecord,
    Placement,
    Programme,
    Status,
)
from tests.conftest import login

A = CertificationAttempt.State


def results(slug: str) -> dict:
    out = io.StringIO()
    call_command("results", programme=slug, output_format="json", stdout=out)
    return json.loads(out.getvalue())


def test_the_results_command_prints_the_seed_001_table_for_the_salesforce_pilot(demo, db):
    report = results("salesforce-pilot")
    rows = {row["outcome"]: row["count"] for row in report["rows"]}
    assert report["total"] == 30
    assert (rows["it_job"], rows["other_job"], rows["dropped_out"]) == (11, 8, 11)
    assert rows["participating"] == rows["other"] == rows["education"] == 0
    assert report["no_outcome_recorded"] == 0
    reasons = {r["reason"]: r["count"] for r in report["reasons"]}
    assert sum(reasons.values()) == 11 and sum(1 for n in reasons.values() if n) >= 3
    funnel = {f["stage"]: f["count"] for f in report["funnel"]}
    assert funnel["referred"] > funnel["accepted"] > funnel["started"] == 30
    assert report["median_days_to_job"] is not None
    assert all(r["answered"] > 0 for r in report["retention"])


def test_the_salesforce_pilot_ran_four_cohorts_with_three_certifications(demo, db):
    programme = Programme.objects.get(slug="salesforce-pilot")
    assert programme.state == Programme.State.COMPLETED
    cohorts = list(programme.cohorts.all())
    assert len(cohorts) == 4 and len({c.start_date for c in cohorts}) == 4
    assert all(c.end_date < timezone.localdate() for c in cohorts)
    started = Enrolment.objects.filter(programme=programme, outcome__isnull=False)
    assert started.count() == 30 and started.filter(cohort__isnull=True).count() == 0
    assert sorted(Counter(started.values_list("cohort_id", flat=True)).values()) == [7, 7, 8, 8]
    assert {c.vendor for c in programme.certifications.all()} == {"Salesforce"}
    assert set(programme.certifications.values_list("exam_code", flat=True)) == {
        "ADM-201",
        "CRT-403",
        "CRT-450",
    }
    attempts = CertificationAttempt.objects.filter(enrolment__programme=programme)
    assert attempts.filter(attempt=2).exists(), "some people retook an exam"
    assert attempts.filter(state=A.PASSED).exists() and attempts.filter(state=A.FAILED).exists()
    assert attempts.filter(nav_pays__gt=0).exists()
    assert list(programme.phases.values_list("name", flat=True)) == [
        "Inntak",
        "Kurs",
        "Sertifisering",
        "Jobbsøk",
    ]
    assert PhaseRecord.objects.filter(enrolment__programme=programme).count() >= 60


def test_attendance_is_kept_on_teaching_days_only_and_never_after_a_person_left(demo, db):
    records = AttendanceRecord.objects.select_related("enrolment__cohort")
    assert records.filter(enrolment__programme__slug="salesforce-pilot").count() > 2000
    assert set(records.values_list("mark", flat=True)) == set(AttendanceRecord.Mark.values)
    for record in records:
        assert is_teaching_day(record.enrolment.cohort, record.day), record.day
        assert record.day <= timezone.localdate()
    for enrolment in Enrolment.objects.filter(programme__slug="salesforce-pilot", status=Status.BROKEN_OFF):
        last = enrolment.attendance.order_by("-day").values_list("day", flat=True).first()
        assert last is not None and last <= timezone.localtime(enrolment.status_since).date()


def test_the_pilot_outcomes_have_styrk_codes_employers_and_follow_ups(demo, db):
    outcomes = Outcome.objects.filter(enrolment__programme__slug="salesforce-pilot").select_related(
        "occupation", "employer"
    )
    employers = set(Organisation.objects.filter(kind="employer").values_list("pk", flat=True))
    for outcome in outcomes.filter(kind=Outcome.Kind.IT_JOB):
        assert is_it_occupation(outcome.occupation.code) and outcome.employer_id in employers
    for outcome in outcomes.filter(kind=Outcome.Kind.OTHER_JOB):
        assert not is_it_occupation(outcome.occupation.code)
        assert outcome.employer_id or outcome.employer_name
    dropped = outcomes.filter(kind=Outcome.Kind.DROPPED_OUT)
    assert dropped.values("dropout_reason").distinct().count() >= 3
    follow_ups = OutcomeFollowUp.objects.filter(outcome__in=outcomes)
    assert follow_ups.count() == 19 * 3
    assert set(follow_ups.filter(still_employed__isnull=False).values_list("months", flat=True)) == {3, 6, 12}
    assert not follow_ups.filter(still_employed__isnull=False, due__gt=timezone.localdate()).exists()
    meetings = Meeting.objects.filter(enrolment__programme__slug="salesforce-pilot")
    assert meetings.filter(kind="status").exists() and meetings.filter(kind="dialogue").exists()
    assert meetings.exclude(minutes="").filter(minutes_published_at__isnull=False).count() >= 30


def test_the_security_pilot_has_seven_in_its_running_first_cohort_with_exams_ahead(demo, db):
    programme = Programme.objects.get(slug="security-pilot")
    assert set(programme.certifications.values_list("exam_code", flat=True)) == {"SC-900", "SC-200", "AZ-500"}
    first = Cohort.objects.filter(programme=programme).order_by("start_date").first()
    today = timezone.localdate()
    assert first.start_date <= today <= first.end_date
    assert first.enrolments.count() == 7
    assert set(first.enrolments.values_list("status", flat=True)) == {Status.PARTICIPATING}
    attempts = CertificationAttempt.objects.filter(enrolment__cohort=first)
    assert attempts.filter(state=A.PLANNED, exam_date__isnull=True).count() == 7
    assert attempts.filter(state=A.BOOKED, exam_date__gt=today).exists()
    assert attempts.filter(state=A.PASSED, exam_date__lt=today).exists()
    assert AttendanceRecord.objects.filter(enrolment__cohort=first).count() >= 7 * 10
    assert Meeting.objects.filter(enrolment__cohort=first, starts_at__gt=timezone.now()).exists()
    assert results("security-pilot")["total"] == 7


def test_the_in_house_programme_has_phases_profiles_placements_and_a_shared_plan(demo, db):
    programme = Programme.objects.get(slug="it-i-praksis")
    names = list(programme.phases.values_list("name", flat=True))
    assert names == ["Bli kjent", "Kompetanse", "Arbeidspraksis", "Jobbsøk"]
    records = PhaseRecord.objects.filter(enrolment__programme=programme)
    assert set(records.values_list("phase__name", flat=True)) == set(names)
    started = Enrolment.objects.filter(programme=programme, status__in=["participating", "completed", "left"])
    interviews = IntakeInterview.objects.filter(enrolment__in=started)
    assert interviews.count() == started.count()
    assert interviews.values("profile_type").distinct().count() == 3
    placements = Placement.objects.filter(enrolment__programme=programme)
    assert set(placements.values_list("kind", flat=True)) == set(Placement.Kind.values)
    assert all(p.host.kind == "employer" and p.supervisor for p in placements.select_related("host"))
    items = ActivityItem.objects.filter(participant__enrolments__programme=programme)
    assert items.filter(agreed_with_nav=True).exists()
    proposals = items.filter(state=ActivityItem.State.PROPOSAL)
    assert proposals.exists()
    assert all(
        item.created_by_id == item.participant.user_id for item in proposals.select_related("participant")
    )
    assert Outcome.objects.filter(enrolment__programme=programme, kind=Outcome.Kind.IT_JOB).exists()


def test_the_demo_participant_sees_her_attendance_certifications_meetings_and_plan(demo, db, client):
    user = User.objects.get(email=data.PARTICIPANT_EMAIL)
    client.force_login(user)
    page = client.get(reverse("my_profile")).content.decode()
    participant = Participant.objects.get(user=user)
    enrolment = participant.enrolments.get()
    marked = enrolment.attendance.count()
    assert marked >= 10
    assert f"av {marked} dager" in page or f"of {marked} days" in page
    for code in ("SC-900", "SC-200", "AZ-500"):
        assert code in page
    states = dict(enrolment.certification_attempts.values_list("certification__exam_code", "state"))
    assert states == {"SC-900": A.PASSED, "SC-200": A.BOOKED, "AZ-500": A.PLANNED}
    assert enrolment.meetings.filter(minutes_published_at__isnull=False).exists()
    assert enrolment.meetings.filter(starts_at__gt=timezone.now()).exists()
    mine = participant.activity_plan.all()
    assert mine.filter(created_by=user, state=ActivityItem.State.PROPOSAL).count() == 2
    assert mine.filter(agreed_with_nav=True).exists()
    for item in mine.exclude(state__in=ActivityItem.LOCKED)[:3]:
        assert item.title in page


def test_the_demo_advisor_sees_the_same_for_her_people(demo, db, client):
    advisor = User.objects.get(email=f"veileder@{data.DOMAIN}")
    selam = Participant.objects.get(user__email=data.PARTICIPANT_EMAIL)
    login(client, advisor)
    page = client.get(reverse("participant_detail", args=[selam.pk])).content.decode()
    assert "SC-900" in page and "%" in page
    followed = Participant.objects.filter(advisor=advisor)
    assert Meeting.objects.filter(enrolment__participant__in=followed, starts_at__gt=timezone.now()).exists()
    assert Outcome.objects.filter(
        enrolment__participant__in=followed, enrolment__programme__slug="salesforce-pilot"
    )
    assert AttendanceRecord.objects.filter(enrolment__participant__in=followed).count() > 500
