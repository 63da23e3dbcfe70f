"""Querying: full-text filter, accent-aware ranking, identifier match, reindexing."""

from __future__ import annotations

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from vanphong.core.search.models import Searchable, index_values
from vanphong.core.search.operations import PG_VECTOR_COLUMN, fts_table
from vanphong.core.text import fold, fold_tokens, normalize_identifier, plain_tokens

# A one-letter prefix matches most of a large table and is slow; shorter last words match whole.
MIN_PREFIX_LENGTH = 2
MAX_QUERY_WORDS = 16


def query_words(query: str | None) -> list[str]:
    """The folded words of a user query (letters and digits only, at most 16, duplicates
    dropped). Quotes, ``*``, ``-``, ``(``, ``NEAR``, ``OR`` … are either separators or plain
    lower-case words here, so no user input can reach an engine's query syntax."""
    words: list[str] = []
    for w in fold_tokens(query):
        if w not in words:
            words.append(w)
    return words[:MAX_QUERY_WORDS]


def fts5_match(words: list[str], *, prefix: bool) -> str:
    """An FTS5 MATCH expression: every word a quoted string (ANDed); the last one a prefix."""
    parts = [f'"{w}"' for w in words]  # words hold no '"' (letters and digits only)
    if prefix and len(words[-1]) >= MIN_PREFIX_LENGTH:
        parts[-1] += "*"
    return " AND ".join(parts)


def pg_tsquery(words: list[str], *, prefix: bool) -> str:
    """A ``to_tsquery('simple', …)`` text: every word quoted (ANDed); the last one a prefix."""
    parts = [f"'{w}'" for w in words]  # words hold no quote or backslash
    if prefix and len(words[-1]) >= MIN_PREFIX_LENGTH:
        parts[-1] += ":*"
    return " & ".join(parts)


class _PgMatch(Expression):
    """``<table>.search_vector @@ to_tsquery('simple', %s)``: the stored, GIN-indexed tsvector
    that CreateSearchIndex adds on PostgreSQL."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, tsquery: str):
        super().__init__()
        self.column = F("search_folded")
        self.tsquery = tsquery

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def as_sql(self, compiler, connection):
        # Compile the model's column to get the table alias of this query, then name the
        # database-only vector column of the same table.
        column_sql, params = compiler.compile(self.column)
        folded = connection.ops.quote_name("search_folded")
        if not column_sql.endswith(folded):  # pragma: no cover - defensive
            raise ValueError(f"search: unexpected column SQL {column_sql!r}")
        vector = column_sql[: -len(folded)] + connection.ops.quote_name(PG_VECTOR_COLUMN)
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [*params, self.tsquery]


def _check(queryset: QuerySet) -> None:
    if not issubclass(queryset.model, Searchable):
        raise TypeError(f"search: {queryset.model.__name__} is not Searchable")


def filter(queryset: QuerySet, query: str | None, *, prefix: bool = True) -> QuerySet:
    """Rows of ``queryset`` whose folded text holds every word of ``query`` (accents, case and
    punctuation ignored; the last word also as a prefix when ``prefix``). An empty query (no
    letters or digits) returns ``queryset`` unchanged. Combine freely with other filters and
    ordering; the engine's index is used (FTS5 on SQLite, GIN on PostgreSQL)."""
    _check(queryset)
    words = query_words(query)
    if not words:
        return queryset
    model = queryset.model
    connection = connections[queryset.db]
    if connection.vendor == "sqlite":
        q = connection.ops.quote_name
        fts = q(fts_table(model._meta.db_table))
        sub = RawSQL(
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [fts5_match(words, prefix=prefix)]
        )
        return queryset.filter(pk__in=sub)
    if connection.vendor == "postgresql":
        return queryset.filter(_PgMatch(pg_tsquery(words, prefix=prefix)))
    condition = Q()
    for w in words:  # other engines: no index, correct results
        condition &= Q(search_folded__contains=w)
    return queryset.filter(condition)


def rank(queryset: QuerySet, query: str | None) -> QuerySet:
    """``queryset`` annotated with ``search_rank`` (how many accented words of ``query`` appear
    exactly, accents included, in the row's text) and ordered by it first, then by the
    queryset's own ordering. A query without accents leaves the order unchanged (rank 0).

    "bão" ranks "Cơn bão số 3" before "báo cáo" and "bảo vệ", all of which ``filter`` finds.
    """
    _check(queryset)
    accented = [w for w in dict.fromkeys(plain_tokens(query)) if fold(w) != w]
    if not accented:
        return queryset.annotate(search_rank=Value(0, output_field=IntegerField()))
    score = None
    for w in accented[:MAX_QUERY_WORDS]:
        term = Case(
            When(search_text__contains=f" {w} ", then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        score = term if score is None else score + term
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    return queryset.annotate(search_rank=score).order_by("-search_rank", *ordering, "-pk")


def search(queryset: QuerySet, query: str | None, *, prefix: bool = True) -> QuerySet:
    """:func:`filter` then :func:`rank`: what a search box wants."""
    return rank(filter(queryset, query, prefix=prefix), query)


def filter_identifier(
    queryset: QuerySet, field: str, query: str | None, *, prefix: bool = True
) -> QuerySet:
    """Rows whose normalised identifier column ``field`` (holding
    :func:`~vanphong.core.text.normalize_identifier` values) equals — or, with ``prefix``,
    starts with — the normalised ``query``. An empty query returns ``queryset`` unchanged.

    Uses the column's b-tree index on both engines: on PostgreSQL ``LIKE 'x%'`` through the
    ``varchar_pattern_ops`` index Django adds for ``db_index=True``; on SQLite (where ``LIKE``
    is case-insensitive and skips the index) a binary range ``x <= col < x'``.
    """
    norm = normalize_identifier(query)
    if not norm:
        return queryset
    if not prefix:
        return queryset.filter(**{field: norm})
    connection = connections[queryset.db]
    if connection.vendor == "sqlite":
        upper = norm[:-1] + chr(ord(norm[-1]) + 1) if ord(norm[-1]) < 0x10FFFF else None
        condition = Q(**{f"{field}__gte": norm})
        if upper is not None:
            condition &= Q(**{f"{field}__lt": upper})
        return queryset.filter(condition)
    return queryset.filter(**{f"{field}__startswith": norm})


def reindex(queryset: QuerySet, *, batch_size: int = 1000) -> int:
    """Recompute the search columns of every row of ``queryset`` from ``get_search_parts()``
    (after a ``bulk_create``/``update`` or a change of ``search_fields``); the engine index
    follows through its triggers (SQLite) or by itself (PostgreSQL). Returns rows updated."""
    _check(queryset)
    model = queryset.model
    count = 0
    batch = []
    for obj in queryset.order_by("pk").iterator(chunk_size=batch_size):
        values = index_values(*obj.get_search_parts())
        if obj.search_folded != values["search_folded"] or obj.search_text != values["search_text"]:
            obj.search_folded, obj.search_text = values["search_folded"], values["search_text"]
            batch.append(obj)
        if len(batch) >= batch_size:
            count += model.objects.bulk_update(batch, ["search_folded", "search_text"])
            batch = []
    if batch:
        count += model.objects.bulk_update(batch, ["search_folded", "search_text"])
    return count
