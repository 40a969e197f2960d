"""The dropout risk of people still participating: calibrated on people the model never saw, with
reasons in plain words."""

import numpy as np
import pytest

from kobling.outcomes.engine import analyse_csv
from kobling.outcomes.table import write_csv
from tests.outcomes.generator import generate


@pytest.fixture(scope="module")
def held_out():
    """4,000 people, 40 % still participating: the model learns from the 2,400 finished and is
    judged on the 1,600 others, whose would-be outcome the generator drew but the file hides."""
    data = generate(4000, seed=5, participating=0.4)
    answer = analyse_csv(data.csv.encode())
    risk = np.array([person["risk"] for person in answer["dropout_risk"]])
    dropped = np.array([data.would_drop_out[person["id"]] for person in answer["dropout_risk"]])
    truth = np.array([data.risk[person["id"]] for person in answer["dropout_risk"]])
    return data, answer, risk, dropped, truth


def test_every_participating_person_gets_a_risk_in_file_order(held_out):
    data, answer, risk, _, _ = held_out
    expected = [
        person for person, outcome in zip(data.ids, data.outcomes, strict=True) if outcome == "participating"
    ]
    assert [person["id"] for person in answer["dropout_risk"]] == expected
    assert ((risk >= 0) & (risk <= 1)).all()


def test_the_risk_is_calibrated_on_held_out_people(held_out):
    _, _, risk, dropped, _ = held_out
    assert abs(risk.mean() - dropped.mean()) < 0.03  # calibration in the large
    order = np.argsort(risk, kind="stable")
    deciles = np.array_split(order, 10)
    gaps = [abs(risk[group].mean() - dropped[group].mean()) for group in deciles]
    assert max(gaps) < 0.1  # each tenth, about 160 people: a standard error of up to 0.04
    expected_calibration_error = sum(
        len(group) * gap for group, gap in zip(deciles, gaps, strict=True)
    ) / len(risk)
    assert expected_calibration_error < 0.04


def test_the_risk_ranks_people_and_tracks_the_true_probability(held_out):
    _, _, risk, dropped, truth = held_out
    brier = np.mean((risk - dropped) ** 2)
    assert brier < 0.9 * np.mean((dropped.mean() - dropped) ** 2)  # better than the base rate
    assert np.corrcoef(risk, truth)[0, 1] > 0.85
    assert np.mean(np.abs(risk - truth)) < 0.06


def test_the_reasons_name_the_factors_that_raise_the_risk_in_plain_words(held_out):
    data, answer, _, _, _ = held_out
    riskiest = max(answer["dropout_risk"], key=lambda person: person["risk"])
    assert 1 <= len(riskiest["reasons"]) <= 3
    for reason in riskiest["reasons"]:
        assert set(reason) == {"factor", "value", "says", "text"}
        assert reason["text"].startswith(reason["factor"])
    texts = [reason["text"] for person in answer["dropout_risk"] for reason in person["reasons"]]
    assert "housing_sorted: no" in texts
    assert any(text.startswith("attendance_rate is low (0.") for text in texts)
    assert "housing_sorted: yes" not in texts  # having housing sorted never raises the risk here
    nulls = sum(text.startswith(tuple(data.null_factors)) for text in texts)
    assert nulls < 0.05 * len(texts)


def test_without_any_dropout_among_the_finished_the_risk_is_that_rate_and_no_reasons():
    rows = [[f"p{k}", str(k % 7), "it_job" if k % 3 else "other"] for k in range(30)]
    rows += [["q1", "3", "participating"]]
    answer = analyse_csv(write_csv(["id", "score", "outcome"], rows).encode())
    assert answer["dropout_risk"] == [{"id": "q1", "risk": 0.0, "reasons": []}]


def test_a_file_without_factors_still_gets_the_rates_and_a_risk():
    rows = [[f"p{k}", "dropped_out" if k % 4 == 0 else "other_job"] for k in range(40)] + [
        ["q", "participating"]
    ]
    answer = analyse_csv(write_csv(["id", "outcome"], rows).encode())
    assert answer["factors"] == answer["dropout_factors"] == []
    assert answer["dropout_risk"] == [{"id": "q", "risk": 0.25, "reasons": []}]


def test_where_the_factors_tell_nothing_the_risk_mostly_stays_the_shared_rate():
    # 200 finished people, 30 factors of pure noise: an unpenalised model would spread the risks
    # widely. The one-standard-error rule keeps the shared rate unless a model earns its place.
    flat = 0
    for seed in range(6):
        rng = np.random.default_rng(seed)
        columns = {f"noise_{k}": [f"{v:.2f}" for v in rng.normal(size=300)] for k in range(30)}
        outcomes = ["dropped_out" if u < 0.3 else "other_job" for u in rng.random(200)] + [
            "participating"
        ] * 100
        ids = [f"p{k}" for k in range(300)]
        answer = analyse_csv(
            write_csv(
                ["id", *columns, "outcome"], zip(ids, *columns.values(), outcomes, strict=True)
            ).encode()
        )
        risk = np.array([person["risk"] for person in answer["dropout_risk"]])
        assert abs(risk.mean() - answer["dropout_rate"]) < 0.05
        flat += risk.std() < 0.02
    assert flat >= 4
