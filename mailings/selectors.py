"""Reads of the mailing machinery: the newsletter archive, withdrawn links, stalled mailings."""

from datetime import datetime, timedelta

from django.db.models import QuerySet

from mailings.models import Mailing, Newsletter, Subscriber


def newsletter_archive(*, language: str) -> QuerySet[Newsletter]:
    """Sent newsletters that have an edition in `language`, newest first."""
    return (
        Newsletter.objects.filter(status=Newsletter.Status.SENT, sent_at__isnull=False)
        .exclude(**{f"subject_{language}": ""})
        .exclude(**{f"body_{language}": ""})
        .order_by("-sent_at")
    )


def confirmation_is_withdrawn(*, subscriber: Subscriber, issued_at: datetime) -> bool:
    """Whether an unsubscription came after the confirmation link was made.

    Only a new subscription request (a new consent and a new link) may undo an
    unsubscription; an old link from the mailbox never does. Links carry their time to
    the second, so one made in the second of the unsubscription counts as later: the
    status check still refuses it while the address is unsubscribed.
    """
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return True
    unsubscribed_at = subscriber.unsubscribed_at
    return unsubscribed_at is not None and issued_at < unsubscribed_at.replace(microsecond=0)


def mailings_without_live_batch(*, now: datetime, requeue_after: timedelta) -> QuerySet[Mailing]:
    """Unfinished mailings with no batch claimed, queued or due in the last `requeue_after`.

    Every batch claims rows when it starts and queues its successor when it ends (a retry
    notes when it is due), so a mailing quiet for longer lost its batches: a worker died
    with them, or the broker lost its queue.
    """
    cutoff = now - requeue_after
    return (
        Mailing.objects.filter(fanned_out_at__isnull=False, finished_at__isnull=True)
        .exclude(batches_enqueued_at__gte=cutoff)
        .exclude(batch_claimed_at__gte=cutoff)
    )
