"""Writes of the search index: `SearchEntry` rows kept in step with the sources.

Every save or delete of a source's model (and of the models it depends on, such as the
submission whose consent makes a pledge public) re-indexes the objects it touches, in the
same transaction: the index can never show what a rolled-back write did, and a page that
follows a publish, withdrawal or edit finds the object as it is. Writes that send no signal
(`bulk_create`, `QuerySet.update()`, raw SQL) call `index_refresh()` (seed_bulk does), and the
hourly beat job runs it too, so nothing stays stale for long whatever wrote it. Hits are
loaded through each source's public selector anyway: a stale row never shows a private
object.

Only PostgreSQL has search vectors; on other databases (SQLite, the zero-setup run) these
functions do nothing and the search matches substrings in the sources themselves.
"""

from collections.abc import Iterable

from django.db import connection, router, transaction
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save

from core.search_vectors import StoredSearchVector
from search.models import SearchEntry
from search.registry import LANGUAGES, SearchSource, sources

_COLUMNS = [
    column
    for code in LANGUAGES
    for column in (f"date_{code}", f"shown_from_{code}", f"vector_{code}")
]


def _enabled() -> bool:
    return connection.vendor == "postgresql"


def _rows_sql(source: SearchSource, pks: list[int] | None) -> tuple[str, list]:
    """SELECT of the index rows of the source's indexed objects (these pks, or all)."""
    queryset = source.indexed()
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    annotations = {"search_object_id": F("pk")}
    for code in LANGUAGES:
        annotations[f"search_date_{code}"] = source.date(code)
        annotations[f"search_shown_from_{code}"] = source.shown_from(code)
        annotations[f"search_vector_{code}_copy"] = StoredSearchVector(code)
    queryset = queryset.order_by().annotate(**annotations).values_list(*annotations)
    return queryset.query.sql_with_params()


def _ids_sql(source: SearchSource, pks: list[int] | None) -> tuple[str, list]:
    queryset = source.indexed().order_by()
    if pks is not None:
        queryset = queryset.filter(pk__in=pks)
    return queryset.values_list("pk").query.sql_with_params()


def index_objects(*, source: SearchSource, pks: Iterable[int] | None = None) -> None:
    """Bring the index rows of the source's objects with these pks (all when None) in step:
    insert or update those that belong in the index, delete those that no longer do. Rows
    that have not changed are not rewritten."""
    if not _enabled():
        return
    pks = None if pks is None else sorted({int(pk) for pk in pks if pk is not None})
    if pks == []:
        return
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    columns = ", ".join(_COLUMNS)
    selected = ", ".join(
        f"rows.search_{column}" + ("_copy" if column.startswith("vector_") else "")
        for column in _COLUMNS
    )
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in _COLUMNS)
    current = ", ".join(f"{table}.{column}" for column in _COLUMNS)
    excluded = ", ".join(f"EXCLUDED.{column}" for column in _COLUMNS)
    rows_sql, rows_params = _rows_sql(source, pks)
    ids_sql, ids_params = _ids_sql(source, pks)
    scope, scope_params = ("", []) if pks is None else (" AND object_id = ANY(%s)", [pks])
    using = router.db_for_write(SearchEntry)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, object_id, {columns})"
            f" SELECT %s, rows.search_object_id, {selected} FROM ({rows_sql}) rows"
            " ON CONFLICT (kind, object_id) DO UPDATE SET "
            f"{updates} WHERE ({current}) IS DISTINCT FROM ({excluded})",
            [source.kind, *rows_params],
        )
        cursor.execute(
            f"DELETE FROM {table} WHERE kind = %s{scope} AND object_id NOT IN ({ids_sql})",
            [source.kind, *scope_params, *ids_params],
        )


def index_refresh() -> dict[str, int]:
    """Bring the whole index in step with every source; the number of rows per kind."""
    if not _enabled():
        return {}
    known = [source.kind for source in sources()]
    SearchEntry.objects.exclude(kind__in=known).delete()
    for source in sources():
        index_objects(source=source)
    return {
        source.kind: SearchEntry.objects.filter(kind=source.kind).count() for source in sources()
    }


def refresh_after_migrate(**kwargs) -> None:
    using = kwargs.get("using")
    if using is not None and using != router.db_for_write(SearchEntry):
        return
    index_refresh()


# ---------------------------------------------------------------------------------------
# Signals: derived data kept in step, like the caches (portal/cache_invalidation.py)
# ---------------------------------------------------------------------------------------


def _receivers(source: SearchSource):
    def on_save(sender, instance: Model, raw: bool = False, **kwargs) -> None:
        if not raw:
            index_objects(source=source, pks=[instance.pk])

    def on_delete(sender, instance: Model, **kwargs) -> None:
        if _enabled():
            SearchEntry.objects.filter(kind=source.kind, object_id=instance.pk).delete()

    return on_save, on_delete


def _dependency_receiver(source: SearchSource, dependency):
    def on_write(sender, instance: Model, raw: bool = False, **kwargs) -> None:
        if not raw and _enabled():
            index_objects(source=source, pks=list(dependency.pks(instance)))

    return on_write


def connect() -> None:
    """Connect the receivers of every registered source (SearchConfig.ready)."""
    for source in sources():
        on_save, on_delete = _receivers(source)
        uid = f"search-index:{source.kind}"
        post_save.connect(on_save, sender=source.model, dispatch_uid=uid, weak=False)
        post_delete.connect(on_delete, sender=source.model, dispatch_uid=uid, weak=False)
        for index, dependency in enumerate(source.dependencies):
            receiver = _dependency_receiver(source, dependency)
            dependency_uid = f"{uid}:dependency:{index}"
            post_save.connect(
                receiver, sender=dependency.model, dispatch_uid=dependency_uid, weak=False
            )
