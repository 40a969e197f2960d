"""Scores every mentee × mentor pair at once with numpy, and explains any one of them.

Pure Python and numpy, no Django: the benchmark and the engine's users can call it on plain
records. A record is a dict:

    {"id": 7, "occupations": ["2512"], "industries": ["ict"], "topics": ["cv"],
     "availability": ["evenings"], "region": "34", "municipality": "Hamar", "mode": "both",
     "languages": {"no": "B2", "ar": "native"}, "gender": "", "same_gender_wish": False,
     "capacity": 1}

Each criterion gives a part from 0 to 1; the score is 100 × the weighted mean of the parts,
rounded to one decimal. The same vectorised functions compute the whole matrix (outer
broadcasting) and the parts of single pairs (paired indices), so an explanation always adds
up to the score shown next to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

CRITERIA = ("occupation", "industry", "topics", "region", "availability", "language")
TOPICS = ("network", "cv", "job_search", "work_culture", "interviews", "certification")
INDUSTRIES = (
    "ict",
    "finance",
    "energy",
    "construction",
    "manufacturing",
    "health",
    "education",
    "public",
    "consulting",
    "retail",
    "transport",
)
AVAILABILITY = ("weekdays", "evenings", "weekends")
MODES = {"in_person": 1, "digital": 2, "both": 3}
GENDERS = {"": 0, "woman": 1, "man": 2, "other": 3}
LEVELS = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}
B1 = LEVELS["B1"]
MAX_OCCUPATIONS = 3  # a mentee's target occupations that count; the best one decides
REGION_PART = {"municipality": 1.0, "county": 0.6, "digital": 0.3}
_POPCOUNT = np.array([bin(i).count("1") for i in range(1 << 12)], dtype=np.int8)


def _mask(values: Iterable[str], vocabulary: Sequence[str]) -> int:
    index = {name: bit for bit, name in enumerate(vocabulary)}
    bits = 0
    for value in values or ():
        if value in index:
            bits |= 1 << index[value]
    return bits


def _names(bits: int, vocabulary: Sequence[str]) -> list[str]:
    return [name for bit, name in enumerate(vocabulary) if bits >> bit & 1]


@dataclass
class Side:
    """One side (mentees or mentors) as arrays, one row per person."""

    ids: list
    occupations: np.ndarray  # (n, K) int32 STYRK-08 unit groups as numbers, 0 for none
    industries: np.ndarray  # (n,) int32 bit masks
    topics: np.ndarray
    availability: np.ndarray
    region: np.ndarray  # (n,) int16 county number, 0 for none
    municipality: np.ndarray  # (n,) int32 index into Vocabulary.municipalities, -1 for none
    mode: np.ndarray  # (n,) int8 bits: 1 in person, 2 digital
    languages: np.ndarray  # (n, L) int8 levels, 0 for none
    gender: np.ndarray  # (n,) int8
    wish: np.ndarray  # (n,) bool, same-gender wish
    capacity: np.ndarray  # (n,) int32

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows) -> Side:
        return Side(
            ids=[self.ids[i] for i in np.atleast_1d(rows).tolist()],
            **{name: getattr(self, name)[rows] for name in _ARRAYS},
        )


_ARRAYS = (
    "occupations",
    "industries",
    "topics",
    "availability",
    "region",
    "municipality",
    "mode",
    "languages",
    "gender",
    "wish",
    "capacity",
)


@dataclass
class Vocabulary:
    languages: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, *groups: Iterable[dict]) -> Vocabulary:
        languages, places = set(), set()
        for records in groups:
            for record in records:
                languages.update((record.get("languages") or {}).keys())
                if record.get("municipality"):
                    places.add(_place(record))
        return cls(sorted(languages), sorted(places))


def _place(record: dict) -> str:
    return f"{record.get('region', '')}/{record.get('municipality', '').strip().lower()}"


def encode(records: Sequence[dict], vocabulary: Vocabulary) -> Side:
    n = len(records)
    language_index = {code: k for k, code in enumerate(vocabulary.languages)}
    place_index = {place: k for k, place in enumerate(vocabulary.municipalities)}
    occupations = np.zeros((n, MAX_OCCUPATIONS), dtype=np.int32)
    languages = np.zeros((n, max(len(language_index), 1)), dtype=np.int8)
    columns = {name: np.zeros(n, dtype=np.int32) for name in ("industries", "topics", "availability")}
    region = np.zeros(n, dtype=np.int16)
    municipality = np.full(n, -1, dtype=np.int32)
    mode = np.zeros(n, dtype=np.int8)
    gender = np.zeros(n, dtype=np.int8)
    wish = np.zeros(n, dtype=bool)
    capacity = np.ones(n, dtype=np.int32)
    for row, record in enumerate(records):
        codes = [c for c in record.get("occupations") or () if len(c) == 4 and c.isdigit()]
        for k, code in enumerate(codes[:MAX_OCCUPATIONS]):
            occupations[row, k] = int(code)
        columns["industries"][row] = _mask(record.get("industries"), INDUSTRIES)
        columns["topics"][row] = _mask(record.get("topics"), TOPICS)
        columns["availability"][row] = _mask(record.get("availability"), AVAILABILITY)
        county = record.get("region") or ""
        region[row] = int(county) if county.isdigit() else 0
        if record.get("municipality"):
            municipality[row] = place_index.get(_place(record), -1)
        mode[row] = MODES.get(record.get("mode") or "both", 3)
        for code, level in (record.get("languages") or {}).items():
            if code in language_index:
                languages[row, language_index[code]] = LEVELS.get(level, 0)
        gender[row] = GENDERS.get(record.get("gender") or "", 0)
        wish[row] = bool(record.get("same_gender_wish"))
        capacity[row] = int(record.get("capacity", 1))
    return Side(
        ids=[record["id"] for record in records],
        occupations=occupations,
        region=region,
        municipality=municipality,
        mode=mode,
        languages=languages,
        gender=gender,
        wish=wish,
        capacity=capacity,
        **columns,
    )


# ---------------------------------------------------------------- the parts, vectorised
# Every function takes the mentee side `a` and the mentor side `b` already shaped to broadcast:
# (n, 1) against (1, m) for the whole matrix, or (p,) against (p,) for p chosen pairs.


def occupation_level(a_codes: np.ndarray, b_code: np.ndarray) -> np.ndarray:
    """4 same unit group, 3 same minor, 2 same sub-major, 1 same major group, 0 otherwise."""
    best = None
    for k in range(a_codes.shape[-1]):
        a = a_codes[..., k]
        level = np.zeros(np.broadcast_shapes(a.shape, b_code.shape), dtype=np.int8)
        for digits, divisor in ((1, 1000), (2, 100), (3, 10), (4, 1)):
            level = np.where((a // divisor == b_code // divisor) & (a > 0) & (b_code > 0), digits, level)
        best = level if best is None else np.maximum(best, level)
    return best


def _bits(x: np.ndarray) -> np.ndarray:
    return _POPCOUNT[x & 0xFFF]


def _region_kind(a_region, a_place, a_mode, b_region, b_place, b_mode) -> np.ndarray:
    """3 same municipality, 2 same county, 1 elsewhere but both meet digitally, 0 elsewhere."""
    same_place = (a_place == b_place) & (a_place >= 0)
    same_county = (a_region == b_region) & (a_region > 0)
    digital = ((a_mode & 2) != 0) & ((b_mode & 2) != 0)
    return np.where(same_place, 3, np.where(same_county, 2, np.where(digital, 1, 0))).astype(np.int8)


def _shared_b1(a_languages: np.ndarray, b_languages: np.ndarray, outer: bool) -> np.ndarray:
    a = (a_languages >= B1).astype(np.float32)
    b = (b_languages >= B1).astype(np.float32)
    if outer:
        return (a @ b.T).astype(np.int16)  # BLAS does the n × m × L count
    return (a * b).sum(axis=-1).astype(np.int16)


def _parts(a: Side, b: Side, outer: bool):
    """Yield (criterion, part array in 0..1), one at a time to keep memory low."""

    def col(side, name, first):
        value = getattr(side, name)
        if not outer:
            return value
        return value[:, None] if first else value[None, :]

    mentor_code = b.occupations[:, 0]
    if outer:
        level = occupation_level(a.occupations[:, None, :], mentor_code[None, :])
    else:
        level = occupation_level(a.occupations, mentor_code)
    yield "occupation", level.astype(np.float32) / 4
    wanted, offered = col(a, "industries", True), col(b, "industries", False)
    yield "industry", ((wanted & offered) != 0).astype(np.float32)
    wanted, offered = col(a, "topics", True), col(b, "topics", False)
    yield "topics", _bits(wanted & offered) / np.maximum(_bits(wanted), 1).astype(np.float32)
    kind = _region_kind(
        col(a, "region", True),
        col(a, "municipality", True),
        col(a, "mode", True),
        col(b, "region", False),
        col(b, "municipality", False),
        col(b, "mode", False),
    )
    yield (
        "region",
        np.choose(kind, [0.0, REGION_PART["digital"], REGION_PART["county"], 1.0]).astype(np.float32),
    )
    wanted, offered = col(a, "availability", True), col(b, "availability", False)
    known = (wanted != 0) & (offered != 0)
    overlap = _bits(wanted & offered) / np.maximum(_bits(wanted), 1).astype(np.float32)
    yield "availability", np.where(known, overlap, 0.5).astype(np.float32)
    shared = _shared_b1(a.languages, b.languages, outer)
    yield "language", (np.clip(shared - 1, 0, 2) / 2).astype(np.float32)


def _allowed(a: Side, b: Side, outer: bool) -> np.ndarray:
    """The hard rules; the capacity and declined-pair rules are applied by the caller."""

    def col(side, name, first):
        value = getattr(side, name)
        if not outer:
            return value
        return value[:, None] if first else value[None, :]

    shared = _shared_b1(a.languages, b.languages, outer) >= 1
    common = col(a, "mode", True) & col(b, "mode", False)
    same_county = (col(a, "region", True) == col(b, "region", False)) & (col(a, "region", True) > 0)
    meetable = (common != 0) & (((common & 2) != 0) | same_county)
    a_gender, b_gender = col(a, "gender", True), col(b, "gender", False)
    gender_ok = ~col(a, "wish", True) | ((a_gender > 0) & (a_gender == b_gender))
    return shared & meetable & gender_ok


def weights_vector(weights: dict[str, float]) -> np.ndarray:
    return np.array([max(float(weights.get(c, 0)), 0.0) for c in CRITERIA], dtype=np.float32)


@dataclass
class Scores:
    mentees: Side
    mentors: Side
    weights: np.ndarray
    score: np.ndarray  # (n, m) float32, 0..100, one decimal
    allowed: np.ndarray  # (n, m) bool

    def allowed_pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows, cols = np.nonzero(self.allowed)
        return rows, cols, self.score[rows, cols]

    def top(self, k: int = 3) -> np.ndarray:
        """For each mentee the columns of their k best allowed mentors, best first; -1 pads."""
        n, m = self.score.shape
        if m == 0:
            return np.full((n, k), -1, dtype=np.int64)
        masked = np.where(self.allowed, self.score, -1.0)
        k_eff = min(k, m)
        part = np.argpartition(-masked, k_eff - 1, axis=1)[:, :k_eff]
        order = np.argsort(-np.take_along_axis(masked, part, axis=1), axis=1, kind="stable")
        best = np.take_along_axis(part, order, axis=1)
        best = np.where(np.take_along_axis(masked, best, axis=1) < 0, -1, best)
        if k_eff < k:
            best = np.hstack([best, np.full((n, k - k_eff), -1, dtype=best.dtype)])
        return best

    def explain(self, rows: Sequence[int], cols: Sequence[int]) -> list[dict]:
        return explain(self.mentees, self.mentors, self.weights, rows, cols)


def score_all(
    mentees: Side,
    mentors: Side,
    weights: dict[str, float],
    *,
    forbidden: Iterable[tuple[int, int]] = (),
) -> Scores:
    """Score every pair. `forbidden` are (mentee row, mentor row) pairs never to propose again."""
    w = weights_vector(weights)
    total = float(w.sum()) or 1.0
    n, m = len(mentees), len(mentors)
    acc = np.zeros((n, m), dtype=np.float32)
    if n and m:
        for (_name, part), weight in zip(_parts(mentees, mentors, outer=True), w, strict=True):
            if weight:
                acc += part * (weight / total)
    score = np.round(acc * 1000) / 10  # one decimal, as the engine gets it
    allowed = _allowed(mentees, mentors, outer=True) if n and m else np.zeros((n, m), dtype=bool)
    allowed &= (mentors.capacity > 0)[None, :] & (mentees.capacity > 0)[:, None]
    for i, j in forbidden:
        allowed[i, j] = False
    return Scores(mentees, mentors, w, score.astype(np.float32), allowed)


def explain(a: Side, b: Side, w: np.ndarray, rows: Sequence[int], cols: Sequence[int]) -> list[dict]:
    """For each (row, col) pair: its score and its parts, as data a page can put into words.

    A part is {"criterion", "points", "detail"}: points is its share of the 0–100 score;
    detail holds what the words need (the shared occupation group, languages, topics, ...).
    """
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    if not len(rows):
        return []
    pa, pb = a.take(rows), b.take(cols)
    total = float(w.sum()) or 1.0
    parts = {name: value for name, value in _parts(pa, pb, outer=False)}
    level = occupation_level(pa.occupations, pb.occupations[:, 0])
    kind = _region_kind(pa.region, pa.municipality, pa.mode, pb.region, pb.municipality, pb.mode)
    shared_languages = (pa.languages >= B1) & (pb.languages >= B1)
    out = []
    for k in range(len(rows)):
        score = 0.0
        items = []
        mentor_code = int(pb.occupations[k, 0])
        for c, name in enumerate(CRITERIA):
            points = float(parts[name][k]) * float(w[c]) / total * 100
            score += points
            detail: dict = {}
            if name == "occupation":
                depth = int(level[k])
                detail = {"level": depth, "group": str(mentor_code).zfill(4)[:depth] if depth else ""}
            elif name == "industry":
                detail = {"shared": _names(int(pa.industries[k] & pb.industries[k]), INDUSTRIES)}
            elif name == "topics":
                detail = {
                    "shared": _names(int(pa.topics[k] & pb.topics[k]), TOPICS),
                    "wanted": _names(int(pa.topics[k]), TOPICS),
                }
            elif name == "region":
                detail = {
                    "kind": ["elsewhere", "digital", "county", "municipality"][int(kind[k])],
                    "region": f"{int(pb.region[k]):02d}" if pb.region[k] else "",
                    "municipality": int(pb.municipality[k]),
                }
            elif name == "availability":
                detail = {"shared": _names(int(pa.availability[k] & pb.availability[k]), AVAILABILITY)}
            elif name == "language":
                detail = {"shared": np.flatnonzero(shared_languages[k]).tolist()}
            if w[c]:
                items.append({"criterion": name, "points": round(points, 1), "detail": detail})
        out.append({"score": round(score, 1), "parts": items})
    return out


# ------------------------------------------------------------------ why nobody fits
REASONS = ("no_mentors", "excluded", "language", "meeting", "gender", "declined", "full", "taken")


def unmatched_reason(
    mentees: Side,
    mentors: Side,
    row: int,
    *,
    forbidden_cols: Iterable[int] = (),
    excluded: bool = False,
) -> dict:
    """Why mentee `row` got no mentor: the first rule that leaves nobody, with its details."""
    if excluded:
        return {"code": "excluded"}
    if not len(mentors):
        return {"code": "no_mentors"}
    a = mentees.take([row])
    language_ok = _shared_b1(a.languages, mentors.languages, outer=True)[0] >= 1
    b1 = [k for k in np.flatnonzero(a.languages[0] >= B1).tolist()]
    if not language_ok.any():
        return {"code": "language", "languages": b1}
    meet_rules = _allowed(a, mentors, outer=True)[0]
    gender_free = Side(**{**a.__dict__, "wish": np.zeros(1, dtype=bool)})
    meetable = _allowed(gender_free, mentors, outer=True)[0]
    if not meetable.any():
        return {
            "code": "meeting",
            "languages": b1,
            "region": f"{int(a.region[0]):02d}" if a.region[0] else "",
            "mode": int(a.mode[0]),
        }
    if not meet_rules.any():
        return {"code": "gender"}
    candidates = meet_rules.copy()
    candidates[list(forbidden_cols)] = False
    if not candidates.any():
        return {"code": "declined"}
    with_room = candidates & (mentors.capacity > 0)
    if not with_room.any():
        level = occupation_level(a.occupations[:, None, :], mentors.occupations[None, :, 0])[0]
        same = candidates & (level == 4)
        profession = ""
        if same.any():
            profession = str(int(mentors.occupations[np.flatnonzero(same)[0], 0])).zfill(4)
        return {"code": "full", "fitting": int(candidates.sum()), "profession": profession}
    return {"code": "taken", "fitting": int(with_room.sum())}


def recruitment_needs(
    mentees: Side, rows: Sequence[int], vocabulary: Vocabulary, *, limit: int = 10
) -> list[dict]:
    """The mentor profiles (profession × region × language) that would match the most of `rows`.

    Greedy set cover: take the profile that fits the most still-uncovered mentees, repeat. A
    mentee who can meet digitally is fitted by a digital mentor anywhere ("digital" region).
    """
    covers: dict[tuple, set[int]] = {}
    for row in rows:
        code = int(mentees.occupations[row, 0])
        profession = str(code).zfill(4) if code else ""
        region = "digital" if mentees.mode[row] & 2 else f"{int(mentees.region[row]):02d}"
        languages = np.flatnonzero(mentees.languages[row] >= B1).tolist()
        for k in languages or [-1]:
            language = vocabulary.languages[k] if k >= 0 else ""
            covers.setdefault((profession, region, language), set()).add(int(row))
    needs, covered = [], set()
    while covers and len(needs) < limit:
        key, people = max(covers.items(), key=lambda item: (len(item[1] - covered), item[0]))
        gain = people - covered
        if not gain:
            break
        needs.append({"profession": key[0], "region": key[1], "language": key[2], "mentees": len(gain)})
        covered |= gain
        del covers[key]
    return needs


def reason_counts(reasons: Iterable[dict]) -> Counter:
    return Counter(reason["code"] for reason in reasons)
