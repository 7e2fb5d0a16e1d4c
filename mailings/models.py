from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "enqueued_at"], name="delivery_requeue_idx")]

    def __str__(self) -> str:
        return f"{self.template} → {self.to_email} ({self.get_status_display()})"
