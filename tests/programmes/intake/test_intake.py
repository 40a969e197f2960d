"""Referral, public application, the intake interview and the decisions."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from kobling.core.models import AuditLog, Invitation
from kobling.people.models import Consent, Participant
from kobling.programmes.models import Enrolment, EnrolmentStatus, Status
from tests.conftest import login

PERSON = {
    "first_name": "Ali",
    "last_name": "Yousef",
    "email": "Ali.Yousef@example.no",
    "phone": "912 34 567",
    "birth_year": "1992",
    "region": "03",
    "municipality": "Oslo",
    "preferred_language": "en",
    "norwegian_level": "A2",
    "english_level": "B2",
    "education_level": "bachelor",
    "education_field": "Electrical engineering",
    "it_evidence": ["self_study", "courses"],
}


def application(programme, **extra):
    return {**PERSON, "programme": programme.pk, "consent": "on", **extra}


def deliver_all():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)


@pytest.mark.django_db(transaction=True)
def test_a_public_application_lands_in_the_intake_queue_with_a_receipt_in_the_applicants_language(
    client, programme, coordinator
):
    response = client.post(reverse("apply"), application(programme))
    assert response.status_code == 302 and response["Location"] == reverse("apply_thanks")
    participant = Participant.objects.get(email="ali.yousef@example.no")
    assert participant.phone == "+4791234567"
    assert participant.consents.get().purpose == Consent.Purpose.PROCESSING
    enrolment = participant.enrolments.get()
    assert enrolment.status == Status.APPLIED
    deliver_all()
    assert [m.subject for m in mail.outbox] == [f"We have received your application – {programme.name}"]
    login(client, coordinator)
    assert "Yousef" in client.get(reverse("intake_queue")).content.decode()


def test_the_application_needs_consent_and_keeps_what_was_typed(client, programme):
    data = application(programme)
    del data["consent"]
    response = client.post(reverse("apply"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "You must agree" in body or "Du må godta" in body
    assert 'value="Yousef"' in body
    assert not Participant.objects.exists()


def test_the_application_says_what_is_wrong_beside_each_field_in_the_users_language(client, programme):
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("apply"), application(programme, email="not-an-email", phone="12", birth_year="1890")
    )
    body = response.content.decode()
    assert (
        'id="id_email_error"' in body and 'id="id_phone_error"' in body and 'id="id_birth_year_error"' in body
    )
    assert "Enter a valid email address" in body
    assert not Participant.objects.exists()
    client.cookies["django_language"] = "nb"
    body = client.post(reverse("apply"), application(programme, email="not-an-email")).content.decode()
    assert "Oppgi en gyldig e-postadresse" in body


def test_the_honeypot_stores_nothing(client, programme):
    response = client.post(reverse("apply"), application(programme, website="http://spam.example"))
    assert response.status_code == 302
    assert not Participant.objects.exists()


def test_the_public_form_is_rate_limited(client, programme, settings):
    settings.APPLICATION_RATE_LIMIT = 2
    for n in range(2):
        assert (
            client.post(reverse("apply"), application(programme, email=f"a{n}@example.no")).status_code == 302
        )
    response = client.post(reverse("apply"), application(programme, email="a3@example.no"))
    assert response.status_code == 429
    assert Participant.objects.count() == 2


def test_script_in_a_text_field_is_shown_as_text(client, programme, coordinator):
    client.post(reverse("apply"), application(programme, work_experience="<script>alert(1)</script>"))
    participant = Participant.objects.get()
    login(client, coordinator)
    body = client.get(reverse("participant_detail", args=[participant.pk])).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_an_advisor_refers_a_person_who_then_appears_in_their_portfolio(
    client, advisor, programme, nav_office
):
    login(client, advisor)
    response = client.post(reverse("referral_create"), {**application(programme), "note": "Motivert."})
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.advisor == advisor and participant.referring_office == nav_office
    assert participant.source == "referral"
    assert participant.enrolments.get().referral_note == "Motivert."
    assert "Yousef" in client.get(reverse("portfolio")).content.decode()
    assert "Yousef" in client.get(reverse("portfolio") + "?show=new").content.decode()


def test_a_referral_with_a_wrong_national_id_is_refused(client, advisor, programme):
    login(client, advisor)
    response = client.post(
        reverse("referral_create"), {**application(programme), "national_id": "12345678901"}
    )
    assert response.status_code == 200
    assert 'id="id_national_id_error"' in response.content.decode()
    assert not Participant.objects.exists()


def interview_answers(**overrides):
    answers = {
        f"q_{k}": "4"
        for k in ["motivation", "it_interest", "basic_it", "resilience", "learning", "collaboration"]
    }
    answers.update(
        norwegian_level="B1", english_level="B2", profile_type="technical", recommended_path="operations"
    )
    answers.update(overrides)
    return answers


def test_the_coordinator_screens_and_accepts_and_the_person_is_invited(client, coordinator, participant):
    enrolment = participant.enrolments.get()
    login(client, coordinator)
    response = client.post(reverse("intake_screen", args=[enrolment.pk]), interview_answers())
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Status.ASSESSING
    assert float(enrolment.interview.score) == 75.0
    response = client.post(reverse("intake_decide", args=[enrolment.pk]), {"decision": "accept"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Status.WAITING_START
    statuses = list(EnrolmentStatus.objects.filter(enrolment=enrolment).order_by("valid_from", "id"))
    assert [s.status for s in statuses] == ["applied", "assessing", "waiting_start"]
    assert [s.valid_to is None for s in statuses] == [False, False, True]
    invitation = Invitation.objects.get(participant=participant)
    assert invitation.role == "participant"
    assert AuditLog.objects.filter(object_type="programmes.enrolment", action="update").count() == 2


def test_declining_needs_a_reason_and_other_needs_words(client, coordinator, participant):
    enrolment = participant.enrolments.get()
    login(client, coordinator)
    url = reverse("intake_decide", args=[enrolment.pk])
    assert client.post(url, {"decision": "decline"}).status_code == 400
    assert client.post(url, {"decision": "decline", "reason": "other"}).status_code == 400
    enrolment.refresh_from_db()
    assert enrolment.status == Status.APPLIED
    assert (
        client.post(url, {"decision": "decline", "reason": "other", "reason_text": "Flyttet"}).status_code
        == 302
    )
    enrolment.refresh_from_db()
    assert enrolment.status == Status.NOT_RELEVANT
    row = enrolment.history.first()
    assert (row.reason, row.reason_text) == ("other", "Flyttet")


def test_a_decision_that_makes_no_sense_is_refused_and_changes_nothing(client, coordinator, participant):
    enrolment = participant.enrolments.get()
    login(client, coordinator)
    client.post(reverse("intake_decide", args=[enrolment.pk]), {"decision": "decline", "reason": "no_show"})
    response = client.post(reverse("intake_decide", args=[enrolment.pk]), {"decision": "accept"})
    assert response.status_code == 400
    assert "cannot go from" in response.content.decode() or "kan ikke gå fra" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == Status.NOT_RELEVANT
    assert enrolment.history.count() == 2


def test_waiting_list_is_a_decision_too(client, coordinator, participant):
    enrolment = participant.enrolments.get()
    login(client, coordinator)
    client.post(
        reverse("intake_decide", args=[enrolment.pk]), {"decision": "waiting_list", "reason": "course_full"}
    )
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.WAITING_LIST


def test_the_coordinator_sets_the_questions_and_weights_of_a_programmes_interview(
    client, coordinator, participant
):
    enrolment = participant.enrolments.get()
    programme = enrolment.programme
    login(client, coordinator)
    weights = {
        f"w_{k}": "0"
        for k in ["motivation", "it_interest", "basic_it", "resilience", "learning", "collaboration"]
    }
    weights.update(
        w_motivation="2", c0_label="Kan du jobbe i helgene?", c0_weight="1", c1_weight="1", c2_weight="1"
    )
    response = client.post(reverse("intake_questions", args=[programme.slug]), weights)
    assert response.status_code == 302
    programme.refresh_from_db()
    asked = [q for q in programme.intake_questions if q["weight"]]
    assert asked == [
        {"key": "motivation", "weight": 2},
        {"key": "own_1", "label": "Kan du jobbe i helgene?", "weight": 1},
    ]
    body = client.get(reverse("intake_screen", args=[enrolment.pk])).content.decode()
    assert "Kan du jobbe i helgene?" in body and 'name="q_basic_it"' not in body
    answers = {
        "q_motivation": "5",
        "q_own_1": "1",
        "norwegian_level": "B1",
        "english_level": "B1",
        "profile_type": "practical",
        "recommended_path": "support",
    }
    assert client.post(reverse("intake_screen", args=[enrolment.pk]), answers).status_code == 302
    enrolment.refresh_from_db()
    assert float(enrolment.interview.score) == round(100 * (2 * 4 + 1 * 0) / (4 * 3), 1)


def test_an_interview_with_no_questions_is_refused(client, coordinator, programme):
    login(client, coordinator)
    weights = {
        f"w_{k}": "0"
        for k in ["motivation", "it_interest", "basic_it", "resilience", "learning", "collaboration"]
    }
    weights.update(c0_weight="1", c1_weight="1", c2_weight="1")
    response = client.post(reverse("intake_questions", args=[programme.slug]), weights)
    assert response.status_code == 400
    programme.refresh_from_db()
    assert programme.intake_questions == []


def test_the_coordinator_registers_a_walk_in_directly_into_a_programme(client, coordinator, programme):
    from tests.people.test_participant_record import NATIONAL_ID

    login(client, coordinator)
    response = client.post(
        reverse("participant_new"),
        {
            "programme": programme.pk,
            "first_name": "Nadia",
            "last_name": "Rahimi",
            "email": "nadia@example.no",
            "phone": "",
            "birth_year": "1988",
            "region": "03",
            "municipality": "Oslo",
            "preferred_language": "nb",
            "new_national_id": NATIONAL_ID,
            "it_evidence": ["courses"],
            "lang-TOTAL_FORMS": "1",
            "lang-INITIAL_FORMS": "0",
            "lang-MIN_NUM_FORMS": "0",
            "lang-MAX_NUM_FORMS": "12",
            "lang-0-language": "fa",
            "lang-0-level": "native",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get(email="nadia@example.no")
    assert participant.source == "registered" and participant.national_id == NATIONAL_ID
    assert participant.enrolments.get().status == Status.APPLIED
    assert AuditLog.objects.filter(object_type="people.participant", action="create").exists()


def test_the_intake_interview_starts_from_the_language_levels_the_referral_gave(
    client, advisor, coordinator, programme
):
    login(client, advisor)
    client.post(reverse("referral_create"), {**application(programme), "note": "Motivert."})
    enrolment = Enrolment.objects.get()
    login(client, coordinator)
    form = client.get(reverse("intake_screen", args=[enrolment.pk])).context["form"]
    assert form["norwegian_level"].value() == "A2"
    assert form["english_level"].value() == "B2"


def test_the_referral_form_speaks_about_the_person_not_as_them(client, advisor, programme):
    login(client, advisor)
    form = client.get(reverse("referral_create")).context["form"]
    labels = [str(form.fields[name].label) for name in ("it_evidence", "immigrant", "neet")]
    assert not any(label.startswith(("I ", "Jeg ")) or "your" in label for label in labels), labels
    public = client.get(reverse("apply")).context["form"]
    assert str(public.fields["immigrant"].label) != labels[1]
