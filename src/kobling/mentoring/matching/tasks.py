"""The batch matching of a large programme, made by the task worker (`kobling db_worker`) so the
coordinator's request returns at once; the matching page polls the run's state meanwhile."""

from django_tasks import task


@task()
def match_run_task(run_id: int) -> str:
    """Make the queued run `run_id`; returns the state it ended in."""
    from kobling.mentoring.matching.services import match_run_execute

    run = match_run_execute(run_id=run_id)
    return run.state if run is not None else "skipped"
