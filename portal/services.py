from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mailings.services import transactional_mail_queue
from portal.models import REPLY_WITHIN, AccessibilityFeedback
from portal.roles import COMMUNICATIONS


@transaction.atomic(durable=True)
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
    _accessibility_feedback_notify(feedback=feedback)
    return feedback


def _staff_language(user) -> str:
    # Staff accounts store no language of their own (yet): the portal's default, Finnish.
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _accessibility_feedback_notify(*, feedback: AccessibilityFeedback) -> int:
    """Tell the Communications group that feedback arrived (the 14-day clock runs).

    Side effects: one transactional mail per active member with an address, queued in the
    outbox and sent after the commit. Nothing the public typed goes into the mail: only
    the dates and a link to the admin, where the message is read.
    """
    members = (
        get_user_model()
        .objects.filter(groups__name=COMMUNICATIONS, is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    admin_url = settings.SITE_URL + reverse(
        "admin:portal_accessibilityfeedback_change", args=[feedback.pk]
    )
    received = timezone.localtime(feedback.received_at)
    due = timezone.localtime(feedback.reply_due)
    count = 0
    for member in members:
        transactional_mail_queue(
            to=member.email,
            template="accessibility_feedback",
            language=_staff_language(member),
            dedupe_key=f"portal:accessibility-feedback:{feedback.pk}:{member.pk}",
            context={
                "received": received.strftime("%d.%m.%Y"),
                "reply_due": due.strftime("%d.%m.%Y"),
                "admin_url": admin_url,
            },
        )
        count += 1
    return count


@transaction.atomic
def accessibility_feedback_reply(*, feedback: AccessibilityFeedback, reply: str, user) -> None:
    """Record the reply staff gave (by mail or phone): the feedback leaves the overdue list.

    Not durable: the admin's save_model runs it inside the change form's transaction.
    """
    feedback.reply = reply
    feedback.replied_at = feedback.replied_at or timezone.now()
    feedback.handled_by = user
    feedback.save(update_fields=["reply", "replied_at", "handled_by"])
