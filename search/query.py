"""Site-wide search over the public content of every registered source, in the page language.

On PostgreSQL a search reads one table, the search index (`search.models.SearchEntry`,
kept by `search.index`): the stored per-language search vectors of every public object,
each made with its language's text-search configuration and matched with the query parsed
by that same configuration, GIN-indexed, ranked, and for the page shown only, highlighted
snippets from ts_headline over the content itself. On SQLite: a plain case-insensitive
substring match in the sources, highlighted in Python.

Content takes part through the registry (`search.registry`): each app registers its
sources in its own `search.py`.

A page costs little however many entries match: one query ranks the newest matches and
counts them, and returns only the page's rows; then only the objects and snippets of that
page are loaded, through each source's public selector.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQueryField
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, F, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.localized import Localized, localized
from search.models import SearchEntry
from search.registry import SearchSource
from search.registry import sources as registered_sources

# Longer queries are cut: nobody types more, and ts_query cost grows with the terms.
QUERY_MAX_LENGTH = 200
MAX_TERMS = 10
# Matches ranked and counted (the newest of all sources): 50 pages, more than anyone reads;
# a query with more says "more than" and is best narrowed with another word.
MAX_RESULTS = 1000
PAGE_SIZE = 20
SNIPPET_CHARS = 240
# The snippet is picked from the text's beginning: ts_headline parses everything it gets,
# and texts run to thousands of characters (a match further in shows no snippet mark).
HEADLINE_TEXT_CHARS = 2000

TS_CONFIGS = {"fi": "finnish", "sv": "swedish"}
# ts_headline marks matches with these; the text is escaped first, then they become <mark>.
START, STOP = "\x02", "\x03"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


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


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# ---------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------

# The swedish snowball stemmer strips plural and genitive endings but leaves most definite
# singular forms alone: "biblioteket", "skolan", "hjärtat", "byn" stay as they are, so a
# search for "bibliotek" would miss "biblioteket". Each Swedish query lexeme is therefore
# widened with those forms (and a definite form typed with its base). Prefix matching
# (`bibliotek:*`) would do it too, but would also make "kommun" match "kommunikation" and
# "by" match "bygga". The finnish stemmer reduces the cases ("kirjastossa", "kirjastoon")
# to the same stem already.
_SV_DEFINITE = ("et", "an", "at")
_SV_VOWELS = frozenset("aeiouyåäöéü")
# A quoted lexeme in the text form of a tsquery ('' is a quote, \\ a backslash).
_TSQUERY_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)*)'")
# More lexemes than this and the Swedish forms are not added (ever longer queries).
_MAX_LEXEMES_TO_WIDEN = 3 * MAX_TERMS


def _swedish_forms(lexeme: str) -> list[str]:
    """The lexeme and the definite forms the swedish stemmer does not reduce to it."""
    forms = [lexeme]
    if len(lexeme) < 2 or not lexeme.isalpha():
        return forms
    forms += [lexeme + suffix for suffix in _SV_DEFINITE]
    if lexeme[-1] in _SV_VOWELS:
        forms += [lexeme + "n", lexeme + "t"]
    for suffix in _SV_DEFINITE:
        if lexeme.endswith(suffix) and len(lexeme) - len(suffix) >= 3:
            forms.append(lexeme[: -len(suffix)])
    if len(lexeme) >= 3 and lexeme[-1] in "nt" and lexeme[-2] in _SV_VOWELS:
        forms.append(lexeme[:-1])
    return list(dict.fromkeys(forms))


def _tsquery_quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery_unquote(quoted: str) -> str:
    return re.sub(r"''|\\(.)", lambda m: m.group(1) or "'", quoted)


def _swedish_widened(tsquery: str) -> str:
    """The text of a swedish tsquery with every lexeme OR-ed with its definite forms."""
    if len(_TSQUERY_LEXEME.findall(tsquery)) > _MAX_LEXEMES_TO_WIDEN:
        return tsquery

    def widen(match: re.Match) -> str:
        forms = _swedish_forms(_tsquery_unquote(match.group(1)))
        quoted = [_tsquery_quote(form) for form in forms]
        return quoted[0] if len(quoted) == 1 else "( " + " | ".join(quoted) + " )"

    return _TSQUERY_LEXEME.sub(widen, tsquery)


def _pg_tsqueries(query: str) -> dict[str, str]:
    """The query as a tsquery (text form) per language, each parsed with its language's
    configuration; languages where nothing indexable is left (only stop words, only
    negations) are left out, so every search the database runs is served by the index."""
    words = " ".join(query.split()[:MAX_TERMS])
    codes = list(TS_CONFIGS)
    columns = ", ".join(
        "websearch_to_tsquery(%s::regconfig, %s)::text, "
        "querytree(websearch_to_tsquery(%s::regconfig, %s))"
        for _code in codes
    )
    params = []
    for code in codes:
        params += [TS_CONFIGS[code], words] * 2
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}", params)
        row = cursor.fetchone()
    tsqueries = {}
    for index, code in enumerate(codes):
        text, indexable = row[2 * index], row[2 * index + 1]
        if indexable and indexable != "T":
            tsqueries[code] = _swedish_widened(text) if code == "sv" else text
    return tsqueries


class _TsQuery(Func):
    """A tsquery from its text form, taken as it is (already normalised, not stemmed again)."""

    template = "%(expressions)s::tsquery"
    output_field = SearchQueryField()

    def __init__(self, text: str) -> None:
        super().__init__(Value(text, output_field=TextField()))


def _headline(
    field: str, language: str, tsqueries: dict[str, str], *, chars: int | None = None, **options
):
    """ts_headline of `field` in the language the page shows it in (the page language, or
    the other one when that is empty: like `localized`), with that language's query; over
    only the first `chars` characters when given (ts_headline parses all it is given)."""
    order = [language] + [code for code in _languages() if code != language]

    def one(code: str):
        text = F(f"{field}_{code}")
        return SearchHeadline(
            Left(text, chars) if chars else text,
            _TsQuery(tsqueries.get(code, "")),
            config=TS_CONFIGS[code],
            start_sel=START,
            stop_sel=STOP,
            **options,
        )

    return Case(
        *[When(Q(**{f"{field}_{code}__gt": ""}), then=one(code)) for code in order[:-1]],
        default=one(order[-1]),
        output_field=TextField(),
    )


def _pg_headlines(
    source: SearchSource, pks: list[int], tsqueries: dict[str, str], language: str
) -> dict:
    objects = source.objects(pks, language).annotate(
        title_headline=_headline(source.title_field, language, tsqueries, highlight_all=True),
        text_headline=_headline(
            source.text_field,
            language,
            tsqueries,
            chars=HEADLINE_TEXT_CHARS,
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


def _plain_matching(source: SearchSource, query: str, language: str) -> QuerySet:
    condition = Q()
    for term in _terms(query):
        any_field = Q()
        for field in (source.title_field, source.text_field):
            for code in _languages():
                any_field |= Q(**{f"{field}_{code}__icontains": term})
        condition &= any_field
    return source.public(language).filter(condition)


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


# Public entry points
# ---------------------------------------------------------------------------------------


class _MatchList:
    """What the paginator pages through: counted and sliced in the database, never loaded."""

    def __init__(self, results: "SearchResults") -> None:
        self.results = results

    def count(self) -> int:
        return self.results.count

    def __len__(self) -> int:
        return self.results.count

    def __getitem__(self, key: slice) -> list[_Match]:
        start = key.start or 0
        return self.results.matches(offset=start, limit=key.stop - start)


def _pg_ranking_sql(
    tsqueries: dict[str, str], language: str, kinds: list[str] | None
) -> tuple[str, list]:
    """The SQL that ranks the MAX_RESULTS newest matches shown in `language` and counts
    them (MAX_RESULTS + 1 means more), with its parameters but the page's LIMIT and OFFSET.

    The candidates come from the index alone: served by the GIN index of each language's
    vector (or, for a word so common that the newest rows hold a page of matches, by the
    newest-first index), then sorted newest first with a bounded sort. Their rank is
    ts_rank (title A, text B) in the first language, page language first, whose vector
    matches: one ts_rank a row.
    """
    quote = connection.ops.quote_name
    table = quote(SearchEntry._meta.db_table)
    order = sorted(tsqueries, key=lambda code: code != language)
    matches = " OR ".join(f"vector_{code} @@ %s::tsquery" for code in order)
    whens, rank_params = [], []
    for code in order[:-1]:
        whens.append(f"WHEN vector_{code} @@ %s::tsquery THEN ts_rank(vector_{code}, %s::tsquery)")
        rank_params += [tsqueries[code]] * 2
    last = order[-1]
    rank_params.append(tsqueries[last])
    rank = f"ts_rank(vector_{last}, %s::tsquery)"
    if whens:
        rank = f"CASE {' '.join(whens)} ELSE {rank} END"
    date, shown_from = f"date_{language}", f"shown_from_{language}"
    # Only when the search is narrowed to some sources (the index holds nothing else).
    of_kinds = "" if kinds is None else " AND kind = ANY(%s)"
    newest_first = "search_date DESC, kind DESC, object_id DESC"
    sql = (
        "SELECT kind, object_id, search_date, search_rank, total FROM ("
        f"SELECT kind, object_id, search_date, {rank} AS search_rank,"
        " count(*) OVER () AS total,"
        f" row_number() OVER (ORDER BY {newest_first}) AS newest FROM ("
        f"SELECT kind, object_id, {date} AS search_date, {', '.join(f'vector_{c}' for c in order)}"
        f" FROM {table} WHERE {date} IS NOT NULL AND {shown_from} <= %s{of_kinds}"
        f" AND ({matches})"
        f" ORDER BY {date} DESC, kind DESC, object_id DESC LIMIT %s"
        ") candidates) ranked WHERE newest <= %s"
        " ORDER BY search_rank DESC, search_date DESC, kind DESC, object_id DESC"
        " LIMIT %s OFFSET %s"
    )
    params = [
        *rank_params,
        timezone.now(),
        *([] if kinds is None else [kinds]),
        *(tsqueries[code] for code in order),
        MAX_RESULTS + 1,
        MAX_RESULTS,
    ]
    return sql, params


class SearchResults:
    """The matches of a query, ranked and counted, and for the page asked for, the full hits.

    One query answers a page: the candidates are the MAX_RESULTS newest public matches of
    all sources together; only those are ranked, and only the page's rows leave the
    database, with the number of candidates. So a word in half of all entries costs about
    what a rarer one does: ranking every match would read every matching row's vectors.
    Beyond MAX_RESULTS the page says "more than", and asks for more words.
    """

    def __init__(self, *, query: str, language: str, sources: Sequence[SearchSource]) -> None:
        self.query = query
        self.language = language
        self.sources = list(sources)
        self._by_kind = {source.kind: source for source in self.sources}
        tsqueries = _pg_tsqueries(query) if query and _is_postgres() else {}
        # The page language first: its match is tested first, and mostly decides.
        self._tsqueries = dict(sorted(tsqueries.items(), key=lambda item: item[0] != language))
        self._total: int | None = None
        self._pages: dict[int, tuple[int, list[_Match]]] = {}

    @cached_property
    def _plain_candidates(self) -> list[_Match]:
        """Without search vectors: the MAX_RESULTS + 1 newest substring matches of every
        source (small sites only: the zero-setup run on SQLite)."""
        candidates = []
        for source in self.sources:
            matching = _plain_matching(source, self.query, self.language)
            rows = (
                matching.annotate(search_date=source.date(self.language))
                .order_by("-search_date", "-pk")
                .values_list("pk", "search_date")[: MAX_RESULTS + 1]
            )
            candidates += [_Match(source, pk, 0.0, date) for pk, date in rows]
        candidates.sort(key=lambda match: (match.date, match.source.kind, match.pk), reverse=True)
        return candidates[: MAX_RESULTS + 1]

    def _ranked(self, *, offset: int, limit: int) -> tuple[list[_Match], int]:
        """The candidates from `offset` on, best first (rank, then newest, then kind and
        pk), and how many candidates there are (MAX_RESULTS + 1 means more)."""
        if not self.query or not self.sources:
            return [], 0
        if not _is_postgres():
            candidates = self._plain_candidates
            return candidates[:MAX_RESULTS][offset : offset + limit], len(candidates)
        if not self._tsqueries:
            return [], 0
        every = {source.kind for source in registered_sources()}
        kinds = None if set(self._by_kind) == every else list(self._by_kind)
        sql, params = _pg_ranking_sql(self._tsqueries, self.language, kinds)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
        matches = [
            _Match(self._by_kind[kind], pk, rank, date) for kind, pk, date, rank, _total in rows
        ]
        return matches, rows[0][4] if rows else 0

    def matches(self, *, offset: int, limit: int) -> list[_Match]:
        """The matches from `offset` on, best first. A page's query is run once (the count
        and the paginator's slice of the page ask again)."""
        size = max(limit, PAGE_SIZE)
        cached = self._pages.get(offset)
        if cached is None or cached[0] < size:
            matches, total = self._ranked(offset=offset, limit=size)
            # An empty answer beyond the first page says nothing about the count.
            if matches or offset == 0:
                self._total = total
            cached = self._pages[offset] = (size, matches)
        return cached[1][:limit]

    @property
    def more(self) -> bool:
        """More matches than are counted and shown (MAX_RESULTS)."""
        return self.count == MAX_RESULTS and self._total > MAX_RESULTS

    @property
    def count(self) -> int:
        """How many matches are shown (at most MAX_RESULTS; see `more`)."""
        if self._total is None:
            self.matches(offset=0, limit=1)
        return min(self._total or 0, MAX_RESULTS)

    def page(self, number) -> tuple[Page, list[SearchHit]]:
        # Ask for the requested page first: its query also counts, so a page in range
        # costs one query; one out of range costs a second (the paginator's count).
        try:
            wanted = max(1, int(number))
        except (TypeError, ValueError, OverflowError):
            wanted = 1
        if wanted <= MAX_RESULTS // PAGE_SIZE + 1:
            self.matches(offset=(wanted - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        page = Paginator(_MatchList(self), PAGE_SIZE).get_page(number)
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
                objects = _pg_headlines(source, pks, self._tsqueries, self.language)
            else:
                objects = {obj.pk: obj for obj in source.objects(pks, self.language)}
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
        sources=registered_sources() if sources is None else sources,
    )
