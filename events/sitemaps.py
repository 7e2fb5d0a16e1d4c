from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.selectors import events_public


class EventListSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["events:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class EventSitemap(Sitemap):
    """Published events in both languages (the page falls back honestly to the other)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return events_public().order_by("pk")

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {"events": EventListSitemap, "event-pages": EventSitemap}
