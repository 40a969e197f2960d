from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> None:
    from kobling.webhooks.services import webhook_deliver

    webhook_deliver(delivery_id=delivery_id)
