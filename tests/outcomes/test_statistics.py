"""The factor statistics: exact on hand-made tables, planted effects found, false discoveries
controlled, and groups of fewer than 5 people suppressed."""

import math

import numpy as np
import pytest
from scipy.stats import chi2_contingency, fisher_exact
from statsmodels.discrete.discrete_model import Logit
from statsmodels.stats.multitest import multipletests

from kobling.outcomes.engine import analyse_csv
from kobling.outcomes.table import write_csv
from kobling.outcomes.wording import summary
from tests.outcomes.generator import DROPOUT_FACTORS, JOB_FACTORS, generate


def answer_for(columns: dict[str, list[str]], outcomes: list[str]) -> dict:
    ids = [f"p{k}" for k in range(len(outcomes))]
    csv = write_csv(["id", *columns, "outcome"], zip(ids, *columns.values(), outcomes, strict=True))
    return analyse_csv(csv.encode())


def rows_of(answer: dict, factor: str, key: str = "factors") -> dict:
    return {row["level"]: row for row in answer[key] if row["factor"] == factor}


@pytest.fixture(scope="module")
def planted():
    return analyse_csv(generate(2500, seed=7, participating=0.0).csv.encode())


@pytest.fixture(scope="module")
def many_nulls():
    data = generate(2000, seed=11, null_booleans=60, null_numerics=60, null_categoricals=0, participating=0.0)
    return data, analyse_csv(data.csv.encode())


def test_a_risk_ratio_its_interval_and_p_are_the_textbook_ones():
    # yes: 20 of 30 got jobs; no: 10 of 30.
    outcomes = ["it_job"] * 20 + ["other"] * 10 + ["other_job"] * 10 + ["dropped_out"] * 20
    yes = rows_of(answer_for({"x": ["yes"] * 30 + ["no"] * 30}, outcomes), "x")["yes"]
    se = math.sqrt(1 / 20 - 1 / 30 + 1 / 10 - 1 / 30)
    assert yes["ratio"] == 2.0
    assert yes["ci"] == pytest.approx([2 * math.exp(-1.959964 * se), 2 * math.exp(1.959964 * se)], rel=1e-3)
    expected_p = chi2_contingency([[20, 10], [10, 20]], correction=False)[1]
    assert yes["p"] == pytest.approx(expected_p, rel=1e-3)
    assert (yes["n"], yes["job_rate"], yes["small"]) == (30, 0.6667, False)


def test_a_zero_cell_gets_half_added_and_small_expected_counts_get_fishers_test():
    # level a: 0 of 10 got jobs; the rest: 10 of 30.
    outcomes = ["other"] * 10 + ["it_job"] * 10 + ["other"] * 20
    a = rows_of(answer_for({"g": ["a"] * 10 + ["b"] * 30}, outcomes), "g")["a"]
    assert a["ratio"] == pytest.approx((0.5 / 11) / (10.5 / 31), rel=1e-3)
    assert a["p"] == pytest.approx(fisher_exact([[0, 10], [10, 20]])[1], rel=1e-3)
    assert a["ci"][0] < a["ratio"] < a["ci"][1]


def test_a_numeric_factor_gets_the_odds_ratio_per_standard_deviation_and_unknowns_are_left_out():
    rng = np.random.default_rng(3)
    x = rng.normal(10, 3, 200)
    job = rng.random(200) < 1 / (1 + np.exp(-(x - 10) / 3))
    cells = [f"{v:.6f}" for v in x]
    cells[:7] = [""] * 7  # unknown
    row = rows_of(answer_for({"score": cells}, ["it_job" if j else "other" for j in job]), "score")[None]
    known = np.array([float(c) for c in cells[7:]])
    fit = Logit(job[7:].astype(float), np.column_stack([np.ones(193), known])).fit(disp=0)
    assert row["n"] == 193
    assert row["ratio"] == pytest.approx(math.exp(fit.params[1] * known.std(ddof=1)), rel=1e-3)
    assert row["p"] == pytest.approx(fit.pvalues[1], rel=1e-2)


def test_kinds_are_inferred_from_the_cells():
    n = 24
    columns = {
        "flag": ["1", "0"] * 12,
        "ja_nei": ["Ja", "nei"] * 12,
        "truth": ["TRUE", "false"] * 12,
        "number": ["0,5", "1,25"] * 12,
        "counts": ["0", "1", "2"] * 8,
        "text": ["bergen", "oslo", "tromsø"] * 8,
    }
    answer = answer_for(columns, ["it_job", "other"] * 12)
    levels = {name: sorted(map(str, rows_of(answer, name))) for name in columns}
    assert levels["flag"] == levels["ja_nei"] == levels["truth"] == ["no", "yes"]
    assert levels["number"] == levels["counts"] == ["None"]
    assert levels["text"] == ["bergen", "oslo", "tromsø"]
    assert rows_of(answer, "number")[None]["n"] == n


def test_planted_effects_are_found_in_the_right_direction(planted):
    for factor, level in JOB_FACTORS.items():
        row = rows_of(planted, factor)[None if level is None else "yes" if level == "ja" else level]
        assert row["q"] < 0.05 and row["ratio"] > 1, (factor, row)
    for factor, level in DROPOUT_FACTORS.items():
        row = rows_of(planted, factor, "dropout_factors")[level]
        expected_above_one = level is not None  # high attendance goes with dropping out less
        assert row["q"] < 0.05 and (row["ratio"] > 1) == expected_above_one, (factor, row)


def test_the_summary_speaks_of_what_went_together_never_of_causes(planted):
    lines = summary(planted)
    assert "People with housing_sorted: yes got jobs more often than the others" in " ".join(lines)
    findings = lines[:-1]
    assert findings and not any("caus" in line.lower() or "because" in line.lower() for line in findings)


def test_false_discoveries_stay_controlled_over_many_null_factors(many_nulls):
    data, answer = many_nulls
    null_tests = {}  # one per test: the two levels of a flag are one test
    for key in ("factors", "dropout_factors"):
        for row in answer[key]:
            if row["factor"] in data.null_factors:
                null_tests[(key, row["factor"], row["p"])] = row
    assert len(null_tests) == 2 * (1 + 60 + 60)
    raw = sum(row["p"] < 0.05 for row in null_tests.values())
    false_discoveries = sum(row["q"] < 0.05 for row in null_tests.values())
    assert false_discoveries <= 3 < raw  # without the adjustment the bound would not hold
    found = [row for row in answer["factors"] if row["factor"] == "attendance_rate"]
    assert found[0]["q"] < 0.05  # and the real effects are still found among them


def test_q_is_benjamini_hochberg_over_every_test_of_the_run_once(many_nulls):
    _, answer = many_nulls
    tests = {}
    for key in ("factors", "dropout_factors"):
        for row in answer[key]:
            if row["p"] is not None:
                tests.setdefault((key, row["factor"], row["p"]), row)
    p_values = np.array([row["p"] for row in tests.values()])
    expected = multipletests(p_values, method="fdr_bh")[1]
    assert [row["q"] for row in tests.values()] == pytest.approx(expected, rel=1e-2, abs=1e-12)


def small_groups_answer() -> dict:
    """40 finished people: a level of 3 (and so, to hide its rate, the next smallest too), a flag
    whose other side has 3 people, and a number known for 4 people only."""
    outcomes = (["it_job", "dropped_out", "other", "other_job"] * 10) + ["participating"] * 2
    return answer_for(
        {
            "country": ["a"] * 20 + ["b"] * 17 + ["c"] * 3 + ["a", "c"],
            "has_car": ["yes"] * 37 + ["no"] * 3 + ["no", "yes"],
            "rare_number": ["1.5", "2", "3", "4"] + [""] * 38,
        },
        outcomes,
    )


def test_groups_of_fewer_than_5_people_are_suppressed():
    answer = small_groups_answer()
    for key, rate in (("factors", "job_rate"), ("dropout_factors", "dropout_rate")):
        country = rows_of(answer, "country", key)
        assert [level for level, row in country.items() if row["small"]] == ["b", "c"]
        assert not country["a"]["small"] and country["a"]["ratio"] is not None
        hidden = [country["b"], country["c"], *rows_of(answer, "has_car", key).values()]
        hidden.append(rows_of(answer, "rare_number", key)[None])
        for row in hidden:
            assert row["small"] is True
            assert row[rate] is row["ratio"] is row["ci"] is row["p"] is row["q"] is None
        assert [row["n"] for row in hidden] == [17, 3, 37, 3, 4]


def test_suppressed_groups_stay_out_of_the_adjustment():
    answer = small_groups_answer()
    tested = [row for key in ("factors", "dropout_factors") for row in answer[key] if row["p"] is not None]
    assert len(tested) == 2  # country a, once for each outcome
    expected = multipletests([row["p"] for row in tested], method="fdr_bh")[1]
    assert [row["q"] for row in tested] == pytest.approx(expected, rel=1e-2)
