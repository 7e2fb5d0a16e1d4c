"""Writes of bulk mail: mailings, their fan-out to recipients, and batch sending.

A mailing lists its recipients as delivery rows in one transaction, then batch tasks
claim and send them over one SMTP connection each.
"""

import logging
import secrets
import smtplib
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from mailings import rendering
from mailings.models import Delivery, Mailing, Newsletter, Subscriber, Suppression, Topic, email_key
from mailings.rate import rate_limit_wait
from mailings.rendering import delivery_message, message_domain
from mailings.services.outbox import (
    MAX_ATTEMPTS,
    TemporaryMailError,
    is_permanent_error,
    task_soft_time_limit,
)
from mailings.services.subscriptions import suppression_add

logger = logging.getLogger(__name__)

# Bulk: a slow (rate-limited) batch writes back its sent rows at least this often, so a
# crash leaves at most this much mail "sent but not recorded".
RECORD_EVERY_SECONDS = 1.0


def _batch_seconds() -> float:
    # A batch sends for at most this long and leaves the rest to its successor, so it
    # ends well before its soft time limit whatever the batch size and the rate limit.
    return task_soft_time_limit() / 2


def _batch_size() -> int:
    return getattr(settings, "MAILINGS_BATCH_SIZE", 50)


def _parallel_batches() -> int:
    return getattr(settings, "MAILINGS_PARALLEL_BATCHES", 4)


def mailing_recipients(*, topics: Iterable[str]):
    """Confirmed subscribers of any of `topics` whose address is not suppressed."""
    return (
        Subscriber.objects.filter(
            status=Subscriber.Status.CONFIRMED,
            subscriptions__topic__in=list(topics),
        )
        .exclude(email_key__in=Suppression.objects.values("email_key"))
        .distinct()
    )


def mailing_create(
    *,
    kind: str,
    topics: list[str],
    subjects: dict[str, str],
    bodies: dict[str, str],
    dedupe_key: str | None,
) -> tuple[Mailing, bool]:
    """Write a mailing (or return the one already made for `dedupe_key`) and whether it is new.

    Raises ValueError for an unknown topic or when no language has both a subject and a
    body. Side effects: after commit, the fan-out task of a new mailing.
    """
    for topic in topics:
        if not Topic.is_valid(topic):
            raise ValueError(f"unknown topic {topic!r}")
    languages = [code for code, _name in settings.LANGUAGES]
    fields = {
        "kind": kind,
        "topics": list(topics),
        "subjects": {code: subjects.get(code, "") for code in languages},
        "bodies": {code: bodies.get(code, "") for code in languages},
    }
    if not any(fields["subjects"][code] and fields["bodies"][code] for code in languages):
        raise ValueError("a mailing needs a subject and a body in at least one language")
    if dedupe_key:
        mailing, created = Mailing.objects.get_or_create(dedupe_key=dedupe_key, defaults=fields)
    else:
        mailing, created = Mailing.objects.create(**fields), True
    if created:
        transaction.on_commit(lambda: mailing_fan_out_enqueue(mailing_id=mailing.pk))
    return mailing, created


@transaction.atomic
def announcement_queue(
    *, topic: str, subjects: dict[str, str], bodies: dict[str, str], dedupe_key: str
) -> Mailing:
    """Queue a bulk mailing (an event announcement) to every confirmed subscriber of `topic`.

    `subjects` and `bodies` (Markdown) are keyed by language ("fi", "sv"); each recipient
    gets their own language, or the other edition when theirs is missing. Idempotent per
    `dedupe_key`: a second call returns the first mailing and sends nothing more.
    Side effects: a Mailing row; after commit, a fan-out task that writes one delivery per
    recipient and starts the batch senders. Not durable: events' event_announce runs it
    inside its own transaction.
    """
    mailing, _created = mailing_create(
        kind=Mailing.Kind.ANNOUNCEMENT,
        topics=[topic],
        subjects=subjects,
        bodies=bodies,
        dedupe_key=dedupe_key,
    )
    return mailing


def mailing_fan_out_enqueue(*, mailing_id: int) -> bool:
    """Hand a mailing's fan-out to the broker. Never raises: the sweeper retries it."""
    from mailings.tasks import mailing_fan_out_task

    try:
        mailing_fan_out_task.apply_async(kwargs={"mailing_id": mailing_id}, queue="bulk")
    except Exception:
        logger.warning("Mailing %s fan-out not queued now", mailing_id, exc_info=True)
        return False
    return True


def _deliveries_insert(*, mailing: Mailing, now: datetime) -> None:
    """One pending delivery per recipient, written by the database in one statement.

    INSERT … SELECT: a national list of 100,000 recipients never travels through Python
    (model instances per row took longer than sending the first thousands of mails).
    The unique constraint per mailing and address makes a second run add nothing.
    """
    recipients = (
        mailing_recipients(topics=mailing.topics).order_by().values_list("pk", "email", "language")
    )
    select_sql, select_params = recipients.query.sql_with_params()
    table = connection.ops.quote_name(Delivery._meta.db_table)
    fields = {
        "kind": Delivery.Kind.BULK,
        "template": "mailing",
        "context": {},
        "attachments": [],
        "reply_to": "",
        "status": Delivery.Status.PENDING,
        "attempts": 0,
        "last_error": "",
        "message_id": "",
        "created_at": now,
        "enqueued_at": now,
        "mailing": mailing.pk,
    }
    columns, values = [], []
    for name, value in fields.items():
        field = Delivery._meta.get_field(name)
        columns.append(connection.ops.quote_name(field.column))
        values.append(field.get_db_prep_save(value, connection))
    recipient_columns = [
        connection.ops.quote_name(Delivery._meta.get_field(name).column)
        for name in ("subscriber", "to_email", "language")
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(recipient_columns + columns)}) "  # noqa: S608
            f"SELECT r.*, {', '.join(['%s'] * len(values))} FROM ({select_sql}) AS r "
            "ON CONFLICT DO NOTHING",
            [*values, *select_params],
        )


def mailing_fan_out(*, mailing_id: int) -> int:
    """List a mailing's recipients as pending deliveries, all in one transaction.

    Side effects: one Delivery per recipient (unique per mailing and address, so running
    this twice adds nothing); the mailing is marked sending; after commit, batch tasks.
    Returns the number of deliveries of the mailing.
    """
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing_id)
        if mailing.fanned_out_at is None:
            now = timezone.now()
            _deliveries_insert(mailing=mailing, now=now)
            mailing.fanned_out_at = now
            mailing.status = Mailing.Status.SENDING
            mailing.save(update_fields=["fanned_out_at", "status"])
            transaction.on_commit(lambda: mailing_batches_enqueue(mailing_id=mailing_id))
        return mailing.deliveries.count()


def mailing_batches_enqueue(
    *, mailing_id: int, count: int | None = None, countdown: int = 0
) -> int:
    """Start `count` parallel batch senders for a mailing (in `countdown` s). Never raises.

    Side effects: the mailing's batches_enqueued_at becomes the time the batches are due,
    which tells the sweeper (and staff) that the mailing has a batch on its way.
    """
    from mailings.tasks import mailing_batch_send_task

    due = timezone.now() + timedelta(seconds=countdown)
    Mailing.objects.filter(pk=mailing_id).update(batches_enqueued_at=due)
    queued = 0
    for _index in range(count or _parallel_batches()):
        try:
            mailing_batch_send_task.apply_async(
                kwargs={"mailing_id": mailing_id}, queue="bulk", countdown=countdown or None
            )
        except Exception:
            logger.warning("Mailing %s batch not queued now", mailing_id, exc_info=True)
            break
        queued += 1
    return queued


def mailing_batch_retry_noted(*, mailing_id: int, countdown: int) -> None:
    """Record that a batch of the mailing is retried in `countdown` s (the sweeper waits)."""
    due = timezone.now() + timedelta(seconds=countdown)
    Mailing.objects.filter(pk=mailing_id).update(batches_enqueued_at=due)


def mailing_finish_if_done(*, mailing_id: int) -> bool:
    """Mark a mailing done when none of its deliveries waits or is being sent."""
    open_rows = Delivery.objects.filter(
        mailing_id=mailing_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    if open_rows.exists():
        return False
    Mailing.objects.filter(pk=mailing_id, finished_at__isnull=True).update(
        status=Mailing.Status.DONE, finished_at=timezone.now()
    )
    Newsletter.objects.filter(mailing_id=mailing_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    return True


def _claim(*, mailing: Mailing, size: int) -> list[Delivery]:
    """Lock up to `size` pending deliveries no other worker holds and mark them sending.

    Each claimed row gets its Message-ID now unless an earlier attempt gave it one, so a
    mail sent again after a crash carries the same Message-ID and the receiving side can
    merge the two. Side effects: two statements for the whole batch, and the mailing's
    batch_claimed_at (the sign of a live batch).
    """
    now = timezone.now()
    suffix = f".{int(now.timestamp())}.{secrets.token_hex(5)}@{message_domain()}>"
    with transaction.atomic():
        deliveries = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(mailing_id=mailing.pk, status=Delivery.Status.PENDING)
            .order_by("pk")[:size]
        )
        if not deliveries:
            return []
        Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries]).update(
            status=Delivery.Status.SENDING,
            attempts=F("attempts") + 1,
            sending_started_at=now,
            message_id=Case(
                When(
                    message_id="",
                    then=Concat(Value("<"), Cast("pk", CharField()), Value(suffix)),
                ),
                default=F("message_id"),
            ),
        )
    Mailing.objects.filter(pk=mailing.pk).update(batch_claimed_at=now)
    for delivery in deliveries:
        delivery.mailing = mailing
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.sending_started_at = now
        delivery.message_id = delivery.message_id or f"<{delivery.pk}{suffix}"
    return deliveries


class _BatchResults:
    """What a batch did with its rows, written back in a few UPDATEs, not one per mail.

    Sent rows are written when the batch ends (and every RECORD_EVERY_SECONDS while a
    rate-limited batch runs); a crash before that leaves them "sending" until they are
    reclaimed and sent again, with the same Message-ID.
    """

    def __init__(self) -> None:
        self.sent: list[int] = []
        self.other: dict[tuple[str, str], list[int]] = {}
        self.recorded_at = time.monotonic()

    def add(self, delivery: Delivery, status: str, error: str = "") -> None:
        if status == Delivery.Status.SENT:
            self.sent.append(delivery.pk)
        else:
            self.other.setdefault((status, error), []).append(delivery.pk)

    def record(self) -> None:
        now = timezone.now()
        if self.sent:
            Delivery.objects.filter(pk__in=self.sent).update(
                status=Delivery.Status.SENT, sent_at=now, last_error=""
            )
            self.sent = []
        for (status, error), ids in self.other.items():
            Delivery.objects.filter(pk__in=ids).update(status=status, last_error=error)
        self.other = {}
        self.recorded_at = time.monotonic()

    def release(self, deliveries: list[Delivery], error: str = "") -> None:
        """Hand rows not sent back to pending (still marked sending, so not yet recorded)."""
        self.record()
        if deliveries:
            fields = {"status": Delivery.Status.PENDING}
            if error:
                fields["last_error"] = error
            Delivery.objects.filter(
                pk__in=[delivery.pk for delivery in deliveries], status=Delivery.Status.SENDING
            ).update(**fields)


def mailing_batch_send(*, mailing_id: int, size: int | None = None) -> dict[str, int]:
    """Claim one batch of a mailing's pending deliveries and send it over one connection.

    Each edition (mailing and language) is rendered once per worker process and only the
    recipient's address, links and Message-ID are filled in per mail (BulkRenderer). The
    batch sends for at most _batch_seconds() and hands what is left back to pending.
    Side effects: mails go out (at most MAILINGS_RATE_LIMIT_PER_SECOND across all
    workers); rows become sent (with their Message-ID, given at the claim), failed
    (permanent refusal; the address is suppressed), skipped (suppressed meanwhile) or
    pending again (temporary refusal, time budget used up), written back in bulk. When
    the server cannot be reached the unsent rest goes back to pending and
    TemporaryMailError is raised (the task retries with backoff). Returns counts by result.
    """
    counts = {"claimed": 0, "sent": 0, "failed": 0, "pending": 0, "skipped": 0}
    mailing = Mailing.objects.select_related("newsletter").filter(pk=mailing_id).first()
    if mailing is None:
        return counts
    deliveries = _claim(mailing=mailing, size=size or _batch_size())
    counts["claimed"] = len(deliveries)
    if not deliveries:
        return counts
    suppressed = set(
        Suppression.objects.filter(
            email_key__in=[email_key(d.to_email) for d in deliveries]
        ).values_list("email_key", flat=True)
    )
    results = _BatchResults()
    connection = mailers.default
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        results.release(deliveries, repr(exc))
        raise TemporaryMailError(repr(exc)) from exc
    # The SMTP backend's own connection takes prepared bytes; other backends (files in
    # development) get the message built in full.
    smtp = getattr(connection, "connection", None)
    raw_ok = isinstance(smtp, smtplib.SMTP)
    from_address = connection.prep_address(settings.DEFAULT_FROM_EMAIL) if raw_ok else ""
    renderer = rendering.BulkRenderer(mailing)
    deadline = time.monotonic() + _batch_seconds()
    index = 0
    try:
        for index, delivery in enumerate(deliveries):  # noqa: B007 - used after the loop
            if time.monotonic() > deadline:
                break
            if email_key(delivery.to_email) in suppressed:
                results.add(delivery, Delivery.Status.SKIPPED, "suppressed")
                counts["skipped"] += 1
                continue
            try:
                raw = renderer.message_bytes(delivery) if raw_ok else None
                message = None if raw is not None else delivery_message(delivery)
            except Exception as exc:
                logger.exception("Delivery %s could not be rendered", delivery.pk)
                results.add(delivery, Delivery.Status.FAILED, f"render: {exc}")
                counts["failed"] += 1
                continue
            rate_limit_wait()
            try:
                if raw is not None:
                    smtp.sendmail(from_address, [delivery.to_email], raw)
                else:
                    connection.send_messages([message])
            except smtplib.SMTPRecipientsRefused as exc:
                status = (
                    Delivery.Status.FAILED
                    if is_permanent_error(exc) or delivery.attempts >= MAX_ATTEMPTS
                    else Delivery.Status.PENDING
                )
                results.add(delivery, status, repr(exc))
                counts["failed" if status == Delivery.Status.FAILED else "pending"] += 1
                if is_permanent_error(exc):
                    # A hard bounce: no later mailing tries this address again.
                    suppression_add(
                        address=delivery.to_email,
                        reason=Suppression.Reason.BOUNCED,
                        note=repr(exc)[:500],
                    )
                continue
            except (smtplib.SMTPException, OSError) as exc:
                if isinstance(exc, smtplib.SMTPResponseException) and is_permanent_error(exc):
                    results.add(delivery, Delivery.Status.FAILED, repr(exc))
                    counts["failed"] += 1
                    continue
                # The server went away: everything not yet sent waits for a retry.
                results.release(deliveries[index:], repr(exc))
                raise TemporaryMailError(repr(exc)) from exc
            results.add(delivery, Delivery.Status.SENT)
            counts["sent"] += 1
            if time.monotonic() - results.recorded_at > RECORD_EVERY_SECONDS:
                results.record()
        else:
            index = len(deliveries)
        # Time budget used up: the successor batch takes the rest.
        results.release(deliveries[index:])
        counts["pending"] += len(deliveries) - index
    except TemporaryMailError:
        raise
    except BaseException:
        # A soft time limit or a stop of the worker: record what went out and free the
        # rows not yet tried (the one being sent stays "sending" until it is reclaimed:
        # it may have gone out).
        try:
            results.release(deliveries[index + 1 :])
        except Exception:
            logger.warning("Batch of mailing %s not recorded", mailing_id, exc_info=True)
        raise
    finally:
        try:
            connection.close()
        except Exception:  # a broken connection cannot be closed politely
            logger.debug("SMTP connection close failed", exc_info=True)
    return counts
