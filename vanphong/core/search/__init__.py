"""Kernel part: search — one interface over SQLite FTS5 and PostgreSQL full-text search.

Public interface (``from vanphong.core import search``):

* ``search.Searchable`` — model mixin adding ``search_folded`` and ``search_text``;
* ``search.CreateSearchIndex("<model_name>")`` — migration operation creating the index;
* ``search.filter(qs, query)``, ``search.rank(qs, query)``, ``search.search(qs, query)``;
* ``search.filter_identifier(qs, field, query, prefix=True)``;
* ``search.planned_search(qs, query)`` — the matches of a big list planned by frequency
  (rare: all ranked; frequent: the list's order walked, exact accented matches first);
* ``search.index_text(*parts)``, ``search.index_values(*parts)``, ``search.reindex(qs)``.

Names are resolved lazily so that importing this package does not need the app registry.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Searchable": "vanphong.core.search.models",
    "index_text": "vanphong.core.search.models",
    "index_values": "vanphong.core.search.models",
    "plain_text": "vanphong.core.search.models",
    "CreateSearchIndex": "vanphong.core.search.operations",
    "ensure_sqlite_indexes": "vanphong.core.search.operations",
    "rebuild_index": "vanphong.core.search.operations",
    "filter": "vanphong.core.search.query",
    "rank": "vanphong.core.search.query",
    "search": "vanphong.core.search.query",
    "filter_identifier": "vanphong.core.search.query",
    "query_words": "vanphong.core.search.query",
    "reindex": "vanphong.core.search.query",
    "planned_search": "vanphong.core.search.query",
    "PlannedResults": "vanphong.core.search.query",
    "accented_words": "vanphong.core.search.query",
    "PLAN_CAP": "vanphong.core.search.query",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
