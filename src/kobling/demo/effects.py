"""The effects planted in the demo's finished people, so that "what works" (the insights pages) finds
something real, and the null factors it must not find. The table and how the page shows them are
in docs/architecture.md ("Planted effects (what works)").

Seed 001 ("Hva vi har lært") lists what the people who got IT jobs had: documented IT interest,
daily attendance, money and housing sorted out, early contact with their NAV advisor, work
experience, CV and interview training. The demo's outcomes are fixed before anyone is made (seed
001's table for the Salesforce pilot; the plan's statuses and drawn reasons elsewhere). Each
finished person of the training company's programmes falls in an outcome group as the pages count
it (job, other, dropped out: `outcome_group`), and a planted factor is given to a fixed share of
each group (SHARES).

The shares are dealt from decks (`Decks`): a deck per programme, factor and group holds
round(share × DECK) "yes" cards among DECK, shuffled by a random stream of its own (seeded by
PLANT_SEED and the deck's name, apart from the builder's stream), and each person of the group
draws the next card. So every group of a programme gets its share to within a card in whatever order
the people come, the factors are independent of one another within a group, and the tables the
engine sees are about the same on every day the demo is built: the effects never hang on a lucky
draw, and the null factors never show one. The Salesforce pilot's people are made first and in a
fixed order, so they get the same cards every day. Attendance is planted as a level per person
(LEVELS), dealt the same way from evenly spread values.
"""

from __future__ import annotations

import random

from kobling.demo import data
from kobling.programmes.models import Status

S = Status
SALESFORCE, INHOUSE, PRACTICE_IT = "salesforce-pilot", "it-i-praksis", "arbeidspraksis-it"
PLANTED = (SALESFORCE, INHOUSE, PRACTICE_IT)
# Programmes whose outcomes and meetings are real records (courses.py, inhouse.py). The others'
# people finish without a recorded outcome ("other" on the page) and have no meetings.
RECORDED = (SALESFORCE, INHOUSE)
JOB, OTHER, DROPOUT = "job", "other", "dropout"
PLANT_SEED = data.SEED + 11
DECK = 10
# The share of each outcome group with the factor: the planted effects, then the null factors.
SHARES = {
    # documented IT interest (the record's kinds of IT evidence; none = no)
    "it_evidence": {JOB: 0.9, OTHER: 0.8, DROPOUT: 0.5},
    # a status or dialogue meeting in the first six weeks (among those with a NAV advisor)
    "early_advisor_contact": {JOB: 0.9, OTHER: 0.6, DROPOUT: 0.4},
    # housing not sorted out (the record's barrier)
    "barrier_housing": {JOB: 0.1, OTHER: 0.1, DROPOUT: 0.5},
    # income not sorted out
    "barrier_income": {JOB: 0.1, OTHER: 0.2, DROPOUT: 0.6},
    # the Salesforce pilot's CV and mock interview (those who dropped out did them before leaving)
    "cv_done": {JOB: 0.9, DROPOUT: 0.4},
    "mock_interview": {JOB: 0.8, DROPOUT: 0.2},
    # null: needs childcare, the same share in every group (few: a small group in the pilot)
    "barrier_childcare": {JOB: 0.1, OTHER: 0.1, DROPOUT: 0.1},
}
# The Salesforce pilot's attendance: each person's share of days present, evenly spread over the
# group's range (those who drop out for motivation or health miss more in their last weeks).
LEVELS = {"attendance": {JOB: (0.84, 0.99), DROPOUT: (0.68, 0.94)}}
# Null: the intake interview's profile type, dealt evenly in every group.
PROFILE_TYPES = ("technical", "problem_solver", "practical")
IT_KINDS = ("courses", "school", "self_study")


def outcome_group(story) -> str | None:
    """The outcome group of a finished person of a planted programme, as the insights pages count
    the outcome that closes the story (None for everyone else)."""
    if story.programme.slug not in PLANTED:
        return None
    status, _when, reason, _text = story.steps[-1]
    if status == S.BROKEN_OFF:
        return DROPOUT
    if status not in (S.COMPLETED, S.LEFT):
        return None
    recorded = story.programme.slug in RECORDED
    if recorded and (status == S.COMPLETED or reason == "got_job"):
        return JOB
    if recorded and reason in ("ill", "other"):
        return DROPOUT
    return OTHER


class Decks:
    """The planted shares, dealt card by card from a deck per programme, factor and group (see the
    module docstring). Each deck is shuffled by a random stream of its own, so what one deck deals
    never depends on how many cards the others have dealt."""

    def __init__(self, seed: int = PLANT_SEED):
        self.seed = seed
        self.rng = random.Random(seed)  # only for details that do not count (kinds of IT evidence)
        self.spreads = random.Random(f"{seed}:spread")
        self.decks: dict[tuple[str, str, str], list] = {}
        self.shufflers: dict[tuple[str, str, str], random.Random] = {}

    def deal(self, key: tuple[str, str, str], cards: list) -> object:
        deck = self.decks.get(key)
        if not deck:
            shuffler = self.shufflers.setdefault(key, random.Random(f"{self.seed}:{':'.join(key)}"))
            deck = self.decks[key] = list(cards)
            shuffler.shuffle(deck)
        return deck.pop()

    def spread(self) -> float:
        """Where a finished person's low-discrepancy sequence of absent days starts (courses.py)."""
        return self.spreads.random()

    def draw(self, programme: str, factor: str, group: str) -> bool:
        """Whether the programme's next person of the group has the factor."""
        yes = round(SHARES[factor][group] * DECK)
        return bool(self.deal((programme, factor, group), [True] * yes + [False] * (DECK - yes)))

    def level(self, programme: str, name: str, group: str) -> float:
        """The next value of the group's range (LEVELS), dealt from DECK evenly spread values."""
        low, high = LEVELS[name][group]
        values = [low + (high - low) * (i + 0.5) / DECK for i in range(DECK)]
        return float(self.deal((programme, name, group), values))

    def profile_type(self, programme: str, group: str) -> str:
        return str(self.deal((programme, "profile_type", group), list(PROFILE_TYPES) * 2))


class EffectsMixin:
    """A mixin of DemoBuilder: `self.decks` deals, `self.planted` keeps each planted person's group
    and meeting (participant pk → dict)."""

    def plant_profile(self, profile: dict, story, advisor) -> dict | None:
        """Set the planted fields of a finished person's profile before the record is made; returns
        what the later steps need (the group, and whether the first meeting is early)."""
        group = outcome_group(story)
        if group is None:
            return None
        decks, slug = self.decks, story.programme.slug
        it_education = any(profile.get("education_field") == field for field, *_rest in data.IT_FIELDS)
        if decks.draw(slug, "it_evidence", group) or it_education:
            if not profile["it_evidence"]:
                profile["it_evidence"] = [decks.rng.choice(IT_KINDS)]
                profile["it_interest_notes"] = decks.rng.choice(data.IT_INTEREST_NOTES)
        else:
            profile["it_evidence"], profile["it_interest_notes"] = [], ""
        profile["barrier_housing"] = decks.draw(slug, "barrier_housing", group)
        profile["barrier_income"] = decks.draw(slug, "barrier_income", group)
        profile["barrier_childcare"] = decks.draw(slug, "barrier_childcare", group)
        early = None
        if advisor is not None and slug in RECORDED:
            early = decks.draw(slug, "early_advisor_contact", group)
        return {"group": group, "early": early}

    def planted_group(self, participant_id: int) -> str | None:
        return self.planted.get(participant_id, {}).get("group")

    def early_contact(self, participant_id: int) -> bool:
        """Whether the person's first meeting falls in the first six weeks (True unless planted)."""
        return self.planted.get(participant_id, {}).get("early") is not False

    def planted_readiness(self, row) -> dict | None:
        """For a finished person of the Salesforce pilot: which of the CV and the mock interview are
        done (None for the others, whose readiness follows their course)."""
        group = self.planted_group(row.enrolment.participant_id)
        if row.cohort.programme.slug != SALESFORCE or group is None:
            return None
        return {
            "cv_done_on": self.decks.draw(SALESFORCE, "cv_done", group),
            "mock_interview_on": self.decks.draw(SALESFORCE, "mock_interview", group),
        }
