"""Writes of the batch matching: the coordinator's locks and exclusions, a run, and publishing a run's
proposals. Each service a page calls is one durable transaction with its audit row.

A run is made in the coordinator's request when it is small and by the task worker when it is not
(`INLINE_MAX_PAIRS`); either way the programme row is locked while a run starts, and a run still in
progress refuses the next one (the database also holds one run in progress per programme)."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.audit import Action, log_action
from kobling.mentoring.matching.pool import build_pool, pool_size, solve_pool
from kobling.mentoring.matching.tasks import match_run_task
from kobling.mentoring.models import (
    ChoiceMode,
    MatchConstraint,
    MatchRun,
    MenteeProfile,
    MentorProfile,
    Mentorship,
)
from kobling.mentoring.services import mentorship_propose, settings_for
from kobling.programmes.models import Programme

# A run that scores at most this many mentee × mentor pairs is made in the request: scoring and the
# engine take well under a second there (about 0.3 s for 200 mentees × 100 mentors on SQLite, 1 s for
# 300 × 150; bench/bench_mentoring.py builds such programmes). Larger runs go to the task worker and
# the page shows their progress.
INLINE_MAX_PAIRS = 20_000
# A run still waiting or working after this long is taken as lost (its worker stopped) and marked
# failed when the next run starts, so it never blocks the programme for good.
STALE_AFTER = timedelta(minutes=30)

CONSTRAINT_KINDS = (
    MatchConstraint.Kind.LOCK,
    MatchConstraint.Kind.EXCLUDE_PAIR,
    MatchConstraint.Kind.EXCLUDE_MENTEE,
    MatchConstraint.Kind.EXCLUDE_MENTOR,
)


# ------------------------------------------------------------------ locks and exclusions
@transaction.atomic(durable=True)
def match_constraint_add(
    *,
    actor,
    programme: Programme,
    kind: str,
    mentee: MenteeProfile | None = None,
    mentor: MentorProfile | None = None,
) -> MatchConstraint:
    """Lock a pair, or leave a pair, a mentee or a mentor out of the next runs (once; kept between runs)."""
    if kind not in CONSTRAINT_KINDS:
        raise ValidationError(_("Choose a lock or an exclusion."))
    if mentee is not None and mentee.enrolment.programme_id != programme.pk:
        raise ValidationError(_("The mentee is not in this programme."))
    if mentor is not None and mentor.programme_id != programme.pk:
        raise ValidationError(_("The mentor is not in this programme."))
    constraint, created = MatchConstraint.objects.get_or_create(
        programme=programme, kind=kind, mentee=mentee, mentor=mentor, defaults={"created_by": actor}
    )
    if created:
        _audit_constraint(actor, constraint, Action.CREATE)
    return constraint


@transaction.atomic(durable=True)
def match_constraint_remove(*, actor, programme: Programme, constraint_id: int) -> bool:
    """Remove one of the programme's locks or exclusions; False when there was none."""
    constraint = MatchConstraint.objects.filter(programme=programme, pk=constraint_id).first()
    if constraint is None:
        return False
    _audit_constraint(actor, constraint, Action.DELETE)
    constraint.delete()
    return True


@transaction.atomic(durable=True)
def mentee_exclusion_toggle(*, actor, mentee: MenteeProfile) -> bool:
    """Leave the mentee out of the matching, or take them back in. True when they are now left out."""
    programme = mentee.enrolment.programme
    found = MatchConstraint.objects.filter(
        programme=programme, kind=MatchConstraint.Kind.EXCLUDE_MENTEE, mentee=mentee
    ).first()
    if found is not None:
        _audit_constraint(actor, found, Action.DELETE)
        found.delete()
        return False
    created = MatchConstraint.objects.create(
        programme=programme, kind=MatchConstraint.Kind.EXCLUDE_MENTEE, mentee=mentee, created_by=actor
    )
    _audit_constraint(actor, created, Action.CREATE)
    return True


def _audit_constraint(actor, constraint: MatchConstraint, action: Action) -> None:
    fields = ["kind"] + [name for name in ("mentee", "mentor") if getattr(constraint, f"{name}_id")]
    log_action(
        actor=actor,
        action=action,
        obj=constraint,
        organisation=constraint.programme.organisation,
        fields=fields,
        note=constraint.kind,
    )


# ------------------------------------------------------------------ runs
@transaction.atomic(durable=True)
def match_run_start(*, actor, programme: Programme) -> MatchRun:
    """Run the batch matching: made at once when small, else queued for the task worker.

    The programme row is locked first, so two coordinators pressing the button together start one run;
    a run still in progress refuses the next."""
    Programme.objects.select_for_update().get(pk=programme.pk)
    now = timezone.now()
    in_progress = MatchRun.objects.filter(programme=programme, state__in=MatchRun.IN_PROGRESS)
    in_progress.filter(created_at__lt=now - STALE_AFTER).update(state=MatchRun.State.FAILED, finished_at=now)
    if in_progress.exists():
        raise ValidationError(_("The matching is already running. Wait until it has finished."))
    inline = pool_size(programme) <= INLINE_MAX_PAIRS
    run = MatchRun.objects.create(
        programme=programme,
        created_by=actor,
        state=MatchRun.State.SCORING if inline else MatchRun.State.QUEUED,
    )
    log_action(
        actor=actor,
        action=Action.RUN,
        obj=programme,
        organisation=programme.organisation,
        note=f"matching run {run.pk}" + ("" if inline else " (task worker)"),
    )
    if inline:
        _save_result(run, _solve(programme))
    else:
        transaction.on_commit(lambda: match_run_task.enqueue(run.pk))
    return run


def match_run_execute(*, run_id: int) -> MatchRun | None:
    """The task worker's part: make the queued run, saving its progress so the page can show it.

    Each step is its own short transaction; the scoring and the engine run outside any, holding no lock.
    A run that fails is saved as failed (and the error goes to the worker's log)."""
    run = _run_claim(run_id)
    if run is None:
        return None  # already made, or given up
    try:
        values = _solve(run.programme, progress=lambda mentees, mentors: _run_progress(run, mentees, mentors))
    except Exception:
        _run_finish(run, {}, state=MatchRun.State.FAILED)
        raise
    return _run_finish(run, values, state=MatchRun.State.DONE)


def _solve(programme: Programme, progress=None) -> dict:
    """Score the pool and find the best pairs: the values of the run's fields."""
    started = time.perf_counter()
    pool = build_pool(programme)
    if progress is not None:
        progress(len(pool.mentees), len(pool.mentors))
    pairs, unmatched = solve_pool(pool)
    explanations = pool.explain([(a, b) for a, b, _s in pairs])
    return {
        "pairs": [[a, b, s, e["parts"]] for (a, b, s), e in zip(pairs, explanations, strict=True)],
        "unmatched": unmatched,
        "pool_mentees": len(pool.mentees),
        "pool_mentors": len(pool.mentors),
        "total_score": round(sum(s for _a, _b, s in pairs), 1),
        "seconds": round(time.perf_counter() - started, 3),
    }


def _save_result(run: MatchRun, values: dict, state: str = MatchRun.State.DONE) -> MatchRun:
    for name, value in values.items():
        setattr(run, name, value)
    run.state, run.finished_at = state, timezone.now()
    run.save()
    return run


@transaction.atomic(durable=True)
def _run_claim(run_id: int) -> MatchRun | None:
    run = MatchRun.objects.select_for_update().select_related("programme").filter(pk=run_id).first()
    if run is None or run.state != MatchRun.State.QUEUED:
        return None
    run.state = MatchRun.State.SCORING
    run.save(update_fields=["state"])
    return run


@transaction.atomic(durable=True)
def _run_progress(run: MatchRun, mentees: int, mentors: int) -> None:
    MatchRun.objects.filter(pk=run.pk, state=MatchRun.State.SCORING).update(
        state=MatchRun.State.SOLVING, pool_mentees=mentees, pool_mentors=mentors
    )


@transaction.atomic(durable=True)
def _run_finish(run: MatchRun, values: dict, *, state: str) -> MatchRun:
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if not locked.in_progress:
        return locked  # given up meanwhile (see STALE_AFTER): a newer run may be on its way
    return _save_result(locked, values, state)


# ------------------------------------------------------------------ the mentee's choice
@transaction.atomic(durable=True)
def mentorship_request(
    *, actor, mentee: MenteeProfile, mentor: MentorProfile, score: float, explanation: list
) -> Mentorship:
    """In the mentee's-choice mode, the mentee asks one of their suggested mentors (who then answers)."""
    if settings_for(mentee.enrolment.programme).choice_mode != ChoiceMode.MENTEE_PICKS:
        raise ValidationError(_("In this programme the coordinator makes the pairs."))
    return mentorship_propose(
        actor=actor, mentee=mentee, mentor=mentor, score=score, explanation=explanation, requested=True
    )


# ------------------------------------------------------------------ publishing
@transaction.atomic(durable=True)
def match_run_publish(*, actor, run: MatchRun) -> tuple[int, int]:
    """Turn the run's pairs into proposals (each e-mailed); pairs that no longer fit are skipped.

    Returns (proposals made, pairs skipped). The coordinator's locks have done their work and go."""
    run = MatchRun.objects.select_for_update().select_related("programme__organisation").get(pk=run.pk)
    if run.published_at:
        raise ValidationError(_("These proposals are already published."))
    if not run.is_done:
        raise ValidationError(_("The matching has not finished yet."))
    mentees = MenteeProfile.objects.in_bulk([p[0] for p in run.pairs])
    mentors = MentorProfile.objects.in_bulk([p[1] for p in run.pairs])
    made = skipped = 0
    for mentee_id, mentor_id, score, parts in run.pairs:
        mentee, mentor = mentees.get(mentee_id), mentors.get(mentor_id)
        if mentee is None or mentor is None:
            skipped += 1
            continue
        try:
            with transaction.atomic():
                mentorship_propose(
                    actor=actor, mentee=mentee, mentor=mentor, score=score, explanation=parts, run=run
                )
        except ValidationError:
            skipped += 1
        else:
            made += 1
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    MatchConstraint.objects.filter(programme=run.programme, kind=MatchConstraint.Kind.LOCK).delete()
    log_action(
        actor=actor,
        action=Action.PUBLISH,
        obj=run.programme,
        organisation=run.programme.organisation,
        note=f"matching run {run.pk}: {made} proposed, {skipped} left out",
    )
    return made, skipped
