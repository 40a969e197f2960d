"""Reading an event: anything that is not a valid event is refused with one line, never a crash."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kobling.scheduling.instance import EventError, parse_event
from tests.scheduling.judge import events, small_event

# -------------------------------------------------------------------------------------------- bad input


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.floats()
    | st.text(max_size=3)
    | st.sampled_from(["c1", "e1"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "slots",
                    "employers",
                    "candidates",
                    "wishes",
                    "locked",
                    "previous",
                    "id",
                    "tables",
                    "min_interviews",
                    "max_interviews",
                    "unavailable",
                    "advisor",
                    "accompanied",
                    "x",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_any_json_is_either_an_event_or_refused_with_an_event_error(data):
    try:
        parse_event(data)
    except EventError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=60, deadline=None)
@given(events(), st.data())
def test_breaking_a_valid_event_is_refused_rather_than_crashing(event, data):
    path: list[Any] = []
    node: Any = event
    while isinstance(node, dict | list) and node and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        path.append(key)
        node = node[key]
    if not path:
        return
    parent = event
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(st.none() | st.booleans() | st.integers(-2, 9) | st.text(max_size=2))
    with contextlib.suppress(EventError):
        parse_event(event)


@pytest.mark.parametrize(
    "weight",
    [-1, float("nan"), float("inf"), "5", True, None],
    ids=["negative", "nan", "inf", "text", "bool", "null"],
)
def test_a_bad_weight_is_refused(weight):
    with pytest.raises(EventError, match="weight"):
        parse_event(small_event(wishes=[["c1", "e1", weight]]))
