"""Writes of the mailing list: double opt-in with a consent record, preferences,
unsubscribe and the suppression list."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailings import selectors
from mailings.models import (
    SUBSCRIBER_LINKS,
    ConsentRecord,
    Delivery,
    Subscriber,
    Subscription,
    Suppression,
    Topic,
    email_key,
)
from mailings.rendering import absolute_url
from mailings.services.outbox import transactional_mail_queue

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


@transaction.atomic(durable=True)
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
    token = SUBSCRIBER_LINKS["confirm"].make(subscriber.pk)
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


@transaction.atomic(durable=True)
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


class SubscriptionNotConfirmed(Exception):
    """Only a confirmed subscription can be changed; the message (translated) says so."""

    def __init__(self) -> None:
        super().__init__(_("Only a confirmed subscription can be changed. Nothing was saved."))


@transaction.atomic(durable=True)
def subscription_update(*, subscriber: Subscriber, language: str, topics: Iterable[str]) -> None:
    """Change a subscriber's language and topics (the manage-preferences page).

    Raises SubscriptionNotConfirmed, changing nothing, unless the subscription is confirmed:
    an unconfirmed address may not be its owner's, and an unsubscribed one withdrew consent.
    """
    locked = Subscriber.objects.select_for_update().filter(pk=subscriber.pk)
    status = locked.values_list("status", flat=True).get()
    if status != Subscriber.Status.CONFIRMED:
        raise SubscriptionNotConfirmed
    subscriber.language = language
    subscriber.save(update_fields=["language"])
    _topics_set(subscriber, topics)


@transaction.atomic(durable=True)
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
        subscriber.language,
        "newsletter:manage",
        token=SUBSCRIBER_LINKS["manage"].make(subscriber.pk),
    )
