"""Querying: full-text filter, accent-aware ranking, identifier match, reindexing."""

from __future__ import annotations

from django.db import connections, transaction
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
from vanphong.core.search.operations import PG_EXACT_SQL, PG_VECTOR_COLUMN, fts_table
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


# -------------------------------------------------------------------------------------------------
# A search results page planned on purpose (big tables)
# -------------------------------------------------------------------------------------------------

#: Up to this many matches are ranked all together; beyond it the list order is walked.
PLAN_CAP = 1000


def accented_words(query: str | None) -> list[str]:
    """The words of ``query`` that carry accents (or đ), NFC lower case, at most 16."""
    return [w for w in dict.fromkeys(plain_tokens(query)) if fold(w) != w][:MAX_QUERY_WORDS]


class _PgExact(_PgMatch):
    """``to_tsvector('simple', <table>.search_text) @@ to_tsquery('simple', %s)``: the
    expression of the index that ``CreateExactSearchIndex`` adds on PostgreSQL."""

    def __init__(self, tsquery: str):
        super().__init__(tsquery)
        self.column = F("search_text")

    def as_sql(self, compiler, connection):
        column_sql, params = compiler.compile(self.column)
        expr = PG_EXACT_SQL.format(column=column_sql)
        return f"{expr} @@ to_tsquery('simple'::regconfig, %s)", [*params, self.tsquery]


def exact_condition(words: list[str], *, connection=None, exact_index: bool = False):
    """Rows holding every word of ``words`` exactly (accents included) as a whole word: a
    ``LIKE '% word %'`` per word on the padded ``search_text``, and with ``exact_index`` on
    PostgreSQL also the expression of ``CreateExactSearchIndex`` (so that its index is used)."""
    condition = Q()
    for w in words:
        condition &= Q(search_text__contains=f" {w} ")
    if exact_index and connection is not None and connection.vendor == "postgresql":
        # Both: the index expression lets the planner read a rare word's rows through the
        # index; the LIKEs (cheaper, so evaluated first) spare parsing every row's text into
        # a tsvector when it walks the list's order instead (a frequent word).
        return Q(_PgExact(pg_tsquery(words, prefix=False))) & condition
    return condition


class PlannedResults:
    """The matches of a search as a read-only sequence for a paginator: the ordered ids of at
    most ``cap + 1`` matches are known (``len()``: their number, so a paginator counts nothing
    more: "1.000+" beyond the cap), and a slice reads its rows by id in one query.

    ``order``: ``"rank"`` (every match ranked: exact accented matches first, then the list's
    order) or ``"list"`` (more than ``cap`` matches: the list's order, exact accented matches
    first when the query has accents). ``exact_first``: the query has accented words and rows
    holding them exactly come first. ``plan``: the plan taken, for tests and benchmarks."""

    ordered = True  # for Paginator's unordered-list warning

    def __init__(self, queryset: QuerySet, ids: list, *, order: str, exact_first: bool, plan: str):
        self._queryset = queryset
        self.ids = ids
        self.order = order
        self.exact_first = exact_first
        self.plan = plan

    def __len__(self) -> int:
        return len(self.ids)

    def count(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __getitem__(self, index):
        if isinstance(index, int):
            rows = self[index : index + 1] if index >= 0 else []
            if not rows:
                raise IndexError(index)
            return rows[0]
        wanted = self.ids[index]
        if not wanted:
            return []
        rows = {row.pk: row for row in self._queryset.filter(pk__in=wanted)}
        return [rows[pk] for pk in wanted if pk in rows]

    def __iter__(self):
        return iter(self[:])


def _ordering(queryset: QuerySet) -> list:
    return [*(queryset.query.order_by or queryset.model._meta.ordering), "-pk"]


def _ids(queryset: QuerySet, limit: int) -> list:
    return list(queryset.values_list("pk", flat=True)[:limit])


#: work_mem of the exact-word query on PostgreSQL: its bitmap ANDed with the list's (an agency's
#: 400,000 rows of a million) stays exact instead of lossy; lossy pages make PostgreSQL parse the
#: text of every row on them again (1.1 s with the default 4 MB, 0.26 s with 32 MB, measured).
EXACT_WORK_MEM = "32MB"


def _ids_with_work_mem(queryset: QuerySet, limit: int) -> list:
    connection = connections[queryset.db]
    with transaction.atomic(using=queryset.db), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = %s", [EXACT_WORK_MEM])
        return _ids(queryset, limit)


def planned_search(
    queryset: QuerySet,
    query: str | None,
    *,
    cap: int | None = None,
    prefix: bool = True,
    exact_index: bool = False,
) -> PlannedResults | QuerySet:
    """The matches of ``query`` in ``queryset`` (ordered: the list's order), planned so that a
    page costs about the same whatever the word's frequency and age, on a large table. No
    COUNT over every match, and no query that must read every match of a frequent word:

    1. the ids of the first ``cap + 1`` matches in the list's order (``LIMIT cap + 1``): the
       database walks the list's index for a frequent word (it stops after ``cap + 1``
       matches) and reads a rare one's rows through the full-text index, then sorts them —
       with ``cap + 1`` rows to find, not a page of 50, a rare word whose matches are years
       old is not walked from today backwards;
    2. **at most ``cap`` matches** ("rare"): all ranked like :func:`rank` (exact accented
       words first, then the list's order) when the query has accents (one more query over
       those ids; none without accents: step 1's order is the list's);
    3. **more** ("frequent"): nothing is ranked nor counted beyond ``cap + 1``; with accented
       words, the first ``cap + 1`` rows holding all of them exactly come first, then the
       other matches of step 1 (the first non-exact matches of the list are among its first
       ``cap + 1`` matches, so the order is exact). Step 1 says which of its rows are exact:
       when all are, they are the first exact rows; otherwise one more query finds them.

    ``exact_index``: the model has ``CreateExactSearchIndex`` (PostgreSQL): step 3 reads the
    exact matches through it — without it, a frequent folded word ("bao") with few exact
    matches ("bão") tests every folded match.

    Then each page reads its rows by id (one query). Queries: 1 or 2 for the plan, 1 per page,
    whatever the page number. ``cap`` defaults to :data:`PLAN_CAP` (1,000: the cap of
    ``CappedPaginator``, so a rare word's count is exact and a frequent one shows "1.000+").
    An empty query returns ``queryset`` unchanged (a QuerySet).
    """
    _check(queryset)
    if not query_words(query):
        return queryset
    cap = PLAN_CAP if cap is None else cap
    ordering = _ordering(queryset)
    matches = filter(queryset, query, prefix=prefix).order_by(*ordering)
    accented = accented_words(query)
    exact_flags = None
    if accented:  # which of the first matches hold the accented words exactly (no index)
        flagged = matches.annotate(
            _exact=Case(
                When(exact_condition(accented), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        ).values_list("pk", "_exact")[: cap + 1]
        rows = list(flagged)
        ids = [pk for pk, _flag in rows]
        exact_flags = [flag for _pk, flag in rows]
    else:
        ids = _ids(matches, cap + 1)
    if len(ids) <= cap:
        if accented and ids:
            ids = _ids(rank(queryset.filter(pk__in=ids).order_by(*ordering), query), cap + 1)
        return PlannedResults(
            queryset, ids, order="rank", exact_first=bool(accented), plan="rank-all"
        )
    if not accented:
        return PlannedResults(queryset, ids, order="list", exact_first=False, plan="walk")
    if all(exact_flags):  # the first cap + 1 matches are all exact: the exact ones first
        return PlannedResults(queryset, ids, order="list", exact_first=True, plan="walk-exact")
    # Exact rows dense among the first matches: the list's order walked with LIKEs finds them
    # soon; sparse (fewer than 1 in 10): through the exact-word index, when there is one.
    sparse = sum(exact_flags) * 10 < len(ids)
    condition = exact_condition(
        accented, connection=connections[queryset.db], exact_index=exact_index and sparse
    )
    # Every word accented: an exact row matches anyway (whole words imply the folded words),
    # and the planner need not AND the folded index's bitmap of a frequent word.
    every_word = len(accented) == len(query_words(query))
    base = queryset.order_by(*ordering) if every_word else matches
    exact_qs = base.filter(condition)
    if exact_index and sparse and connections[queryset.db].vendor == "postgresql":
        exact = _ids_with_work_mem(exact_qs, cap + 1)
    else:
        exact = _ids(exact_qs, cap + 1)
    if len(exact) > cap:
        return PlannedResults(queryset, exact, order="list", exact_first=True, plan="walk-exact")
    seen = set(exact)
    ids = (exact + [pk for pk in ids if pk not in seen])[: cap + 1]
    return PlannedResults(queryset, ids, order="list", exact_first=True, plan="exact-then-walk")
