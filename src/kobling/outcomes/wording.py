"""The answer in plain words: what went with getting a job or dropping out, never what caused it.

English here (the engine has no translations); a page that needs another language builds its own
sentences from the same fields (factor, level, ratio, q).
"""

from __future__ import annotations

SIGNIFICANT_Q = 0.05
VERBS = {"job": "got jobs", "dropout": "dropped out"}


def finding(row: dict, outcome: str) -> str | None:
    """One sentence for a row of `factors` (outcome "job") or `dropout_factors` ("dropout"), or None
    when the row is suppressed, untested or not significant (q ≥ 0.05)."""
    if row["small"] or row["q"] is None or row["q"] >= SIGNIFICANT_Q or row["ratio"] == 1:
        return None
    more = "more" if row["ratio"] > 1 else "less"
    low, high = row["ci"]
    verb = VERBS[outcome]
    if row["level"] is None:
        return (
            f"People with a higher {row['factor']} {verb} {more} often "
            f"(odds ratio {row['ratio']:.2f} per standard deviation, 95 % CI {low:.2f}–{high:.2f})."
        )
    return (
        f"People with {row['factor']}: {row['level']} {verb} {more} often than the others "
        f"(risk ratio {row['ratio']:.2f}, 95 % CI {low:.2f}–{high:.2f})."
    )


def summary(answer: dict) -> list[str]:
    """The significant findings of an answer, strongest evidence first, with a closing caveat."""
    found = [
        (row["q"], sentence)
        for key, outcome in (("factors", "job"), ("dropout_factors", "dropout"))
        for row in answer[key]
        if not mirrored(row, answer[key]) and (sentence := finding(row, outcome))
    ]
    lines = [sentence for _, sentence in sorted(found, key=lambda item: item[0])]
    lines.append(
        "These are associations in this programme's own records, not causes: a factor can go with an "
        "outcome because of something else that goes with both."
    )
    return lines


def mirrored(row: dict, rows: list[dict]) -> bool:
    """Whether the row is the "less often" half of a two-level factor's one test (the other half
    says the same thing the other way round)."""
    pair = [other for other in rows if other["factor"] == row["factor"]]
    return len(pair) == 2 and pair[0]["p"] == pair[1]["p"] is not None and (row["ratio"] or 0) < 1
