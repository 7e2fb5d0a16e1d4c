from django import template

from events.selectors import events_upcoming, events_with_confirmed_counts

register = template.Library()


@register.inclusion_tag("events/includes/events_upcoming.html", name="events_upcoming")
def events_upcoming_tag(limit: int = 3) -> dict:
    """`{% events_upcoming limit=3 %}` on the home page: the next events.

    With the confirmed counts, as on the event list: the card says "Full" from them.
    """
    return {"events": events_with_confirmed_counts(list(events_upcoming()[:limit]))}


@register.inclusion_tag("events/includes/events_for_theme.html")
def events_for_theme(theme, limit: int = 6) -> dict:
    """`{% events_for_theme theme %}` on a theme page: its upcoming events.

    With the confirmed counts the card's "Full" needs, as on the home page.
    """
    events = list(events_upcoming().filter(themes=theme)[:limit])
    return {"events": events_with_confirmed_counts(events), "theme": theme}
