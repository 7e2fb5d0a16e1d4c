"""Reads of the mailing machinery: the newsletter archive and a mailing's progress."""

from django.db.models import Count, Q, QuerySet

from mailings.models import Delivery, Mailing, Newsletter


def newsletter_archive(*, language: str) -> QuerySet[Newsletter]:
    """Sent newsletters that have an edition in `language`, newest first."""
    return (
        Newsletter.objects.filter(status=Newsletter.Status.SENT, sent_at__isnull=False)
        .exclude(**{f"subject_{language}": ""})
        .exclude(**{f"body_{language}": ""})
        .order_by("-sent_at")
    )


def mailing_progress(*, mailing: Mailing | None) -> dict[str, int]:
    """Deliveries of a mailing by status: pending, sending, sent, failed, skipped, total."""
    keys = [status for status, _label in Delivery.Status.choices]
    if mailing is None:
        return dict.fromkeys([*keys, "total"], 0)
    counts = mailing.deliveries.aggregate(
        total=Count("pk"), **{key: Count("pk", filter=Q(status=key)) for key in keys}
    )
    return counts
