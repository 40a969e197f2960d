"""The pair-space demo fills the mentoring demo's active pairs, with some low check-ins and quiet pairs."""

import pytest

from kobling.demo.mentorspace import build_mentorspace_demo
from kobling.mentoring.models import Mentorship
from kobling.mentorspace.models import CheckIn, Goal, MeetingLog, Message, Resource
from kobling.mentorspace.selectors import AT_RISK, board_pairs
from kobling.people.models import Task
from kobling.programmes.models import Programme
from tests.fixtures.demo import demo_fixture

# `build_demo(extras=False)`, `build_mentoring_demo()`, then `build_mentorspace_demo()`: the pairs it
# filled and the tasks there were before it (tests/fixtures/demo.py).
demo = demo_fixture("base", "mentoring", "mentorspace")


@pytest.mark.django_db
def test_every_active_pair_has_goals_meetings_and_messages(demo):
    active = Mentorship.objects.filter(state=Mentorship.State.ACTIVE)
    filled = demo["filled"]
    assert filled == active.count() >= 30
    assert Goal.objects.values("mentorship").distinct().count() == filled
    assert MeetingLog.objects.count() > filled and Message.objects.count() > filled
    assert Resource.objects.filter(region="").exists() and Resource.objects.exclude(region="").exists()


@pytest.mark.django_db
def test_some_check_ins_are_low_and_made_tasks_and_the_board_flags_pairs(demo):
    assert CheckIn.objects.filter(low=True).exists() and CheckIn.objects.filter(low=False).exists()
    made = Task.objects.count() - demo["tasks_before"]
    assert made == CheckIn.objects.filter(low=True).count()
    board = board_pairs(Programme.objects.get(slug="fagmentor"))
    assert 0 < board.filter(AT_RISK).count() < board.filter(state="active").count()


@pytest.mark.django_db
def test_building_twice_adds_nothing(demo):
    assert build_mentorspace_demo() == 0
