"""Mail that failed or lost its task: staff send it again, the sweeper re-queues it."""

from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from mailings import selectors
from mailings.models import Delivery, DeliveryResend, Mailing, Suppression, email_key
from mailings.services import bulk
from mailings.services.outbox import REQUEUE_AFTER, delivery_enqueue, reclaim_after


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
            transaction.on_commit(
                partial(bulk.mailing_batches_enqueue, mailing_id=mailing_id, count=1)
            )
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
    queued += sum(bulk.mailing_fan_out_enqueue(mailing_id=pk) for pk in not_listed)
    stalled = selectors.mailings_without_live_batch(now=now, requeue_after=requeue_after)
    for mailing_id in stalled.values_list("pk", flat=True):
        if bulk.mailing_finish_if_done(mailing_id=mailing_id):
            continue
        queued += bulk.mailing_batches_enqueue(mailing_id=mailing_id)
    return queued
