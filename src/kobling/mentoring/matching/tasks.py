"""The batch matching's long work, done by the task worker (`kobling db_worker`) so the coordinator's
request returns at once: making a large programme's run, and publishing a run's many proposals (two
e-mails each). The pages poll the run's state meanwhile."""

from django_tasks import task


@task()
def match_run_task(run_id: int) -> str:
    """Make the queued run `run_id`; returns the state it ended in."""
    from kobling.mentoring.matching.services import match_run_execute

    run = match_run_execute(run_id=run_id)
    return run.state if run is not None else "skipped"


@task()
def match_run_publish_task(run_id: int) -> str:
    """Publish the proposals of run `run_id`, queued by the coordinator's confirmation; returns the
    publishing state it ended in."""
    from kobling.mentoring.matching.services import match_run_publish_execute

    run = match_run_publish_execute(run_id=run_id)
    return run.publish_state if run is not None else "skipped"
