"""Only mentees who agreed to share their profile with a mentor are matched, suggested or shown to one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kobling.mentoring import services
from kobling.mentoring.matching.pool import approved_mentors, pool_mentees, suggestions_for
from kobling.mentoring.matching.selectors import unmatched_report
from kobling.mentoring.matching.services import match_run_publish, match_run_start
from kobling.mentoring.models import Mentorship
from tests.conftest import login
from tests.fixtures.mentoring import give_mentor_consent, make_mentee, make_mentor, mentee_login

pytestmark = pytest.mark.django_db

NOTICE = "you must agree to share your profile with a mentor"
REASON = "Has not agreed to share their profile with a mentor."


@pytest.fixture
def mixed_pool(mentor_programme, coordinator):
    """Plenty of mentors; one mentee who consents, one who never answered, one who withdrew."""
    for i in range(3):
        make_mentor(mentor_programme, name=f"Mentor Nr{i}", occupation="2512")
    agreed = make_mentee(mentor_programme, coordinator, first="Amal", last="Nur")
    silent = make_mentee(mentor_programme, coordinator, first="Bilal", last="Haj", consent=False)
    withdrew = make_mentee(mentor_programme, coordinator, first="Chen", last="Li")
    give_mentor_consent(withdrew.enrolment.participant, coordinator, given=False)
    return agreed, silent, withdrew


@pytest.fixture(autouse=True)
def english(client):
    """These tests read the English wording; the pages and services follow the user's language."""
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield


def test_a_mentee_without_the_consent_is_never_in_a_run_nor_suggested_nor_proposed(
    coordinator, mentor_programme, mixed_pool
):
    agreed, silent, withdrew = mixed_pool
    assert list(pool_mentees(mentor_programme)) == [agreed]
    run = match_run_start(actor=coordinator, programme=mentor_programme)
    in_run = {p[0] for p in run.pairs} | set(run.unmatched)
    assert in_run == {agreed.pk} and run.pool_mentees == 1
    services.settings_save(
        actor=coordinator, programme=mentor_programme, values={"choice_mode": "mentee_picks"}
    )
    assert len(suggestions_for(agreed)) == 3
    assert suggestions_for(silent) == [] and suggestions_for(withdrew) == []
    mentor = approved_mentors(mentor_programme).first()
    for mentee in (silent, withdrew):
        with pytest.raises(ValidationError, match="has not agreed"), transaction.atomic():
            services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=mentor)
    assert not Mentorship.objects.filter(mentee__in=[silent, withdrew]).exists()


def test_withdrawing_the_consent_takes_the_mentee_out_of_the_next_run_and_of_publishing(
    coordinator, mentor_programme, mixed_pool
):
    agreed = mixed_pool[0]
    first = match_run_start(actor=coordinator, programme=mentor_programme)
    assert [p[0] for p in first.pairs] == [agreed.pk]
    give_mentor_consent(agreed.enrolment.participant, agreed.enrolment.participant.user, given=False)
    second = match_run_start(actor=coordinator, programme=mentor_programme)
    assert second.pairs == [] and second.unmatched == [] and second.pool_mentees == 0
    # The first run, made before the withdrawal, publishes nothing for this mentee.
    published = match_run_publish(actor=coordinator, run=first)
    assert (published.proposals_made, published.proposals_left_out) == (0, 1)
    assert not Mentorship.objects.exists()
    give_mentor_consent(agreed.enrolment.participant, coordinator)  # the newest answer counts
    assert list(pool_mentees(mentor_programme)) == [agreed]


def test_the_unmatched_report_lists_them_apart_and_does_not_recruit_for_them(
    client, coordinator, mentor_programme
):
    make_mentee(mentor_programme, coordinator, first="Olena", last="Koval", occupation="2142")
    make_mentee(mentor_programme, coordinator, first="Tomas", last="Venter", occupation="2142", consent=False)
    report = unmatched_report(mentor_programme)
    assert [r["mentee"].enrolment.participant.first_name for r in report["people"]] == ["Olena"]
    assert [m.enrolment.participant.first_name for m in report["no_consent"]] == ["Tomas"]
    assert sum(n["mentees"] for n in report["needs"]) == 1  # Olena only
    login(client, coordinator)
    html = client.get(reverse("mentoring_unmatched", args=[mentor_programme.slug])).content.decode()
    section = html[html.index('id="no-consent"') :]
    assert "Tomas Venter" in section and REASON in section and "Olena Koval" not in section
    assert "Tomas Venter" not in html[: html.index('id="no-consent"')]
    overview = client.get(reverse("mentoring_programme", args=[mentor_programme.slug]))
    assert overview.context["pool"] == 1


def test_the_unmatched_page_uses_the_same_number_of_queries_for_few_and_many_without_consent(
    client, coordinator, mentor_programme
):
    login(client, coordinator)
    make_mentor(mentor_programme, name="Mari Utvikler", occupation="2512")

    def add(n, start):
        for i in range(start, start + n):
            make_mentee(mentor_programme, coordinator, first=f"Ja{i}", last="Test")
            make_mentee(mentor_programme, coordinator, first=f"Nei{i}", last="Test", consent=False)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("mentoring_unmatched", args=[mentor_programme.slug]))
        assert response.status_code == 200
        return len(queries), len(response.context["no_consent"])

    add(2, 0)
    few, listed = count()
    assert listed == 2
    add(6, 2)
    assert count() == (few, 8)


def test_the_mentee_page_says_to_give_the_consent_and_offers_no_mentors_without_it(
    client, participant_user, mentor_programme, coordinator
):
    services.settings_save(
        actor=coordinator, programme=mentor_programme, values={"choice_mode": "mentee_picks"}
    )
    enrolment = mentee_login(participant_user, mentor_programme, coordinator, consent=False)
    participant_user.participant.target_occupations.set(["2512"])
    mentor = make_mentor(mentor_programme, name="Magnus Mentor", occupation="2512")
    login(client, participant_user)
    html = client.get(reverse("mentoring_mentee_home")).content.decode()
    assert NOTICE in html and f'href="{reverse("my_consents")}"' in html
    assert "Magnus Mentor" not in html
    form = client.get(reverse("mentoring_mentee_edit", args=[enrolment.pk])).content.decode()
    assert NOTICE in form and f'href="{reverse("my_consents")}"' in form
    pick = reverse("mentoring_mentee_pick", args=[enrolment.pk])
    assert client.post(pick, {"mentor": mentor.pk}).status_code == 404
    assert not Mentorship.objects.exists()
    # Through the participant's own consent page, then the mentors are offered.
    client.post(reverse("my_consents"), {"purpose": "share_mentor", "given": "1"})
    html = client.get(reverse("mentoring_mentee_home")).content.decode()
    assert NOTICE not in html and "Magnus Mentor" in html


@pytest.fixture
def pair_with_mentor_login(mentor_programme, coordinator, mentor):
    mentee = make_mentee(
        mentor_programme, coordinator, first="Hemmelig", last="Person", goals="Bli utvikler i Bergen"
    )
    own = make_mentor(mentor_programme, name="Magnus Mentor", email=mentor.email, user=mentor)
    with transaction.atomic():
        return services.mentorship_propose(actor=coordinator, mentee=mentee, mentor=own)


def test_after_a_withdrawal_the_mentor_no_longer_sees_a_proposed_mentee(
    client, coordinator, mentor, pair_with_mentor_login
):
    pair = pair_with_mentor_login
    page = reverse("mentorship_detail", args=[pair.pk])
    login(client, mentor)
    assert "Bli utvikler i Bergen" in client.get(page).content.decode()
    give_mentor_consent(pair.mentee.enrolment.participant, coordinator, given=False)
    html = client.get(page).content.decode()
    assert "This proposal is on hold" in html
    assert "Hemmelig" not in html and "Bli utvikler i Bergen" not in html
    home = client.get(reverse("mentoring_mentor_home")).content.decode()
    assert "A proposal on hold" in home and "Hemmelig" not in home
    intro = reverse("mentorship_intro", args=[pair.pk])
    response = client.post(
        intro, {"starts_at": "2030-01-10T12:00", "minutes": 45, "video_url": "https://x.example"}
    )
    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.intro_starts_at is None
    login(client, coordinator)
    html = client.get(page).content.decode()
    assert "has withdrawn their consent" in html and "Hemmelig Person" in html


def test_an_active_pair_keeps_seeing_each_other_after_a_withdrawal(
    client, coordinator, mentor, pair_with_mentor_login
):
    pair = pair_with_mentor_login
    Mentorship.objects.filter(pk=pair.pk).update(state=Mentorship.State.ACTIVE)
    give_mentor_consent(pair.mentee.enrolment.participant, coordinator, given=False)
    login(client, mentor)
    html = client.get(reverse("mentorship_detail", args=[pair.pk])).content.decode()
    assert "on hold" not in html and "Hemmelig" in html and "Bli utvikler i Bergen" in html
    assert "Hemmelig" in client.get(reverse("mentoring_mentor_home")).content.decode()
