"""Sitemaps of the public pledges and initiatives and their lists, in both languages."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.text import slugify

from core.i18n import language_codes
from core.sitemap_base import RowSitemap, templates_per_language, translated
from pledges.selectors import initiatives_public, organisations_public, pledges_public

LANGUAGES = language_codes()


class _I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class EntryListsSitemap(_I18nSitemap):
    def items(self) -> list[str]:
        return ["pledges:list", "initiatives:list"]

    def location(self, item: str) -> str:
        return reverse(item)


class _EntrySitemap(RowSitemap):
    """Public entries in both languages; the slug is the title's in each language, as
    Entry.slug() and get_absolute_url() make it, computed from the stored columns."""

    namespace = ""
    columns = ("pk", *(f"title_{code}" for code in LANGUAGES), "updated_at")

    def path_templates(self):
        return templates_per_language(detail=(f"{self.namespace}:detail", True))

    def paths(self, row, templates):
        pk, *titles, _updated = row
        titles = dict(zip(LANGUAGES, titles, strict=True))
        return {
            code: templates[code]["detail"].path(pk, slugify(translated(titles, code))[:60] or "-")
            for code in LANGUAGES
        }


class PledgeSitemap(_EntrySitemap):
    namespace = "pledges"
    topics = ("pledges",)

    def public(self):
        return pledges_public()


class InitiativeSitemap(_EntrySitemap):
    namespace = "initiatives"
    topics = ("initiatives",)

    def public(self):
        return initiatives_public()


class OrganisationSitemap(RowSitemap):
    """Organisations with a public page; the name is not translated, so one slug serves
    both languages. The page changes with its entries, which carry their own lastmod:
    none is claimed here."""

    topics = ("pledges", "initiatives")
    columns = ("pk", "name")

    def public(self):
        return organisations_public()

    def path_templates(self):
        return templates_per_language(detail=("organisations:detail", True))

    def paths(self, row, templates):
        pk, name = row
        slug = slugify(name)[:60] or "-"
        return {code: templates[code]["detail"].path(pk, slug) for code in LANGUAGES}

    def row_lastmod(self, row):
        return None

    def get_latest_lastmod(self):
        return None


SITEMAPS = {
    "entry-lists": EntryListsSitemap,
    "pledges": PledgeSitemap,
    "initiatives": InitiativeSitemap,
    "organisations": OrganisationSitemap,
}
