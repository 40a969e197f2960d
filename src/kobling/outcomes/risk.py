"""The risk of dropping out for each person still participating, and the factors that raise it.

The model is a logistic regression with an L2 (ridge) penalty, fitted on the finished people
(dropped out or not):

- features: a numeric factor standardised, an unknown value set to the mean; a boolean or
  categorical factor one-hot over its levels held by at least 5 finished people (its MAX_LEVELS
  most common at most; rarer levels and levels seen only among participants count as none of them,
  so no group of fewer than 5 people shapes anyone's risk); for every factor with unknown values
  among the finished, an indicator of unknown. Every column is standardised over the finished, so
  the penalty treats them alike; the intercept is not penalised.
- the penalty: chosen from PENALTIES by 5-fold cross-validated log-loss (folds stratified by the
  outcome, on at most CV_LIMIT finished people drawn at random, to bound the time), against the
  intercept-only model too, by the one-standard-error rule: the simplest candidate whose
  out-of-fold loss is within one (paired) standard error of the best's. Without it, on pure noise
  a weak penalty often wins by chance and the risks spread where nothing is known.
- calibration: the out-of-fold linear predictors at the chosen penalty are recalibrated by a
  logistic regression on them (calibration intercept and slope; statsmodels), and that map is
  applied to the final model, fitted on all finished people. It only ever shrinks: see
  `recalibration`. With fewer than MIN_EVENTS dropouts or stayers the map is left out. The tests
  check the calibration on held-out people.

Reasons: a person's log-odds differ from the average finished person's by the sum, over factors,
of (calibration slope × coefficient × standardised value); the factors whose part raises the odds
by at least 10 % are the reasons, the largest first, at most MAX_REASONS. Everything runs from a
fixed seed, so a file always gives the same answer.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit
from statsmodels.discrete.discrete_model import Logit

from kobling.outcomes.table import NUMERIC, Factor, Table

MIN_GROUP = 5
MAX_LEVELS = 30
PENALTIES = (1000.0, 200.0, 40.0, 8.0, 1.6)  # on the summed log-loss; strongest first (warm starts)
FOLDS = 5
CV_LIMIT = 10_000
MIN_EVENTS = 10
MAX_REASONS = 3
REASON_LOG_ODDS = math.log(1.1)
SEED = 20_240_611


@dataclass
class Design:
    """The standardised feature matrix of everyone, and which factor each column belongs to."""

    matrix: np.ndarray
    factor_of_column: np.ndarray


@dataclass
class Model:
    """Risk = expit(intercept + slope × (coefficients · features)), coefficients intercept first."""

    coefficients: np.ndarray
    intercept: float
    slope: float


def dropout_risk(table: Table, dropped: np.ndarray) -> list[dict]:
    """For each participating person in file order: id, risk and reasons. `dropped` is a boolean
    array over the finished people."""
    finished = table.finished()
    people = np.flatnonzero(~finished)
    if people.size == 0:
        return []
    y = dropped.astype(np.float64)
    rate = float(y.mean())
    if rate in (0.0, 1.0):
        return [{"id": table.ids[i], "risk": rate, "reasons": []} for i in people]
    design = build_design(table.factors, finished)
    model = train(design.matrix[finished], y)
    features = design.matrix[people]
    risks = expit(model.intercept + model.slope * (model.coefficients[0] + features @ model.coefficients[1:]))
    parts = factor_parts(features * (model.slope * model.coefficients[1:]), design.factor_of_column)
    top = top_reasons(parts)
    means = [known_mean(f.values[finished]) if f.kind == NUMERIC else 0.0 for f in table.factors]
    return [
        {
            "id": table.ids[person],
            "risk": round(float(risks[row]), 4),
            "reasons": [reason(table.factors[index], person, means[index]) for index in top[row]],
        }
        for row, person in enumerate(people.tolist())
    ]


def build_design(factors: list[Factor], finished: np.ndarray) -> Design:
    """The features of everyone, standardised over the finished; constant columns left out."""
    specs = column_specs(factors, finished)
    matrix = np.empty((finished.size, len(specs)), order="F")  # filled column by column
    keep = np.ones(len(specs), dtype=bool)
    for column, (index, what, code) in enumerate(specs):
        factor = factors[index]
        if what == "value":
            values = factor.values
            matrix[:, column] = np.where(np.isnan(values), known_mean(values[finished]), values)
        elif what == "level":
            matrix[:, column] = factor.codes == code
        else:
            matrix[:, column] = ~factor.known()
        train = matrix[finished, column]
        mean, sd = train.mean(), train.std()
        keep[column] = sd > 0
        matrix[:, column] = (matrix[:, column] - mean) / sd if sd > 0 else 0.0
    owners = np.array([index for index, _, _ in specs], dtype=np.int64)
    if not keep.all():
        matrix, owners = matrix[:, keep], owners[keep]
    return Design(matrix=matrix, factor_of_column=owners)


def known_mean(values: np.ndarray) -> float:
    """The mean of the known (not NaN) values, 0 if none is known."""
    known = values[~np.isnan(values)]
    return float(known.mean()) if known.size else 0.0


def column_specs(factors: list[Factor], finished: np.ndarray) -> list[tuple[int, str, int | None]]:
    """(factor index, "value" | "level" | "unknown", level code) for each feature column."""
    specs: list[tuple[int, str, int | None]] = []
    for index, factor in enumerate(factors):
        known = factor.known()[finished]
        if not known.any():
            continue
        if factor.kind == NUMERIC:
            specs.append((index, "value", None))
        else:
            sizes = np.bincount(factor.codes[finished][known], minlength=len(factor.levels))
            common = np.argsort(-sizes, kind="stable")[:MAX_LEVELS]
            specs += [(index, "level", int(code)) for code in common if sizes[code] >= MIN_GROUP]
        if not known.all():
            specs.append((index, "unknown", None))
    return specs


def train(x: np.ndarray, y: np.ndarray) -> Model:
    """The penalty by cross-validation, the calibration map from out-of-fold predictions, and the
    final fit on everyone given."""
    rng = np.random.default_rng(SEED)
    sample = np.sort(rng.choice(y.size, CV_LIMIT, replace=False)) if y.size > CV_LIMIT else None
    cv_x, cv_y = (x, y) if sample is None else (x[sample], y[sample])
    penalty, out_of_fold = choose_penalty(cv_x, cv_y, rng)
    del cv_x
    if penalty is None:  # no model beat everyone's shared rate out of sample
        return Model(coefficients=np.zeros(x.shape[1] + 1), intercept=log_odds(float(y.mean())), slope=0.0)
    intercept, slope = recalibration(out_of_fold, cv_y)
    return Model(coefficients=fit_ridge(x, y, penalty), intercept=intercept, slope=slope)


def stratified_folds(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A fold number for each person, each outcome spread evenly over the folds."""
    folds = np.empty(y.size, dtype=np.int64)
    for value in (0.0, 1.0):
        members = np.flatnonzero(y == value)
        rng.shuffle(members)
        folds[members] = (np.arange(members.size) + int(rng.integers(FOLDS))) % FOLDS
    return folds


def choose_penalty(x: np.ndarray, y: np.ndarray, rng: np.random.Generator) -> tuple[float | None, np.ndarray]:
    """The penalty by cross-validation (None: the intercept-only model), and its out-of-fold linear
    predictors. The simplest candidate whose out-of-fold log-loss is within one standard error
    (paired, person by person) of the best one's wins: a weaker penalty must earn its place."""
    folds = stratified_folds(y, rng)
    out_of_fold = np.empty((len(PENALTIES) + 1, y.size))
    for fold in range(FOLDS):
        train_rows, test_rows = folds != fold, folds == fold
        if not test_rows.any():
            continue
        train_x, train_y, test_x = x[train_rows], y[train_rows], x[test_rows]
        out_of_fold[0, test_rows] = log_odds(float(train_y.mean()))
        theta = None
        for index, penalty in enumerate(PENALTIES, start=1):
            theta = fit_ridge(train_x, train_y, penalty, theta)
            out_of_fold[index, test_rows] = theta[0] + test_x @ theta[1:]
    losses = np.logaddexp(0.0, out_of_fold) - y * out_of_fold  # candidates × people
    best = int(np.argmin(losses.mean(axis=1)))
    chosen = best
    for index in range(best):  # simplest first
        extra = losses[index] - losses[best]
        if extra.mean() <= extra.std() / math.sqrt(y.size):
            chosen = index
            break
    return (None if chosen == 0 else PENALTIES[chosen - 1]), out_of_fold[chosen]


def log_odds(rate: float) -> float:
    """log(rate / (1 - rate)), the rate kept off 0 and 1."""
    rate = min(max(rate, 1e-6), 1 - 1e-6)
    return math.log(rate / (1 - rate))


def fit_ridge(x: np.ndarray, y: np.ndarray, penalty: float, start: np.ndarray | None = None) -> np.ndarray:
    """Coefficients (intercept first) minimising the log-loss + penalty/2 × |w|² (L-BFGS)."""
    size = y.size

    def objective(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights = theta[1:]
        eta = theta[0] + x @ weights
        residual = expit(eta) - y
        loss = np.logaddexp(0.0, eta).sum() - y @ eta + 0.5 * penalty * weights @ weights
        gradient = np.concatenate(([residual.sum()], x.T @ residual + penalty * weights))
        return loss / size, gradient / size

    if start is None:
        start = np.zeros(x.shape[1] + 1)
        start[0] = log_odds(float(y.mean()))
    result = minimize(objective, start, jac=True, method="L-BFGS-B", options={"maxiter": 500, "gtol": 1e-7})
    return result.x


def recalibration(eta: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Calibration intercept and slope of out-of-fold linear predictors. Identity when the data are
    too few, or when the slope is above 1: the one-standard-error rule prefers a stronger penalty
    on purpose, and stretching predictions by an estimated slope magnifies noise in small samples
    (the unpenalised intercept keeps the mean right). A slope ≤ 0 (no out-of-sample ranking) gives
    everyone the observed rate."""
    events = float(y.sum())
    if min(events, y.size - events) < MIN_EVENTS:
        return 0.0, 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = Logit(y, np.column_stack([np.ones_like(eta), eta])).fit(disp=0, maxiter=100)
        except (np.linalg.LinAlgError, ValueError):
            return 0.0, 1.0
    intercept, slope = (float(value) for value in fit.params)
    converged = fit.mle_retvals.get("converged", False) and math.isfinite(intercept) and math.isfinite(slope)
    if not converged or slope > 1:
        return 0.0, 1.0
    if slope <= 0:
        return log_odds(events / y.size), 0.0
    return intercept, slope


def factor_parts(parts: np.ndarray, owners: np.ndarray) -> np.ndarray:
    """Per-column parts of the log-odds summed per factor (people × factors, by factor index)."""
    width = int(owners.max()) + 1 if owners.size else 0
    summed = np.zeros((parts.shape[0], width))
    for column, owner in enumerate(owners):
        summed[:, owner] += parts[:, column]
    return summed


def top_reasons(parts: np.ndarray) -> list[list[int]]:
    """For each person (row of parts, people × factors), the factors whose part of the log-odds
    raises the odds by at least 10 %, largest first, at most MAX_REASONS."""
    if parts.shape[1] == 0:
        return [[] for _ in range(parts.shape[0])]
    order = np.argsort(-parts, axis=1, kind="stable")[:, :MAX_REASONS]
    strong = np.take_along_axis(parts, order, axis=1) >= REASON_LOG_ODDS
    return [row[keep].tolist() for row, keep in zip(order, strong, strict=True)]


def reason(factor: Factor, person: int, mean: float) -> dict:
    """One reason: {"factor", "value" (as a string, None if unknown), "says" ("low", "high",
    "level" or "unknown"), "text" (English)}."""
    name = factor.name
    if factor.kind == NUMERIC:
        value = factor.values[person]
        if math.isnan(value):
            return {"factor": name, "value": None, "says": "unknown", "text": f"{name} is unknown"}
        says = "low" if value < mean else "high"
        return {"factor": name, "value": f"{value:g}", "says": says, "text": f"{name} is {says} ({value:g})"}
    code = int(factor.codes[person])
    if code < 0:
        return {"factor": name, "value": None, "says": "unknown", "text": f"{name} is unknown"}
    level = factor.levels[code]
    return {"factor": name, "value": level, "says": "level", "text": f"{name}: {level}"}
