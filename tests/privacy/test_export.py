"""The copy of everything about a person: complete, JSON, in their language, without other people."""

import json

import pytest
from django.core.management import call_command

from kobling.core.models import AuditLog
from kobling.privacy import export, printable, services
from tests.conftest import login

pytestmark = pytest.mark.django_db


def copy_of(rich) -> dict:
    return export.build(rich.participant)


def test_the_copy_holds_every_kind_of_record(rich):
    data = copy_of(rich)
    assert data["profile"]["first_name"] == "Amina"
    assert data["profile"]["national_id"] == "15076500565"
    assert {c["purpose"] for c in data["consents"]} == {"share_mentor"}
    course = next(e for e in data["enrolments"] if e["programme"] == "Salesforce-kurs")
    assert [h["status"] for h in course["status_history"]][-1] == "left"
    assert course["intake_interview"]["answers"][0]["question"] == "motivation"
    assert course["attendance"] == [{"day": "2025-03-03", "mark": "present"}]
    assert course["certifications"][0]["certification"] == "AZ-900"
    assert course["meetings"][0]["minutes"] == "Amina trives"
    assert course["placements"][0]["host"] == "Bølgedata AS"
    assert course["outcome"]["kind"] == "it_job"
    assert data["activity_plan"][0]["title"] == "Amina: CV"
    assert {t["title"] for t in data["tasks"]} == {"Ring Amina Hassan"}
    assert data["mentoring"][0]["your_messages"][0]["message"] == "Hei, det er Amina"
    event = data["events"][0]
    assert {i["employer"] for i in event["interviews"]} == {"Bølgedata AS", "Granittregnskap AS"}
    with_feedback = next(i for i in event["interviews"] if i["feedback"])
    assert with_feedback["feedback"]["strengths"] == "Amina er presis"
    assert with_feedback["your_reflection"] == "Jeg, Amina, var nervøs"
    assert data["network"]["questions"][0]["question"] == "Amina spør"
    assert {m["subject"] for m in data["emails"]} >= {"Velkommen Amina", "Snart"}
    assert data["login"]["email"] == "amina.hassan@example.no"


def test_her_sensitive_and_provider_only_entries_are_hers_and_in_the_copy(rich):
    titles = {e["title"]: e for e in copy_of(rich)["timeline"]}
    assert titles["Helse"]["sensitive"] is True
    assert titles["Helse"]["body"] == "Amina har ryggplager"
    assert titles["Intern"]["visibility"] == "provider"
    # The author is an organisation and a role, never a name.
    assert titles["Helse"]["written_by"]["organisation"] == "NAV Lillestrand"
    assert titles["Intern"]["written_by"]["organisation"] == "Fjordkompetanse"
    assert "Vera" not in str(titles["Helse"]["written_by"])


def test_other_peoples_data_is_left_out(rich):
    text = json.dumps(copy_of(rich), ensure_ascii=False)
    for other in [
        "Kari Koordinator",  # the coordinator who wrote entries and read the national id
        "Vera Veileder",  # the advisor
        "Magnus Mentor",
        "mentor@example.no",
        "Mentors private",  # the mentor's private note
        "Mentor sier",  # the mentor's message
        "Mentor ok",  # the mentor's check-in
        "Mentor: Amina var flink",  # the mentor's evaluation
        "Kontakt Bølgedata",  # the employer's contact person
        "kontakt@",
        "Siri Sjef",  # who gave the feedback
        "Bilal",  # other candidates at the same event
        "Jonas",
        "Petter",  # the placement's supervisor
    ]:
        assert other not in text, other


def test_the_copy_is_json_with_iso_dates(rich):
    data = json.loads(json.dumps(copy_of(rich)))
    assert data["format"] == "kobling-personal-data"
    assert data["profile"]["registered_at"][:4].isdigit() and "T" in data["profile"]["registered_at"]
    assert data["profile"]["registered_at"].endswith(("+01:00", "+02:00"))


def test_the_access_log_in_the_copy_names_no_reader(rich):
    log = copy_of(rich)["access_log"]
    assert {line["organisation"] for line in log} == {"Fjordkompetanse", "NAV Lillestrand"}
    assert "Kari" not in json.dumps(log)


def test_every_key_of_the_copy_has_a_label(rich):
    missing = set()

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key not in printable.LABELS:
                    missing.add(key)
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    data = copy_of(rich)
    for section in printable.SECTIONS:
        walk(data[section])
    assert missing == set()


def test_the_printable_copy_is_in_the_persons_language_with_norwegian_dates(client, rich, coordinator):
    rich.participant.preferred_language = "en"
    rich.participant.save(update_fields=["preferred_language"])
    login(client, coordinator)
    response = client.post(f"/privacy/participants/{rich.participant.pk}/copy/", {"format": "html"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Everything Kobling holds about you" in page
    assert "03.03.2025" in page  # dd.mm.yyyy in English too
    assert "Has left" in page and "Got a job" in page  # choices in words, in English
    assert "Amina har ryggplager" in page
    assert 'lang="en"' in page


def test_the_person_downloads_json_and_the_copy_is_audited(client, rich):
    login(client, rich.user)
    response = client.post("/privacy/me/copy/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and "Amina" not in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["participant_id"] == rich.participant.pk
    row = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).get()
    assert row.actor == rich.user and row.note == services.SELF and row.object_id == str(rich.participant.pk)


def test_the_command_prints_the_same_json(rich, capsys):
    call_command("privacy", "export", str(rich.participant.pk))
    data = json.loads(capsys.readouterr().out)
    assert data["profile"]["email"] == "amina.hassan@example.no"
    assert AuditLog.objects.filter(
        action=AuditLog.Action.EXPORT, actor=None, note=services.COMMAND_LINE
    ).exists()
