"""Each factor against an outcome (a job; dropping out) among the finished people.

These are crude (unadjusted) associations, to be read as "people with X got jobs more often",
never as causes. Unknown values are left out factor by factor.

- A level of a boolean or categorical factor is compared with everyone else whose value is known:
  the risk ratio (outcome rate in the level / rate in the rest) with a 95 % confidence interval by
  the log (Katz) method. When a cell of the 2×2 table is zero, 0.5 is added to all four cells
  (Haldane–Anscombe) for the ratio and its interval. The p-value is Fisher's exact test (two-sided)
  when an expected cell count is below 5, otherwise Pearson's chi-square test without continuity
  correction (for a 2×2 table, the score test of equal risks).
- A numeric factor gets the odds ratio per standard deviation from a logistic regression of the
  outcome on the standardised value (statsmodels, maximum likelihood), with its Wald interval and
  p-value. A factor that does not vary, or separates the outcome perfectly, has no ratio.
- q is the Benjamini–Hochberg adjusted p-value across every test of the run (both outcomes). The two
  levels of a two-level factor are one test (the same p, reciprocal ratios) and count once.
- The small-number rule: a comparison is suppressed (`small`, and rate, ratio, interval, p and q
  null) when the level has fewer than 5 people or the rest has 1–4 (its rate would follow from the
  ratio). If the suppressed levels of a factor hold 1–4 people together, their rate would follow
  from the others', so the smallest level still shown is suppressed too, until they hold 0 or ≥ 5.
  Suppressed comparisons are not tested and stay out of the Benjamini–Hochberg family.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2, fisher_exact, norm
from statsmodels.discrete.discrete_model import Logit
from statsmodels.stats.multitest import multipletests
from statsmodels.tools.sm_exceptions import (
    ConvergenceWarning,
    PerfectSeparationError,
    PerfectSeparationWarning,
)

from kobling.outcomes.table import BOOLEAN, NUMERIC, Factor

MIN_GROUP = 5
MIN_EXPECTED = 5  # below this expected cell count, Fisher's exact test instead of chi-square
Z95 = float(norm.ppf(0.975))


@dataclass
class Row:
    """One level (or one numeric factor, level None) against one outcome."""

    factor: str
    level: str | None
    n: int
    events: int
    small: bool = False
    ratio: float | None = None
    ci: tuple[float, float] | None = None
    p: float | None = None
    q: float | None = None
    test: int | None = None  # index of its test in the run's Benjamini–Hochberg family

    def to_json(self, rate_name: str) -> dict:
        shown = not self.small and self.n > 0
        return {
            "factor": self.factor,
            "level": self.level,
            "n": self.n,
            rate_name: round(self.events / self.n, 4) if shown else None,
            "ratio": significant(self.ratio, 4),
            "ci": [significant(self.ci[0], 4), significant(self.ci[1], 4)] if self.ci else None,
            "p": significant(self.p, 3),
            "q": significant(self.q, 3),
            "small": self.small,
        }


def significant(value: float | None, digits: int) -> float | None:
    """The value rounded to so many significant digits (None stays None)."""
    return None if value is None else float(f"{value:.{digits}g}")


class Family:
    """The run's hypothesis tests, for the Benjamini–Hochberg adjustment."""

    def __init__(self) -> None:
        self.p_values: list[float] = []

    def add(self, p: float) -> int:
        self.p_values.append(p)
        return len(self.p_values) - 1

    def adjust(self, rows: list[Row]) -> None:
        """Give every tested row its q-value."""
        if not self.p_values:
            return
        q_values = multipletests(np.asarray(self.p_values), method="fdr_bh")[1]
        for row in rows:
            if row.test is not None:
                row.q = float(q_values[row.test])


def associations(
    factors: list[Factor], finished: np.ndarray, outcomes: dict[str, np.ndarray]
) -> dict[str, list[Row]]:
    """Rows per outcome name, every factor against every outcome (boolean arrays over the finished),
    with q-values across all of them."""
    family = Family()
    rows: dict[str, list[Row]] = {name: [] for name in outcomes}
    for factor in factors:
        describe = describe_numeric if factor.kind == NUMERIC else describe_levels
        for name, found in describe(factor, finished, outcomes, family).items():
            rows[name].extend(found)
    family.adjust([row for found in rows.values() for row in found])
    return rows


def suppressed(sizes: np.ndarray) -> np.ndarray:
    """Which levels (sizes of the levels with anyone in them) the small-number rule hides."""
    rest = sizes.sum() - sizes
    small = (sizes < MIN_GROUP) | ((rest > 0) & (rest < MIN_GROUP))
    while not small.all():
        hidden = int(sizes[small].sum())
        if hidden == 0 or hidden >= MIN_GROUP:
            break
        shown = np.flatnonzero(~small)
        small[shown[np.argmin(sizes[shown])]] = True
    return small


def describe_levels(
    factor: Factor, finished: np.ndarray, outcomes: dict[str, np.ndarray], family: Family
) -> dict[str, list[Row]]:
    """Each level of a boolean or categorical factor against the rest, for each outcome."""
    codes = factor.codes[finished]
    known = codes >= 0
    codes = codes[known]
    sizes = np.bincount(codes, minlength=len(factor.levels))
    present = np.flatnonzero(sizes)
    if factor.kind != BOOLEAN:  # categorical levels, largest first
        present = present[np.lexsort((present, -sizes[present]))]
    small = suppressed(sizes[present])
    total = int(sizes.sum())
    found = {}
    for name, outcome in outcomes.items():
        y = outcome[known]
        events = np.bincount(codes, weights=y, minlength=len(factor.levels)).round().astype(np.int64)
        rows = [
            Row(factor.name, factor.levels[code], int(sizes[code]), int(events[code]), small=bool(hidden))
            for code, hidden in zip(present, small, strict=True)
        ]
        compare_levels([row for row in rows if not row.small], total, int(y.sum()), family)
        found[name] = rows
    return found


def compare_levels(rows: list[Row], total: int, total_events: int, family: Family) -> None:
    """Fill in ratio, interval and p for levels shown, each against the rest of the known."""
    if not rows or total_events in (0, total):
        return  # nobody (or everybody) had the outcome: nothing to compare
    a = np.array([row.events for row in rows], dtype=float)
    n1 = np.array([row.n for row in rows], dtype=float)
    c, n0 = total_events - a, total - n1
    ratio, low, high = risk_ratios(a, n1, c, n0)
    p_values = two_by_two_p(a, n1, c, n0)
    one_test = len(rows) == 2 and n1.sum() == total  # the two levels of a two-level factor
    shared = None
    for k, row in enumerate(rows):
        if n0[k] == 0:
            continue  # everyone known is in this level: no one to compare with
        row.ratio, row.ci, row.p = float(ratio[k]), (float(low[k]), float(high[k])), float(p_values[k])
        row.test = shared if shared is not None else family.add(row.p)
        shared = row.test if one_test else None


def risk_ratios(a: np.ndarray, n1: np.ndarray, c: np.ndarray, n0: np.ndarray) -> tuple[np.ndarray, ...]:
    """Risk ratios (a/n1)/(c/n0) and their 95 % log-method intervals, with 0.5 added to every
    cell of a table that has a zero cell."""
    b, d = n1 - a, n0 - c
    half = np.where((a == 0) | (b == 0) | (c == 0) | (d == 0), 0.5, 0.0)
    a, b, c, d = a + half, b + half, c + half, d + half
    with np.errstate(divide="ignore", invalid="ignore"):
        log_ratio = np.log(a / (a + b)) - np.log(c / (c + d))
        se = np.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d))
    return np.exp(log_ratio), np.exp(log_ratio - Z95 * se), np.exp(log_ratio + Z95 * se)


def two_by_two_p(a: np.ndarray, n1: np.ndarray, c: np.ndarray, n0: np.ndarray) -> np.ndarray:
    """Two-sided p-values: Fisher's exact test when an expected count is below MIN_EXPECTED,
    else Pearson's chi-square without continuity correction."""
    b, d = n1 - a, n0 - c
    total, events = n1 + n0, a + c
    expected_min = np.minimum(n1, n0) * np.minimum(events, total - events) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = total * (a * d - b * c) ** 2 / (n1 * n0 * events * (total - events))
    p_values = chi2.sf(np.nan_to_num(statistic), 1)
    for k in np.flatnonzero(expected_min < MIN_EXPECTED):
        table = [[int(a[k]), int(b[k])], [int(c[k]), int(d[k])]]
        p_values[k] = fisher_exact(table, alternative="two-sided")[1]
    return np.minimum(p_values, 1.0)


def describe_numeric(
    factor: Factor, finished: np.ndarray, outcomes: dict[str, np.ndarray], family: Family
) -> dict[str, list[Row]]:
    """A numeric factor: the odds ratio per standard deviation, for each outcome."""
    values = factor.values[finished]
    known = ~np.isnan(values)
    x = values[known]
    found = {}
    for name, outcome in outcomes.items():
        y = outcome[known]
        row = Row(factor.name, None, int(x.size), int(y.sum()), small=x.size < MIN_GROUP)
        fitted = None if row.small else odds_ratio_per_sd(x, y)
        if fitted is not None:
            row.ratio, low, high, row.p = fitted
            row.ci = (low, high)
            row.test = family.add(row.p)
        found[name] = [row]
    return found


def odds_ratio_per_sd(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float] | None:
    """Logistic regression of y on standardised x: (odds ratio, low, high, p), or None when it
    cannot be estimated (no variation, one outcome only, separation, no convergence)."""
    sd = float(x.std(ddof=1)) if x.size > 1 else 0.0
    if not sd > 0 or not y.any() or y.all():
        return None
    design = np.column_stack([np.ones_like(x), (x - x.mean()) / sd])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = Logit(y.astype(float), design).fit(disp=0, maxiter=100)
        except (PerfectSeparationError, np.linalg.LinAlgError):
            return None
    if not fit.mle_retvals.get("converged", False) or any(
        issubclass(w.category, PerfectSeparationWarning | ConvergenceWarning) for w in caught
    ):
        return None
    beta, se, p = float(fit.params[1]), float(fit.bse[1]), float(fit.pvalues[1])
    low, high = beta - Z95 * se, beta + Z95 * se
    if not all(math.isfinite(v) and abs(v) < 700 for v in (beta, low, high, p)):
        return None
    return math.exp(beta), math.exp(low), math.exp(high), p
