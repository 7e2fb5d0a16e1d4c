"""Stored full-text search vectors: one tsvector column per language.

On PostgreSQL every searchable table has `search_vector_fi` and `search_vector_sv`, each
`GENERATED ALWAYS AS (...) STORED` from the title (weight A) and the text (weight B) of its
language, with that language's text-search configuration. The database keeps them current
on every write, so rows written by `bulk_create` or `COPY` have their vectors without Python
code, and nothing computes `to_tsvector` per row at query time. The site-wide search reads
copies of them in its own GIN-indexed table (search.models.SearchEntry); the content
tables' own GIN indexes were dropped with `DropSearchVectorIndexes` when it came.

The columns are not model fields, on purpose: SQLite (the zero-setup run) has no
`to_tsvector`, and a model field would be read by every query of the model, tsvector and
all. Migrations add them with `AddSearchVectors`, which does nothing on other databases;
queries reach them through `StoredSearchVector`, on PostgreSQL only.

Changing the type of a column a vector is generated from (e.g. a longer `max_length` of a
title) is refused by PostgreSQL while the vector exists: reverse `AddSearchVectors` (or
run its `database_backwards` in a RunPython) before such an AlterField and add it again
after.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import NotSupportedError
from django.db.migrations.operations.base import Operation
from django.db.models import Expression

# Fixed like settings.LANGUAGES; a migration must not change with the settings.
CONFIGS = {"fi": "finnish", "sv": "swedish"}


def vector_column(language: str) -> str:
    return f"search_vector_{language}"


def _index_name(table: str, language: str) -> str:
    return f"{table}_{vector_column(language)}_gin"


class _SearchVectorOperation(Operation):
    """A PostgreSQL-only operation on a model's search vectors: no model state of its own."""

    reversible = True
    reduces_to_sql = False

    def state_forwards(self, app_label, state) -> None:
        # No model state: the columns and indexes are the database's own business.
        pass

    def _model(self, app_label, schema_editor, state):
        if schema_editor.connection.vendor != "postgresql":
            return None
        model = state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None
        return model


class AddSearchVectors(_SearchVectorOperation):
    """Add the generated per-language search vectors and their GIN indexes (PostgreSQL only).

    `title` and `text` name the translated model fields (without the language suffix).
    """

    def __init__(self, *, model_name: str, title: str, text: str) -> None:
        self.model_name = model_name
        self.title = title
        self.text = text

    def deconstruct(self):
        return (
            self.__class__.__name__,
            [],
            {"model_name": self.model_name, "title": self.title, "text": self.text},
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, schema_editor, to_state)
        if model is None:
            return
        quote = schema_editor.quote_name
        table = model._meta.db_table
        for language, config in CONFIGS.items():
            title = model._meta.get_field(f"{self.title}_{language}").column
            text = model._meta.get_field(f"{self.text}_{language}").column
            # to_tsvector with an explicit regconfig is immutable, so it may be generated.
            schema_editor.execute(
                f"ALTER TABLE {quote(table)} ADD COLUMN {quote(vector_column(language))} "
                f"tsvector GENERATED ALWAYS AS ("
                f"setweight(to_tsvector('{config}'::regconfig, coalesce({quote(title)}, '')), 'A')"
                f" || setweight(to_tsvector('{config}'::regconfig, coalesce({quote(text)}, '')),"
                f" 'B')) STORED"
            )
            # Kept in the row (compressed) rather than in the TOAST table: a search reads
            # the vectors of every candidate, and an out-of-line one costs index lookups and
            # chunk reads (3 to 4 times slower at 100,000 entries). Rows written before
            # this keep their storage until rewritten (VACUUM FULL).
            schema_editor.execute(
                f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(vector_column(language))} "
                "SET STORAGE MAIN"
            )
            schema_editor.execute(
                f"CREATE INDEX {quote(_index_name(table, language))} ON {quote(table)} "
                f"USING gin ({quote(vector_column(language))})"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, schema_editor, from_state)
        if model is None:
            return
        quote = schema_editor.quote_name
        table = model._meta.db_table
        for language in CONFIGS:
            # Dropping the column drops its index.
            schema_editor.execute(
                f"ALTER TABLE {quote(table)} DROP COLUMN IF EXISTS {quote(vector_column(language))}"
            )

    def describe(self) -> str:
        return f"Add stored search vectors to {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_search_vectors"


class DropSearchVectorIndexes(_SearchVectorOperation):
    """Drop the GIN indexes `AddSearchVectors` made (PostgreSQL only); the vectors stay."""

    def __init__(self, *, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self):
        return (self.__class__.__name__, [], {"model_name": self.model_name})

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, schema_editor, to_state)
        if model is None:
            return
        for language in CONFIGS:
            index = schema_editor.quote_name(_index_name(model._meta.db_table, language))
            schema_editor.execute(f"DROP INDEX IF EXISTS {index}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = self._model(app_label, schema_editor, from_state)
        if model is None:
            return
        quote = schema_editor.quote_name
        table = model._meta.db_table
        for language in CONFIGS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(_index_name(table, language))}"
                f" ON {quote(table)} USING gin ({quote(vector_column(language))})"
            )

    def describe(self) -> str:
        return f"Drop the search vector indexes of {self.model_name} (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name.lower()}_drop_search_vector_indexes"


class StoredSearchVector(Expression):
    """The stored search vector of the query's model in `language` (PostgreSQL only)."""

    output_field = SearchVectorField()

    def __init__(self, language: str) -> None:
        super().__init__()
        if language not in CONFIGS:
            raise ValueError(f"No search vector for language {language!r}")
        self.language = language

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.language!r})"

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            raise NotSupportedError("Stored search vectors exist on PostgreSQL only.")
        alias = compiler.query.get_initial_alias()
        column = connection.ops.quote_name(vector_column(self.language))
        return f"{compiler.quote_name(alias)}.{column}", []
