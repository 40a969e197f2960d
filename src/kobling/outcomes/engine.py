"""The whole analysis: a table in, the answer of `kobling analyse-outcomes` out.

The answer is one JSON-ready dict:

- `n` (people in the file), `finished` (not participating), `job_rate` and `dropout_rate` among the
  finished ("job" = it_job or other_job);
- `factors`: one row per level of each boolean/categorical factor and one per numeric factor
  (`level` null), each {factor, level, n, job_rate, ratio, ci, p, q, small}; `n` counts the finished
  people in the level (or with the number known), `job_rate` is theirs;
- `dropout_factors`: the same rows for dropping out, the rate named `dropout_rate`;
- `dropout_risk`: for each participating person in file order {id, risk, reasons}, each reason
  {factor, value, says, text} (see risk.py).

See association.py for the statistics and the small-number rule, risk.py for the model.
"""

from __future__ import annotations

import numpy as np

from kobling.outcomes.association import associations
from kobling.outcomes.risk import dropout_risk
from kobling.outcomes.table import DROPPED_OUT, JOB_OUTCOMES, OUTCOMES, Table, read_table

JOB_CODES = [OUTCOMES.index(outcome) for outcome in JOB_OUTCOMES]


def analyse(table: Table) -> dict:
    """Success factors, dropout factors and the risk of dropping out, from one table."""
    finished = table.finished()
    outcomes = table.outcomes[finished]
    job = np.isin(outcomes, JOB_CODES)
    dropped = outcomes == DROPPED_OUT
    rows = associations(table.factors, finished, {"job": job, "dropout": dropped})
    return {
        "n": len(table.ids),
        "finished": int(finished.sum()),
        "job_rate": round(float(job.mean()), 4),
        "dropout_rate": round(float(dropped.mean()), 4),
        "factors": [row.to_json("job_rate") for row in rows["job"]],
        "dropout_factors": [row.to_json("dropout_rate") for row in rows["dropout"]],
        "dropout_risk": dropout_risk(table, dropped),
    }


def analyse_csv(data: bytes) -> dict:
    """The analysis of a CSV file's bytes; raises table.InputError on bad input."""
    return analyse(read_table(data))
