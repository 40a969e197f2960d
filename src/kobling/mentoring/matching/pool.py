"""The pool of a mentor programme's batch matching: who can be matched, their scores, and the engine.

The scores come from kobling.mentoring.scoring and the optimal assignment from
kobling.matching.engine, the same engine `kobling solve-matching` runs. Reads only, except that the
whole pool's mentees enrolled without a profile get an empty one (`ensure_mentee_profiles`); one
mentee's suggestions (`suggestions_for`) write nothing, so the mentee's own page reads only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Prefetch, Q

from kobling.matching.engine import parse_instance, solve
from kobling.mentoring import scoring
from kobling.mentoring.models import MatchConstraint, MenteeProfile, MentorProfile, Mentorship
from kobling.mentoring.selectors import POOL_STATUSES, mentor_consent
from kobling.mentoring.services import settings_for
from kobling.people.models import Consent, ParticipantLanguage
from kobling.people.selectors import has_consent
from kobling.programmes.models import Enrolment, Programme


def ensure_mentee_profiles(programme: Programme) -> None:
    missing = Enrolment.objects.filter(
        programme=programme, status__in=POOL_STATUSES, mentee_profile__isnull=True
    ).values_list("pk", flat=True)
    MenteeProfile.objects.bulk_create(
        [MenteeProfile(enrolment_id=pk) for pk in missing], ignore_conflicts=True
    )


def waiting_mentees(programme: Programme):
    """Mentee profiles enrolled in the pool statuses with no pair in progress, consent or not."""
    return (
        MenteeProfile.objects.filter(enrolment__programme=programme, enrolment__status__in=POOL_STATUSES)
        .exclude(mentorships__state__in=Mentorship.OPEN)
        .alias(mentor_consent=mentor_consent())
    )


def mentees_without_consent(programme: Programme):
    """Waiting mentees kept out of the pool because they have not agreed to share their profile."""
    return (
        waiting_mentees(programme)
        .filter(mentor_consent=False)
        .select_related("enrolment__participant")
        .prefetch_related("enrolment__participant__target_occupations")
        .order_by("pk")
    )


def pool_mentees(programme: Programme):
    """Mentee profiles in the pool: enrolled, no pair in progress, and consenting to be shown to mentors."""
    return (
        waiting_mentees(programme)
        .filter(mentor_consent=True)
        .select_related("enrolment__participant")
        .prefetch_related(
            Prefetch("enrolment__participant__languages", queryset=ParticipantLanguage.objects.all()),
            "enrolment__participant__target_occupations",
        )
        .order_by("pk")
    )


def approved_mentors(programme: Programme):
    """Approved mentors with their free places (capacity minus pairs in progress)."""
    return (
        MentorProfile.objects.filter(programme=programme, state=MentorProfile.State.APPROVED)
        .annotate(taken=Count("mentorships", filter=Q(mentorships__state__in=Mentorship.TAKES_CAPACITY)))
        .select_related("occupation", "partner")
        .prefetch_related("languages")
        .order_by("pk")
    )


def mentee_record(mentee: MenteeProfile) -> dict:
    participant = mentee.enrolment.participant
    return {
        "id": mentee.pk,
        "occupations": sorted(o.code for o in participant.target_occupations.all() if o.level == 4),
        "industries": mentee.industries,
        "topics": mentee.topics,
        "availability": mentee.availability,
        "region": participant.region,
        "municipality": participant.municipality,
        "mode": mentee.mode,
        "languages": {row.language: row.level for row in participant.languages.all()},
        "gender": mentee.gender,
        "same_gender_wish": mentee.same_gender_wish,
        "capacity": 1,
    }


def mentor_record(mentor: MentorProfile, free: int | None = None) -> dict:
    return {
        "id": mentor.pk,
        "occupations": [mentor.occupation_id],
        "industries": mentor.industries,
        "topics": mentor.topics,
        "availability": mentor.availability,
        "region": mentor.region,
        "municipality": mentor.municipality,
        "mode": mentor.mode,
        "languages": {row.language: row.level for row in mentor.languages.all()},
        "gender": mentor.gender,
        "capacity": mentor.capacity - getattr(mentor, "taken", 0) if free is None else free,
    }


@dataclass
class Pool:
    programme: Programme
    mentees: list[MenteeProfile]
    mentors: list[MentorProfile]
    vocabulary: scoring.Vocabulary
    scores: scoring.Scores

    def mentee_row(self, pk: int) -> int:
        return self._rows[pk]

    def mentor_col(self, pk: int) -> int:
        return self._cols[pk]

    def __post_init__(self):
        self._rows = {m.pk: i for i, m in enumerate(self.mentees)}
        self._cols = {m.pk: j for j, m in enumerate(self.mentors)}

    def explain(self, pairs: list[tuple[int, int]]) -> list[dict]:
        """Explanations for (mentee pk, mentor pk) pairs, in plain codes a page can render."""
        rows = [self._rows[a] for a, _b in pairs]
        cols = [self._cols[b] for _a, b in pairs]
        found = self.scores.explain(rows, cols)
        for item in found:
            readable(item["parts"], self.vocabulary)
        return found


def readable(parts: list[dict], vocabulary: scoring.Vocabulary) -> list[dict]:
    """Replace the vocabulary's indices in explanation parts by language codes and place names."""
    for part in parts:
        detail = part["detail"]
        if part["criterion"] == "language":
            detail["shared"] = [vocabulary.languages[k] for k in detail["shared"]]
        if part["criterion"] == "region":
            k = detail.pop("municipality")
            detail["municipality"] = vocabulary.municipalities[k].split("/", 1)[1] if k >= 0 else ""
    return parts


def explain_pair(mentee: MenteeProfile, mentor: MentorProfile) -> dict:
    """Score and explain one pair on its own (for pairs already made, which are out of the pool)."""
    a, b = [mentee_record(mentee)], [mentor_record(mentor, 1)]
    vocabulary = scoring.Vocabulary.of(a, b)
    weights = settings_for(mentee.enrolment.programme).weight_map()
    result = scoring.score_all(scoring.encode(a, vocabulary), scoring.encode(b, vocabulary), weights)
    item = result.explain([0], [0])[0]
    readable(item["parts"], vocabulary)
    return item


def build_pool(programme: Programme, *, only_mentee: MenteeProfile | None = None, extra_taken=None) -> Pool:
    """Score the pool, or one mentee against the mentors (`only_mentee`, which may be unsaved: see
    `selectors.mentee_profile`). `extra_taken` maps mentor pk -> places used by pairs not yet saved."""
    if only_mentee is None:
        ensure_mentee_profiles(programme)
    constraints = list(MatchConstraint.objects.filter(programme=programme))
    left_out_mentors = {c.mentor_id for c in constraints if c.kind == MatchConstraint.Kind.EXCLUDE_MENTOR}
    left_out_mentees = {c.mentee_id for c in constraints if c.kind == MatchConstraint.Kind.EXCLUDE_MENTEE}
    mentees = [only_mentee] if only_mentee is not None else list(pool_mentees(programme))
    mentors = [m for m in approved_mentors(programme) if m.pk not in left_out_mentors]
    mentee_records = [mentee_record(m) for m in mentees]
    for record in mentee_records:
        if record["id"] in left_out_mentees and only_mentee is None:
            record["capacity"] = 0
    extra_taken = extra_taken or {}
    mentor_records = [
        mentor_record(m, max(m.capacity - m.taken - extra_taken.get(m.pk, 0), 0)) for m in mentors
    ]
    vocabulary = scoring.Vocabulary.of(mentee_records, mentor_records)
    a, b = scoring.encode(mentee_records, vocabulary), scoring.encode(mentor_records, vocabulary)
    rows = {m.pk: i for i, m in enumerate(mentees)}
    cols = {m.pk: j for j, m in enumerate(mentors)}
    forbidden = set()
    declined = Mentorship.objects.filter(programme=programme, state=Mentorship.State.DECLINED)
    for mentee_id, mentor_id in declined.values_list("mentee_id", "mentor_id"):
        if mentee_id in rows and mentor_id in cols:
            forbidden.add((rows[mentee_id], cols[mentor_id]))
    for c in constraints:
        if c.kind == MatchConstraint.Kind.EXCLUDE_PAIR and c.mentee_id in rows and c.mentor_id in cols:
            forbidden.add((rows[c.mentee_id], cols[c.mentor_id]))
    scores = scoring.score_all(a, b, settings_for(programme).weight_map(), forbidden=forbidden)
    pool = Pool(programme, mentees, mentors, vocabulary, scores)
    pool.forbidden = forbidden
    pool.left_out_mentees = left_out_mentees
    pool.locks = [
        (c.mentee_id, c.mentor_id)
        for c in constraints
        if c.kind == MatchConstraint.Kind.LOCK and c.mentee_id in rows and c.mentor_id in cols
    ]
    return pool


def solve_pool(pool: Pool) -> tuple[list[tuple[int, int, float]], list[int]]:
    """The engine's optimal assignment, with the coordinator's locked pairs kept first."""
    scores = pool.scores
    free = scores.mentors.capacity.copy()
    mentee_free = scores.mentees.capacity.copy()
    fixed = []
    for mentee_pk, mentor_pk in pool.locks:
        i, j = pool.mentee_row(mentee_pk), pool.mentor_col(mentor_pk)
        if mentee_free[i] > 0 and free[j] > 0:
            fixed.append((i, j))
            mentee_free[i] -= 1
            free[j] -= 1
    rows, cols, values = scores.allowed_pairs()
    keep = (mentee_free[rows] > 0) & (free[cols] > 0)
    rows, cols, values = rows[keep], cols[keep], values[keep]
    instance = parse_instance(
        {
            "mentees": [{"id": i, "capacity": int(c)} for i, c in enumerate(mentee_free.tolist())],
            "mentors": [{"id": j, "capacity": int(c)} for j, c in enumerate(free.tolist())],
            # Scores have one decimal; tenths as integers keep the engine exact and fast.
            "pairs": [
                [int(i), int(j), int(v)]
                for i, j, v in zip(rows.tolist(), cols.tolist(), np.rint(values * 10).tolist(), strict=True)
            ],
        }
    )
    result = solve(instance)
    chosen = fixed + [(int(i), int(j)) for i, j in result.matches]
    matched = {i for i, _j in chosen}
    pairs = [(pool.mentees[i].pk, pool.mentors[j].pk, float(scores.score[i, j])) for i, j in chosen]
    unmatched = [m.pk for i, m in enumerate(pool.mentees) if i not in matched]
    return pairs, unmatched


def pool_size(programme: Programme) -> int:
    """How many mentee × mentor pairs a run would score (mentees enrolled in the pool statuses, approved
    mentors): what decides whether a run is made in the request or by the task worker."""
    mentees = Enrolment.objects.filter(programme=programme, status__in=POOL_STATUSES).count()
    mentors = MentorProfile.objects.filter(programme=programme, state=MentorProfile.State.APPROVED).count()
    return mentees * mentors


def suggestions_for(mentee: MenteeProfile, k: int = 3) -> list[dict]:
    """The mentee's best k allowed mentors with free places, each with its explanation."""
    programme = mentee.enrolment.programme
    if not has_consent(mentee.enrolment.participant, Consent.Purpose.MENTOR):
        return []  # nobody is shown to a mentor, nor asked, without the consent
    pool = build_pool(programme, only_mentee=mentee)
    if not pool.mentors:
        return []
    best = pool.scores.top(k)[0]
    cols = [int(j) for j in best.tolist() if j >= 0]
    explanations = pool.explain([(mentee.pk, pool.mentors[j].pk) for j in cols])
    return [
        {"mentor": pool.mentors[j], "score": float(pool.scores.score[0, j]), "parts": e["parts"]}
        for j, e in zip(cols, explanations, strict=True)
    ]
