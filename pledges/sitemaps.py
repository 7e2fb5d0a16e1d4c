"""Sitemaps of the public pledges and initiatives and their lists, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from pledges.selectors import initiatives_public, pledges_public


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class EntryListsSitemap(_I18nSitemap):
    def items(self) -> list[str]:
        return ["pledges:list", "initiatives:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class PledgeSitemap(_I18nSitemap):
    def items(self):
        return pledges_public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class InitiativeSitemap(_I18nSitemap):
    def items(self):
        return initiatives_public().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "entry-lists": EntryListsSitemap,
    "pledges": PledgeSitemap,
    "initiatives": InitiativeSitemap,
}
