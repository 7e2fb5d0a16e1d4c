"""iCalendar (RFC 5545) files: one event, or the feed of upcoming events in a language.

RFC 5545 allows no control characters in TEXT values: every text goes through `xml_safe`,
so a title stored with one cannot spoil the file for calendar programs.
"""

from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as VEvent

from core.localized import localized
from core.text import xml_safe
from events.models import Event

HELSINKI = "Europe/Helsinki"


def _uid(event: Event) -> str:
    # Stable for the event's lifetime, so calendars update the entry instead of adding one.
    return f"event-{event.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def _location(event: Event, *, include_private: bool) -> str:
    parts = [localized(event, "place").text, localized(event, "address").text]
    online = event.online_url if include_private else event.public_online_url
    parts.append(online)
    return xml_safe(", ".join(part for part in parts if part))


def _vevent(event: Event, *, include_private: bool, stamp: datetime) -> VEvent:
    helsinki = timezone.get_default_timezone()
    vevent = VEvent()
    vevent.add("uid", _uid(event))
    vevent.add("dtstamp", stamp)
    vevent.add("sequence", event.version)
    vevent.add("dtstart", timezone.localtime(event.starts_at, helsinki))
    vevent.add("dtend", timezone.localtime(event.ends_at, helsinki))
    vevent.add("summary", xml_safe(localized(event, "title").text))
    description = xml_safe(localized(event, "description").text)
    if description:
        vevent.add("description", description)
    location = _location(event, include_private=include_private)
    if location:
        vevent.add("location", location)
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def calendar_text(
    events: Iterable[Event], *, language: str, name: str = "", include_private: bool = False
) -> str:
    """A VCALENDAR with the events in `language`, their times in the Helsinki zone.

    `include_private` puts a private online link in (only for mails to participants).
    """
    stamp = datetime.now(UTC)
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Partnership programme for integration promotion//events//FI")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        if name:
            calendar.add("x-wr-calname", xml_safe(name))
            calendar.add("x-wr-timezone", HELSINKI)
        for event in events:
            calendar.add_component(_vevent(event, include_private=include_private, stamp=stamp))
        calendar.add_missing_timezones()
        return calendar.to_ical().decode("utf-8")


def event_ics(event: Event, *, language: str, include_private: bool = False) -> str:
    return calendar_text([event], language=language, include_private=include_private)
