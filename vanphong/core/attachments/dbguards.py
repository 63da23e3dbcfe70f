"""Database trigger keeping the columns that describe an attachment's bytes unchangeable."""

from __future__ import annotations

from django.db import connections

TABLE = "attachments_attachment"
TRIGGER = "attachments_attachment_immutable"
# Columns (not field names) that may never change once the row exists.
COLUMNS = (
    "agency_id",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "storage_path",
    "kind",
    "created_by_id",
    "created_at",
    "derived_from_id",
    "derived_kind",
)
MIGRATION = "0002_immutable_trigger"
MESSAGE = "attachments: the stored file of an attachment is immutable"

_sqlite_when = " OR ".join(f"old.{c} IS NOT new.{c}" for c in COLUMNS)
_pg_when = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COLUMNS)

SQL = {
    "sqlite": (
        [
            f"CREATE TRIGGER IF NOT EXISTS {TRIGGER} BEFORE UPDATE ON {TABLE} "
            f"WHEN {_sqlite_when} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        ],
        [f"DROP TRIGGER IF EXISTS {TRIGGER}"],
    ),
    "postgresql": (
        [
            f"""CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {_pg_when} THEN
                    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
                END IF;
                RETURN NEW;
            END $$""",
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
            f"CREATE TRIGGER {TRIGGER} BEFORE UPDATE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()",
        ],
        [f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}", f"DROP FUNCTION IF EXISTS {TRIGGER}()"],
    ),
}


def create_sql(vendor: str) -> list[str]:
    return SQL.get(vendor, ([], []))[0]


def drop_sql(vendor: str) -> list[str]:
    return SQL.get(vendor, ([], []))[1]


def ensure_trigger(using: str = "default") -> bool:
    """Re-create the SQLite trigger if a table rebuild dropped it (only while the migration
    that creates it is applied). Returns True if it did."""
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    if ("attachments", MIGRATION) not in MigrationRecorder(connection).applied_migrations():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, type FROM sqlite_master WHERE name IN (%s, %s)", [TABLE, TRIGGER]
        )
        found = {name for name, _type in cursor.fetchall()}
        if TABLE not in found or TRIGGER in found:
            return False
        for statement in create_sql("sqlite"):
            cursor.execute(statement)
    return True
