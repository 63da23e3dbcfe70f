"""The search index of a :class:`~vanphong.core.search.models.Searchable` model, per engine.

Add one operation to the migration that creates the model (after its ``CreateModel``)::

    from vanphong.core.search.operations import CreateSearchIndex

    operations = [
        migrations.CreateModel(name="IncomingDocument", ...),
        CreateSearchIndex("incomingdocument"),
    ]

* **SQLite**: an FTS5 external-content table ``<table>_fts(search_folded)`` reading the model's
  table (``content_rowid='id'``), kept current by AFTER INSERT / UPDATE / DELETE triggers, and
  filled from existing rows when created. Django rebuilds a SQLite table for some later
  ``AlterField``/``RemoveField`` migrations, which drops its triggers: a ``post_migrate`` hook
  (:func:`ensure_sqlite_indexes`) re-creates missing triggers and rebuilds that index.
* **PostgreSQL**: a stored generated column ``search_vector tsvector GENERATED ALWAYS AS
  (to_tsvector('simple'::regconfig, search_folded)) STORED`` (unknown to the Django model: the
  database keeps it) and a GIN index on it, which :func:`vanphong.core.search.filter` queries.
  Folding is done in Python (``unaccent`` is not immutable and cannot be indexed), hence the
  ``simple`` configuration. Why a stored tsvector rather than an expression index: when a common
  word matches many rows the bitmap goes lossy (default ``work_mem``) and PostgreSQL rechecks
  every row of those pages, re-parsing the text with an expression index — measured on 1,000,000
  rows, counting 100,000 matches took 8.2 s with the expression index and 0.9 s with the stored
  vector.
* Other databases: nothing (``search.filter`` then falls back to ``icontains`` on the folded
  column).
"""

from __future__ import annotations

from django.db import connections
from django.db.backends.utils import truncate_name
from django.db.migrations.operations.base import Operation

FTS_SUFFIX = "_fts"
TRIGGER_SUFFIXES = ("_fts_ai", "_fts_ad", "_fts_au")
PG_TSVECTOR_SQL = "to_tsvector('simple'::regconfig, {column})"
PG_VECTOR_COLUMN = "search_vector"


def fts_table(db_table: str) -> str:
    return f"{db_table}{FTS_SUFFIX}"


def pg_index_name(db_table: str, connection) -> str:
    return truncate_name(f"{db_table}_search_gin", connection.ops.max_name_length())


def _sqlite_trigger_sql(db_table: str, pk_column: str, q) -> list[str]:
    fts = fts_table(db_table)
    t, f, pk = q(db_table), q(fts), q(pk_column)
    ai, ad, au = (q(db_table + s) for s in TRIGGER_SUFFIXES)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {ai} AFTER INSERT ON {t} BEGIN "
        f"INSERT INTO {f}(rowid, search_folded) VALUES (new.{pk}, new.search_folded); END",
        f"CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {t} BEGIN "
        f"INSERT INTO {f}({f}, rowid, search_folded) "
        f"VALUES ('delete', old.{pk}, old.search_folded); END",
        # Only when the folded text (or the id) changes: a save() that touches other columns
        # costs nothing in the index.
        f"CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE ON {t} "
        f"WHEN old.search_folded IS NOT new.search_folded OR old.{pk} IS NOT new.{pk} BEGIN "
        f"INSERT INTO {f}({f}, rowid, search_folded) "
        f"VALUES ('delete', old.{pk}, old.search_folded); "
        f"INSERT INTO {f}(rowid, search_folded) VALUES (new.{pk}, new.search_folded); END",
    ]


def sqlite_create_sql(db_table: str, pk_column: str, q) -> list[str]:
    fts = fts_table(db_table)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {q(fts)} USING fts5("
        f"search_folded, content={_sql_str(db_table)}, content_rowid={_sql_str(pk_column)}, "
        "tokenize='unicode61 remove_diacritics 2')",
        *_sqlite_trigger_sql(db_table, pk_column, q),
        f"INSERT INTO {q(fts)}({q(fts)}) VALUES ('rebuild')",
    ]


def sqlite_drop_sql(db_table: str, q) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {q(db_table + s)}" for s in TRIGGER_SUFFIXES] + [
        f"DROP TABLE IF EXISTS {q(fts_table(db_table))}"
    ]


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class CreateSearchIndex(Operation):
    """Create the full-text index of a Searchable model (FTS5 on SQLite, GIN on PostgreSQL).

    Reversible; changes no model state. ``model_name`` is the lower-case model name in the
    migration's app.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str):
        self.model_name = model_name.lower()

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label, state):
        pass

    def _model(self, app_label, state):
        return state.apps.get_model(app_label, self.model_name)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = self._model(app_label, to_state)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        for sql in create_index_sql(model, schema_editor.connection):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = self._model(app_label, from_state)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        for sql in drop_index_sql(model, schema_editor.connection):
            schema_editor.execute(sql, params=None)

    def describe(self):
        return f"Create the full-text search index of {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name}_search_index"


def create_index_sql(model, connection) -> list[str]:
    q = connection.ops.quote_name
    db_table = model._meta.db_table
    if connection.vendor == "sqlite":
        return sqlite_create_sql(db_table, model._meta.pk.column, q)
    if connection.vendor == "postgresql":
        expr = PG_TSVECTOR_SQL.format(column=f"coalesce({q('search_folded')}, '')")
        return [
            f"ALTER TABLE {q(db_table)} ADD COLUMN IF NOT EXISTS {q(PG_VECTOR_COLUMN)} tsvector "
            f"GENERATED ALWAYS AS ({expr}) STORED",
            f"CREATE INDEX IF NOT EXISTS {q(pg_index_name(db_table, connection))} "
            f"ON {q(db_table)} USING gin ({q(PG_VECTOR_COLUMN)})",
        ]
    return []


def drop_index_sql(model, connection) -> list[str]:
    q = connection.ops.quote_name
    db_table = model._meta.db_table
    if connection.vendor == "sqlite":
        return sqlite_drop_sql(db_table, q)
    if connection.vendor == "postgresql":
        return [
            f"DROP INDEX IF EXISTS {q(pg_index_name(db_table, connection))}",
            f"ALTER TABLE {q(db_table)} DROP COLUMN IF EXISTS {q(PG_VECTOR_COLUMN)}",
        ]
    return []


def searchable_models():
    from django.apps import apps

    from vanphong.core.search.models import Searchable

    return [
        m
        for m in apps.get_models()
        if issubclass(m, Searchable) and m._meta.managed and not m._meta.proxy
    ]


def ensure_sqlite_indexes(using: str = "default") -> list[str]:
    """Re-create lost triggers of existing FTS5 indexes (after Django rebuilt a table) and
    rebuild those indexes. Returns the tables repaired. A no-op on other databases."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    q = connection.ops.quote_name
    repaired = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {name for name, _type in cursor.fetchall()}
        for model in searchable_models():
            db_table = model._meta.db_table
            if fts_table(db_table) not in existing or db_table not in existing:
                continue
            if all(db_table + s in existing for s in TRIGGER_SUFFIXES):
                continue
            for sql in _sqlite_trigger_sql(db_table, model._meta.pk.column, q):
                cursor.execute(sql)
            fts = q(fts_table(db_table))
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            repaired.append(db_table)
    return repaired


def rebuild_index(model, using: str = "default") -> None:
    """Rebuild the engine index of ``model`` from its ``search_folded`` column (SQLite: FTS5
    'rebuild'; PostgreSQL: REINDEX)."""
    connection = connections[using]
    q = connection.ops.quote_name
    db_table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            fts = q(fts_table(db_table))
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            cursor.execute(f"REINDEX INDEX {q(pg_index_name(db_table, connection))}")


# -------------------------------------------------------------------------------------------------
# Exact (accented) words: an optional second index, for search.planned_search(exact_index=True)
# -------------------------------------------------------------------------------------------------

#: The indexed expression over the accent-preserving column (NFC, lower case: the ``simple``
#: configuration keeps "bão", "báo" and "bảo" apart).
PG_EXACT_SQL = "to_tsvector('simple'::regconfig, {column})"


def pg_exact_index_name(db_table: str, connection) -> str:
    return truncate_name(f"{db_table}_exact_gin", connection.ops.max_name_length())


class CreateExactSearchIndex(Operation):
    """PostgreSQL only (elsewhere nothing): a GIN expression index on the accented words of
    ``search_text``, so that "the rows holding *bão* exactly" is read through an index rather
    than by testing every row that folds to "bao" (``search.planned_search(...,
    exact_index=True)``). Reversible; changes no model state.

    An expression index (not a stored column) because only the few rows of a rare exact word
    are read through it: its bitmap stays exact and nothing is re-parsed."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str):
        self.model_name = model_name.lower()

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label, state):
        pass

    def _sql(self, app_label, schema_editor, state, create: bool) -> list[str]:
        model = state.apps.get_model(app_label, self.model_name)
        connection = schema_editor.connection
        if connection.vendor != "postgresql" or not self.allow_migrate_model(
            connection.alias, model
        ):
            return []
        q = connection.ops.quote_name
        name = q(pg_exact_index_name(model._meta.db_table, connection))
        if not create:
            return [f"DROP INDEX IF EXISTS {name}"]
        expr = PG_EXACT_SQL.format(column=q("search_text"))
        table = q(model._meta.db_table)
        return [
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expr})",
            # Statistics of the new expression (which words are frequent) for the planner:
            # without them it takes every exact word for rare and reads all its rows.
            f"ANALYZE {table}",
        ]

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self._sql(app_label, schema_editor, to_state, create=True):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        for sql in self._sql(app_label, schema_editor, from_state, create=False):
            schema_editor.execute(sql, params=None)

    def describe(self):
        return f"Create the exact-word search index of {self.model_name}"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name}_exact_search_index"
