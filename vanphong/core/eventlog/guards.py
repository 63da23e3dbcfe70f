"""Lifting the database guards of the event log, for ``flush`` and tamper tests only.

The append-only triggers (migration 0002) refuse UPDATE, DELETE and TRUNCATE. Two legitimate
callers need them out of the way for a moment, inside one transaction:

* ``manage.py flush`` (and therefore Django's transactional tests, which flush after each test)
  empties every table, the event log included — see ``management/commands/flush.py``;
* tests that tamper with the log on purpose, to prove ``verify`` catches it.

On PostgreSQL the triggers are disabled (``ALTER TABLE … DISABLE TRIGGER USER``, table owner
only) and enabled again; on SQLite they are dropped and re-created from their own stored SQL.
Both are DDL inside the caller's transaction: if anything fails, the rollback restores them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection as default_connection
from django.db.transaction import TransactionManagementError

TABLES = ("eventlog_event", "eventlog_streamhead")


def _existing_tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        names = set(connection.introspection.table_names(cursor))
    return [t for t in TABLES if t in names]


@contextmanager
def guards_lifted(connection=None) -> Iterator[None]:
    """Within the caller's atomic block: triggers off, body runs, triggers back on.

    On an exception the triggers are not restored here: the surrounding transaction must roll
    back, which restores them (DDL is transactional on SQLite and PostgreSQL).
    """
    connection = connection or default_connection
    if not connection.in_atomic_block:
        raise TransactionManagementError("guards_lifted() needs an enclosing transaction.atomic()")
    tables = _existing_tables(connection)
    vendor = connection.vendor
    saved: list[str] = []
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for table in tables:
                cursor.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        elif vendor == "sqlite":
            if tables:
                marks = ", ".join("%s" for _ in tables)
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master "
                    f"WHERE type = 'trigger' AND tbl_name IN ({marks}) ORDER BY name",
                    tables,
                )
                rows = cursor.fetchall()
                for name, _sql in rows:
                    cursor.execute(f'DROP TRIGGER "{name}"')
                saved = [sql for _name, sql in rows]
        else:
            raise RuntimeError(f"eventlog: unsupported database vendor {vendor!r}")
    yield
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for table in tables:
                cursor.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        else:
            for sql in saved:
                cursor.execute(sql)
