"""Writes of newsletters: send now, schedule, the dispatch job, test mails."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.localized import in_language
from mailings.markdown import markdown_html, markdown_text
from mailings.models import Delivery, Mailing, Newsletter
from mailings.services.bulk import mailing_create
from mailings.services.outbox import transactional_mail_queue

logger = logging.getLogger(__name__)


class NewsletterRefused(Exception):
    """A newsletter cannot be scheduled or sent as it is; the message (translated) says why."""


class NewsletterIncomplete(NewsletterRefused):
    """No topic, no complete edition, or no sending time to schedule it for."""


class NewsletterAlreadySent(NewsletterRefused):
    """The newsletter has been sent; what was sent stays as it was (the archive shows it)."""

    def __init__(self) -> None:
        super().__init__(_("This newsletter has already been sent."))


def _newsletter_editions(newsletter: Newsletter) -> tuple[dict, dict]:
    languages = [code for code, _name in settings.LANGUAGES]
    subjects = {code: in_language(newsletter, "subject", code, "") for code in languages}
    bodies = {code: in_language(newsletter, "body", code, "") for code in languages}
    return subjects, bodies


@transaction.atomic
def newsletter_send_now(*, newsletter: Newsletter) -> Mailing:
    """Send a newsletter to the confirmed subscribers of its topics, each in their language.

    Side effects: a Mailing with a copy of both editions; the newsletter is marked sent
    (it appears in the archive); after commit, the fan-out task. Raises
    NewsletterIncomplete (no topic or no edition with a subject and a text) or
    NewsletterAlreadySent, changing nothing. Not durable: the admin's "send now" button
    runs it inside the change form's transaction, after saving the newsletter.
    """
    newsletter = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if newsletter.mailing_id:
        raise NewsletterAlreadySent
    incomplete = _("Write at least one edition and choose topics before sending.")
    subjects, bodies = _newsletter_editions(newsletter)
    if not newsletter.topics or not any(subjects[code] and bodies[code] for code in subjects):
        raise NewsletterIncomplete(incomplete)
    try:
        mailing, _created = mailing_create(
            kind=Mailing.Kind.NEWSLETTER,
            topics=newsletter.topics,
            subjects=subjects,
            bodies=bodies,
            dedupe_key=f"newsletter:{newsletter.pk}",
        )
    except ValueError as exc:  # a topic that no longer exists (a theme removed since)
        raise NewsletterIncomplete(incomplete) from exc
    newsletter.mailing = mailing
    newsletter.status = Newsletter.Status.SENT
    newsletter.sent_at = timezone.now()
    newsletter.save(update_fields=["mailing", "status", "sent_at"])
    return mailing


@transaction.atomic
def newsletter_schedule(*, newsletter: Newsletter, send_at: datetime | None) -> Newsletter:
    """Schedule a newsletter; the dispatch job sends it once `send_at` has passed.

    Side effects: the newsletter's sending time and status (scheduled). Raises
    NewsletterIncomplete (no sending time or no topic) or NewsletterAlreadySent,
    changing nothing. Not durable: the admin's "schedule" button runs it inside the
    change form's transaction, after saving the newsletter.
    """
    locked = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if locked.mailing_id:
        raise NewsletterAlreadySent
    if not send_at or not locked.topics:
        raise NewsletterIncomplete(_("Set a sending time and topics first."))
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
        except NewsletterAlreadySent:
            continue  # another run of this job sent it meanwhile
        except NewsletterIncomplete:
            # Back to draft for staff, others go on.
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
