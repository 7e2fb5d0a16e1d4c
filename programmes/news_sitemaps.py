from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from programmes.models import NewsItem


class NewsListSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["news:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class NewsItemSitemap(Sitemap):
    """Each language lists only its own public editions (another edition's page 404s).

    The alternates name only those editions, as the item's own <head> does.
    """

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return NewsItem.objects.order_by("pk")

    def get_languages_for_item(self, item) -> list[str]:
        return [code for code in self._languages() if item.is_public_in(code)]

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"news": NewsListSitemap, "news-items": NewsItemSitemap}
