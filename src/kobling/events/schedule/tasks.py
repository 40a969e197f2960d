"""The task worker's part of generating a large event's schedule (see `services.solves_in_request`)."""

from django_tasks import task


@task()
def schedule_run_task(run_id: int) -> None:
    from kobling.events.schedule.services import schedule_run_execute

    schedule_run_execute(run_id=run_id)
