"""The programme app's pages in the sitemap (portal.sitemaps finds SITEMAPS): the list of
the government's integration measures and each measure, in both languages with hreflang.
(The programme page itself is among the shell's static pages.)"""

from core.sitemap_base import ListPageSitemap, SluggedRowSitemap
from programmes.selectors import measures_public


class MeasureListSitemap(ListPageSitemap):
    url_name = "measures:list"


class MeasureSitemap(SluggedRowSitemap):
    """Every measure in both languages (the page falls back honestly to the other).

    The slug is the stored one with the other language's as fallback, as
    Measure.get_absolute_url().
    """

    topics = ("measures",)
    detail_names = ("measures:detail_slug", "measures:detail")

    def public(self):
        return measures_public()


SITEMAPS = {"measures": MeasureListSitemap, "measure-pages": MeasureSitemap}
