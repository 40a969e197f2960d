"""Synthetic programme outcomes with planted effects and null factors, for the tests and the bench.

Planted (log-odds, as the generator draws them):

- dropping out: -0.6 + 0.9·[housing_sorted = no] - 0.9·z(attendance_rate) + 0.6·[referral = self];
- a job, for those who did not drop out: -0.4 + 0.8·[housing_sorted = yes] + 0.9·z(attendance_rate)
  + 0.7·[referral = nav] + 1.2·[it_interest = ja]; a job is it_job or other_job, the rest
  education or other.

So people with housing sorted, high attendance, a NAV referral or IT interest got jobs more often;
people without housing, with low attendance or who referred themselves dropped out more often.
Every `null_*` factor (and `age`) has no effect on anything. A share of the people is still
`participating`: the file says so, but their would-be outcome is drawn all the same and returned,
so that the dropout risk can be checked on people the model never saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit

from kobling.outcomes.table import write_csv

JOB_FACTORS = {"housing_sorted": "yes", "attendance_rate": None, "referral": "nav", "it_interest": "ja"}
DROPOUT_FACTORS = {"housing_sorted": "no", "attendance_rate": None, "referral": "self"}
REFERRALS = ("nav", "self", "municipality", "other_org")


@dataclass
class Generated:
    """The CSV text, and for each participating person the true dropout probability and draw."""

    csv: str
    ids: list[str]
    outcomes: list[str]
    risk: dict[str, float] = field(default_factory=dict)
    would_drop_out: dict[str, bool] = field(default_factory=dict)
    null_factors: list[str] = field(default_factory=list)


def generate(
    people: int = 2000,
    *,
    seed: int = 1,
    null_booleans: int = 2,
    null_numerics: int = 2,
    null_categoricals: int = 1,
    participating: float = 0.2,
    extra: dict[str, list[str]] | None = None,
) -> Generated:
    """`people` rows; `extra` adds columns (name → one cell per person) just before the outcome."""
    rng = np.random.default_rng(seed)
    housing = rng.random(people) < 0.6
    attendance = rng.beta(6, 2, people)
    z_attendance = (attendance - attendance.mean()) / attendance.std()
    referral = rng.choice(len(REFERRALS), people, p=[0.4, 0.25, 0.25, 0.1])
    interest = rng.random(people) < 0.5
    drop = rng.random(people) < (
        risk := expit(-0.6 + 0.9 * ~housing - 0.9 * z_attendance + 0.6 * (referral == 1))
    )
    job_logit = -0.4 + 0.8 * housing + 0.9 * z_attendance + 0.7 * (referral == 0) + 1.2 * interest
    job = ~drop & (rng.random(people) < expit(job_logit))
    outcome = np.where(drop, "dropped_out", np.where(job, "it_job", "education"))
    outcome = np.where(job & (rng.random(people) < 0.4), "other_job", outcome)
    outcome = np.where(~drop & ~job & (rng.random(people) < 0.3), "other", outcome)
    still = rng.random(people) < participating

    columns: dict[str, list[str]] = {
        "housing_sorted": blank(rng, np.where(housing, "yes", "no"), 0.03),
        "attendance_rate": blank(rng, np.char.mod("%.3f", attendance), 0.05),
        "referral": [REFERRALS[k] for k in referral],
        "it_interest": list(np.where(interest, "ja", "nei")),
        "age": [str(a) for a in rng.integers(19, 61, people)],
    }
    nulls = null_columns(rng, people, null_booleans, null_numerics, null_categoricals)
    columns.update(nulls)
    columns.update(extra or {})
    ids = [f"p{k:06d}" for k in range(people)]
    shown = np.where(still, "participating", outcome)
    rows = zip(ids, *columns.values(), shown, strict=True)
    generated = Generated(
        csv=write_csv(["id", *columns, "outcome"], rows),
        ids=ids,
        outcomes=list(shown),
        null_factors=["age", *nulls],
    )
    for k in np.flatnonzero(still):
        generated.risk[ids[k]] = float(risk[k])
        generated.would_drop_out[ids[k]] = bool(drop[k])
    return generated


def null_columns(
    rng: np.random.Generator, people: int, booleans: int, numerics: int, categoricals: int
) -> dict[str, list[str]]:
    """Factors with no effect: 0/1 flags, normal numbers and three-level categories."""
    columns = {}
    for k in range(booleans):
        columns[f"null_flag_{k}"] = list(np.where(rng.random(people) < rng.uniform(0.2, 0.8), "1", "0"))
    for k in range(numerics):
        columns[f"null_score_{k}"] = list(np.char.mod("%.2f", rng.normal(50, 10, people)))
    for k in range(categoricals):
        columns[f"null_group_{k}"] = list(np.array(["a", "b", "c"])[rng.integers(0, 3, people)])
    return columns


def blank(rng: np.random.Generator, cells: np.ndarray, share: float) -> list[str]:
    """The cells as strings, a share of them emptied (unknown) at random."""
    return list(np.where(rng.random(cells.size) < share, "", cells))
