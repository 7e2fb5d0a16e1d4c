from core.sitemap_base import ListPageSitemap, SluggedRowSitemap
from events.selectors import events_public


class EventListSitemap(ListPageSitemap):
    url_name = "events:list"


class EventSitemap(SluggedRowSitemap):
    """Published events in both languages (the page falls back honestly to the other).

    The slug is the stored one with the title's fallback, as Event.get_absolute_url().
    """

    topics = ("events",)
    detail_names = ("events:detail_slug", "events:detail")

    def public(self):
        return events_public()


SITEMAPS = {"events": EventListSitemap, "event-pages": EventSitemap}
