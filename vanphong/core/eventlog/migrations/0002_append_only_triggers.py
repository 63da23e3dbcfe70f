"""Append-only, enforced by the database: triggers refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL) of events; a stream head may only move forward by one and is never deleted.

Written per vendor (SQLite, PostgreSQL). ``guards.guards_lifted`` lifts them for ``flush`` and for
tamper tests only.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER eventlog_event_no_update BEFORE UPDATE ON eventlog_event
    BEGIN SELECT RAISE(ABORT, 'eventlog: append-only, UPDATE of eventlog_event refused'); END""",
    """CREATE TRIGGER eventlog_event_no_delete BEFORE DELETE ON eventlog_event
    BEGIN SELECT RAISE(ABORT, 'eventlog: append-only, DELETE from eventlog_event refused'); END""",
    """CREATE TRIGGER eventlog_streamhead_forward_only BEFORE UPDATE ON eventlog_streamhead
    WHEN NEW.stream IS NOT OLD.stream OR NEW.last_seq IS NOT OLD.last_seq + 1
    BEGIN SELECT RAISE(ABORT, 'eventlog: a stream head only moves forward by one'); END""",
    """CREATE TRIGGER eventlog_streamhead_no_delete BEFORE DELETE ON eventlog_streamhead
    BEGIN SELECT RAISE(ABORT, 'eventlog: DELETE from eventlog_streamhead refused'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS eventlog_event_no_update",
    "DROP TRIGGER IF EXISTS eventlog_event_no_delete",
    "DROP TRIGGER IF EXISTS eventlog_streamhead_forward_only",
    "DROP TRIGGER IF EXISTS eventlog_streamhead_no_delete",
]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION eventlog_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'eventlog: append-only, % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END $$""",
    """CREATE OR REPLACE FUNCTION eventlog_head_forward_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.stream IS DISTINCT FROM OLD.stream
           OR NEW.last_seq IS DISTINCT FROM OLD.last_seq + 1 THEN
            RAISE EXCEPTION 'eventlog: a stream head only moves forward by one'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER eventlog_event_no_update BEFORE UPDATE ON eventlog_event
    FOR EACH ROW EXECUTE FUNCTION eventlog_refuse_change()""",
    """CREATE TRIGGER eventlog_event_no_delete BEFORE DELETE ON eventlog_event
    FOR EACH ROW EXECUTE FUNCTION eventlog_refuse_change()""",
    """CREATE TRIGGER eventlog_event_no_truncate BEFORE TRUNCATE ON eventlog_event
    FOR EACH STATEMENT EXECUTE FUNCTION eventlog_refuse_change()""",
    """CREATE TRIGGER eventlog_streamhead_forward_only BEFORE UPDATE ON eventlog_streamhead
    FOR EACH ROW EXECUTE FUNCTION eventlog_head_forward_only()""",
    """CREATE TRIGGER eventlog_streamhead_no_delete BEFORE DELETE ON eventlog_streamhead
    FOR EACH ROW EXECUTE FUNCTION eventlog_refuse_change()""",
    """CREATE TRIGGER eventlog_streamhead_no_truncate BEFORE TRUNCATE ON eventlog_streamhead
    FOR EACH STATEMENT EXECUTE FUNCTION eventlog_refuse_change()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS eventlog_event_no_update ON eventlog_event",
    "DROP TRIGGER IF EXISTS eventlog_event_no_delete ON eventlog_event",
    "DROP TRIGGER IF EXISTS eventlog_event_no_truncate ON eventlog_event",
    "DROP TRIGGER IF EXISTS eventlog_streamhead_forward_only ON eventlog_streamhead",
    "DROP TRIGGER IF EXISTS eventlog_streamhead_no_delete ON eventlog_streamhead",
    "DROP TRIGGER IF EXISTS eventlog_streamhead_no_truncate ON eventlog_streamhead",
    "DROP FUNCTION IF EXISTS eventlog_head_forward_only()",
    "DROP FUNCTION IF EXISTS eventlog_refuse_change()",
]

BY_VENDOR = {"sqlite": (SQLITE, SQLITE_REVERSE), "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE)}


def _run(index):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in BY_VENDOR:
            raise RuntimeError(f"eventlog: no append-only triggers for database vendor {vendor!r}")
        for statement in BY_VENDOR[vendor][index]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("eventlog", "0001_initial")]

    operations = [migrations.RunPython(_run(0), _run(1), elidable=False)]
