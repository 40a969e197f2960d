"""The mentoring demo, built on top of the main demo: the promised sizes and stages."""

import pytest

from kobling.demo import data
from kobling.demo.mentoring import WITHOUT_CONSENT
from kobling.mentoring.matching.pool import build_pool, pool_mentees, solve_pool
from kobling.mentoring.matching.selectors import unmatched_report
from kobling.mentoring.models import MenteeProfile, MentorProfile, Mentorship
from kobling.programmes.models import Programme
from tests.fixtures.demo import demo_fixture

# `build_demo(extras=False)`, then `build_mentoring_demo()` (its value), shared (tests/fixtures/demo.py).
demo = demo_fixture("base", "mentoring")


@pytest.mark.django_db
def test_seed_002_programme_has_120_mentees_80_mentors_and_half_in_pairs(demo):
    programme = Programme.objects.get(slug="fagmentor")
    assert MenteeProfile.objects.filter(enrolment__programme=programme).count() == 120
    assert MentorProfile.objects.filter(programme=programme).count() == 80
    states = set(Mentorship.objects.filter(programme=programme).values_list("state", flat=True))
    assert {"active", "intro", "proposed"} <= states
    in_pairs = Mentorship.objects.filter(programme=programme, state__in=Mentorship.OPEN).count()
    assert 50 <= in_pairs <= 70
    for pair in Mentorship.objects.filter(programme=programme, state=Mentorship.State.ACTIVE):
        assert pair.explanation and pair.ends_on > pair.started_on


@pytest.mark.django_db
def test_demo_logins_have_their_mentoring_roles(demo, client):
    arvid = MentorProfile.objects.get(email=f"mentor@{data.DOMAIN}", programme__slug="fagmentor")
    assert arvid.user is not None
    assert arvid.mentorships.filter(state=Mentorship.State.ACTIVE).exists()
    corporate = Programme.objects.get(slug="kode-og-nettverk-mentor")
    partner_mentors = MentorProfile.objects.filter(programme=corporate, partner__slug="bolgedata")
    assert partner_mentors.count() == 12
    assert Mentorship.objects.filter(programme=corporate, state=Mentorship.State.ACTIVE).exists()
    from kobling.core.models import User

    client.force_login(User.objects.get(email=f"arbeidsgiver@{data.DOMAIN}"))
    page = client.get("/mentoring/partner/").content.decode()
    assert "Reza Karimi" in page


@pytest.mark.django_db
def test_the_demo_pool_can_be_matched_and_explained(demo):
    programme = Programme.objects.get(slug="fagmentor")
    report = unmatched_report(programme)
    assert report["people"]
    # A few waiting mentees have not agreed to be shown to a mentor: listed apart, never in the pool.
    assert len(report["no_consent"]) == WITHOUT_CONSENT
    assert not set(report["no_consent"]) & set(pool_mentees(programme))
    assert pool_mentees(programme).count() >= 40
    pool = build_pool(programme)
    pairs, unmatched = solve_pool(pool)
    assert len(pairs) + len(unmatched) == len(pool.mentees)
    assert all(0 <= score <= 100 for _a, _b, score in pairs)
