"""The provider coordinator's job on a laptop, from intake to the results: screen and accept an applicant,
give them a seat and start the cohort the evening before it begins, keep attendance on the first day,
record a certification and the outcome, and take the results table out as CSV and XLSX."""

import csv
import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core import mail
from django.utils import timezone

from kobling.programmes.attendance.holidays import is_public_holiday
from kobling.programmes.models import (
    AttendanceRecord,
    Certification,
    CertificationAttempt,
    Cohort,
    Outcome,
    Status,
)
from tests.browser.conftest import log_in, serious_violations
from tests.browser.journeys.conftest import at, run_the_worker
from tests.conftest import make_participant

pytestmark = pytest.mark.django_db(transaction=True)


def first_teaching_day(after: datetime.date) -> datetime.date:
    """The first weekday after `after` that is not a public holiday (the cohort teaches on weekdays)."""
    day = after + datetime.timedelta(days=1)
    while day.weekday() > 4 or is_public_holiday(day):
        day += datetime.timedelta(days=1)
    return day


def download(page, selector) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return Path(info.value.path()).read_bytes()


def test_the_coordinator_takes_a_person_from_intake_to_the_results(page, clock, coordinator, programme):
    start = first_teaching_day(timezone.localdate() + datetime.timedelta(days=7))
    cohort = Cohort.objects.create(
        programme=programme,
        name="Høst",
        start_date=start,
        end_date=start + datetime.timedelta(days=60),
        seats=12,
        weekdays=[0, 1, 2, 3, 4],
    )
    exam = Certification.objects.create(
        programme=programme, name="Salesforce Administrator", vendor="Salesforce"
    )
    hiwet = make_participant(
        programme.organisation, first="Hiwet", last="Tesfay", programme=programme, preferred_language="en"
    )
    enrolment = hiwet.enrolments.get()

    clock(at(start - datetime.timedelta(days=1), 19))  # the evening before the cohort begins
    log_in(page, coordinator)
    # The participant list searches as one types (htmx).
    page.goto("/participants/")
    page.fill("#id_q", "zzz-nobody")
    page.wait_for_function("() => !document.querySelector('#participant-rows tbody a')")
    page.fill("#id_q", "Tesf")
    page.wait_for_selector("#participant-rows >> text=Tesfay, Hiwet")

    # Intake: the interview, its score, the decision.
    page.goto("/intake/")
    page.click("text=Hiwet Tesfay")
    for question in ["motivation", "it_interest", "basic_it", "resilience", "learning", "collaboration"]:
        page.check(f"input[name=q_{question}][value='4']")
    page.select_option("#id_norwegian_level", "A2")
    page.select_option("#id_english_level", "B2")
    page.check("input[name=profile_type][value=practical]")
    page.check("input[name=recommended_path][value=support]")
    page.click("form:not([action]) button[type=submit]")
    page.wait_for_selector("text=75,0")  # the score, in Norwegian number format
    page.check("input[name=decision][value=accept]")
    page.click("form[action$='/decide/'] button[type=submit]")
    page.wait_for_url("**/intake/")
    enrolment.refresh_from_db()
    assert enrolment.status == Status.WAITING_START

    # A seat in the cohort, and the cohort started a day early: the page warns, the button confirms.
    page.goto(f"/cohorts/{cohort.pk}/")
    page.select_option("#id_enrolment", str(enrolment.pk))
    page.click("form[action$='/enrol/'] button[type=submit]")
    page.click(f"a[href='/cohorts/{cohort.pk}/start/']")
    page.wait_for_url(f"**/cohorts/{cohort.pk}/start/")
    warning = page.locator(".ds-alert[data-color=warning]")
    assert start.strftime("%d.%m.%Y") in warning.inner_text()
    assert "Hiwet Tesfay" in page.inner_text("main ul")
    assert serious_violations(page) == []
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/cohorts/{cohort.pk}/")
    assert "Deltar" in page.inner_text(f"#person-{enrolment.pk}")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.cohort_id) == (Status.PARTICIPATING, cohort.pk)

    # The first day: the session has long run out, so the coordinator logs in again.
    clock(at(start, 9))
    page.context.clear_cookies()
    log_in(page, coordinator)
    page.goto(f"/cohorts/{cohort.pk}/attendance/")
    page.check(f"input[name=mark_{enrolment.pk}][value=present]")
    page.click("form.attendance button[type=submit]:not([name])")
    page.wait_for_url(f"**/cohorts/{cohort.pk}/attendance/{start.isoformat()}/")
    assert AttendanceRecord.objects.get(enrolment=enrolment).mark == AttendanceRecord.Mark.PRESENT

    # The exam booked for today was passed.
    attempt = CertificationAttempt.objects.create(
        enrolment=enrolment, certification=exam, state=CertificationAttempt.State.BOOKED, exam_date=start
    )
    page.goto(f"/cohorts/{cohort.pk}/certifications/")
    page.click(f"a[href='/cohorts/{cohort.pk}/certifications/{enrolment.pk}/{exam.pk}/']")
    page.check("input[name=state][value=passed]")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/cohorts/{cohort.pk}/certifications/#person-{enrolment.pk}$"))
    attempt.refresh_from_db()
    assert attempt.state == CertificationAttempt.State.PASSED

    # The outcome: an IT job (STYRK-08 2512), which completes the programme.
    page.goto(f"/enrolments/{enrolment.pk}/outcome/")
    page.check("input[name=result][value=job]")
    page.fill("#id_occupation", "2512")
    page.fill("#id_employer_name", "Bølgedata AS")
    page.fill("#id_start_date", start.isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/participants/\d+/"))
    outcome = Outcome.objects.get(enrolment=enrolment)
    assert outcome.kind == Outcome.Kind.IT_JOB
    enrolment.refresh_from_db()
    assert enrolment.status == Status.COMPLETED

    # The results table counts the person, and its downloads say the same.
    page.goto(f"/results/{programme.slug}/")
    it_jobs = page.locator("#outcomes-caption ~ tbody tr", has_text="IT-jobb")
    assert it_jobs.locator("td.num").first.inner_text() == "1"
    assert serious_violations(page) == []
    plain = download(page, f"a[href='/results/{programme.slug}/results.csv']").decode("utf-8")
    assert ["table", "it_job", "IT-jobb", "1", "1"] in [row[:5] for row in csv.reader(io.StringIO(plain))]
    excel = download(page, f"a[href='/results/{programme.slug}/results.csv?dialect=excel']")
    assert excel.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads the letters right
    rows = list(csv.reader(io.StringIO(excel.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["section", "key", "label", "count"]
    assert ["table", "it_job", "IT-jobb", "1", "1"] in [row[:5] for row in rows]
    workbook = openpyxl.load_workbook(
        io.BytesIO(download(page, f"a[href='/results/{programme.slug}/results.xlsx']"))
    )
    table = [[cell.value for cell in row] for row in workbook.worksheets[0].iter_rows()]
    assert ["IT-jobb", 1] in [row[:2] for row in table]

    # The person was told of the place in English, with the link to make a login.
    run_the_worker()
    (accepted,) = [m for m in mail.outbox if m.to == [hiwet.email] and "place" in m.subject]
    assert accepted.subject == "You have a place – Salesforce-kurs"
    assert re.search(r"/invitation/\S+/", accepted.body)
