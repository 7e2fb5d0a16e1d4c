from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The Act on the Provision of Digital Services (306/2019) gives 14 days to reply.
REPLY_WITHIN = timedelta(days=14)


def reply_deadline() -> datetime:
    return timezone.now() + REPLY_WITHIN


class AccessibilityFeedbackQuerySet(models.QuerySet):
    def unanswered(self) -> "AccessibilityFeedbackQuerySet":
        return self.filter(replied_at__isnull=True)

    def overdue(self) -> "AccessibilityFeedbackQuerySet":
        """Unanswered past the reply deadline (14 days after it arrived)."""
        return self.unanswered().filter(reply_due__lt=timezone.now())


class AccessibilityFeedback(models.Model):
    """Feedback sent from the accessibility statement; staff must reply within 14 days."""

    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    reply_due = models.DateTimeField(_("reply due"), default=reply_deadline)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    page = models.CharField(_("page or content concerned"), max_length=500, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    wants_accessible_copy = models.BooleanField(
        _("asks for content in an accessible form"), default=False
    )
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("handled by"),
    )

    objects = AccessibilityFeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["replied_at", "reply_due"]
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {self.message[:60]}"

    @property
    def is_overdue(self) -> bool:
        return self.replied_at is None and timezone.now() > self.reply_due
