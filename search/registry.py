"""The search sources: what each app puts into the site-wide search.

An app takes part by registering a `SearchSource` in its own `search.py`, which the search
app imports when it is ready (as the admin finds `admin.py` modules). The search app knows
no content app: a new kind of content joins the search, its index and its page without a
change here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Expression, F, Model, QuerySet, Value
from django.db.models.fields import DateTimeField
from django.utils.functional import Promise

# The languages with stored search vectors and index columns (fixed like the migrations).
LANGUAGES = ("fi", "sv")
# "Shown from" of content that is shown as soon as it is public.
ALWAYS = datetime(1, 1, 1, tzinfo=UTC)


def field_date(name: str) -> Callable[[str], Expression]:
    """The same date field on every language's pages."""
    return lambda _language: F(name)


def language_date(template: str) -> Callable[[str], Expression]:
    """A date field per language, e.g. `language_date("published_{language}")`."""
    return lambda language: F(template.format(language=language))


def always(_language: str) -> Expression:
    return Value(ALWAYS, output_field=DateTimeField())


@dataclass(frozen=True)
class Dependency:
    """Writes of `model` change what a source indexes: `pks(instance)` says which of the
    source's objects (e.g. a submission's consent decides whether its pledges are public)."""

    model: type[Model]
    pks: Callable[[Model], Iterable[int]]


@dataclass(frozen=True)
class SearchSource:
    """One kind of public content in the search.

    `indexed` gives the objects that belong in the index: public, whatever the time (each
    needs the stored search vectors of an `AddSearchVectors` migration). Per page language,
    `date` is what results are ordered by when they rank alike (NULL: not on that language's
    pages) and `shown_from` the time from which the object is shown there. `public(language)`
    is what a page in that language may show: hits are loaded through it, so an object made
    private a moment ago is never shown even before its index row is gone.
    """

    kind: str
    label: Promise
    indexed: Callable[[], QuerySet]
    public: Callable[[str], QuerySet]
    date: Callable[[str], Expression]
    shown_from: Callable[[str], Expression] = always
    title_field: str = "title"
    text_field: str = "text"
    select_related: tuple[str, ...] = ()
    dependencies: tuple[Dependency, ...] = ()

    @property
    def model(self) -> type[Model]:
        return self.indexed().model

    def objects(self, pks: list[int], language: str) -> QuerySet:
        """The objects with these pks that a page in `language` may show."""
        queryset = self.public(language).filter(pk__in=pks)
        return queryset.select_related(*self.select_related) if self.select_related else queryset


_SOURCES: dict[str, SearchSource] = {}


def register(source: SearchSource) -> SearchSource:
    if len(source.kind) > 20:
        raise ValueError(f"Search kind {source.kind!r} is longer than 20 characters.")
    if source.kind in _SOURCES and _SOURCES[source.kind] != source:
        raise ValueError(f"Search kind {source.kind!r} is registered twice.")
    _SOURCES[source.kind] = source
    return source


def sources() -> list[SearchSource]:
    """Every registered source, in the order of registration (INSTALLED_APPS)."""
    return list(_SOURCES.values())


def source(kind: str) -> SearchSource:
    return _SOURCES[kind]
