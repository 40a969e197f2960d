from django_tasks import task


@task()
def deliver_email(email_id: int) -> None:
    from kobling.notifications.services import email_deliver

    email_deliver(email_id=email_id)
