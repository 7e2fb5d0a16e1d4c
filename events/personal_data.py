"""Personal data in events: registrations (registered with privacy.registry)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from events.models import Registration
from privacy.registry import PersonalDataSource, iso, register


def registrations_find(email: str) -> QuerySet:
    return (
        Registration.objects.filter(email__iexact=email)
        .select_related("event")
        .order_by("created_at", "pk")
    )


def registrations_export(rows: QuerySet) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "event": {
                "id": r.event_id,
                "title": str(r.event.title),
                "starts_at": iso(r.event.starts_at),
            },
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation,
            "language": r.language,
            "needs": r.needs,
            "status": r.status,
            "registered_at": iso(r.created_at),
            "cancelled_at": iso(r.cancelled_at),
        }
        for r in rows
    ]


def registrations_erase(rows: QuerySet, *, now: datetime) -> None:
    """Anonymised as after the event (events.services.registrations_anonymise): the rows
    stay for the statistics."""
    rows.update(name="", email="", organisation="", needs="", anonymised_at=now)


register(
    PersonalDataSource(
        key="registrations",
        label=_("Event registrations"),
        find=registrations_find,
        export=registrations_export,
        erase=registrations_erase,
    )
)
