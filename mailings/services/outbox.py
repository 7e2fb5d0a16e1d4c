"""Writes of the mail outbox: queue a single mail, hand it to the broker, send it.

Single (transactional) mails are rows written in the caller's transaction and sent by a
task after the commit; a temporary failure is retried later, a permanent one recorded.
The time limits and errors here are shared with the bulk sender (bulk.py).
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mailings.models import Delivery
from mailings.rendering import delivery_message

logger = logging.getLogger(__name__)

# A temporary failure is retried with backoff; after this many attempts it is recorded as
# failed (never silently dropped) for staff to see.
MAX_ATTEMPTS = 10
# A row still "sending" this long after its claim lost its worker: the send tasks' hard
# time limit (task_time_limit()) has ended the task by then, so nobody sends it any more.
RECLAIM_GRACE = timedelta(seconds=30)
# A pending single mail not handed to the broker in this time lost its broker message; a
# mailing with pending rows and no batch claimed or queued in this time lost its batches
# (a Redis restarted empty, say). The sweeper runs every minute: work resumes within two.
REQUEUE_AFTER = timedelta(seconds=60)
QUEUES = {Delivery.Kind.TRANSACTIONAL: "transactional", Delivery.Kind.BULK: "bulk"}


def task_time_limit() -> int:
    """Hard time limit of the send tasks in seconds (Celery ends a task that runs longer)."""
    return int(getattr(settings, "MAILINGS_TASK_TIME_LIMIT", 60))


def task_soft_time_limit() -> int:
    return max(1, task_time_limit() * 3 // 4)


def reclaim_after() -> timedelta:
    """When a row claimed for sending is taken back: after the task's time limit."""
    return timedelta(seconds=task_time_limit()) + RECLAIM_GRACE


class TemporaryMailError(Exception):
    """The mail could not be sent now (SMTP down or a 4xx answer); try again later."""


def transactional_mail_queue(
    *,
    to: str,
    template: str,
    context: dict,
    language: str,
    reply_to: str = "",
    attachments: Iterable[dict] = (),
    dedupe_key: str | None = None,
) -> Delivery:
    """Write a pending mail to the outbox and queue its sending after the commit.

    Side effects: one Delivery row (none if `dedupe_key` was already queued); after the
    surrounding transaction commits, a send task on the transactional queue. If the broker
    is down the row stays pending and `deliveries_requeue` sends it later. `context` must be
    JSON-serialisable (ids, strings, absolute URLs), `attachments` a list of
    {"filename", "content" (text), "mimetype"}.
    """
    fields = {
        "kind": Delivery.Kind.TRANSACTIONAL,
        "to_email": to,
        "template": template,
        "context": context,
        "language": language,
        "reply_to": reply_to,
        "attachments": list(attachments),
    }
    if dedupe_key:
        delivery, created = Delivery.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
        if not created:
            return delivery
    else:
        delivery = Delivery.objects.create(**fields)
    transaction.on_commit(lambda: delivery_enqueue(delivery_id=delivery.pk, kind=delivery.kind))
    return delivery


def delivery_enqueue(*, delivery_id: int, kind: str = Delivery.Kind.TRANSACTIONAL) -> bool:
    """Hand a delivery to the broker. Never raises: on failure the row stays pending."""
    from mailings.tasks import delivery_send_task

    Delivery.objects.filter(pk=delivery_id).update(enqueued_at=timezone.now())
    try:
        delivery_send_task.apply_async(kwargs={"delivery_id": delivery_id}, queue=QUEUES[kind])
    except Exception:
        # Broker unreachable (or, with in-process tasks, the send failed): the outbox row
        # is safe in the database and the re-queue job picks it up.
        logger.warning("Delivery %s not queued now; it will be retried", delivery_id, exc_info=True)
        return False
    return True


def delivery_retry_noted(*, delivery_id: int, countdown: int) -> None:
    """Record that a single mail's task retries in `countdown` s: the sweeper waits for it."""
    Delivery.objects.filter(pk=delivery_id).update(
        enqueued_at=timezone.now() + timedelta(seconds=countdown)
    )


def is_permanent_error(exc: Exception) -> bool:
    """Whether an SMTP error is a permanent refusal (5xx), which retrying will not change."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def delivery_send(*, delivery_id: int) -> str | None:
    """Send one pending delivery; safe to call twice (the second call does nothing).

    Side effects: the mail goes out over the configured mailer; the row moves to sent
    (with its Message-ID), back to pending (temporary failure; raises TemporaryMailError)
    or to failed (permanent failure or too many attempts). Returns the new status, or
    None when the row was not pending (already sent, or another worker has it).
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        try:
            message = delivery_message(delivery)
        except Exception as exc:
            # A broken template will not heal by retrying: record it for staff.
            logger.exception("Delivery %s could not be rendered", delivery_id)
            _finish(delivery, Delivery.Status.FAILED, f"render: {exc}")
            return Delivery.Status.FAILED
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.sending_started_at = timezone.now()
        # Kept across retries, so a re-sent mail carries the same Message-ID.
        delivery.message_id = message.extra_headers["Message-ID"]
        delivery.save(update_fields=["status", "attempts", "sending_started_at", "message_id"])
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        if is_permanent_error(exc) or delivery.attempts >= MAX_ATTEMPTS:
            _finish(delivery, Delivery.Status.FAILED, repr(exc))
            return Delivery.Status.FAILED
        _finish(delivery, Delivery.Status.PENDING, repr(exc))
        raise TemporaryMailError(repr(exc)) from exc
    _finish(delivery, Delivery.Status.SENT, "")
    return Delivery.Status.SENT


def _finish(delivery: Delivery, status: str, error: str) -> None:
    """Record a delivery's result."""
    delivery.status = status
    delivery.last_error = error
    fields = ["status", "last_error"]
    if status == Delivery.Status.SENT:
        delivery.sent_at = timezone.now()
        fields.append("sent_at")
    delivery.save(update_fields=fields)
