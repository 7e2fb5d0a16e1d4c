"""Celery tasks of the mail machinery: thin wrappers around mailings.services.

Every task is safe to run twice (rows are locked and their status checked), so late
acknowledgement and re-delivery after a worker crash never send a mail twice, except the
few that were in the middle of being handed to the SMTP server at the crash.
"""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from mailings import services
from mailings.services import TemporaryMailError


def _backoff(retries: int) -> int:
    return min(3600, 30 * 2**retries)


# The send tasks' own time limits: the sweeper takes back the rows of a task still
# "sending" after the hard limit (services.reclaim_after()), so it must stay short.
TIME_LIMITS = {
    "soft_time_limit": services.task_soft_time_limit(),
    "time_limit": services.task_time_limit(),
}


@shared_task(bind=True, acks_late=True, max_retries=8, **TIME_LIMITS)
def delivery_send_task(self, delivery_id: int) -> None:
    try:
        services.delivery_send(delivery_id=delivery_id)
    except TemporaryMailError as exc:
        if self.request.is_eager:
            # In-process (no broker): leave the row pending for the re-queue job.
            return
        countdown = _backoff(self.request.retries)
        services.delivery_retry_noted(delivery_id=delivery_id, countdown=countdown)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task
def deliveries_requeue_task() -> int:
    return services.deliveries_requeue()


@shared_task(acks_late=True)
def mailing_fan_out_task(mailing_id: int) -> int:
    return services.mailing_fan_out(mailing_id=mailing_id)


def _batch_backoff(retries: int) -> int:
    # Short: a mailing resumes within a minute of the SMTP server's return; after the
    # last retry the sweeper keeps trying once a minute.
    return min(60, 15 * 2**retries)


@shared_task(bind=True, acks_late=True, max_retries=8, **TIME_LIMITS)
def mailing_batch_send_task(self, mailing_id: int) -> None:
    """Send one batch of a mailing, then queue the next batch while any remain."""
    try:
        counts = services.mailing_batch_send(mailing_id=mailing_id)
    except TemporaryMailError as exc:
        if self.request.is_eager:
            return  # the sweeper retries later
        countdown = _batch_backoff(self.request.retries)
        services.mailing_batch_retry_noted(mailing_id=mailing_id, countdown=countdown)
        raise self.retry(exc=exc, countdown=countdown) from exc
    except SoftTimeLimitExceeded:
        # The batch freed its unsent rows; a successor goes on with them.
        services.mailing_batches_enqueue(mailing_id=mailing_id, count=1)
        raise
    if counts["claimed"]:
        services.mailing_batches_enqueue(mailing_id=mailing_id, count=1)
    else:
        services.mailing_finish_if_done(mailing_id=mailing_id)


@shared_task
def newsletters_dispatch_task() -> int:
    return services.newsletters_dispatch_due()


@shared_task
def subscriptions_purge_task() -> int:
    return services.subscriptions_purge_unconfirmed()
