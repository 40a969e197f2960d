"""The vectorised scoring: parts, hard rules, explanations that add up, and why-nobody-fits."""

import random

import numpy as np
import pytest

from kobling.mentoring import scoring

WEIGHTS = {"occupation": 5, "industry": 2, "topics": 3, "region": 2, "availability": 1, "language": 1}


def person(pid, **fields):
    base = {
        "id": pid,
        "occupations": ["2512"],
        "industries": ["ict"],
        "topics": ["cv"],
        "availability": ["evenings"],
        "region": "34",
        "municipality": "Hamar",
        "mode": "both",
        "languages": {"no": "B2"},
        "gender": "",
        "same_gender_wish": False,
        "capacity": 1,
    }
    return {**base, **fields}


def scores_for(mentees, mentors, weights=WEIGHTS, forbidden=()):
    vocabulary = scoring.Vocabulary.of(mentees, mentors)
    a, b = scoring.encode(mentees, vocabulary), scoring.encode(mentors, vocabulary)
    return scoring.score_all(a, b, weights, forbidden=forbidden), vocabulary


def test_occupation_closeness_follows_the_styrk_hierarchy():
    mentors = [person(c, occupations=[c]) for c in ("2512", "2519", "2521", "2142", "3512", "")]
    result, _v = scores_for([person("p")], mentors, {"occupation": 1})
    assert result.score[0].tolist() == [100.0, 75.0, 50.0, 25.0, 0.0, 0.0]


def test_the_best_of_several_target_occupations_counts():
    result, _v = scores_for([person("p", occupations=["2142", "2512"])], [person("m")], {"occupation": 1})
    assert result.score[0, 0] == 100.0


def test_region_municipality_beats_county_beats_digital_elsewhere():
    mentee = person("p", region="34", municipality="Hamar")
    mentors = [
        person("same-place", region="34", municipality="Hamar"),
        person("same-county", region="34", municipality="Gjøvik"),
        person("elsewhere-digital", region="03", municipality="Oslo"),
    ]
    result, _v = scores_for([mentee], mentors, {"region": 1})
    assert result.score[0].tolist() == [100.0, 60.0, 30.0]


@pytest.mark.parametrize(
    ("mentee", "mentor", "allowed"),
    [
        ({}, {}, True),
        ({"languages": {"no": "A2", "ar": "native"}}, {"languages": {"no": "C1", "ar": "A1"}}, False),
        ({"languages": {"ar": "B1"}}, {"languages": {"ar": "native"}}, True),
        ({"mode": "in_person"}, {"region": "03", "municipality": "Oslo"}, False),
        ({"mode": "in_person"}, {"region": "34", "municipality": "Gjøvik"}, True),
        ({"mode": "digital"}, {"mode": "in_person"}, False),
        ({"mode": "both", "region": "03"}, {"mode": "digital"}, True),
        ({"same_gender_wish": True, "gender": "woman"}, {"gender": "woman"}, True),
        ({"same_gender_wish": True, "gender": "woman"}, {"gender": "man"}, False),
        ({"same_gender_wish": True, "gender": "woman"}, {"gender": ""}, False),
        ({"gender": "woman"}, {"gender": "man"}, True),
        ({}, {"capacity": 0}, False),
    ],
)
def test_hard_rules(mentee, mentor, allowed):
    result, _v = scores_for([person("p", **mentee)], [person("m", **mentor)])
    assert bool(result.allowed[0, 0]) is allowed


def test_a_declined_pair_is_forbidden():
    result, _v = scores_for([person("p")], [person("m"), person("n")], forbidden=[(0, 0)])
    assert result.allowed[0].tolist() == [False, True]


def random_person(rng, pid):
    return person(
        pid,
        occupations=rng.sample(["2511", "2512", "2519", "2142", "2151", "3512"], rng.randint(0, 2)),
        industries=rng.sample(scoring.INDUSTRIES, rng.randint(0, 3)),
        topics=rng.sample(scoring.TOPICS, rng.randint(0, 4)),
        availability=rng.sample(scoring.AVAILABILITY, rng.randint(0, 3)),
        region=rng.choice(["03", "34", "46"]),
        municipality=rng.choice(["A", "B"]),
        mode=rng.choice(["both", "digital", "in_person"]),
        languages={
            c: rng.choice(["A2", "B1", "C1", "native"]) for c in rng.sample(["no", "en", "ar", "uk"], 2)
        },
        gender=rng.choice(["", "woman", "man"]),
        same_gender_wish=rng.random() < 0.2,
    )


def test_explanations_add_up_to_the_scores_of_the_whole_matrix():
    rng = random.Random(7)
    mentees = [random_person(rng, f"p{i}") for i in range(40)]
    mentors = [random_person(rng, f"m{j}") for j in range(30)]
    result, _v = scores_for(mentees, mentors)
    rows, cols = np.meshgrid(np.arange(40), np.arange(30), indexing="ij")
    explained = result.explain(rows.ravel(), cols.ravel())
    for (i, j), item in zip(zip(rows.ravel(), cols.ravel(), strict=True), explained, strict=True):
        assert item["score"] == pytest.approx(float(result.score[i, j]), abs=0.051)
        assert sum(p["points"] for p in item["parts"]) == pytest.approx(item["score"], abs=0.4)
        assert 0 <= item["score"] <= 100


def test_explanation_names_what_is_shared():
    mentee = person("p", topics=["cv", "interviews"], languages={"no": "B2", "en": "C1", "ar": "native"})
    mentor = person("m", topics=["cv", "network"], languages={"no": "native", "en": "C1", "ar": "B2"})
    result, vocabulary = scores_for([mentee], [mentor])
    parts = {p["criterion"]: p["detail"] for p in result.explain([0], [0])[0]["parts"]}
    assert parts["occupation"] == {"level": 4, "group": "2512"}
    assert parts["topics"]["shared"] == ["cv"]
    assert [vocabulary.languages[k] for k in parts["language"]["shared"]] == ["ar", "en", "no"]
    assert parts["region"]["kind"] == "municipality"


def test_top_three_are_the_best_allowed_in_order():
    mentors = [person(c, occupations=[c]) for c in ("2142", "2512", "2519", "2521")]
    mentors.append(person("blocked", languages={"so": "native"}))
    result, _v = scores_for([person("p")], mentors, {"occupation": 1})
    assert result.top(3)[0].tolist() == [1, 2, 3]
    assert result.top(6)[0].tolist()[-2:] == [-1, -1]


def test_unmatched_reasons_name_the_first_rule_that_leaves_nobody():
    mentees = [
        person("lang", languages={"so": "native", "no": "A2"}),
        person("far", mode="in_person", region="56", municipality="Alta"),
        person("gender", same_gender_wish=True, gender="other"),
        person("full"),
    ]
    mentors = [person("m", capacity=0, gender="woman")]
    vocabulary = scoring.Vocabulary.of(mentees, mentors)
    a, b = scoring.encode(mentees, vocabulary), scoring.encode(mentors, vocabulary)
    codes = [scoring.unmatched_reason(a, b, i)["code"] for i in range(4)]
    assert codes == ["language", "meeting", "gender", "full"]
    assert scoring.unmatched_reason(a, b, 3)["profession"] == "2512"
    assert scoring.unmatched_reason(a, b, 0, excluded=True)["code"] == "excluded"


def test_recruitment_needs_cover_the_most_unmatched_first():
    mentees = [person(f"p{i}", occupations=["2142"], languages={"uk": "native"}) for i in range(3)]
    mentees += [person("q", occupations=["2512"], mode="in_person", region="46", languages={"no": "B1"})]
    vocabulary = scoring.Vocabulary.of(mentees)
    a = scoring.encode(mentees, vocabulary)
    needs = scoring.recruitment_needs(a, range(4), vocabulary)
    assert needs[0] == {"profession": "2142", "region": "digital", "language": "uk", "mentees": 3}
    assert needs[1] == {"profession": "2512", "region": "46", "language": "no", "mentees": 1}
