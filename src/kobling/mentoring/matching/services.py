"""Writes of the batch matching: the coordinator's locks and exclusions, a run, and publishing a run's
proposals. Each service a page calls is one durable transaction with its audit row.

A run is made in the coordinator's request when it is small and by the task worker when it is not
(`INLINE_MAX_PAIRS`); either way the programme row is locked while a run starts, and a run still in
progress refuses the next one (the database also holds one run in progress per programme).

Publishing goes the same way (`INLINE_MAX_PROPOSALS`): the programme row is locked, then the run's; a
run is published once, one publish at a time per programme, and no run starts while one is published.
The worker publishes in one transaction, so a publish that fails has sent nothing and can be redone."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kobling.core.audit import Action, log_action
from kobling.mentoring.matching.pool import build_pool, pool_size, solve_pool
from kobling.mentoring.matching.tasks import match_run_publish_task, match_run_task
from kobling.mentoring.models import (
    ChoiceMode,
    MatchConstraint,
    MatchRun,
    MenteeProfile,
    MentorProfile,
    Mentorship,
)
from kobling.mentoring.services import mentee_profile_for, mentorship_propose, settings_for
from kobling.programmes.models import Programme

# A run that scores at most this many mentee × mentor pairs is made in the request: scoring and the
# engine take well under a second there (about 0.3 s for 200 mentees × 100 mentors on SQLite, 1 s for
# 300 × 150; bench/bench_mentoring.py builds such programmes). Larger runs go to the task worker and
# the page shows their progress.
INLINE_MAX_PAIRS = 20_000
# Publishing makes each proposal with its status row and audit row, and renders and queues two e-mails
# (mentee and mentor) with their delivery tasks: 15 to 60 ms a proposal on SQLite, more the more pairs
# the programme has (bench/bench_mentoring.py: 293 proposals took 16.8 s in the request before they
# went to the worker, 9.4 s in the worker; 17 took 0.25 to 0.5 s in the request). A run of at most this
# many pairs is published in the coordinator's request, well within a second; a larger one by the task
# worker while the page polls.
INLINE_MAX_PROPOSALS = 20
# A run, or a publish, still waiting or working after this long is taken as lost (its worker stopped)
# and marked failed when the next one starts, so it never blocks the programme for good.
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
    give_up_lost(programme)
    runs = MatchRun.objects.filter(programme=programme)
    if runs.filter(state__in=MatchRun.IN_PROGRESS).exists():
        raise ValidationError(_("The matching is already running. Wait until it has finished."))
    if runs.filter(publish_state__in=MatchRun.PUBLISHING).exists():
        raise ValidationError(_("The proposals are being published. Wait until it has finished."))
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


def give_up_lost(programme: Programme) -> None:
    """Mark the programme's runs and publishes in progress for longer than STALE_AFTER as failed.

    The caller holds the programme row. A publish the worker is still making holds its run's row, so
    this waits for it and then finds it finished."""
    now = timezone.now()
    runs = MatchRun.objects.filter(programme=programme)
    runs.filter(state__in=MatchRun.IN_PROGRESS, created_at__lt=now - STALE_AFTER).update(
        state=MatchRun.State.FAILED, finished_at=now
    )
    runs.filter(publish_state__in=MatchRun.PUBLISHING, publish_started_at__lt=now - STALE_AFTER).update(
        publish_state=MatchRun.Publish.FAILED
    )


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
    """In the mentee's-choice mode, the mentee asks one of their suggested mentors (who then answers).

    A mentee who has not saved their wishes gets their (empty) profile here."""
    if settings_for(mentee.enrolment.programme).choice_mode != ChoiceMode.MENTEE_PICKS:
        raise ValidationError(_("In this programme the coordinator makes the pairs."))
    if mentee.pk is None:
        mentee = mentee_profile_for(mentee.enrolment)
    return mentorship_propose(
        actor=actor, mentee=mentee, mentor=mentor, score=score, explanation=explanation, requested=True
    )


# ------------------------------------------------------------------ publishing
@transaction.atomic(durable=True)
def match_run_publish(*, actor, run: MatchRun) -> MatchRun:
    """Publish the run's proposals: at once when it has few pairs, else queued for the task worker.

    The programme row is locked first (as a run's start does), then the run's: a run is published once
    (again, it raises a ValidationError with the code "published"), and while it is being published a
    second confirmation raises one with the code "publishing". Returns the run, published or queued."""
    programme = Programme.objects.select_for_update().get(pk=run.programme_id)
    give_up_lost(programme)
    run = MatchRun.objects.select_for_update().select_related("programme__organisation").get(pk=run.pk)
    if run.is_published:
        raise ValidationError(_("These proposals are already published."), code="published")
    publishing = MatchRun.objects.filter(programme=programme, publish_state__in=MatchRun.PUBLISHING)
    if run.publishing or publishing.exists():
        raise ValidationError(
            _("The proposals are being published. Wait until it has finished."), code="publishing"
        )
    if not run.is_done:
        raise ValidationError(_("The matching has not finished yet."))
    run.published_by, run.publish_started_at = actor, timezone.now()
    if len(run.pairs) <= INLINE_MAX_PROPOSALS:
        return _publish(run, actor=actor)
    run.publish_state = MatchRun.Publish.QUEUED
    run.save(update_fields=["published_by", "publish_started_at", "publish_state"])
    log_action(
        actor=actor,
        action=Action.PUBLISH,
        obj=programme,
        organisation=programme.organisation,
        note=f"matching run {run.pk}: {len(run.pairs)} pairs queued for the task worker",
    )
    transaction.on_commit(lambda: match_run_publish_task.enqueue(run.pk))
    return run


def match_run_publish_execute(*, run_id: int) -> MatchRun | None:
    """The task worker's part: publish the queued run's proposals, in one transaction.

    The run is marked as sending first (the page shows it), then every proposal is made and e-mailed
    and the run marked published in one transaction; when anything fails, all of it rolls back (no
    e-mail leaves: the outbox sends only what commits) and the run is saved as failed, to be published
    again (the error goes to the worker's log)."""
    if not _publish_claim(run_id):
        return None  # already published, or given up
    try:
        return _publish_in_worker(run_id)
    except Exception:
        _publish_failed(run_id)
        raise


@transaction.atomic(durable=True)
def _publish_claim(run_id: int) -> bool:
    return bool(
        MatchRun.objects.filter(pk=run_id, publish_state=MatchRun.Publish.QUEUED).update(
            publish_state=MatchRun.Publish.SENDING
        )
    )


@transaction.atomic(durable=True)
def _publish_in_worker(run_id: int) -> MatchRun:
    run = MatchRun.objects.select_for_update().select_related("programme__organisation").get(pk=run_id)
    if run.publish_state != MatchRun.Publish.SENDING:
        return run  # given up meanwhile (see STALE_AFTER)
    return _publish(run, actor=run.published_by, note=" (task worker)")


@transaction.atomic(durable=True)
def _publish_failed(run_id: int) -> None:
    MatchRun.objects.filter(pk=run_id, publish_state__in=MatchRun.PUBLISHING).update(
        publish_state=MatchRun.Publish.FAILED
    )


def _publish(run: MatchRun, *, actor, note: str = "") -> MatchRun:
    """Turn the locked run's pairs into proposals (each e-mailed); pairs that no longer fit are left out.

    The coordinator's locks have done their work and go."""
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
    run.published_at, run.publish_state = timezone.now(), MatchRun.Publish.DONE
    run.proposals_made, run.proposals_left_out = made, skipped
    run.save()
    MatchConstraint.objects.filter(programme=run.programme, kind=MatchConstraint.Kind.LOCK).delete()
    log_action(
        actor=actor,
        action=Action.PUBLISH,
        obj=run.programme,
        organisation=run.programme.organisation,
        note=f"matching run {run.pk}: {made} proposed, {skipped} left out{note}",
    )
    return run
