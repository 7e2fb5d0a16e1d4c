from celery import shared_task

from mailings.services import TemporaryMailError, deliveries_requeue, delivery_send


@shared_task(bind=True, acks_late=True, max_retries=8)
def delivery_send_task(self, delivery_id: int) -> None:
    try:
        delivery_send(delivery_id=delivery_id)
    except TemporaryMailError as exc:
        if self.request.is_eager:
            # In-process (no broker): leave the row pending for the re-queue job.
            return
        raise self.retry(exc=exc, countdown=min(3600, 30 * 2**self.request.retries)) from exc


@shared_task
def deliveries_requeue_task() -> int:
    return deliveries_requeue()
