from datetime import timedelta

from celery import shared_task
from django.conf import settings

from privacy.services import submissions_anonymise_expired

DEFAULT_ANONYMISE_AFTER_DAYS = 365


@shared_task(name="privacy.tasks.submissions_anonymise_expired_task", acks_late=True)
def submissions_anonymise_expired_task() -> int:
    """Daily: contacts of rejected and withdrawn submissions are kept only for a while."""
    days = getattr(settings, "PRIVACY_ANONYMISE_AFTER_DAYS", DEFAULT_ANONYMISE_AFTER_DAYS)
    return submissions_anonymise_expired(older_than=timedelta(days=days))
