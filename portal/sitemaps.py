from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.sitemaps import SITEMAPS as EVENT_SITEMAPS
from mailings.sitemaps import SITEMAPS as MAILINGS_SITEMAPS
from pledges.sitemaps import SITEMAPS as PLEDGES_SITEMAPS
from programmes.news_sitemaps import SITEMAPS as NEWS_SITEMAPS
from themes.selectors import theme_list


class I18nSitemap(Sitemap):
    """Each page once per language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(I18nSitemap):
    def items(self) -> list[str]:
        return ["home", "programmes:programme", "themes:list", "accessibility", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


class ThemeSitemap(I18nSitemap):
    def items(self):
        return theme_list()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "themes": ThemeSitemap,
    **PLEDGES_SITEMAPS,
    **EVENT_SITEMAPS,
    **NEWS_SITEMAPS,
    **MAILINGS_SITEMAPS,
}
