"""Reads of events for pages, feeds, tags and sitemaps."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from events.models import Event, Registration


def events_public() -> QuerySet[Event]:
    """Published events (cancelled ones included: their page says so)."""
    return Event.objects.filter(is_published=True)


def events_upcoming(*, at: datetime | None = None) -> QuerySet[Event]:
    """Public events that have not ended, soonest first."""
    at = at or timezone.now()
    return events_public().filter(ends_at__gt=at).order_by("starts_at", "pk")


def events_past(*, at: datetime | None = None) -> QuerySet[Event]:
    at = at or timezone.now()
    return events_public().filter(ends_at__lte=at).order_by("-starts_at", "-pk")


def events_filtered(
    *, when: str = "upcoming", kind: str = "", theme=None, region: str = ""
) -> QuerySet[Event]:
    """The event list page: upcoming or past, optionally by kind, theme and region."""
    events = events_past() if when == "past" else events_upcoming()
    if kind:
        events = events.filter(kind=kind)
    if theme is not None:
        events = events.filter(themes=theme)
    if region:
        events = events.filter(region=region)
    return events_with_counts(events)


def event_public_by_pk(pk: int) -> Event | None:
    return events_public().prefetch_related("themes").filter(pk=pk).first()


def _holding_a_place(prefix: str = "") -> Q:
    """The registrations that hold a place: the one definition every count below uses."""
    return Q(**{f"{prefix}status": Registration.Status.CONFIRMED})


def event_confirmed_count(event: Event) -> int:
    return event.registrations.filter(_holding_a_place()).count()


def event_free_places(event: Event, *, confirmed: int | None = None) -> int | None:
    """Places left (never below zero), or None for an event without a capacity."""
    if event.capacity is None:
        return None
    confirmed = event_confirmed_count(event) if confirmed is None else confirmed
    return max(event.capacity - confirmed, 0)


def events_with_counts(queryset: QuerySet[Event]) -> QuerySet[Event]:
    """Annotate confirmed and waiting counts (staff lists, the free places on pages)."""
    return queryset.annotate(
        confirmed_count=Count("registrations", filter=_holding_a_place("registrations__")),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
        ),
    )


def events_with_confirmed_counts(events: list[Event]) -> list[Event]:
    """Set `confirmed_count` (what an event card's "Full" needs) on a short list of events
    already read, such as the next events on the home and theme pages, with one query.

    Not an annotation on their query: its GROUP BY would count the registrations of every
    upcoming event before the LIMIT, where this reads only the few shown.
    """
    counts = dict(
        Registration.objects.filter(_holding_a_place(), event__in=events)
        .order_by()
        .values_list("event")
        .annotate(Count("pk"))
    )
    for event in events:
        event.confirmed_count = counts.get(event.pk, 0)
    return events
