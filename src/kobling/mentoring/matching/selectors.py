"""Reads of the batch matching: the programme's runs, the proposals a run made, what publishing it would
send, and why the mentees left over got nobody. The programme is always one the caller may manage
(`kobling.mentoring.selectors.programme_for_manager`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from kobling.mentoring import describe, scoring
from kobling.mentoring.matching.pool import build_pool, mentees_without_consent
from kobling.mentoring.models import MatchConstraint, MatchRun, MenteeProfile, MentorProfile, Mentorship
from kobling.mentoring.selectors import mentor_consent
from kobling.programmes.models import Programme


def latest_run(programme: Programme) -> MatchRun | None:
    """The programme's newest run, whatever its state."""
    return MatchRun.objects.filter(programme=programme).order_by("-created_at", "-id").first()


def proposals_run(programme: Programme) -> MatchRun | None:
    """The newest run when it holds proposals not yet published (done, not published), else None."""
    run = latest_run(programme)
    return run if run is not None and run.is_done and run.published_at is None else None


def programme_run(programme: Programme, pk) -> MatchRun | None:
    """The programme's run `pk` (as a form sends it), or None."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return MatchRun.objects.filter(programme=programme, pk=pk).first()


def latest_publish(programme: Programme) -> MatchRun | None:
    """The programme's newest run that is published, being published, or failed to be."""
    runs = MatchRun.objects.filter(programme=programme).exclude(publish_state=MatchRun.Publish.NOT_YET)
    return runs.select_related("published_by").order_by("-created_at", "-id").first()


# ------------------------------------------------------------------ the matching page
def run_rows(run: MatchRun, constraints: list[MatchConstraint]) -> tuple[list[dict], list[MenteeProfile]]:
    """The run's proposals (mentee, mentor, score, explanation, locked?) and the mentees it left over."""
    mentee_ids = [p[0] for p in run.pairs] + run.unmatched
    mentees = MenteeProfile.objects.select_related("enrolment__participant").in_bulk(mentee_ids)
    mentors = MentorProfile.objects.select_related("occupation").in_bulk([p[1] for p in run.pairs])
    titles = describe.occupation_titles(describe.codes_in(p[3] for p in run.pairs))
    locked = {(c.mentee_id, c.mentor_id) for c in constraints if c.kind == MatchConstraint.Kind.LOCK}
    rows = [
        {
            "mentee": mentees[mentee_id],
            "mentor": mentors[mentor_id],
            "score": score,
            "text": describe.explanation_text(parts, titles),
            "parts": describe.explanation_rows(parts, titles),
            "locked": (mentee_id, mentor_id) in locked,
        }
        for mentee_id, mentor_id, score, parts in run.pairs
        if mentee_id in mentees and mentor_id in mentors
    ]
    return rows, [mentees[i] for i in run.unmatched if i in mentees]


# ------------------------------------------------------------------ publishing
@dataclass
class PublishRow:
    """One pair of a run as publishing it would go: proposed (both e-mailed) or left out, and why."""

    mentee: MenteeProfile
    mentor: MentorProfile
    score: float
    problem: str = ""

    @property
    def participant(self):
        return self.mentee.enrolment.participant

    @property
    def emails(self) -> list[str]:
        """The addresses the proposal goes to (a person without an address is told another way)."""
        if self.problem:
            return []
        return [to for to in (self.participant.email, self.mentor.email) if to]


def publish_preview(run: MatchRun) -> list[PublishRow]:
    """Who gets which e-mail if the run is published, read with a fixed number of queries.

    The same checks as `mentorship_propose`, in the run's order, counting the places earlier pairs of
    the run take; publishing checks each pair again under locks, so a change made in between (a
    withdrawn consent, a new pair) leaves that pair out rather than sending it."""
    mentee_ids, mentor_ids = [p[0] for p in run.pairs], [p[1] for p in run.pairs]
    open_pair = Mentorship.objects.filter(mentee=OuterRef("pk"), state__in=Mentorship.OPEN)
    mentees = (
        MenteeProfile.objects.filter(pk__in=mentee_ids)
        .select_related("enrolment__participant")
        .annotate(consents=mentor_consent(), has_pair=Exists(open_pair))
        .in_bulk()
    )
    mentors = (
        MentorProfile.objects.filter(pk__in=mentor_ids)
        .annotate(taken=Count("mentorships", filter=Q(mentorships__state__in=Mentorship.TAKES_CAPACITY)))
        .in_bulk()
    )
    declined = set(
        Mentorship.objects.filter(
            mentee_id__in=mentee_ids, mentor_id__in=mentor_ids, state=Mentorship.State.DECLINED
        ).values_list("mentee_id", "mentor_id")
    )
    used: dict[int, int] = {}
    rows = []
    for mentee_id, mentor_id, score, *_parts in run.pairs:
        mentee, mentor = mentees.get(mentee_id), mentors.get(mentor_id)
        if mentee is None or mentor is None:
            continue  # gone from the programme: nothing to show, nothing is sent
        problem = publish_problem(mentee, mentor, (mentee_id, mentor_id) in declined, used.get(mentor_id, 0))
        if not problem:
            used[mentor_id] = used.get(mentor_id, 0) + 1
        rows.append(PublishRow(mentee=mentee, mentor=mentor, score=score, problem=problem))
    return rows


def publish_problem(mentee: MenteeProfile, mentor: MentorProfile, declined: bool, used: int) -> str:
    """Why a pair of the run would be left out when published ("" when it would be proposed).

    `mentee` carries the `consents` and `has_pair` annotations, `mentor` the `taken` one; `used` is the
    mentor's places taken by the run's earlier pairs."""
    if not mentee.consents:
        return _("The mentee has not agreed to share their profile with a mentor.")
    if mentee.has_pair:
        return _("The mentee already has a mentor or a proposal.")
    if mentor.state != MentorProfile.State.APPROVED:
        return _("The mentor is not approved.")
    if mentor.taken + used >= mentor.capacity:
        return _("%(name)s has no free place.") % {"name": mentor.full_name}
    if declined:
        return _("This pair said no before and is never proposed again.")
    return ""


def publish_summary(run: MatchRun | None) -> dict:
    """The publish page's rows: the pairs proposed, those left out, and the e-mails publishing sends."""
    rows = publish_preview(run) if run is not None else []
    proposed = [row for row in rows if not row.problem]
    return {
        "proposed": proposed,
        "left_out": [row for row in rows if row.problem],
        "sending": sum(len(row.emails) for row in proposed),
        "without_email": [row.participant for row in proposed if not row.participant.email],
    }


# ------------------------------------------------------------------ the mentees left over
def unmatched_report(programme: Programme, run: MatchRun | None = None) -> dict:
    """Per mentee still without a mentor, why; and which mentor profiles to recruit next."""
    run = run if run is not None else latest_run(programme)
    use_run = run is not None and run.is_done and run.published_at is None
    taken: dict[int, int] = {}
    in_run: set[int] = set()
    if use_run:
        for mentee_id, mentor_id, *_rest in run.pairs:
            taken[mentor_id] = taken.get(mentor_id, 0) + 1
            in_run.add(mentee_id)
    pool = build_pool(programme, extra_taken=taken)
    rows = [i for i, m in enumerate(pool.mentees) if m.pk not in in_run]
    forbidden_by_row: dict[int, list[int]] = {}
    for i, j in pool.forbidden:
        forbidden_by_row.setdefault(i, []).append(j)
    people = []
    for i in rows:
        mentee = pool.mentees[i]
        reason = scoring.unmatched_reason(
            pool.scores.mentees,
            pool.scores.mentors,
            i,
            forbidden_cols=forbidden_by_row.get(i, []),
            excluded=mentee.pk in pool.left_out_mentees,
        )
        if "languages" in reason:
            reason["languages"] = [pool.vocabulary.languages[k] for k in reason["languages"]]
        people.append({"mentee": mentee, "reason": reason})
    needs = scoring.recruitment_needs(pool.scores.mentees, rows, pool.vocabulary)
    return {
        "people": people,
        "needs": needs,
        "run": run if use_run else None,
        "mentors": len(pool.mentors),
        # Out of the pool (and of the needs) until they agree; listed so the coordinator can follow up.
        "no_consent": list(mentees_without_consent(programme)),
    }


def _wanted(mentee: MenteeProfile) -> list:
    return [o for o in mentee.enrolment.participant.target_occupations.all() if o.level == 4]


def unmatched_summary(programme: Programme) -> dict:
    """The unmatched report in words: each mentee's reason, the profiles to recruit, those without consent."""
    report = unmatched_report(programme)
    codes = {r["reason"].get("profession") for r in report["people"]} | {
        n["profession"] for n in report["needs"]
    }
    codes |= {o.code for r in report["people"] for o in _wanted(r["mentee"])}
    titles = describe.occupation_titles(c for c in codes if c)
    return {
        "people": [
            {
                "mentee": r["mentee"],
                "reason": describe.reason_text(r["reason"], titles),
                "code": r["reason"]["code"],
                "occupations": _wanted(r["mentee"]),
            }
            for r in report["people"]
        ],
        "needs": [{"text": describe.need_text(n, titles), "mentees": n["mentees"]} for n in report["needs"]],
        "run": report["run"],
        "no_consent": [{"mentee": m, "occupations": _wanted(m)} for m in report["no_consent"]],
    }
