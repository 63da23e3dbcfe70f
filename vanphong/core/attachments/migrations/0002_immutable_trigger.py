"""An attachment's file identity cannot change, enforced by the database: a trigger refuses any
UPDATE of the columns that describe the stored bytes (only the case link may change), also for
``QuerySet.update`` and raw SQL, which bypass ``Attachment.save()``.

SQLite drops a table's triggers when Django rebuilds the table in a later migration: the app's
``post_migrate`` hook re-creates this one (``CREATE TRIGGER IF NOT EXISTS``).
"""

from django.db import migrations

from vanphong.core.attachments.dbguards import create_sql, drop_sql


def forwards(apps, schema_editor):
    for statement in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    for statement in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("attachments", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
