"""The demo's planted effects (`kobling.demo.effects`): "what works" over the demo, through the
selectors and the service the pages use, finds each planted effect in its planted direction and
neither planted null factor; the pages show them, with a small group named only; and the
early-warning list shows people at risk now, with reasons.

The `demo` fixture (conftest.py) builds the demo once for the package.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from kobling.core.models import Organisation, User
from kobling.demo import data
from kobling.demo.effects import SHARES
from kobling.insights import selectors
from kobling.insights.analysis import Insight
from kobling.insights.precompute import insight_for_scope
from kobling.insights.warnings import RISK_SHOWN, warnings_for
from kobling.outcomes.wording import SIGNIFICANT_Q
from kobling.programmes.models import Enrolment
from tests.conftest import login

COORDINATOR = f"koordinator@{data.DOMAIN}"
# (factor, level, outcome, whether the ratio is above 1): each planted effect as the provider's page
# must find it (docs/architecture.md, "Planted effects").
PLANTED = [
    ("it_evidence", "yes", "dropout", False),
    ("early_advisor_contact", "yes", "job", True),
    ("barrier_housing", "yes", "dropout", True),
    ("barrier_income", "yes", "dropout", True),
    ("attendance_rate", None, "job", True),
    ("attendance_rate", None, "dropout", False),
    ("cv_done", "yes", "job", True),
    ("mock_interview", "yes", "job", True),
]
NULLS = ("barrier_childcare", "profile_type")
# The page's plain-language lines for some of them (English).
SENTENCES = [
    "People with early contact with the NAV advisor: yes got jobs more often than the others",
    "People with housing not sorted out: yes dropped out more often than the others",
    "People with documented IT interest: no dropped out more often than the others",
    "People with a higher attendance got jobs more often",
    "People with mock interview done: yes got jobs more often than the others",
]
PLANTED_REASONS = {
    "early contact with the NAV advisor: no",
    "documented IT interest: no",
    "housing not sorted out: yes",
    "income not sorted out: yes",
    "work practice: no",
}


@pytest.fixture
def demo_coordinator(demo, db):
    """The demo coordinator of the training company, reading in English."""
    user = User.objects.get(email=COORDINATOR)
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def provider_insight(user) -> tuple[Organisation, Insight]:
    """The training company's answer, reached as its page reaches it: the provider through the
    selector (the user's own), the answer through the service the view calls."""
    provider = selectors.providers_for_insights(user).get(slug=data.TRAINING_COMPANY)
    provider = selectors.provider_for_insights(user, provider.pk)
    with translation.override("en"):
        return provider, insight_for_scope("provider", provider.pk)


def test_every_planted_effect_is_found_in_its_direction(demo_coordinator):
    _provider, insight = provider_insight(demo_coordinator)
    assert not insight.too_few and insight.finished >= 60
    rows = {(f.factor, f.level, f.outcome): f for f in insight.findings}
    missed = []
    for factor, level, outcome, above in PLANTED:
        row = rows[factor, level, outcome]
        found = not row.small and row.q is not None and row.q < SIGNIFICANT_Q and (row.ratio > 1) == above
        if not found:
            missed.append((factor, level, outcome, row.ratio, row.q))
    assert missed == []


def test_no_planted_null_factor_is_found(demo_coordinator):
    _provider, insight = provider_insight(demo_coordinator)
    nulls = [f for f in insight.findings if f.factor in NULLS]
    assert {f.factor for f in nulls if not f.small} == set(NULLS), "the nulls are tested, not suppressed"
    assert [(f.name, f.outcome, f.q) for f in nulls if f.q is not None and f.q < SIGNIFICANT_Q] == []


def test_the_planted_groups_have_the_documented_shares_in_the_pilot(demo, db):
    # The pilot's people are made first, so the decks deal them the same cards on every build day.
    pilot = Enrolment.objects.filter(programme__slug="salesforce-pilot", outcome__isnull=False)
    for group, kinds in (("job", ("it_job", "other_job")), ("dropout", ("dropped_out",))):
        people = pilot.filter(outcome__kind__in=kinds)
        n = people.count()
        housing = people.filter(participant__barrier_housing=True).count()
        mock = people.filter(mock_interview_on__isnull=False).count()
        assert abs(housing - SHARES["barrier_housing"][group] * n) <= 1.5, group
        assert abs(mock - SHARES["mock_interview"][group] * n) <= 1.5, group


def test_the_providers_page_shows_the_planted_effects(demo_coordinator, client):
    provider, insight = provider_insight(demo_coordinator)
    response = login(client, demo_coordinator).get(reverse("insights_provider", args=[provider.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["insight"].finished == insight.finished
    for sentence in SENTENCES:
        assert sentence in page, sentence
    plotted = {row["label"] for section in response.context["sections"] for row in section["plot"]["rows"]}
    assert {"early contact with the NAV advisor: yes", "housing not sorted out: yes"} <= plotted


def test_the_pilots_page_shows_significant_factors_and_names_a_small_group_only(demo_coordinator, client):
    response = login(client, demo_coordinator).get(reverse("insights_programme", args=["salesforce-pilot"]))
    assert response.status_code == 200
    insight = response.context["insight"]
    assert insight.finished == 30
    significant = {f.name for f in insight.findings if f.q is not None and f.q < SIGNIFICANT_Q}
    assert {"early contact with the NAV advisor: yes", "mock interview done: yes"} <= significant
    assert "needs childcare: yes" in insight.suppressed
    shown = [f.name for section in response.context["sections"] for f in section["rows"]]
    assert "needs childcare: yes" not in shown
    page = response.content.decode()
    assert "Groups too small to show" in page and "needs childcare: yes" in page


def test_the_early_warning_list_shows_people_at_risk_now_with_reasons(demo_coordinator, client):
    with translation.override("en"):
        at_risk = [warning for warning in warnings_for(demo_coordinator) if "risk" in warning.signals]
    assert at_risk and all(w.risk >= RISK_SHOWN and w.reasons for w in at_risk)
    reasons = {reason for warning in at_risk for reason in warning.reasons}
    assert reasons & PLANTED_REASONS, reasons
    page = login(client, demo_coordinator).get(reverse("insights_warnings")).content.decode()
    first = at_risk[0]
    assert escape(first.enrolment.participant.full_name) in page and escape(first.reasons[0]) in page
