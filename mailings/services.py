"""Writes of the mail outbox and the mailing list.

The outbox: queue a mail, hand it to the broker, send it, retry later. Bulk mail: a mailing
lists its recipients as delivery rows in one transaction, then batch tasks claim and send
them. Subscriptions: double opt-in with a consent record, preferences, unsubscribe.
"""

import logging
import secrets
import smtplib
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import mailers
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from mailings import rendering, selectors
from mailings.markdown import markdown_html, markdown_text
from mailings.models import (
    ConsentRecord,
    Delivery,
    DeliveryResend,
    Mailing,
    Newsletter,
    Subscriber,
    Subscription,
    Suppression,
    Topic,
    email_key,
)
from mailings.rate import rate_limit_wait
from mailings.rendering import absolute_url, delivery_message, message_domain
from mailings.tokens import token_make

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
# Bulk: a slow (rate-limited) batch writes back its sent rows at least this often, so a
# crash leaves at most this much mail "sent but not recorded".
RECORD_EVERY_SECONDS = 1.0


def task_time_limit() -> int:
    """Hard time limit of the send tasks in seconds (Celery ends a task that runs longer)."""
    return int(getattr(settings, "MAILINGS_TASK_TIME_LIMIT", 60))


def task_soft_time_limit() -> int:
    return max(1, task_time_limit() * 3 // 4)


def reclaim_after() -> timedelta:
    """When a row claimed for sending is taken back: after the task's time limit."""
    return timedelta(seconds=task_time_limit()) + RECLAIM_GRACE


def _batch_seconds() -> float:
    # A batch sends for at most this long and leaves the rest to its successor, so it
    # ends well before its soft time limit whatever the batch size and the rate limit.
    return task_soft_time_limit() / 2


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


def _is_permanent(exc: Exception) -> bool:
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
        if _is_permanent(exc) or delivery.attempts >= MAX_ATTEMPTS:
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


def deliveries_resend(*, delivery_ids: Iterable[int], by) -> dict[str, int]:
    """Send failed mails again (staff with mailings.resend_delivery).

    A mail that failed permanently (refused by the server, too many attempts, a template
    error since fixed) goes back to pending with a fresh count of attempts. Side effects:
    a DeliveryResend row per mail (who, when, the error before); after commit, single
    mails get a send task and the mailings of bulk mails new batch tasks (a finished
    mailing is reopened until these are sent). Mails to a suppressed address are not
    sent again: bulk mail for any suppression, single mails (receipts, registrations)
    when the address bounced or complained. Returns counts: queued, suppressed and
    not_failed (rows that were not failed, left alone).
    """
    counts = {"queued": 0, "suppressed": 0, "not_failed": 0}
    with transaction.atomic():
        deliveries = list(
            Delivery.objects.select_for_update().filter(pk__in=list(delivery_ids)).order_by("pk")
        )
        suppressed = dict(
            Suppression.objects.filter(
                email_key__in={email_key(d.to_email) for d in deliveries}
            ).values_list("email_key", "reason")
        )
        mailing_ids = set()
        for delivery in deliveries:
            if delivery.status != Delivery.Status.FAILED:
                counts["not_failed"] += 1
                continue
            reason = suppressed.get(email_key(delivery.to_email))
            if reason and (delivery.mailing_id or reason != Suppression.Reason.UNSUBSCRIBED):
                counts["suppressed"] += 1
                continue
            DeliveryResend.objects.create(
                delivery=delivery,
                resent_by=by,
                previous_attempts=delivery.attempts,
                previous_error=delivery.last_error,
            )
            delivery.status = Delivery.Status.PENDING
            delivery.attempts = 0
            delivery.last_error = ""
            delivery.sending_started_at = None
            delivery.save(update_fields=["status", "attempts", "last_error", "sending_started_at"])
            if delivery.mailing_id:
                mailing_ids.add(delivery.mailing_id)
            else:
                transaction.on_commit(
                    partial(delivery_enqueue, delivery_id=delivery.pk, kind=delivery.kind)
                )
            counts["queued"] += 1
        for mailing_id in sorted(mailing_ids):
            Mailing.objects.filter(pk=mailing_id).update(
                status=Mailing.Status.SENDING, finished_at=None
            )
            transaction.on_commit(partial(mailing_batches_enqueue, mailing_id=mailing_id, count=1))
    return counts


def mailing_resend_failed(*, mailing_id: int, by) -> dict[str, int]:
    """Send every failed mail of a mailing again (see deliveries_resend)."""
    failed = Delivery.objects.filter(mailing_id=mailing_id, status=Delivery.Status.FAILED)
    return deliveries_resend(delivery_ids=failed.values_list("pk", flat=True), by=by)


def deliveries_requeue(
    *,
    limit: int = 1000,
    stuck_after: timedelta | None = None,
    requeue_after: timedelta = REQUEUE_AFTER,
) -> int:
    """Re-queue deliveries whose task was lost (broker down or emptied, worker killed).

    Side effects: rows still sending after the send tasks' time limit (their worker died)
    go back to pending, keeping their Message-ID; pending single mails not handed to the
    broker recently get a new send task; mailings with pending rows and no batch claimed
    or queued recently get new batch tasks (and mailings whose recipients were never
    listed, a new fan-out task). Returns how many tasks were queued.
    """
    now = timezone.now()
    stuck_after = reclaim_after() if stuck_after is None else stuck_after
    Delivery.objects.filter(
        status=Delivery.Status.SENDING, sending_started_at__lt=now - stuck_after
    ).update(status=Delivery.Status.PENDING)
    stale = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, mailing__isnull=True)
        .exclude(enqueued_at__gte=now - requeue_after)
        .order_by("created_at")
        .values_list("pk", "kind")[:limit]
    )
    queued = sum(delivery_enqueue(delivery_id=pk, kind=kind) for pk, kind in stale)
    not_listed = Mailing.objects.filter(
        fanned_out_at__isnull=True, created_at__lt=now - requeue_after
    ).values_list("pk", flat=True)
    queued += sum(mailing_fan_out_enqueue(mailing_id=pk) for pk in not_listed)
    stalled = selectors.mailings_without_live_batch(now=now, requeue_after=requeue_after)
    for mailing_id in stalled.values_list("pk", flat=True):
        if mailing_finish_if_done(mailing_id=mailing_id):
            continue
        queued += mailing_batches_enqueue(mailing_id=mailing_id)
    return queued


# ---------------------------------------------------------------------------------------
# Bulk mail: mailings, fan-out, batch sending
# ---------------------------------------------------------------------------------------


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


def _mailing_create(
    *,
    kind: str,
    topics: list[str],
    subjects: dict[str, str],
    bodies: dict[str, str],
    dedupe_key: str | None,
) -> tuple[Mailing, bool]:
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
    recipient and starts the batch senders.
    """
    mailing, _created = _mailing_create(
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
                    if _is_permanent(exc) or delivery.attempts >= MAX_ATTEMPTS
                    else Delivery.Status.PENDING
                )
                results.add(delivery, status, repr(exc))
                counts["failed" if status == Delivery.Status.FAILED else "pending"] += 1
                if _is_permanent(exc):
                    # A hard bounce: no later mailing tries this address again.
                    suppression_add(
                        address=delivery.to_email,
                        reason=Suppression.Reason.BOUNCED,
                        note=repr(exc)[:500],
                    )
                continue
            except (smtplib.SMTPException, OSError) as exc:
                if isinstance(exc, smtplib.SMTPResponseException) and _is_permanent(exc):
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


# ---------------------------------------------------------------------------------------
# Newsletters
# ---------------------------------------------------------------------------------------


def _newsletter_editions(newsletter: Newsletter) -> tuple[dict, dict]:
    languages = [code for code, _name in settings.LANGUAGES]
    subjects = {code: getattr(newsletter, f"subject_{code}") or "" for code in languages}
    bodies = {code: getattr(newsletter, f"body_{code}") or "" for code in languages}
    return subjects, bodies


@transaction.atomic
def newsletter_send_now(*, newsletter: Newsletter) -> Mailing:
    """Send a newsletter to the confirmed subscribers of its topics, each in their language.

    Side effects: a Mailing with a copy of both editions; the newsletter is marked sent
    (it appears in the archive); after commit, the fan-out task. Sending twice is a no-op.
    """
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.mailing_id:
        return newsletter.mailing
    if not newsletter.topics:
        raise ValueError("choose at least one topic")
    subjects, bodies = _newsletter_editions(newsletter)
    mailing, _created = _mailing_create(
        kind=Mailing.Kind.NEWSLETTER,
        topics=newsletter.topics,
        subjects=subjects,
        bodies=bodies,
        dedupe_key=f"newsletter:{newsletter.pk}",
    )
    newsletter.mailing = mailing
    newsletter.status = Newsletter.Status.SENT
    newsletter.sent_at = timezone.now()
    newsletter.save(update_fields=["mailing", "status", "sent_at"])
    return mailing


@transaction.atomic
def newsletter_schedule(*, newsletter: Newsletter, send_at) -> Newsletter:
    """Schedule a newsletter; the dispatch job sends it once `send_at` has passed."""
    if newsletter.mailing_id:
        raise ValueError("the newsletter has already been sent")
    newsletter.send_at = send_at
    newsletter.status = Newsletter.Status.SCHEDULED
    newsletter.save(update_fields=["send_at", "status"])
    return newsletter


def newsletters_dispatch_due() -> int:
    """Send every scheduled newsletter whose time has come. Returns how many."""
    due = Newsletter.objects.filter(
        status=Newsletter.Status.SCHEDULED, send_at__lte=timezone.now(), mailing__isnull=True
    )
    count = 0
    for newsletter in due:
        try:
            newsletter_send_now(newsletter=newsletter)
        except ValueError:
            # Incomplete (no topic or no edition): back to draft for staff, others go on.
            logger.warning("Scheduled newsletter %s is incomplete", newsletter.pk)
            Newsletter.objects.filter(pk=newsletter.pk).update(status=Newsletter.Status.DRAFT)
            continue
        count += 1
    return count


def newsletter_send_test(*, newsletter: Newsletter, to: str) -> list[Delivery]:
    """Send both editions of a newsletter to one address (staff checking it).

    Side effects: one transactional delivery per language, sent after commit; the mails
    carry a note that they are tests and no working unsubscribe link.
    """
    subjects, bodies = _newsletter_editions(newsletter)
    deliveries = []
    with transaction.atomic():
        for language, subject in subjects.items():
            if not (subject and bodies[language]):
                continue
            deliveries.append(
                transactional_mail_queue(
                    to=to,
                    template="newsletter_test",
                    context={
                        "subject": subject,
                        "body_html": markdown_html(bodies[language]),
                        "body_text": markdown_text(bodies[language]),
                    },
                    language=language,
                )
            )
    return deliveries


# ---------------------------------------------------------------------------------------
# Subscriptions
# ---------------------------------------------------------------------------------------

CONSENT_PURPOSE = "newsletter"
CONSENT_VERSION = "2026-1"


def consent_text(language: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language):
        return gettext(
            "I want to receive the partnership programme's mailings on the topics I chose. "
            "My address is used only for these mailings, and I can unsubscribe at any time "
            "with the link in every mail."
        )


def _topic_labels(topics: Iterable[str], language: str) -> list[str]:
    from django.utils import translation

    chosen = set(topics)
    with translation.override(language):
        return [str(label) for value, label in Topic.choices() if value in chosen]


def _topics_set(subscriber: Subscriber, topics: Iterable[str]) -> None:
    topics = {topic for topic in topics if Topic.is_valid(topic)}
    subscriber.subscriptions.exclude(topic__in=topics).delete()
    existing = set(subscriber.subscriptions.values_list("topic", flat=True))
    Subscription.objects.bulk_create(
        [Subscription(subscriber=subscriber, topic=topic) for topic in topics - existing],
        ignore_conflicts=True,
    )


@transaction.atomic
def subscription_request(
    *, email: str, language: str, topics: Iterable[str], source: str
) -> Subscriber:
    """Start (or renew) a subscription; it becomes active only when the link is confirmed.

    Side effects: the subscriber (one per address, compared case-insensitively) with its
    topics and a new consent record; after commit, the confirmation mail with a signed
    link valid for 7 days. The answer is the same whether the address was known or not.
    A confirmed subscriber keeps their topics (they change them on the preferences page
    linked from every mail) and only gets a new link. An unsubscribed address may subscribe
    again: confirming is an explicit new consent and lifts its "unsubscribed" suppression
    (bounced and complained addresses stay suppressed).
    """
    key = email_key(email)
    subscriber = Subscriber.objects.select_for_update().filter(email_key=key).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(email=email.strip(), language=language)
        except IntegrityError:  # the same address submitted twice at the same moment
            subscriber = Subscriber.objects.select_for_update().get(email_key=key)
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.UNCONFIRMED
        subscriber.language = language
        subscriber.save(update_fields=["status", "language"])
        _topics_set(subscriber, topics)
    consent = ConsentRecord.objects.create(
        subscriber=subscriber,
        purpose=CONSENT_PURPOSE,
        text_version=CONSENT_VERSION,
        text=consent_text(language),
        language=language,
        source=source[:200],
        given_at=timezone.now(),
    )
    token = token_make("confirm", subscriber.pk)
    transactional_mail_queue(
        to=subscriber.email,
        template="subscription_confirm",
        context={
            "confirm_url": absolute_url(language, "newsletter:confirm", token=token),
            "topics": _topic_labels(topics, language),
            "consent_id": consent.pk,
        },
        language=language,
    )
    return subscriber


class ConfirmationWithdrawn(Exception):
    """The confirmation link predates an unsubscription: it may not subscribe anyone."""


@transaction.atomic
def subscription_confirm(*, subscriber_id: int, issued_at: datetime) -> Subscriber | None:
    """Confirm a subscription (the double opt-in link). Returns None if it no longer exists.

    `issued_at` is when the link was made. Side effects: the subscriber becomes confirmed;
    the latest consent record gets its confirmation time; a suppression from an earlier
    unsubscribe is lifted. Raises ConfirmationWithdrawn, changing nothing, for a link made
    before the address was unsubscribed (or while it is unsubscribed).
    """
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return None
    if selectors.confirmation_is_withdrawn(subscriber=subscriber, issued_at=issued_at):
        raise ConfirmationWithdrawn(subscriber_id)
    now = timezone.now()
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = now
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        Suppression.objects.filter(
            email_key=subscriber.email_key, reason=Suppression.Reason.UNSUBSCRIBED
        ).delete()
    consent = subscriber.consents.filter(confirmed_at__isnull=True).order_by("-given_at").first()
    if consent:
        consent.confirmed_at = now
        consent.save(update_fields=["confirmed_at"])
    return subscriber


@transaction.atomic
def subscription_update(*, subscriber: Subscriber, language: str, topics: Iterable[str]) -> None:
    """Change a subscriber's language and topics (the manage-preferences page)."""
    subscriber.language = language
    subscriber.save(update_fields=["language"])
    _topics_set(subscriber, topics)


@transaction.atomic
def unsubscribe(*, subscriber_id: int, reason: str = Suppression.Reason.UNSUBSCRIBED) -> bool:
    """Unsubscribe an address from everything (one click, no login).

    Side effects: the subscriber is marked unsubscribed and their consents withdrawn; the
    address goes on the suppression list, so no later mailing reaches it, and deliveries
    of running mailings not yet sent to it are skipped. Returns False for an unknown id.
    """
    subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
    if subscriber is None:
        return False
    now = timezone.now()
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        subscriber.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    suppression_add(address=subscriber.email, reason=reason)
    return True


def suppression_add(*, address: str, reason: str, note: str = "") -> Suppression:
    """Put an address on the suppression list (unsubscribed, bounced or complained).

    Side effects: pending deliveries of mailings to it are skipped.
    """
    key = email_key(address)
    suppression, _created = Suppression.objects.get_or_create(
        email_key=key, defaults={"reason": reason, "note": note}
    )
    Delivery.objects.filter(
        mailing__isnull=False, to_email__iexact=key, status=Delivery.Status.PENDING
    ).update(status=Delivery.Status.SKIPPED, last_error="suppressed")
    return suppression


def subscriptions_purge_unconfirmed(*, older_than: timedelta = timedelta(days=7)) -> int:
    """Delete subscriptions never confirmed within `older_than` (their consent records too).

    Returns how many subscribers were deleted.
    """
    cutoff = timezone.now() - older_than
    # Asking again for a link (a new consent record) restarts the 7 days.
    _deleted, per_model = (
        Subscriber.objects.filter(status=Subscriber.Status.UNCONFIRMED, created_at__lt=cutoff)
        .exclude(consents__given_at__gte=cutoff)
        .delete()
    )
    return per_model.get("mailings.Subscriber", 0)


def manage_url(*, subscriber: Subscriber) -> str:
    return absolute_url(
        subscriber.language, "newsletter:manage", token=token_make("manage", subscriber.pk)
    )
