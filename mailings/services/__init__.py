"""Writes of the mail outbox and the mailing list, one module per part.

- outbox: queue a single mail, hand it to the broker, send it; time limits and errors.
- bulk: mailings, their fan-out to recipients, batch sending.
- recovery: failed mail sent again by staff, lost tasks re-queued by the sweeper.
- newsletters: send now, schedule, the dispatch job, test mails.
- subscriptions: double opt-in with a consent record, preferences, unsubscribe.

Callers use the names re-exported here (`from mailings import services`). The modules call
each other directly, so a test that replaces a function or a setting must patch the
module that defines it (`mailings.services.bulk`), not this package.
"""

from mailings.services.bulk import (
    announcement_queue,
    mailing_batch_retry_noted,
    mailing_batch_send,
    mailing_batches_enqueue,
    mailing_fan_out,
    mailing_fan_out_enqueue,
    mailing_finish_if_done,
)
from mailings.services.newsletters import (
    NewsletterAlreadySent,
    NewsletterIncomplete,
    NewsletterRefused,
    newsletter_schedule,
    newsletter_send_now,
    newsletter_send_test,
    newsletters_dispatch_due,
)
from mailings.services.outbox import (
    REQUEUE_AFTER,
    TemporaryMailError,
    delivery_enqueue,
    delivery_retry_noted,
    delivery_send,
    reclaim_after,
    task_soft_time_limit,
    task_time_limit,
    transactional_mail_queue,
)
from mailings.services.recovery import deliveries_requeue, deliveries_resend, mailing_resend_failed
from mailings.services.subscriptions import (
    CONSENT_PURPOSE,
    CONSENT_VERSION,
    ConfirmationWithdrawn,
    SubscriptionNotConfirmed,
    consent_text,
    manage_url,
    subscription_confirm,
    subscription_request,
    subscription_update,
    subscriptions_purge_unconfirmed,
    suppression_add,
    unsubscribe,
)

__all__ = [
    "CONSENT_PURPOSE",
    "CONSENT_VERSION",
    "REQUEUE_AFTER",
    "ConfirmationWithdrawn",
    "NewsletterAlreadySent",
    "NewsletterIncomplete",
    "NewsletterRefused",
    "SubscriptionNotConfirmed",
    "TemporaryMailError",
    "announcement_queue",
    "consent_text",
    "deliveries_requeue",
    "deliveries_resend",
    "delivery_enqueue",
    "delivery_retry_noted",
    "delivery_send",
    "mailing_batch_retry_noted",
    "mailing_batch_send",
    "mailing_batches_enqueue",
    "mailing_fan_out",
    "mailing_fan_out_enqueue",
    "mailing_finish_if_done",
    "mailing_resend_failed",
    "manage_url",
    "newsletter_schedule",
    "newsletter_send_now",
    "newsletter_send_test",
    "newsletters_dispatch_due",
    "reclaim_after",
    "subscription_confirm",
    "subscription_request",
    "subscription_update",
    "subscriptions_purge_unconfirmed",
    "suppression_add",
    "task_soft_time_limit",
    "task_time_limit",
    "transactional_mail_queue",
    "unsubscribe",
]
