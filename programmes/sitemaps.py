"""The programme app's pages in the sitemap (portal.sitemaps finds SITEMAPS): the list of
the government's integration measures and each measure, in both languages with hreflang.
(The programme page itself is among the shell's static pages.)"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from core.i18n import language_codes
from core.sitemap_base import RowSitemap, templates_per_language, translated
from programmes.selectors import measures_public

LANGUAGES = language_codes()


class MeasureListSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self) -> list[str]:
        return ["measures:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class MeasureSitemap(RowSitemap):
    """Every measure in both languages (the page falls back honestly to the other).

    The slug is the stored one with the other language's as fallback, as
    Measure.get_absolute_url().
    """

    topics = ("measures",)
    columns = ("pk", *(f"slug_{code}" for code in LANGUAGES), "updated_at")

    def public(self):
        return measures_public()

    def path_templates(self):
        return templates_per_language(
            slug=("measures:detail_slug", True), plain=("measures:detail", False)
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


SITEMAPS = {"measures": MeasureListSitemap, "measure-pages": MeasureSitemap}
