"""Events in the site-wide search (search.registry)."""

from django.utils.translation import gettext_lazy as _

from events.selectors import events_public
from search.registry import SearchSource, field_date, register

register(
    SearchSource(
        kind="event",
        label=_("Event"),
        indexed=events_public,
        public=lambda _language: events_public(),
        date=field_date("starts_at"),
        text_field="description",
    )
)
