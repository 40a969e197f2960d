"""A mentor who asks to be forgotten is erased by the mentoring coordinator (and an employer's contact
person by a platform admin): nothing that names them is
left, what the mentee wrote stays, the pairs stay (without a name) for the figures, and nothing happens
while a pair of theirs is still open."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kobling.core.models import AuditLog, Membership, User
from kobling.core.roles import Role
from kobling.events.models import EmployerRegistration
from kobling.mentoring import services as mentoring
from kobling.mentoring.models import MentorLanguage, MentorProfile, Mentorship
from kobling.mentorspace.models import CheckIn, Message
from kobling.network.models import Answer, Question
from kobling.notifications.models import OutboxEmail
from kobling.privacy import services
from kobling.privacy.erasure import ERASED, ERASED_LABEL
from tests.conftest import login
from tests.fixtures.mentoring import make_mentor
from tests.privacy.conftest import leftovers

pytestmark = pytest.mark.django_db

NAME = "Magnus Mentor"


def said_things(pair, mentor_user, mentee_user) -> None:
    """The mentor's words in the pair's space and the network, a mentee's reply, e-mails to and about him."""
    Message.objects.create(mentorship=pair, sender=mentor_user, side="mentor", body="Magnus her: lykke til!")
    Message.objects.create(mentorship=pair, sender=mentee_user, side="mentee", body="Takk, det hjalp")
    CheckIn.objects.create(
        mentorship=pair, side="mentor", user=mentor_user, kind="fit", good_fit=True, comment="Magnus: bra"
    )
    question = Question.objects.create(
        programme=pair.programme, author=mentor_user, author_name=NAME, title="Magnus spør om Azure"
    )
    Answer.objects.create(question=question, author=mentor_user, author_name=NAME, body="Magnus svarer")
    organisation = pair.programme.organisation  # as every mentoring e-mail carries it
    OutboxEmail.objects.create(
        to=mentor_user.email,
        template="x",
        subject="Hei",
        body="Hei Magnus",
        state="sent",
        organisation=organisation,
    )
    OutboxEmail.objects.create(
        organisation=organisation,
        to="koordinator@example.no",
        template="x",
        subject="Ny mentor",
        body=f"{NAME} har meldt seg",
        state="sent",
    )


def finish(pair) -> Mentorship:
    Mentorship.objects.filter(pk=pair.pk).update(state=Mentorship.State.COMPLETED)
    pair.refresh_from_db()
    return pair


def test_nothing_names_the_mentor_afterwards_and_the_mentees_words_and_the_pair_stay(
    pair, mentor, participant_user, coordinator
):
    said_things(pair, mentor, participant_user)
    finish(pair)
    profile = pair.mentor
    words = (NAME, mentor.email, "Magnus her", "Magnus: bra", "Magnus spør", "Magnus svarer", "Hei Magnus")
    assert len(leftovers(words)) > 8  # he is everywhere before
    counts = services.mentor_erase(actor=coordinator, mentor=profile)
    assert leftovers(words) == []
    assert counts["mentor_profiles"] == 1 and counts["pair_messages"] == 1 and counts["logins"] == 1
    profile.refresh_from_db()
    assert (profile.state, profile.full_name, profile.user_id) == (MentorProfile.State.ERASED, ERASED, None)
    assert not MentorLanguage.objects.filter(mentor=profile).exists()
    assert Message.objects.get(side="mentee").body == "Takk, det hjalp"  # the mentee's words are theirs
    assert Mentorship.objects.get(pk=pair.pk).state == Mentorship.State.COMPLETED  # the figures stay
    user = User.objects.get(pk=mentor.pk)
    assert not user.is_active and not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    entry = AuditLog.objects.get(action=AuditLog.Action.ERASE, object_type="mentoring.mentorprofile")
    assert entry.object_id == str(profile.pk) and entry.object_label == ERASED_LABEL
    assert not AuditLog.objects.filter(object_label__icontains="Magnus").exists()


def test_an_open_pair_stops_the_erasure_and_nothing_changes(pair, mentor, participant_user, coordinator):
    said_things(pair, mentor, participant_user)
    before = leftovers((NAME,))
    with pytest.raises(ValidationError) as refused:
        services.mentor_erase(actor=coordinator, mentor=pair.mentor)
    assert refused.value.code == "open_pair"
    assert leftovers((NAME,)) == before and User.objects.get(pk=mentor.pk).is_active


def test_an_erased_mentor_is_not_erased_twice_and_cannot_be_reviewed_back(pair, coordinator):
    profile = finish(pair).mentor
    services.mentor_erase(actor=coordinator, mentor=profile)
    with pytest.raises(ValidationError) as again:
        services.mentor_erase(actor=coordinator, mentor=profile)
    assert again.value.code == "erased"
    with pytest.raises(ValidationError):
        mentoring.mentor_review(actor=coordinator, mentor=profile, approve=True)
    assert MentorProfile.objects.get(pk=profile.pk).state == MentorProfile.State.ERASED


def test_a_login_used_for_more_than_mentoring_here_stays_open(mentor_programme, coordinator, staff):
    """A staff member who was also a mentor keeps their work login; only the mentor role goes."""
    Membership.objects.create(user=staff, organisation=mentor_programme.organisation, role=Role.MENTOR)
    profile = make_mentor(mentor_programme, name="Siri Stab", email=staff.email, user=staff)
    services.mentor_erase(actor=coordinator, mentor=profile)
    staff.refresh_from_db()
    assert staff.is_active and staff.email != ""
    assert set(Membership.objects.filter(user=staff).values_list("role", flat=True)) == {Role.STAFF}
    assert MentorProfile.objects.get(pk=profile.pk).full_name == ERASED


def test_the_coordinator_confirms_on_a_page_that_says_what_will_happen(client, pair, coordinator):
    profile = finish(pair).mentor
    login(client, coordinator)
    url = reverse("privacy_mentor_erase", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200 and NAME in page.content.decode()
    refused = client.post(url, {})  # the box is not ticked
    assert refused.status_code == 400 and "confirm" in refused.context["form"].errors
    assert MentorProfile.objects.get(pk=profile.pk).full_name == NAME
    done = client.post(url, {"confirm": "on"})
    assert done.status_code == 302 and done["Location"] == reverse(
        "mentoring_mentors", args=[profile.programme.slug]
    )
    assert MentorProfile.objects.get(pk=profile.pk).state == MentorProfile.State.ERASED


def test_an_open_pair_is_shown_and_the_refusal_lands_on_the_page(client, pair, coordinator):
    login(client, coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the coordinator reads English
    url = reverse("privacy_mentor_erase", args=[pair.mentor.pk])
    assert "pair in progress" in client.get(url).content.decode()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 400 and "pair in progress" in response.content.decode()
    assert MentorProfile.objects.get(pk=pair.mentor.pk).full_name == NAME


# ---------------------------------------------------------------------------- employer contacts


def test_an_employer_contact_is_erased_and_the_employer_stays(client, admin, event, employer_org, employer):
    from tests.fixtures.events import register_employer

    reg = register_employer(event, employer_org, admin, email=employer.email)
    EmployerRegistration.objects.filter(pk=reg.pk).update(contact_name="Siri Sjef")
    OutboxEmail.objects.create(
        to=employer.email, template="x", subject="Hei", body="Hei Siri Sjef", state="sent"
    )
    words = ("Siri Sjef", employer.email)
    assert len(leftovers(words)) >= 3
    login(client, admin)
    url = reverse("privacy_employer_contact_erase")
    page = client.get(url, {"email": employer.email.upper()})
    assert page.status_code == 200 and event.title in page.content.decode()
    assert client.post(url, {"email": employer.email}).status_code == 400  # the box is not ticked
    assert len(leftovers(words)) >= 3
    done = client.post(url, {"email": employer.email, "confirm": "on"})
    assert done.status_code == 302
    assert leftovers(words) == []
    reg.refresh_from_db()
    assert (reg.contact_name, reg.token_hash, reg.organisation_id) == (ERASED, "", employer_org.pk)
    assert not User.objects.get(pk=employer.pk).is_active
    entry = AuditLog.objects.get(action=AuditLog.Action.ERASE, object_type="events.employerregistration")
    assert entry.object_id == str(reg.pk) and entry.object_label == ERASED_LABEL


def test_an_unknown_address_is_refused_at_the_field_and_changes_nothing(client, admin, employer_reg):
    login(client, admin)
    before = AuditLog.objects.count()
    response = client.post(
        reverse("privacy_employer_contact_erase"), {"email": "nobody@example.no", "confirm": "on"}
    )
    assert response.status_code == 400 and "email" in response.context["form"].errors
    assert AuditLog.objects.count() == before
    employer_reg.refresh_from_db()
    assert employer_reg.contact_name != ERASED


def test_a_profile_with_someone_elses_address_reaches_nothing_of_theirs_elsewhere(
    mentor_programme, coordinator, other_coordinator, other_provider
):
    """A coordinator types any address on a mentor they register. Erasing that profile must not touch
    the address's owner in another organisation: their invitation, e-mails, audit labels or the
    lock-out of their login."""
    from axes.models import AccessAttempt

    from kobling.core.models import Invitation

    victim = other_coordinator.email
    invitation = Invitation.objects.create(
        email=victim,
        full_name="Olav",
        organisation=other_provider,
        role="staff",
        token_hash="y" * 64,
        expires_at=timezone.now() + timedelta(days=3),
    )
    mail = OutboxEmail.objects.create(
        to=victim, template="x", subject="S", body="Hei", organisation=other_provider
    )
    AccessAttempt.objects.create(
        username=victim,
        ip_address="10.0.0.9",
        user_agent="UA",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    profile = make_mentor(mentor_programme, name="Falsk Profil", email=victim)
    services.mentor_erase(actor=coordinator, mentor=profile)
    assert MentorProfile.objects.get(pk=profile.pk).state == MentorProfile.State.ERASED
    invitation.refresh_from_db()
    mail.refresh_from_db()
    assert (invitation.email, invitation.revoked_at) == (victim, None)
    assert (mail.to, mail.body) == (victim, "Hei")
    assert AccessAttempt.objects.filter(username=victim).exists()
    assert User.objects.get(pk=other_coordinator.pk).is_active
