from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.i18n import x_default_path
from core.sitemap_base import RowSitemap
from events.sitemaps import SITEMAPS as EVENT_SITEMAPS
from mailings.sitemaps import SITEMAPS as MAILINGS_SITEMAPS
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS
from pledges.sitemaps import SITEMAPS as PLEDGES_SITEMAPS
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
    topics = ("themes",)

    def items(self):
        return theme_list()


class _PageXDefault:
    """x-default as the page's own <head> says it (core.i18n.x_default_path).

    Django's x_default is the Finnish path without its language prefix ("/ohjelma/"), which
    answers 404 to a Swedish browser; it is replaced by the page's Finnish URL, or by its
    only language's URL for a page that exists in one language only.
    """

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            alternates = [a for a in url_info["alternates"] if a["lang_code"] != "x-default"]
            if alternates:
                locations = {a["lang_code"]: a["location"] for a in alternates}
                alternates.append({"lang_code": "x-default", "location": x_default_path(locations)})
            url_info["alternates"] = alternates
        return urls


def _with_page_x_default(sitemap_class: type[Sitemap]) -> type[Sitemap]:
    if issubclass(sitemap_class, RowSitemap):  # builds its alternates the same way itself
        return sitemap_class
    return type(sitemap_class.__name__, (_PageXDefault, sitemap_class), {})


SITEMAPS = {
    name: _with_page_x_default(sitemap_class)
    for name, sitemap_class in {
        "pages": StaticPagesSitemap,
        "themes": ThemeSitemap,
        **PLEDGES_SITEMAPS,
        **EVENT_SITEMAPS,
        **NEWS_SITEMAPS,
        **MAILINGS_SITEMAPS,
    }.items()
}
