"""Personal data in portal: accessibility feedback (registered with privacy.registry)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.models import AccessibilityFeedback
from privacy.registry import PersonalDataSource, iso, register


def accessibility_feedback_find(email: str) -> QuerySet:
    return AccessibilityFeedback.objects.filter(email__iexact=email).order_by("received_at", "pk")


def accessibility_feedback_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": f.pk,
            "name": f.name,
            "email": f.email,
            "page": f.page,
            "message": f.message,
            "received_at": iso(f.received_at),
            "reply": f.reply,
            "replied_at": iso(f.replied_at),
        }
        for f in rows
    ]


def accessibility_feedback_erase(rows: QuerySet, *, now: datetime) -> None:
    # The message and the reply stay: they are about the site, not the person.
    rows.update(name="", email="")


register(
    PersonalDataSource(
        key="accessibility_feedback",
        label=_("Accessibility feedback"),
        find=accessibility_feedback_find,
        export=accessibility_feedback_export,
        erase=accessibility_feedback_erase,
    )
)
