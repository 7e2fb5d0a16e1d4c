from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.localized import in_language
from core.signing import SignedLink


class Delivery(models.Model):
    """One mail to one recipient: the outbox row every mail the portal sends goes through.

    The row is written in the same transaction as whatever caused the mail (a submission, a
    registration), so a broker or SMTP failure never loses it: a pending row is sent later
    by the re-queue job. Transactional mails carry their template and context; bulk mails
    (newsletters, announcements) also point to their mailing.
    """

    class Kind(models.TextChoices):
        TRANSACTIONAL = "transactional", _("transactional")
        BULK = "bulk", _("bulk")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        # Bulk mail to an address that was suppressed after the mailing listed it.
        SKIPPED = "skipped", _("skipped")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.TRANSACTIONAL
    )
    to_email = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    template = models.CharField(
        _("template"),
        max_length=100,
        help_text=_("Folder under templates/email/ with subject.txt, body.txt and body.html."),
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    reply_to = models.EmailField(_("reply to"), blank=True)
    # Makes queueing idempotent: the same event never queues the same mail twice.
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=200, null=True, blank=True, unique=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Bulk mail: the mailing and the subscriber it goes to (rendered from the mailing).
    mailing = models.ForeignKey(
        "Mailing",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("mailing"),
    )
    subscriber = models.ForeignKey(
        "Subscriber",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("subscriber"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        permissions = [("resend_delivery", _("Can send a failed mail again"))]
        indexes = [
            models.Index(fields=["status", "enqueued_at"], name="delivery_requeue_idx"),
            # Ends in the id: a batch claims the lowest pending ids of a mailing straight
            # from the index, never walking past the rows already sent (a 100,000-row
            # mailing would make each claim slower than the one before).
            models.Index(fields=["mailing", "status", "id"], name="delivery_mailing_claim_idx"),
        ]
        constraints = [
            # One mail per recipient per mailing, whatever retries or re-runs happen.
            models.UniqueConstraint(
                fields=["mailing", "to_email"],
                condition=models.Q(mailing__isnull=False),
                name="delivery_unique_per_mailing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} → {self.to_email} ({self.get_status_display()})"


class DeliveryResend(models.Model):
    """A failed mail sent again by staff: who asked, when, and what had gone wrong."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="resends", verbose_name=_("delivery")
    )
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent again by"),
    )
    resent_at = models.DateTimeField(_("sent again at"), auto_now_add=True)
    previous_attempts = models.PositiveIntegerField(_("attempts before"), default=0)
    previous_error = models.TextField(_("error before"), blank=True)

    class Meta:
        ordering = ["-resent_at"]
        verbose_name = _("sending again")
        verbose_name_plural = _("sendings again")

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.resent_at:%Y-%m-%d %H:%M}"


def email_key(address: str) -> str:
    """The form addresses are compared in: case-insensitive, surrounding space removed."""
    return address.strip().casefold()


class Topic:
    """What a subscriber can follow: the newsletter, events, or one of the five themes."""

    NEWSLETTER = "newsletter"
    EVENTS = "events"
    THEME_PREFIX = "theme-"

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        from themes.models import Theme

        fixed = [(cls.NEWSLETTER, _("Newsletter")), (cls.EVENTS, _("Events"))]
        return fixed + [
            (f"{cls.THEME_PREFIX}{theme.number}", str(theme.name))
            for theme in Theme.objects.order_by("number")
        ]

    @classmethod
    def is_valid(cls, topic: str) -> bool:
        if topic in (cls.NEWSLETTER, cls.EVENTS):
            return True
        number = topic.removeprefix(cls.THEME_PREFIX)
        return topic.startswith(cls.THEME_PREFIX) and number.isdigit() and 1 <= int(number) <= 5


# A subscriber's private links in mail (core.signing), one salt per purpose: the
# confirmation expires, the preference and unsubscribe links work from any old mail.
SUBSCRIBER_LINKS = {
    "confirm": SignedLink("mailings.subscription.confirm", max_age=timedelta(days=7)),
    "manage": SignedLink("mailings.subscription.manage"),
    "unsubscribe": SignedLink("mailings.subscription.unsubscribe"),
}


class Subscriber(models.Model):
    """One address on the mailing list, in one language, with the topics it follows."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("unconfirmed")
        CONFIRMED = "confirmed", _("confirmed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    email = models.EmailField(_("email address"), max_length=254)
    # Lower-cased address: one subscriber per address however it was typed.
    email_key = models.CharField(_("address key"), max_length=254, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNCONFIRMED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        ordering = ["email_key"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        self.email_key = email_key(self.email)
        super().save(*args, **kwargs)

    @property
    def topics(self) -> list[str]:
        return [subscription.topic for subscription in self.subscriptions.all()]


class Subscription(models.Model):
    """A subscriber follows a topic."""

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("subscriber"),
    )
    topic = models.CharField(_("topic"), max_length=30)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "topic"], name="subscription_unique")
        ]
        indexes = [models.Index(fields=["topic"], name="subscription_topic_idx")]

    def __str__(self) -> str:
        return self.topic


class ConsentRecord(models.Model):
    """Evidence of consent: what was agreed to, in which wording and language, and when."""

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("subscriber"),
    )
    purpose = models.CharField(_("purpose"), max_length=100)
    text_version = models.CharField(_("version of the consent text"), max_length=20)
    text = models.TextField(_("consent text"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    source = models.CharField(_("source"), max_length=200)
    given_at = models.DateTimeField(_("given"))
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self) -> str:
        return f"{self.purpose} {self.text_version} ({self.language})"


class Suppression(models.Model):
    """An address no mailing may reach again: unsubscribed, bounced or complained."""

    class Reason(models.TextChoices):
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("complained")
        MANUAL = "manual", _("added by staff")

    email_key = models.CharField(_("email address"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")

    def __str__(self) -> str:
        return self.email_key

    def save(self, *args, **kwargs) -> None:
        self.email_key = email_key(self.email_key)
        super().save(*args, **kwargs)


class Mailing(models.Model):
    """One bulk send (a newsletter or an event announcement) to the followers of topics.

    Subjects and Markdown bodies are copied here per language when the mailing is made, so
    later edits of the newsletter never change what is being sent.
    """

    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("newsletter")
        ANNOUNCEMENT = "announcement", _("event announcement")

    class Status(models.TextChoices):
        # Contexts: Swedish status words agree with the noun (ett utskick är köat).
        QUEUED = "queued", pgettext_lazy("mailing status", "queued")
        SENDING = "sending", _("sending")
        DONE = "done", _("done")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    topics = models.JSONField(_("topics"), default=list)
    subjects = models.JSONField(_("subjects"), default=dict)
    bodies = models.JSONField(_("bodies"), default=dict)
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=200, null=True, blank=True, unique=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    fanned_out_at = models.DateTimeField(_("recipients listed"), null=True, blank=True)
    # When batch tasks were last handed to the broker (the sweeper re-queues stale ones).
    batches_enqueued_at = models.DateTimeField(_("batches queued"), null=True, blank=True)
    # When a batch last claimed deliveries: with the above, the sign of a live batch.
    batch_claimed_at = models.DateTimeField(_("batch last claimed"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self) -> str:
        subject = self.subjects.get("fi") or self.subjects.get("sv") or ""
        return f"{self.get_kind_display()}: {subject}"


class Newsletter(models.Model):
    """A newsletter written by staff in Finnish and Swedish (subject and Markdown body)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        # Context: Swedish "ett nyhetsbrev är skickat", but "en leverans är skickad".
        SENT = "sent", pgettext_lazy("newsletter status", "sent")

    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Markdown: # heading, **bold**, [link](https://…).")
    )
    topics = models.JSONField(
        _("topics"),
        default=list,
        help_text=_("Confirmed subscribers of any of these topics receive the newsletter."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    send_at = models.DateTimeField(_("send at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    mailing = models.OneToOneField(
        Mailing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newsletter",
        verbose_name=_("mailing"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self) -> str:
        return self.subject_fi or self.subject_sv or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("newsletter:archive_detail", kwargs={"pk": self.pk})

    def has_edition(self, language: str) -> bool:
        return bool(in_language(self, "subject", language) and in_language(self, "body", language))
