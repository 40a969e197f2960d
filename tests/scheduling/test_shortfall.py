"""Why a candidate is short of interviews, and what would help, in the command's English."""

from __future__ import annotations

from typing import Any

from tests.scheduling.judge import answer

# ------------------------------------------------------------------------------------ shortfall reasons


def short_entry(event: dict[str, Any], candidate: str) -> dict[str, Any]:
    found = answer(event)
    return next(s for s in found["short"] if s["candidate"] == candidate)


def test_too_few_wishes_is_explained_with_employers_that_have_room():
    event = {
        "slots": 4,
        "employers": [{"id": "e1"}, {"id": "e2"}, {"id": "e3"}],
        "candidates": [{"id": "c1", "min_interviews": 3}],
        "wishes": [["c1", "e1", 1]],
    }
    entry = short_entry(event, "c1")
    assert entry["interviews"] == 1 and entry["min"] == 3
    assert any("too few wishes" in r and "one employer" in r for r in entry["reasons"])
    assert "two more wishes for c1" in entry["fix"] and "e2" in entry["fix"] and "e3" in entry["fix"]


def test_being_unavailable_too_much_is_explained():
    event = {
        "slots": 4,
        "employers": [{"id": "e1"}, {"id": "e2"}, {"id": "e3"}],
        "candidates": [{"id": "c1", "min_interviews": 3, "unavailable": [0, 1, 2]}],
        "wishes": [["c1", "e1", 1], ["c1", "e2", 1], ["c1", "e3", 1]],
    }
    entry = short_entry(event, "c1")
    assert any("unavailable too much" in r and "only one slot of 4" in r for r in entry["reasons"])
    assert "c1 attending two more slots" in entry["fix"]


def test_an_employer_at_its_maximum_is_named_as_full():
    event = {
        "slots": 3,
        "employers": [{"id": "e1", "max_interviews": 1}],
        "candidates": [{"id": "c1", "min_interviews": 1}, {"id": "c2", "min_interviews": 1}],
        "wishes": [["c1", "e1", 2], ["c2", "e1", 1]],
    }
    entry = short_entry(event, "c2")
    assert any("full employers" in r and "e1 (max 1)" in r for r in entry["reasons"])
    assert "one more interview allowed at e1" in entry["fix"]


def test_tables_taken_in_the_candidates_slots_are_explained_with_a_table_to_add():
    event = {
        "slots": 2,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [
            {"id": "c1", "min_interviews": 1, "unavailable": [1]},
            {"id": "c2", "min_interviews": 1, "unavailable": [1]},
        ],
        "wishes": [["c1", "e1", 2], ["c2", "e1", 1]],
    }
    entry = short_entry(event, "c2")
    assert any(
        "too few tables" in r and "e1 has every table taken whenever c2 is free" in r
        for r in entry["reasons"]
    )
    assert "one more table at e1" in entry["fix"]
    assert "one more wish for c2 (for example e2" in entry["fix"]


def test_a_double_booked_advisor_is_explained():
    event = {
        "slots": 1,
        "employers": [{"id": "e1"}, {"id": "e2"}],
        "candidates": [
            {"id": "c1", "min_interviews": 1, "advisor": "a1", "accompanied": True},
            {"id": "c2", "min_interviews": 1, "advisor": "a1", "accompanied": True},
        ],
        "wishes": [["c1", "e1", 2], ["c2", "e2", 1]],
    }
    entry = short_entry(event, "c2")
    assert any("advisor a1 is double-booked" in r and "e2 had a free table" in r for r in entry["reasons"])
    assert "someone else accompanying c2" in entry["fix"]


def test_an_employer_away_whenever_the_candidate_is_free_is_named():
    event = {
        "slots": 2,
        "employers": [{"id": "e1", "unavailable": [0]}],
        "candidates": [{"id": "c1", "min_interviews": 1, "unavailable": [1]}],
        "wishes": [["c1", "e1", 1]],
    }
    entry = short_entry(event, "c1")
    assert any("e1 is away in every slot c1 can attend" in r for r in entry["reasons"])
    assert "e1 also being there in slot 0" in entry["fix"]
