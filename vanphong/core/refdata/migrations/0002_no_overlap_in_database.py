"""The database itself refuses two versions of one rule with overlapping periods.

PostgreSQL: an exclusion constraint over (key, daterange) with btree_gist. SQLite: triggers on
insert and update (writes are serialised by BEGIN IMMEDIATE, so a trigger check is race-free).
NOTE for later migrations of this table on SQLite: a table rebuild drops triggers; re-run
``_sqlite_forward`` after it (test_refdata checks the database refuses an overlap).
"""

import sys

from django.db import DatabaseError, migrations, transaction

TABLE = "refdata_ruleversion"
CONSTRAINT = "refdata_ruleversion_no_overlap"

_SQLITE_CLASH = (
    "SELECT 1 FROM refdata_ruleversion r WHERE r.key = NEW.key "
    "AND r.valid_from <= COALESCE(NEW.valid_to, '9999-12-31') "
    "AND NEW.valid_from <= COALESCE(r.valid_to, '9999-12-31')"
)


def _sqlite_forward(cursor):
    cursor.execute(
        f"CREATE TRIGGER IF NOT EXISTS {CONSTRAINT}_insert BEFORE INSERT ON {TABLE} "
        f"FOR EACH ROW WHEN EXISTS ({_SQLITE_CLASH}) "
        f"BEGIN SELECT RAISE(ABORT, '{CONSTRAINT}'); END"
    )
    cursor.execute(
        f"CREATE TRIGGER IF NOT EXISTS {CONSTRAINT}_update "
        f"BEFORE UPDATE OF key, valid_from, valid_to ON {TABLE} "
        f"FOR EACH ROW WHEN EXISTS ({_SQLITE_CLASH} AND r.id <> NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{CONSTRAINT}'); END"
    )


def forward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _sqlite_forward(cursor)
        elif connection.vendor == "postgresql":
            try:
                with transaction.atomic(using=connection.alias):
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            except DatabaseError as exc:
                sys.stderr.write(
                    "refdata: btree_gist unavailable, overlap is checked by the services only "
                    f"({exc})\n"
                )
                return
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
                "(key WITH =, daterange(valid_from, valid_to, '[]') WITH &&)"
            )


def backward(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {CONSTRAINT}_insert")
            cursor.execute(f"DROP TRIGGER IF EXISTS {CONSTRAINT}_update")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("refdata", "0001_initial")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
