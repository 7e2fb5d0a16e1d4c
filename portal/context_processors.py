from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from core.i18n import request_urls
from programmes.selectors import footer_contacts


def site(request: HttpRequest) -> dict:
    """Values every page needs. Views with per-language slugs pass their own alternate_urls."""
    return {
        "SITE_URL": settings.SITE_URL,
        "FEEDBACK_EMAIL": settings.FEEDBACK_EMAIL,
        "alternate_urls": SimpleLazyObject(lambda: request_urls(request)),
        # Evaluated only by templates that show it (the footer), one query.
        "footer_contacts": footer_contacts,
    }
