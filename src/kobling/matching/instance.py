"""Reading and checking a matching instance: the JSON document `kobling solve-matching` takes.

Scores are kept as exact decimals, the numbers exactly as written in the file, so that the
solver can optimise them without any rounding (see engine.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import numpy as np

Id = str | int
Score = int | Decimal

_LARGEST_SCORE = Decimal(repr(2.0**1023 * (2 - 2.0**-52)))  # the largest finite double


class InstanceError(ValueError):
    """The instance is not a valid matching problem; the message is one line meant for people."""


@dataclass(frozen=True, eq=False)
class MatchingInstance:
    """A validated instance. Pairs are given by position: ``pair_mentees[k]`` indexes ``mentee_ids``."""

    mentee_ids: Sequence[Id]
    mentee_capacities: Sequence[int]
    mentor_ids: Sequence[Id]
    mentor_capacities: Sequence[int]
    pair_mentees: np.ndarray
    pair_mentors: np.ndarray
    scores: Sequence[Score]


def load_instance(document: bytes | str) -> MatchingInstance:
    """Decode a JSON document and check it; raises InstanceError for anything wrong with it."""
    try:
        # Decimal keeps every score exactly as written; NaN and Infinity are not JSON, but
        # Python's decoder accepts them, so they are marked and refused with the field's name.
        data = json.loads(document, parse_float=Decimal, parse_constant=_NotANumber)
    except json.JSONDecodeError as error:
        raise InstanceError(f"malformed JSON: {error}") from None
    except UnicodeDecodeError as error:
        raise InstanceError(f"the file is not UTF-8 text: {error}") from None
    except RecursionError:
        raise InstanceError("malformed JSON: nested too deeply") from None
    except ValueError as error:  # e.g. an integer longer than Python's digit limit
        raise InstanceError(f"unreadable JSON: {error}") from None
    return parse_instance(data)


def parse_instance(data: object) -> MatchingInstance:
    """Check decoded JSON (dicts, lists, str, int, float or Decimal) and build an instance."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object with mentees, mentors and pairs")
    mentee_ids, mentee_caps = _people(data, "mentees")
    mentor_ids, mentor_caps = _people(data, "mentors")
    pairs = _list(data, "pairs")
    mentee_index = _index(mentee_ids, "mentees")
    mentor_index = _index(mentor_ids, "mentors")
    mentees, mentors, scores = _pairs(pairs, mentee_index, mentor_index)
    _refuse_duplicate_pairs(mentees, mentors, len(mentor_ids), mentee_ids, mentor_ids)
    return MatchingInstance(mentee_ids, mentee_caps, mentor_ids, mentor_caps, mentees, mentors, scores)


class _NotANumber:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def _list(data: dict, key: str) -> list:
    if key not in data:
        raise InstanceError(f'the instance has no "{key}" list')
    value = data[key]
    if not isinstance(value, list):
        raise InstanceError(f'"{key}" must be a list, not {_kind(value)}')
    return value


def _people(data: dict, key: str) -> tuple[list[Id], list[int]]:
    ids: list[Id] = []
    capacities: list[int] = []
    for position, person in enumerate(_list(data, key)):
        where = f"{key}[{position}]"
        if not isinstance(person, dict):
            raise InstanceError(f'{where} must be an object like {{"id": "x", "capacity": 1}}')
        if "id" not in person:
            raise InstanceError(f'{where} has no "id"')
        ids.append(_id(person["id"], f"{where}.id"))
        capacities.append(_capacity(person.get("capacity", 1), f"{where}.capacity"))
    return ids, capacities


def _id(value: object, where: str) -> Id:
    # bool is an int subclass, and True == 1 would silently alias two different ids.
    if type(value) is str or type(value) is int:
        return value
    raise InstanceError(f"{where} must be a string or an integer, not {_kind(value)}")


def _capacity(value: object, where: str) -> int:
    if type(value) is int:
        number = value
    elif isinstance(value, Decimal | float) and math.isfinite(value) and value == int(value):
        number = int(value)  # 2.0 is the same JSON number as 2
    else:
        raise InstanceError(f"{where} must be a whole number >= 0, not {_show(value)}")
    if number < 0:
        raise InstanceError(f"{where} must be >= 0, not {number}")
    return number


def _index(ids: list[Id], key: str) -> dict[Id, int]:
    index = {identifier: position for position, identifier in enumerate(ids)}
    if len(index) != len(ids):
        seen: set[Id] = set()
        for position, identifier in enumerate(ids):
            if identifier in seen:
                raise InstanceError(f"{key}[{position}] repeats the id {_show(identifier)}")
            seen.add(identifier)
    return index


def _pairs(pairs: list, mentee_index: dict, mentor_index: dict) -> tuple[np.ndarray, np.ndarray, list]:
    # The checks run as whole-list passes, which are several times faster than one loop doing
    # everything; only when a pass fails does a slow loop find the first bad pair to report.
    if not all(type(pair) is list and len(pair) == 3 for pair in pairs):
        for position, pair in enumerate(pairs):
            if type(pair) is not list or len(pair) != 3:
                raise InstanceError(f"pairs[{position}] must be a list [mentee id, mentor id, score]")
    try:
        # Only a str equals a str key, but True, 1.0 and Decimal(1) all equal the int key 1:
        # where integer ids exist, the types must be checked for a lookup to mean a match.
        for slot, index in ((0, mentee_index), (1, mentor_index)):
            int_keys = any(type(key) is not str for key in index)
            if int_keys and not {type(pair[slot]) for pair in pairs} <= {str, int}:
                raise KeyError
        mentees = np.fromiter((mentee_index[pair[0]] for pair in pairs), np.int64, len(pairs))
        mentors = np.fromiter((mentor_index[pair[1]] for pair in pairs), np.int64, len(pairs))
    except (KeyError, TypeError):
        for position, pair in enumerate(pairs):
            for slot, side, index in ((0, "mentee", mentee_index), (1, "mentor", mentor_index)):
                identifier = pair[slot]
                if type(identifier) not in (str, int):
                    raise InstanceError(f"pairs[{position}][{slot}]: a {side} id, not {_kind(identifier)}")
                if identifier not in index:
                    raise InstanceError(f"pairs[{position}]: unknown {side} id {_show(identifier)}")
        raise
    scores = [pair[2] for pair in pairs]
    kinds = {type(score) for score in scores}
    if not kinds <= {int, Decimal}:
        if not kinds <= {int, Decimal, float}:
            _refuse_score(scores, lambda s: type(s) not in (int, Decimal, float))
        scores = [_from_float(s, position) if type(s) is float else s for position, s in enumerate(scores)]
    try:
        # Comparing a NaN Decimal raises, and an infinite one is above the largest double.
        in_range = not scores or (min(scores) >= 0 and max(scores) <= _LARGEST_SCORE)
    except InvalidOperation:
        in_range = False
    if not in_range:
        _refuse_score(scores, _out_of_range)
    return mentees, mentors, scores


def _from_float(score: float, position: int) -> Decimal:
    if not math.isfinite(score):
        raise InstanceError(f"pairs[{position}]: the score must be a finite number >= 0, not {score!r}")
    # The shortest decimal that reads back as this float: what json.dumps would have written.
    return Decimal(repr(score))


def _out_of_range(score: Score) -> bool:
    return not (type(score) is int or score.is_finite()) or not 0 <= score <= _LARGEST_SCORE


def _refuse_score(scores: list, bad) -> None:
    for position, score in enumerate(scores):
        if bad(score):
            raise InstanceError(
                f"pairs[{position}]: the score must be a finite number >= 0, not {_show(score)}"
            )


def _refuse_duplicate_pairs(mentees, mentors, num_mentors, mentee_ids, mentor_ids) -> None:
    keys = mentees * max(num_mentors, 1) + mentors
    first = np.unique(keys, return_index=True)[1]
    if len(first) == len(keys):
        return
    repeated = np.ones(len(keys), dtype=bool)
    repeated[first] = False
    position = int(np.flatnonzero(repeated)[0])
    earlier = int(np.flatnonzero(keys == keys[position])[0])
    pair = [mentee_ids[mentees[position]], mentor_ids[mentors[position]]]
    raise InstanceError(f"pairs[{position}] repeats the pair {_show(pair)} of pairs[{earlier}]")


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def _show(value: object, limit: int = 60) -> str:
    text = json.dumps(value, default=str)  # escapes newlines, so messages stay on one line
    return text if len(text) <= limit else text[: limit - 3] + "..."
