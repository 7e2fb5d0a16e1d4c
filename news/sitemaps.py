from functools import cached_property

from django.db.models import Min, Q
from django.utils import timezone

from core.i18n import language_codes
from core.sitemap_base import CACHE_SECONDS, ListPageSitemap, RowSitemap, templates_per_language
from news.models import NewsItem

LANGUAGES = language_codes()


class NewsListSitemap(ListPageSitemap):
    url_name = "news:list"


class NewsItemSitemap(RowSitemap):
    """Each language lists only its own public editions (another edition's page 404s).

    The alternates name only those editions, as the item's own <head> does. The slug is
    the edition's own, without fallback, as NewsItem.get_absolute_url().
    """

    topics = ("news",)
    columns = (
        "pk",
        *(f"slug_{code}" for code in LANGUAGES),
        *(f"published_{code}" for code in LANGUAGES),
        "updated_at",
    )

    @cached_property
    def now(self):
        return timezone.now()

    def public(self):
        public_somewhere = Q()
        for code in LANGUAGES:
            public_somewhere |= Q(**{f"published_{code}__lte": self.now})
        return NewsItem.objects.filter(public_somewhere)

    def cache_seconds(self) -> int:
        """Until the next scheduled edition goes public (no write announces that)."""
        upcoming = NewsItem.objects.aggregate(
            **{
                code: Min(f"published_{code}", filter=Q(**{f"published_{code}__gt": self.now}))
                for code in LANGUAGES
            }
        )
        times = [when for when in upcoming.values() if when is not None]
        if not times:
            return CACHE_SECONDS
        return max(1, min(CACHE_SECONDS, int((min(times) - self.now).total_seconds()) + 1))

    def path_templates(self):
        return templates_per_language(slug=("news:detail_slug", True), plain=("news:detail", False))

    def paths(self, row, templates):
        pk, *rest = row
        slugs = dict(zip(LANGUAGES, rest[: len(LANGUAGES)], strict=True))
        published = dict(zip(LANGUAGES, rest[len(LANGUAGES) : 2 * len(LANGUAGES)], strict=True))
        paths = {}
        for code in LANGUAGES:
            if published[code] is None or published[code] > self.now:
                continue
            slug = slugs[code] or ""
            template = templates[code]["slug" if slug else "plain"]
            paths[code] = template.path(pk, slug)
        return paths


SITEMAPS = {"news": NewsListSitemap, "news-items": NewsItemSitemap}
