from django.db import transaction
from django.utils import timezone

from portal.models import REPLY_WITHIN, AccessibilityFeedback


@transaction.atomic
def accessibility_feedback_receive(
    *,
    message: str,
    language: str,
    page: str = "",
    name: str = "",
    email: str = "",
    wants_accessible_copy: bool = False,
) -> AccessibilityFeedback:
    """Store feedback from the accessibility statement; its 14-day reply deadline starts."""
    received = timezone.now()
    feedback = AccessibilityFeedback(
        received_at=received,
        reply_due=received + REPLY_WITHIN,
        message=message,
        language=language,
        page=page,
        name=name,
        email=email,
        wants_accessible_copy=wants_accessible_copy,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def accessibility_feedback_reply(*, feedback: AccessibilityFeedback, reply: str, user) -> None:
    """Record the reply staff gave (by mail or phone): the feedback leaves the overdue list."""
    feedback.reply = reply
    feedback.replied_at = feedback.replied_at or timezone.now()
    feedback.handled_by = user
    feedback.save(update_fields=["reply", "replied_at", "handled_by"])
