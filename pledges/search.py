"""Site search over public content, in the page language.

On PostgreSQL: full-text search with the `finnish` and `swedish` text-search configurations
(each language column with its own), ranked, with highlighted snippets from ts_headline.
On SQLite: a plain case-insensitive substring match, highlighted in Python.

Content types take part through SEARCH_SOURCES: a source names its public queryset and its
translated fields. Events and news join by adding a SearchSource whose `queryset` is their
own public selector (and whose model has `get_absolute_url`, a title and a text field).

Search runs in two steps so a page costs little however many entries match: first only
(source, pk, rank, date) of every match, merged and sorted; then the objects and snippets of
the one page shown.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from events.selectors import events_public
from pledges.selectors import initiatives_public, pledges_public
from portal.localized import Localized, localized
from programmes.news_selectors import news_public

# Longer queries are cut: nobody types more, and ts_query cost grows with the terms.
QUERY_MAX_LENGTH = 200
MAX_TERMS = 10
# Matches taken from each source before merging (more is not useful to a reader).
MAX_MATCHES_PER_SOURCE = 500
PAGE_SIZE = 20
SNIPPET_CHARS = 240

TS_CONFIGS = {"fi": "finnish", "sv": "swedish"}
# ts_headline marks matches with these; the text is escaped first, then they become <mark>.
START, STOP = "\x02", "\x03"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _news_in_page_language() -> QuerySet:
    """News published in the page language, dated by that language's publication time."""
    language = translation.get_language()
    return news_public(language=language).annotate(published_at=F(f"published_{language}"))


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: Promise
    queryset: Callable[[], QuerySet]
    title_field: str = "title"
    text_field: str = "text"
    date_field: str = "published_at"
    select_related: tuple[str, ...] = ()

    def objects(self, pks: list[int]) -> QuerySet:
        """The public objects with these pks, with what their result line shows."""
        queryset = self.queryset().filter(pk__in=pks)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


SEARCH_SOURCES: list[SearchSource] = [
    SearchSource(
        kind="pledge",
        label=_("Pledge"),
        queryset=pledges_public,
        select_related=("organisation",),
    ),
    SearchSource(
        kind="initiative",
        label=_("Initiative"),
        queryset=initiatives_public,
        select_related=("organisation",),
    ),
    SearchSource(
        kind="event",
        label=_("Event"),
        queryset=events_public,
        text_field="description",
        date_field="starts_at",
    ),
    SearchSource(
        kind="news",
        label=_("News"),
        queryset=_news_in_page_language,
        text_field="body",
        date_field="published_at",
    ),
]


@dataclass
class SearchHit:
    source: SearchSource
    obj: object
    title: Localized
    title_html: SafeString
    snippet_html: SafeString
    snippet_lang: str
    url: str

    @property
    def label(self) -> Promise:
        return self.source.label

    @property
    def kind(self) -> str:
        return self.source.kind


@dataclass(frozen=True)
class _Match:
    source: SearchSource
    pk: int
    rank: float
    date: datetime | None


def query_clean(query: str) -> str:
    """The query as searched: control characters removed, spaces collapsed, length capped."""
    return " ".join(_CONTROL.sub(" ", query or "").split())[:QUERY_MAX_LENGTH].strip()


def _terms(query: str) -> list[str]:
    terms = [term.strip("\"'") for term in query.split()]
    return [term for term in terms if term][:MAX_TERMS]


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _in_page_language(field: str, language: str):
    """The field in the page language, or in another one when it is empty (like localized)."""
    order = [language] + [code for code in _languages() if code != language]
    return Coalesce(
        *[NullIf(F(f"{field}_{code}"), Value("")) for code in order],
        Value(""),
        output_field=TextField(),
    )


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------


def _pg_vector(source: SearchSource):
    from django.contrib.postgres.search import SearchVector

    vector = None
    for code in _languages():
        config = TS_CONFIGS[code]
        part = SearchVector(
            f"{source.title_field}_{code}", weight="A", config=config
        ) + SearchVector(f"{source.text_field}_{code}", weight="B", config=config)
        vector = part if vector is None else vector + part
    return vector


def _pg_query(query: str, language: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(query, config=TS_CONFIGS[language], search_type="websearch")


def _pg_matches(source: SearchSource, query: str, language: str) -> list[_Match]:
    from django.contrib.postgres.search import SearchRank

    search_query = _pg_query(query, language)
    rows = (
        source.queryset()
        .annotate(search_document=_pg_vector(source))
        .filter(search_document=search_query)
        .annotate(search_rank=SearchRank(F("search_document"), search_query))
        .order_by("-search_rank", f"-{source.date_field}", "-pk")
        .values_list("pk", "search_rank", source.date_field)[:MAX_MATCHES_PER_SOURCE]
    )
    return [_Match(source, pk, rank, date) for pk, rank, date in rows]


def _pg_headlines(source: SearchSource, pks: list[int], query: str, language: str) -> dict:
    from django.contrib.postgres.search import SearchHeadline

    search_query = _pg_query(query, language)
    config = TS_CONFIGS[language]
    objects = source.objects(pks).annotate(
        title_headline=SearchHeadline(
            _in_page_language(source.title_field, language),
            search_query,
            config=config,
            start_sel=START,
            stop_sel=STOP,
            highlight_all=True,
        ),
        text_headline=SearchHeadline(
            _in_page_language(source.text_field, language),
            search_query,
            config=config,
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )
    return {obj.pk: obj for obj in objects}


def _marked_safe(headline: str) -> SafeString:
    """ts_headline output made safe: escape everything, then turn the markers into <mark>."""
    escaped = str(escape(headline or ""))
    marked = re.sub(f"{START}([^{START}{STOP}]*){STOP}", r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


# ---------------------------------------------------------------------------------------
# SQLite (and any other database): substring match
# ---------------------------------------------------------------------------------------


def _plain_matches(source: SearchSource, query: str, language: str) -> list[_Match]:
    condition = Q()
    for term in _terms(query):
        any_field = Q()
        for field in (source.title_field, source.text_field):
            for code in _languages():
                any_field |= Q(**{f"{field}_{code}__icontains": term})
        condition &= any_field
    rows = (
        source.queryset()
        .filter(condition)
        .order_by(f"-{source.date_field}", "-pk")
        .values_list("pk", source.date_field)[:MAX_MATCHES_PER_SOURCE]
    )
    return [_Match(source, pk, 0.0, date) for pk, date in rows]


def highlight(text: str, terms: Sequence[str], *, window: int | None = None) -> SafeString:
    """Escape `text` and wrap each occurrence of a term in <mark>; optionally cut to a window
    of about `window` characters around the first match."""
    text = text or ""
    pattern = (
        re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.I)
        if terms
        else None
    )
    prefix = suffix = ""
    if window and len(text) > window:
        first = pattern.search(text) if pattern else None
        start = max(0, (first.start() if first else 0) - window // 3)
        end = min(len(text), start + window)
        # Cut at word boundaries.
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < (first.start() if first else end) else start
            prefix = "… "
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
            suffix = " …"
        text = text[start:end]
    if pattern is None:
        return mark_safe(prefix + str(escape(text)) + suffix)  # noqa: S308 - escaped
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(str(escape(text[last : match.start()])))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(str(escape(text[last:])))
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 - every piece escaped


# ---------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------


class SearchResults:
    """Every match of a query (ids only) and, for the page asked for, the full hits."""

    def __init__(self, *, query: str, language: str, sources: Sequence[SearchSource]) -> None:
        self.query = query
        self.language = language
        self.sources = sources
        self.matches: list[_Match] = []
        if query:
            for source in sources:
                if _is_postgres():
                    self.matches += _pg_matches(source, query, language)
                else:
                    self.matches += _plain_matches(source, query, language)
        self.matches.sort(
            key=lambda m: (m.rank, m.date.timestamp() if m.date else 0.0, m.pk), reverse=True
        )

    @property
    def count(self) -> int:
        return len(self.matches)

    def page(self, number) -> tuple[Page, list[SearchHit]]:
        page = Paginator(self.matches, PAGE_SIZE).get_page(number)
        return page, self._hits(list(page.object_list))

    def _hits(self, matches: list[_Match]) -> list[SearchHit]:
        by_source: dict[str, list[int]] = {}
        for match in matches:
            by_source.setdefault(match.source.kind, []).append(match.pk)
        loaded: dict[tuple[str, int], object] = {}
        for source in self.sources:
            pks = by_source.get(source.kind)
            if not pks:
                continue
            if _is_postgres():
                objects = _pg_headlines(source, pks, self.query, self.language)
            else:
                objects = {obj.pk: obj for obj in source.objects(pks)}
            for pk, obj in objects.items():
                loaded[(source.kind, pk)] = obj
        hits = []
        terms = _terms(self.query)
        for match in matches:
            obj = loaded.get((match.source.kind, match.pk))
            if obj is None:  # unpublished between the two queries
                continue
            title = localized(obj, match.source.title_field)
            text = localized(obj, match.source.text_field)
            if hasattr(obj, "title_headline"):
                title_html = _marked_safe(obj.title_headline)
                snippet_html = _marked_safe(obj.text_headline)
            else:
                title_html = highlight(title.text, terms)
                snippet_html = highlight(text.text, terms, window=SNIPPET_CHARS)
            hits.append(
                SearchHit(
                    source=match.source,
                    obj=obj,
                    title=title,
                    title_html=title_html,
                    snippet_html=snippet_html,
                    snippet_lang=text.lang,
                    url=obj.get_absolute_url(),
                )
            )
        return hits


def site_search(
    *, query: str, language: str, sources: Sequence[SearchSource] | None = None
) -> SearchResults:
    """Search the public content of every source for `query` in `language`."""
    return SearchResults(
        query=query_clean(query),
        language=language,
        sources=SEARCH_SOURCES if sources is None else sources,
    )
