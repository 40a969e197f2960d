"""Mentors sign up and are reviewed; partner companies invite; mentees set wishes and pick."""

import datetime

import pytest
from django.urls import reverse

from kobling.accounts.services import invitation_accept
from kobling.core.models import AuditLog, Invitation, Membership
from kobling.core.roles import Role
from kobling.mentoring import services
from kobling.mentoring.matching.selectors import unmatched_report
from kobling.mentoring.models import MenteeProfile, MentorProfile, MentorProgrammeSettings, Mentorship
from kobling.notifications.models import OutboxEmail
from tests.conftest import PASSWORD, login, make_user
from tests.fixtures.mentoring import make_mentee, make_mentor, mentee_login

pytestmark = pytest.mark.django_db


def signup_data(programme, **extra):
    data = {
        "programme": programme.pk,
        "full_name": "Siv Signe",
        "email": "Siv@Example.no",
        "phone": "",
        "language": "nb",
        "occupation": "2142",
        "industries": ["construction"],
        "employer": "Bro og Tunnel AS",
        "region": "46",
        "municipality": "Bergen",
        "mode": "both",
        "capacity": "2",
        "availability": ["evenings"],
        "topics": ["cv", "network"],
        "topic_detail": "",
        "bio": "Byggingeniør i 20 år.",
        "gender": "",
        "lang-TOTAL_FORMS": "2",
        "lang-INITIAL_FORMS": "0",
        "lang-0-language": "no",
        "lang-0-level": "native",
        "lang-1-language": "en",
        "lang-1-level": "C1",
        "consent": "on",
        "website": "",
    }
    return {**data, **extra}


def test_public_signup_stores_a_profile_for_review_and_confirms_by_email(client, mentor_programme):
    response = client.post(reverse("mentor_signup"), signup_data(mentor_programme))
    assert response.status_code == 302, response.content.decode()[:3000]
    mentor = MentorProfile.objects.get()
    assert mentor.state == MentorProfile.State.SUBMITTED
    assert mentor.email == "siv@example.no" and mentor.occupation_id == "2142"
    assert dict(mentor.languages.values_list("language", "level")) == {"no": "native", "en": "C1"}
    assert OutboxEmail.objects.filter(template="mentoring_signup_received", to="siv@example.no").exists()
    assert AuditLog.objects.filter(object_type="mentoring.mentorprofile", action="create").exists()


def test_signup_errors_are_shown_beside_the_field_and_nothing_is_stored(client, mentor_programme):
    response = client.post(
        reverse("mentor_signup"), signup_data(mentor_programme, topics=["certification"], email="nope")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_email_error"' in html and 'id="id_topic_detail_error"' in html
    assert not MentorProfile.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_signup_honeypot_and_rate_limit(client, mentor_programme, settings):
    assert (
        client.post(reverse("mentor_signup"), signup_data(mentor_programme, website="x")).status_code == 302
    )
    assert not MentorProfile.objects.exists()
    settings.APPLICATION_RATE_LIMIT = 1
    client.post(reverse("mentor_signup"), signup_data(mentor_programme, email="a@b.no"))
    response = client.post(reverse("mentor_signup"), signup_data(mentor_programme, email="c@d.no"))
    assert response.status_code == 429
    assert MentorProfile.objects.count() == 1


def test_only_mentor_programmes_open_for_signup_are_offered(client, mentor_programme, programme):
    html = client.get(reverse("mentor_signup")).content.decode()
    assert "Fagmentor" in html and "Salesforce-kurs" not in html
    response = client.post(reverse("mentor_signup"), signup_data(programme))
    assert response.status_code == 200 and not MentorProfile.objects.exists()


def test_approval_invites_the_mentor_who_then_owns_the_profile(client, coordinator, mentor_programme):
    mentor = make_mentor(mentor_programme, name="Siv Signe", approved=False)
    login(client, coordinator)
    response = client.post(reverse("mentoring_mentor_review", args=[mentor.pk]), {"decision": "approve"})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.state == MentorProfile.State.APPROVED and mentor.reviewed_by == coordinator
    invitation = Invitation.objects.get(email=mentor.email)
    assert invitation.role == Role.MENTOR and invitation.organisation == mentor_programme.organisation
    assert OutboxEmail.objects.filter(template="mentoring_reviewed", to=mentor.email).exists()
    user = invitation_accept(invitation=invitation, password="correct-horse-battery-9")
    login(client, user)
    page = client.get(reverse("mentoring_mentor_home"))
    assert page.status_code == 200
    mentor.refresh_from_db()
    assert mentor.user == user


def test_rejection_tells_the_mentor_and_invites_nobody(client, coordinator, mentor_programme):
    mentor = make_mentor(mentor_programme, name="Siv Signe", approved=False)
    login(client, coordinator)
    client.post(
        reverse("mentoring_mentor_review", args=[mentor.pk]), {"decision": "reject", "note": "Ikke nå"}
    )
    mentor.refresh_from_db()
    assert mentor.state == MentorProfile.State.REJECTED
    assert not Invitation.objects.exists()


def edit_data(mentor, **extra):
    data = signup_data(mentor.programme, **extra)
    data.pop("programme")
    data.pop("consent")
    return data


def test_a_mentor_edits_their_own_profile_and_only_that(client, mentor_programme, mentor):
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    other = make_mentor(mentor_programme, name="Annen Mentor")
    login(client, mentor)
    assert client.get(reverse("mentoring_mentor_edit", args=[own.pk])).status_code == 200
    response = client.post(reverse("mentoring_mentor_edit", args=[own.pk]), edit_data(own, capacity="3"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.capacity == 3 and own.occupation_id == "2142"
    assert AuditLog.objects.filter(object_type="mentoring.mentorprofile", action="update").exists()
    assert client.get(reverse("mentoring_mentor_edit", args=[other.pk])).status_code == 404


def test_partner_contact_invites_a_colleague_who_makes_a_profile(
    client, employer, employer_org, mentor_programme
):
    login(client, employer)
    response = client.post(
        reverse("mentoring_partner"),
        {"full_name": "Kari Kollega", "email": "kari@bolgedata.example.no", "language": "nb"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="kari@bolgedata.example.no")
    assert invitation.role == Role.MENTOR and invitation.organisation == employer_org
    colleague = invitation_accept(invitation=invitation, password="correct-horse-battery-9")
    login(client, colleague)
    data = signup_data(mentor_programme)
    data.pop("email")
    response = client.post(reverse("mentoring_mentor_new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = MentorProfile.objects.get(user=colleague)
    assert profile.partner == employer_org and profile.source == MentorProfile.Source.PARTNER
    assert profile.email == "kari@bolgedata.example.no"


def test_partner_page_shows_totals_but_never_mentee_details(
    client, employer, employer_org, coordinator, mentor_programme
):
    from django.db import transaction

    mentor = make_mentor(mentor_programme, name="Kari Kollega", partner=employer_org)
    mentee = make_mentee(mentor_programme, coordinator, first="Hemmelig", last="Mentee")
    with transaction.atomic():
        pair = services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)
    Mentorship.objects.filter(pk=pair.pk).update(state=Mentorship.State.ACTIVE)
    from kobling.mentorspace.models import MeetingLog

    for day in (1, 15):
        MeetingLog.objects.create(
            mentorship=pair, held_on=datetime.date(2026, 11, day), shared_notes="Hemmelig referat"
        )
    login(client, employer)
    response = client.get(reverse("mentoring_partner"))
    html = response.content.decode()
    assert "Kari Kollega" in html
    assert response.context["totals"]["active"] == 1 and response.context["totals"]["logged"] == 2
    assert "Hemmelig" not in html
    assert client.get(reverse("mentorship_detail", args=[pair.pk])).status_code == 404


def test_mentee_sets_and_removes_a_same_gender_wish(client, participant_user, mentor_programme, coordinator):
    enrolment = mentee_login(participant_user, mentor_programme, coordinator)
    login(client, participant_user)
    url = reverse("mentoring_mentee_edit", args=[enrolment.pk])
    data = {
        "goals": "Jobb som utvikler",
        "topics": ["cv"],
        "mode": "digital",
        "same_gender_wish": "on",
        "gender": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and 'id="id_gender_error"' in response.content.decode()
    assert not MenteeProfile.objects.filter(enrolment=enrolment).exists()  # a refused first save makes none
    client.post(url, {**data, "gender": "woman"})
    mentee = MenteeProfile.objects.get(enrolment=enrolment)
    assert mentee.same_gender_wish and mentee.gender == "woman" and mentee.mode == "digital"
    client.post(url, {**data, "gender": "woman", "same_gender_wish": ""})
    mentee.refresh_from_db()
    assert not mentee.same_gender_wish
    audited = AuditLog.objects.filter(object_type="mentoring.menteeprofile").order_by("pk")
    assert list(audited.values_list("action", flat=True)) == ["create", "update"]


def test_in_mentee_choice_mode_the_mentee_picks_from_the_top_three_and_the_mentor_answers(
    client, participant_user, mentor_programme, coordinator, mentor
):

    services.settings_save(
        actor=coordinator, programme=mentor_programme, values={"choice_mode": "mentee_picks"}
    )
    enrolment = mentee_login(participant_user, mentor_programme, coordinator)
    participant_user.participant.target_occupations.set(["2512"])
    best = make_mentor(
        mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor, occupation="2512"
    )
    for i, code in enumerate(["2511", "2519", "2142"]):
        make_mentor(mentor_programme, name=f"Mentor Nummer{i}", occupation=code)
    login(client, participant_user)
    html = client.get(reverse("mentoring_mentee_home")).content.decode()
    assert "Magnus Mentor" in html and "Mentor Nummer2" not in html  # the engineer is fourth
    pick = reverse("mentoring_mentee_pick", args=[enrolment.pk])
    fourth = MentorProfile.objects.get(full_name="Mentor Nummer2")
    assert client.post(pick, {"mentor": fourth.pk}).status_code == 404
    assert client.post(pick, {"mentor": best.pk}).status_code == 302
    pair = Mentorship.objects.get()
    assert pair.state == Mentorship.State.REQUESTED
    assert OutboxEmail.objects.filter(template="mentoring_request", to=best.email).exists()
    login(client, mentor)
    page = client.get(reverse("mentorship_detail", args=[pair.pk])).content.decode()
    assert "Hassan" not in page  # the mentor sees the name only after saying yes
    client.post(reverse("mentorship_respond", args=[pair.pk]), {"answer": "yes"})
    pair.refresh_from_db()
    assert pair.state == Mentorship.State.PROPOSED


def test_unmatched_report_explains_and_sums_up_recruitment_needs(client, coordinator, mentor_programme):
    make_mentor(mentor_programme, name="Full Mentor", capacity=1, occupation="2512")
    make_mentee(
        mentor_programme,
        coordinator,
        first="Olena",
        last="Koval",
        occupation="2142",
        languages={"uk": "native"},
    )
    make_mentee(
        mentor_programme,
        coordinator,
        first="Ivan",
        last="Petrenko",
        occupation="2142",
        languages={"uk": "native"},
    )
    make_mentee(mentor_programme, coordinator, first="Amal", last="Nur", occupation="2512")
    make_mentee(mentor_programme, coordinator, first="Bo", last="Berg", occupation="2512")
    login(client, coordinator)
    client.post(reverse("mentoring_matching", args=[mentor_programme.slug]), {"action": "run"})
    response = client.get(reverse("mentoring_unmatched", args=[mentor_programme.slug]))
    html = response.content.decode()
    assert "Olena Koval" in html and "Ivan Petrenko" in html
    assert "B1" in html  # nobody speaks Ukrainian at B1
    assert "2142" in html and "2 mentees" in html or "2 mentee" in html
    report = unmatched_report(mentor_programme)
    codes = sorted(r["reason"]["code"] for r in report["people"])
    assert codes == ["full", "language", "language"]
    assert report["needs"][0] == {"profession": "2142", "region": "digital", "language": "uk", "mentees": 2}


def test_settings_are_saved_and_bad_weights_change_nothing(client, coordinator, mentor_programme):
    login(client, coordinator)
    url = reverse("mentoring_settings", args=[mentor_programme.slug])
    good = {
        "period_months": 9,
        "choice_mode": "batch",
        "nudge_no_meeting_weeks": 3,
        "nudge_unanswered_days": 4,
        "nudge_period_end_days": 10,
        "w_occupation": 8,
        "w_industry": 0,
        "w_topics": 2,
        "w_region": 2,
        "w_availability": 1,
        "w_language": 1,
    }
    bad = {**good, **{f"w_{c}": 0 for c in ("occupation", "topics", "region", "availability", "language")}}
    assert client.post(url, bad).status_code == 400
    assert not MentorProgrammeSettings.objects.exists()
    assert client.post(url, good).status_code == 302
    saved = MentorProgrammeSettings.objects.get(programme=mentor_programme)
    assert saved.period_months == 9 and saved.weight_map()["occupation"] == 8
    assert AuditLog.objects.filter(object_type="mentoring.mentorprogrammesettings").exists()


def test_the_mentor_takes_over_their_signed_up_profile_when_logging_in_not_when_reading_a_page(
    client, mentor_programme, other_provider, coordinator
):
    mentor = make_user("ny.mentor@example.no", Role.MENTOR, other_provider)
    profile = make_mentor(mentor_programme, name="Ny Mentor", email="ny.mentor@example.no")
    # Another role with the same address at another time takes over nothing.
    make_mentor(mentor_programme, name="Kari K", email=coordinator.email)
    login(client, coordinator)
    assert not MentorProfile.objects.filter(user=coordinator).exists()
    client.logout()

    assert client.post(reverse("login"), {"username": mentor.email, "password": PASSWORD}).status_code == 302
    profile.refresh_from_db()
    assert profile.user == mentor
    assert AuditLog.objects.filter(object_type="mentoring.mentorprofile", actor=mentor).count() == 1
    before = AuditLog.objects.count()
    assert client.get(reverse("mentoring_mentor_home")).status_code == 200
    assert AuditLog.objects.count() == before  # reading the home page writes nothing


def test_a_mentor_account_claims_the_profiles_signed_up_with_its_address(mentor_programme, other_provider):
    user = make_user("x@example.no", Role.MENTOR, other_provider)
    make_mentor(mentor_programme, name="X Y", email="x@example.no")
    assert services.mentor_claim_profiles(user=user) == 1  # the invitation proved the address
    assert Membership.objects.filter(user=user).count() == 1
