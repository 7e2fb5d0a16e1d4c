"""Sitemaps of many objects, built from a few columns per row.

Django's i18n sitemap loads every object of a section on every request (its paginator pages
through a list of all (object, language) pairs) and calls reverse() and the title's
slugify() per object and language: at 100,000 pledges that is seconds and megabytes per
hit. A `RowSitemap` instead counts its rows in the database, reads one page of rows
(`values_list` of the needed columns, LIMIT/OFFSET by primary key) and builds each path
from a template reversed once per language. The rendered pages are cached
(portal.sitemap_views), so even the slugs are computed only on a miss.

`limit` counts <url> elements, as in Django: a page holds `limit // languages` objects, so
each object's editions stay on one page and a file never exceeds `limit` URLs.
"""

import contextlib
import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from html import escape

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from modeltranslation.utils import resolution_order

from core.content_versions import versions
from core.i18n import language_codes, x_default_path

# <url> elements per sitemap file. The protocol allows 50,000 URLs and 50 MB; a URL with its
# hreflang alternates takes about 550 bytes, so a file stays near 5.5 MB (under 0.2 MB
# gzipped) and a cache miss renders it in about a second.
URLS_PER_FILE = 10_000
# A cached page or count lives at most this long even if no write bumps its topics.
CACHE_SECONDS = 6 * 3600

logger = logging.getLogger(__name__)

_PK_MARK = 987654321987
_SLUG_MARK = "sitemap-slug-mark"


class PathTemplate:
    """A URL pattern's path reversed once, filled in per object without reverse()."""

    def __init__(self, name: str, *, slug: bool) -> None:
        kwargs = {"pk": _PK_MARK, "slug": _SLUG_MARK} if slug else {"pk": _PK_MARK}
        self.prefix, rest = reverse(name, kwargs=kwargs).split(str(_PK_MARK))
        self.middle, self.suffix = rest.split(_SLUG_MARK) if slug else (rest, "")

    def path(self, pk: int, slug: str = "") -> str:
        return f"{self.prefix}{pk}{self.middle}{slug}{self.suffix}"


class _Rows(Sequence):
    """A sitemap's rows for the Paginator: counted in the database (cached), sliced lazily."""

    def __init__(self, sitemap: "RowSitemap") -> None:
        self.sitemap = sitemap

    def count(self) -> int:
        sitemap = self.sitemap
        try:
            key = f"sitemap:count:{sitemap.section_key()}:{versions(sitemap.topics)}"
            found = cache.get(key)
        except Exception:  # the cache is unreachable: count in the database
            logger.warning("Sitemap cache unavailable", exc_info=True)
            return sitemap.public().count()
        if found is None:
            found = sitemap.public().count()
            with contextlib.suppress(Exception):
                cache.set(key, found, timeout=sitemap.cache_seconds())
        return found

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("sitemap rows are read a page at a time")
        return list(self.sitemap.public().order_by("pk").values_list(*self.sitemap.columns)[index])


class RowSitemap(Sitemap):
    """An i18n sitemap of public objects whose URLs are computed from stored columns.

    Subclasses give `public()` (the public objects), `columns` (what `paths()` and
    `row_lastmod()` read; the primary key first) and `paths(row, templates)`.
    """

    i18n = True
    alternates = True
    x_default = True
    limit = URLS_PER_FILE
    # Content-version topics (core.content_versions) whose change alters this sitemap.
    topics: tuple[str, ...] = ()
    columns: tuple[str, ...] = ("pk",)
    lastmod_field = "updated_at"

    def public(self) -> QuerySet:
        raise NotImplementedError

    def path_templates(self) -> dict[str, dict[str, PathTemplate]]:
        """Per language, the PathTemplates `paths()` uses (reversed once per page)."""
        raise NotImplementedError

    def paths(self, row: tuple, templates: dict[str, dict[str, PathTemplate]]) -> dict[str, str]:
        """The object's path in each language in which its page is public."""
        raise NotImplementedError

    def row_lastmod(self, row: tuple) -> datetime | None:
        return row[-1]

    def section_key(self) -> str:
        return type(self).__name__

    def cache_seconds(self) -> int:
        return CACHE_SECONDS

    def items(self):
        return _Rows(self)

    @property
    def paginator(self) -> Paginator:
        per_page = max(1, self.limit // max(1, len(self._languages())))
        return Paginator(_Rows(self), per_page)

    def get_latest_lastmod(self) -> datetime | None:
        return self.public().aggregate(latest=Max(self.lastmod_field))["latest"]

    def _urls(self, page, protocol, domain):
        base = f"{protocol}://{domain}"
        templates = self.path_templates()
        urls = []
        latest = None
        for row in self.paginator.page(page).object_list:
            paths = self.paths(row, templates)
            if not paths:
                continue
            lastmod = self.row_lastmod(row)
            if lastmod is not None and (latest is None or lastmod > latest):
                latest = lastmod
            alternates = [{"lang_code": code, "location": base + p} for code, p in paths.items()]
            alternates.append({"lang_code": "x-default", "location": base + x_default_path(paths)})
            for path in paths.values():
                urls.append(
                    {
                        "item": row,
                        "location": base + path,
                        "lastmod": lastmod,
                        "changefreq": getattr(self, "changefreq", None),
                        "priority": "",
                        "alternates": alternates,
                    }
                )
        if latest is not None:
            self.latest_lastmod = latest
        return urls


class ListPageSitemap(Sitemap):
    """One list page (`url_name`) in every language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True
    url_name = ""

    def items(self) -> list[str]:
        return [self.url_name]

    def location(self, item: str) -> str:
        return reverse(item)


class SluggedRowSitemap(RowSitemap):
    """Detail pages at `<pk>-<slug>/` (or `<pk>/` without a slug) with a slug per language
    that falls back as modeltranslation does, as the model's get_absolute_url(). Subclasses
    give `topics`, `public()` and the two URL names `detail_names` (with slug, without)."""

    detail_names: tuple[str, str] = ("", "")

    @property
    def columns(self) -> tuple[str, ...]:
        return ("pk", *(f"slug_{code}" for code in language_codes()), "updated_at")

    def path_templates(self):
        with_slug, plain = self.detail_names
        return templates_per_language(slug=(with_slug, True), plain=(plain, False))

    def paths(self, row, templates):
        pk, *slugs, _updated = row
        slugs = dict(zip(language_codes(), slugs, strict=True))
        paths = {}
        for code in language_codes():
            slug = translated(slugs, code)
            template = templates[code]["slug" if slug else "plain"]
            paths[code] = template.path(pk, slug)
        return paths


def templates_per_language(**names: tuple[str, bool]) -> dict[str, dict[str, PathTemplate]]:
    """{language: {key: PathTemplate}} for URL names given as key=(name, with_slug)."""
    templates = {}
    for code in language_codes():
        with translation.override(code):
            templates[code] = {
                key: PathTemplate(name, slug=slug) for key, (name, slug) in names.items()
            }
    return templates


def translated(values: dict[str, str | None], code: str) -> str:
    """A translated field's text in `code` with modeltranslation's fallbacks, from its
    per-language columns ({"fi": ..., "sv": ...}): what `obj.field` gives in `code`."""
    for lang in resolution_order(code):
        if values.get(lang):
            return values[lang]
    return ""


_URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.isoformat()


def urlset_xml(urls: Iterable[dict]) -> str:
    """The <urlset> of Sitemap.get_urls() output, as Django's sitemap.xml template writes it.

    Django's template takes about a second per thousand URLs; this writes ten thousand in
    a fraction of that. An object's languages share one alternates list, written once.
    """
    parts = [_URLSET_OPEN]
    last_alternates = last_lastmod = None
    links = day = ""
    for url in urls:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if lastmod := url.get("lastmod"):
            if lastmod is not last_lastmod:
                day, last_lastmod = _day(lastmod), lastmod
            parts.append(f"<lastmod>{day}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(str(url['changefreq']))}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(str(url['priority']))}</priority>")
        alternates = url.get("alternates") or []
        if alternates is not last_alternates:
            links = "".join(
                f'<xhtml:link rel="alternate" hreflang="{escape(a["lang_code"])}"'
                f' href="{escape(a["location"])}"/>'
                for a in alternates
            )
            last_alternates = alternates
        parts.append(f"{links}</url>")
    parts.append("\n</urlset>\n")
    return "".join(parts)
