from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.i18n import language_codes
from core.sitemap_base import RowSitemap, templates_per_language, translated
from events.selectors import events_public

LANGUAGES = language_codes()


class EventListSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["events:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class EventSitemap(RowSitemap):
    """Published events in both languages (the page falls back honestly to the other).

    The slug is the stored one with the title's fallback, as Event.get_absolute_url().
    """

    topics = ("events",)
    columns = ("pk", *(f"slug_{code}" for code in LANGUAGES), "updated_at")

    def public(self):
        return events_public()

    def path_templates(self):
        return templates_per_language(
            slug=("events:detail_slug", True), plain=("events:detail", False)
        )

    def paths(self, row, templates):
        pk, *slugs, _updated = row
        slugs = dict(zip(LANGUAGES, slugs, strict=True))
        paths = {}
        for code in LANGUAGES:
            slug = translated(slugs, code)
            template = templates[code]["slug" if slug else "plain"]
            paths[code] = template.path(pk, slug)
        return paths


SITEMAPS = {"events": EventListSitemap, "event-pages": EventSitemap}
