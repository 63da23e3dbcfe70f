"""Test helpers for the event log: tampering with it on purpose (guards lifted)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from vanphong.core.eventlog.guards import guards_lifted


@contextmanager
def tampering() -> Iterator[object]:
    """Yield a raw DB cursor with the append-only triggers lifted; they come back afterwards.

    Usage: ``with tampering() as cursor: cursor.execute("UPDATE eventlog_event …")``.
    """
    with transaction.atomic():
        with guards_lifted(connection):
            with connection.cursor() as cursor:
                yield cursor


def raw_execute(sql: str, params: list | tuple | None = None) -> None:
    """Run one statement with the triggers lifted."""
    with tampering() as cursor:
        cursor.execute(sql, params)
