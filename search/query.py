"""Site search over public content, in the page language.

On PostgreSQL: full-text search over the stored, GIN-indexed search vectors of every source
(portal.search_vectors: one per language, each made with its language's text-search
configuration, and matched with the query parsed by that same configuration), ranked, with
highlighted snippets from ts_headline. On SQLite: a plain case-insensitive substring match,
highlighted in Python.

Content types take part through SEARCH_SOURCES: a source names its public queryset and its
translated fields (and its table has stored search vectors: an AddSearchVectors migration).
Events and news join by adding a SearchSource whose `queryset` is their own public selector
(and whose model has `get_absolute_url`, a title and a text field).

A page costs little however many entries match: the count is one query over the sources'
index-served matches, the page one query that ranks the matches of every source together
(UNION ALL of kind, pk, rank and date) and returns only the page's rows; then only the
objects and snippets of that page are loaded.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQueryField
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Case, F, Func, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Left
from django.utils import timezone, translation
from django.utils.functional import Promise, cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from events.selectors import events_public
from pledges.selectors import initiatives_public, pledges_public
from portal.localized import Localized, localized
from portal.search_vectors import StoredSearchVector, vector_column
from programmes.news_selectors import news_public

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


class _Matches(Func):
    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _pg_matching(source: SearchSource, tsqueries: dict[str, str]) -> QuerySet:
    """The source's public objects matching in any language (each stored vector with its
    own language's query: a GIN index scan per language), with those vectors."""
    condition = None
    vectors = {}
    for code, text in tsqueries.items():
        vectors[f"vector_{code}"] = StoredSearchVector(code)
        match = _Matches(StoredSearchVector(code), _TsQuery(text))
        condition = match if condition is None else condition | match
    return source.queryset().filter(condition).annotate(**vectors)


def _pg_rank_sql(tsqueries: dict[str, str], language: str) -> tuple[str, list]:
    """The rank of a candidate: ts_rank (title A, text B) in the first language, page
    language first, whose vector matches (one ts_rank a row: ranking reads the vector)."""
    order = sorted(tsqueries, key=lambda code: code != language)
    whens, params = [], []
    for code in order[:-1]:
        whens.append(f"WHEN vector_{code} @@ %s::tsquery THEN ts_rank(vector_{code}, %s::tsquery)")
        params += [tsqueries[code]] * 2
    last = order[-1]
    params.append(tsqueries[last])
    if not whens:
        return f"ts_rank(vector_{last}, %s::tsquery)", params
    return f"CASE {' '.join(whens)} ELSE ts_rank(vector_{last}, %s::tsquery) END", params


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
    objects = source.objects(pks).annotate(
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


def _plain_matching(source: SearchSource, query: str) -> QuerySet:
    condition = Q()
    for term in _terms(query):
        any_field = Q()
        for field in (source.title_field, source.text_field):
            for code in _languages():
                any_field |= Q(**{f"{field}_{code}__icontains": term})
        condition &= any_field
    return source.queryset().filter(condition)


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


# The compiled ranking SQL per shape, with what each parameter is (see SearchResults._ranking).
_RANKING_SQL: dict[tuple, tuple[str, list[tuple[str, object]]]] = {}


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


class SearchResults:
    """The matches of a query, ranked and counted in the database, and for the page asked
    for, the full hits.

    One query answers a page: the candidates are the MAX_RESULTS newest public matches of
    all sources together (each source's part served by its GIN indexes, or by its date
    index when a word is so common that walking the newest entries finds matches sooner);
    only those are ranked, and only the page's rows leave the database, with the number of
    candidates. So a word in half of all entries costs about what a rarer one does: ranking
    every match would read every matching row's vectors. Beyond MAX_RESULTS the page says
    "more than", and asks for more words.
    """

    def __init__(self, *, query: str, language: str, sources: Sequence[SearchSource]) -> None:
        self.query = query
        self.language = language
        self.sources = list(sources)
        tsqueries = _pg_tsqueries(query) if query and _is_postgres() else {}
        # The page language first: its match is tested first, and mostly decides.
        self._tsqueries = dict(sorted(tsqueries.items(), key=lambda item: item[0] != language))
        self._total: int | None = None
        self._pages: dict[int, tuple[int, list[_Match]]] = {}

    @cached_property
    def _ranking(self) -> tuple[str, list, dict[str, SearchSource]] | None:
        """The SQL (and its parameters, but the page's LIMIT and OFFSET) that ranks the
        candidates and counts them; None when the query cannot match anything.

        On PostgreSQL the SQL is compiled from the sources' public selectors once per
        shape (languages, sources, query languages) and kept: compiling four querysets
        costs more than the ranking itself. Only the parameters are bound per request:
        the tsqueries, and the current time where a selector compares with it."""
        if not self.query or (_is_postgres() and not self._tsqueries):
            return None
        by_kind = {source.kind: source for source in self.sources}
        if not _is_postgres():
            sql, params = self._ranking_sql(self._tsqueries)
            return sql, params, by_kind
        key = (
            translation.get_language(),
            self.language,
            tuple(self.sources),
            tuple(self._tsqueries),
            MAX_RESULTS,
        )
        compiled = _RANKING_SQL.get(key)
        if compiled is None:
            compiled = _RANKING_SQL[key] = self._ranking_template()
        sql, slots = compiled
        now = timezone.now()
        params = [
            self._tsqueries[slot[1]]
            if slot[0] == "tsquery"
            else now
            if slot[0] == "now"
            else slot[1]
            for slot in slots
        ]
        return sql, params, by_kind

    def _ranking_template(self) -> tuple[str, list[tuple[str, object]]]:
        """The ranking SQL compiled with stand-ins for the tsqueries and a known current
        time, and what each parameter is: a tsquery of a language, the current time (a
        datetime the selectors took from the clock while compiling), or a constant."""
        stand_ins = {f"\x00search-tsquery-{code}\x00": code for code in self._tsqueries}
        before = timezone.now()
        sql, params = self._ranking_sql({code: text for text, code in stand_ins.items()})
        after = timezone.now()
        slots: list[tuple[str, object]] = []
        for param in params:
            if isinstance(param, str) and param in stand_ins:
                slots.append(("tsquery", stand_ins[param]))
            elif isinstance(param, datetime) and before <= param <= after:
                slots.append(("now", None))
            else:
                slots.append(("constant", param))
        return sql, slots

    def _ranking_sql(self, tsqueries: dict[str, str]) -> tuple[str, list]:
        vectors = [f"vector_{code}" for code in tsqueries]
        selects, params = [], []
        for index, source in enumerate(self.sources):
            matching = (
                _pg_matching(source, tsqueries)
                if _is_postgres()
                else _plain_matching(source, self.query)
            )
            newest = (
                matching.annotate(
                    search_kind=Value(source.kind, output_field=TextField()),
                    search_pk=F("pk"),
                    search_date=F(source.date_field),
                )
                .order_by("-search_date", "-search_pk")
                .values_list("search_kind", "search_pk", "search_date")
            )[: MAX_RESULTS + 1]
            sql, part_params = newest.query.sql_with_params()
            selects.append(f"SELECT * FROM ({sql}) part{index}")
            params += part_params
        if tsqueries:
            rank_sql, rank_params = _pg_rank_sql(tsqueries, self.language)
        else:
            rank_sql, rank_params = "0.0", []
        # The vectors are read for the chosen candidates only, by pk: carried through the
        # parts' date sorts, a common word's thousands of matches spill those sorts to disk.
        quote = connection.ops.quote_name
        joins, join_params = [], []
        for index, source in enumerate(self.sources if vectors else []):
            meta = source.queryset().model._meta
            selected = ", ".join(f"{quote(vector_column(code))}" for code in tsqueries)
            # OFFSET 0 keeps it a lookup by pk per candidate of this source (as a plain
            # join the planner hashes whole tables).
            joins.append(
                f" LEFT JOIN LATERAL (SELECT {selected} FROM {quote(meta.db_table)}"
                f" WHERE chosen.search_kind = %s AND {quote(meta.pk.column)}"
                f" = chosen.search_pk OFFSET 0) vectors{index} ON true"
            )
            join_params.append(source.kind)
        columns = ""
        for code in tsqueries:
            column = quote(vector_column(code))
            joined = ", ".join(f"vectors{index}.{column}" for index in range(len(joins)))
            columns += f", COALESCE({joined}) AS vector_{code}"
        newest_first = "search_date DESC, search_kind DESC, search_pk DESC"
        sql = (
            "SELECT search_kind, search_pk, search_date, search_rank, total FROM ("
            f"SELECT search_kind, search_pk, search_date, {rank_sql} AS search_rank,"
            " count(*) OVER () AS total,"
            f" row_number() OVER (ORDER BY {newest_first}) AS newest"
            " FROM (SELECT chosen.search_kind, chosen.search_pk, chosen.search_date"
            f"{columns} FROM ({' UNION ALL '.join(selects)} ORDER BY {newest_first} LIMIT %s)"
            f" chosen{''.join(joins)}) candidates"
            ") ranked WHERE newest <= %s"
            " ORDER BY search_rank DESC, search_date DESC, search_kind DESC, search_pk DESC"
            " LIMIT %s OFFSET %s"
        )
        return sql, rank_params + params + [MAX_RESULTS + 1, *join_params, MAX_RESULTS]

    def _ranked(self, *, offset: int, limit: int) -> tuple[list[_Match], int]:
        """The candidates from `offset` on, best first (rank, then newest, then kind and
        pk), and how many candidates there are (MAX_RESULTS + 1 means more)."""
        if self._ranking is None:
            return [], 0
        sql, params, by_kind = self._ranking
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
        matches = [_Match(by_kind[kind], pk, rank, date) for kind, pk, date, rank, _total in rows]
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
